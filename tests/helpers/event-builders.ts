import { EVENT_SCHEMA_VERSION, denominations, newId, parseEvent, type EventPayloadInput, type EventType } from '../../shared';
import type { CheckedEvent } from '../../server/store/store';
import { rejectedRecord } from '../../server/push-validation';
import { transactionEvent } from './events';

/** Raw events (as a device would send them) of the types the central read models project, and their checked form. */

export interface RawEvent<T extends EventType = EventType> {
  id: string;
  deviceId: string;
  seq: number;
  type: T;
  occurredAt: string;
  schemaVersion: number;
  actorId: string | null;
  catalogueVersion: number;
  payload: EventPayloadInput<T>;
}

export function deviceEvent<T extends EventType>(
  deviceId: string,
  seq: number,
  type: T,
  payload: EventPayloadInput<T>,
  envelope: Partial<Omit<RawEvent<T>, 'type' | 'payload'>> = {},
): RawEvent<T> {
  return {
    id: newId(),
    deviceId,
    seq,
    type,
    occurredAt: new Date(Date.UTC(2026, 10, 27, 15, 0, seq % 60)).toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSION,
    actorId: 'clerk-1',
    catalogueVersion: 1,
    ...envelope,
    payload,
  } as RawEvent<T>;
}

export function stopOpenedEvent(deviceId: string, seq: number, payload: Partial<EventPayloadInput<'StopOpened'>> = {}, occurredAt?: string) {
  return deviceEvent(
    deviceId,
    seq,
    'StopOpened',
    {
      stopId: newId(),
      neighbourhood: 'Dorchester',
      place: 'Fields Corner',
      plannedStart: '2026-11-27T14:00:00.000Z',
      plannedEnd: '2026-11-27T21:00:00.000Z',
      openingFloatCents: 20_000,
      floatConfirmedBy: 'supervisor-1',
      ...payload,
    },
    occurredAt ? { occurredAt } : {},
  );
}

export function stopClosedEvent(deviceId: string, seq: number, stopId: string, occurredAt?: string) {
  return deviceEvent(deviceId, seq, 'StopClosed', { stopId }, occurredAt ? { occurredAt } : {});
}

export function transactionVoidedEvent(deviceId: string, seq: number, transactionId: string, reason = 'keyed the wrong amount') {
  return deviceEvent(deviceId, seq, 'TransactionVoided', { transactionId, reason, staffId: 'supervisor-1' });
}

export function serviceRequestFiledEvent(deviceId: string, seq: number, payload: Partial<EventPayloadInput<'ServiceRequestFiled'>> = {}, occurredAt?: string) {
  return deviceEvent(
    deviceId,
    seq,
    'ServiceRequestFiled',
    {
      requestId: newId(),
      localReference: `SR-${String(seq).padStart(4, '0')}`,
      stopId: null,
      service_code: 'pothole',
      description: 'A deep pothole in front of the library',
      address_string: '1 Main St',
      lat: 42.3601,
      long: -71.0589,
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+1 617 555 0100',
      email: 'ada@example.org',
      ...payload,
    },
    occurredAt ? { occurredAt } : {},
  );
}

export function dayClosedEvent(deviceId: string, seq: number, stopId: string, payload: Partial<EventPayloadInput<'DayClosed'>> = {}) {
  const cashCount = Object.fromEntries(denominations.map((d) => [d, 0])) as Record<(typeof denominations)[number], number>;
  cashCount['10000'] = 2;
  cashCount['5000'] = 1;
  return deviceEvent(deviceId, seq, 'DayClosed', {
    stopId,
    businessDate: '2026-11-27',
    cashCount,
    countedCashCents: 25_000,
    expectedCashCents: 25_500,
    differenceCents: -500,
    reason: 'a five was given as change twice',
    checkTotalCents: 1_200,
    cardTotalCents: 4_500,
    closedBy: 'clerk-1',
    secondSignOffBy: 'supervisor-1',
    ...payload,
  });
}

export { transactionEvent };

/** Checks a raw event as the push route does; a valid one becomes `{ ok: true }`, an invalid one carries its code. */
export function check(raw: unknown): CheckedEvent {
  const key = raw as { id?: unknown; seq?: unknown };
  const parsed = parseEvent(raw);
  if (parsed.ok) return { ok: true, event: parsed.event };
  return { ok: false, id: String(key.id), seq: Number(key.seq), code: parsed.code, message: parsed.message, raw: rejectedRecord(raw, parsed.paths) };
}

/** Like check(), but the event must be valid. */
export function valid(raw: unknown): CheckedEvent {
  const checked = check(raw);
  if (!checked.ok) throw new Error(`test event is invalid: ${checked.code}: ${checked.message}`);
  return checked;
}

/** A resident's answer to a "Tell the city" question, anonymous unless `payload.contact` says otherwise. */
export function cityQuestionAnsweredEvent(deviceId: string, seq: number, payload: Partial<EventPayloadInput<'CityQuestionAnswered'>> = {}, occurredAt?: string) {
  return deviceEvent(
    deviceId,
    seq,
    'CityQuestionAnswered',
    {
      answerId: newId(),
      questionId: 'fields-corner-fix-first',
      stopId: null,
      neighbourhood: 'Dorchester',
      place: 'Fields Corner',
      language: 'vi',
      topic: 'streets',
      text: 'Sửa vỉa hè trên đường Dorchester Ave',
      contact: null,
      ...payload,
    },
    occurredAt ? { occurredAt } : {},
  );
}

export function refundIssuedEvent(deviceId: string, seq: number, transactionId: string, payload: Partial<EventPayloadInput<'RefundIssued'>> = {}, occurredAt?: string) {
  return deviceEvent(
    deviceId,
    seq,
    'RefundIssued',
    {
      refundId: newId(),
      transactionId,
      stopId: newId(),
      amountCents: 1400,
      method: 'cash',
      reason: 'Record could not be found',
      staffId: 'clerk-1',
      approvedBy: 'supervisor-1',
      ...payload,
    },
    occurredAt ? { occurredAt } : {},
  );
}
