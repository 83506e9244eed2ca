import type { AnyDeviceEvent } from '../../shared';
import { businessDate } from '../../shared';
import type { PushContext, RefusedEvent, StoredCityAnswer, StoredDayClose, StoredRefund, StoredServiceRequest, StoredStop, StoredTransaction } from './store';
import type { KpiOp } from './kpi';

/** What an accepted event changes in the central read models; computed once here, applied by each store in SQL. */
export type ProjectionOp =
  /** The event, device, receipt time and status come from the envelope; the van name from the name history when read. */
  | { op: 'insertTransaction'; row: Omit<StoredTransaction, 'eventId' | 'deviceId' | 'vanName' | 'occurredAt' | 'receivedAt' | 'status' | 'voidReason'> }
  | { op: 'voidTransaction'; transactionId: string; reason: string }
  | { op: 'insertStop'; row: Pick<StoredStop, 'id' | 'neighbourhood' | 'place' | 'openingFloatCents' | 'businessDate'> }
  | { op: 'closeStop'; stopId: string }
  | { op: 'insertServiceRequest'; row: StoredServiceRequest }
  | { op: 'insertDayClose'; row: StoredDayClose }
  | { op: 'insertCityAnswer'; row: StoredCityAnswer }
  | { op: 'insertRefund'; row: RefundRow }
  /** The KPIs' read models (tickets, survey answers, the city day of 311 requests and answers): SQL in kpi.ts. */
  | { op: 'kpi'; kpi: KpiOp };

/** A refund as the projection writes it; the receipt number and van come from joins when read. */
export type RefundRow = Omit<StoredRefund, 'vanName' | 'receiptNumber' | 'deviceId'>;

export function projectionFor(event: AnyDeviceEvent, context: PushContext): ProjectionOp[] {
  const day = () => businessDate(event.occurredAt, context.timeZone);
  switch (event.type) {
    case 'TransactionRecorded': {
      const p = event.payload;
      return [
        {
          op: 'insertTransaction',
          row: {
            id: p.transactionId,
            stopId: p.stopId,
            serviceCode: p.serviceCode,
            serviceName: p.serviceName,
            reference: p.reference,
            quantity: p.quantity,
            amountCents: p.amountCents,
            paymentMethod: p.payment.method,
            receiptNumber: p.receiptNumber,
            staffId: p.staffId ?? event.actorId,
            businessDate: day(),
          },
        },
      ];
    }
    case 'RefundIssued': {
      const p = event.payload;
      return [
        {
          op: 'insertRefund',
          row: {
            id: p.refundId,
            transactionId: p.transactionId,
            stopId: p.stopId,
            amountCents: p.amountCents,
            method: p.method,
            reason: p.reason,
            staffId: p.staffId,
            approvedBy: p.approvedBy,
            occurredAt: event.occurredAt,
            // Counted on the day it is given, not the day of the sale.
            businessDate: day(),
          },
        },
      ];
    }
    case 'TransactionVoided':
      return [{ op: 'voidTransaction', transactionId: event.payload.transactionId, reason: event.payload.reason }];
    case 'StopOpened': {
      const p = event.payload;
      return [
        {
          op: 'insertStop',
          row: { id: p.stopId, neighbourhood: p.neighbourhood, place: p.place, openingFloatCents: p.openingFloatCents, businessDate: day() },
        },
      ];
    }
    case 'StopClosed':
      return [{ op: 'closeStop', stopId: event.payload.stopId }];
    case 'ServiceRequestFiled': {
      const p = event.payload;
      return [
        {
          op: 'insertServiceRequest',
          row: {
            id: p.requestId,
            deviceId: event.deviceId,
            source: 'kiosk',
            localReference: p.localReference,
            serviceCode: p.service_code,
            serviceName: context.serviceNames.get(p.service_code) ?? p.service_code,
            description: p.description,
            addressString: p.address_string,
            lat: p.lat,
            long: p.long,
            firstName: p.first_name,
            lastName: p.last_name,
            phone: p.phone,
            email: p.email,
            status: 'open',
            statusNotes: null,
            requestedAt: event.occurredAt,
            updatedAt: event.occurredAt,
          },
        },
        { op: 'kpi', kpi: { op: 'datedServiceRequest', id: p.requestId, stopId: p.stopId, businessDate: day() } },
      ];
    }
    case 'DayClosed': {
      const p = event.payload;
      return [
        {
          op: 'insertDayClose',
          row: {
            stopId: p.stopId,
            deviceId: event.deviceId,
            businessDate: p.businessDate,
            countedCashCents: p.countedCashCents,
            expectedCashCents: p.expectedCashCents,
            differenceCents: p.differenceCents,
            reason: p.reason,
            checkTotalCents: p.checkTotalCents,
            cardTotalCents: p.cardTotalCents,
            closedBy: p.closedBy,
            secondSignOffBy: p.secondSignOffBy,
            closedAt: event.occurredAt,
          },
        },
      ];
    }
    case 'CityQuestionAnswered': {
      const p = event.payload;
      return [
        {
          op: 'insertCityAnswer',
          row: {
            id: p.answerId,
            deviceId: event.deviceId,
            questionId: p.questionId,
            stopId: p.stopId,
            neighbourhood: p.neighbourhood,
            place: p.place,
            language: p.language,
            topic: p.topic,
            text: p.text,
            contact: p.contact,
            answeredAt: event.occurredAt,
          },
        },
        { op: 'kpi', kpi: { op: 'datedCityAnswer', id: p.answerId, businessDate: day() } },
      ];
    }
    case 'TicketIssued': {
      const p = event.payload;
      return [
        {
          op: 'kpi',
          kpi: {
            op: 'insertTicket',
            row: { id: p.ticketId, stopId: p.stopId, number: p.number, categoryCode: p.categoryCode, source: p.source, language: p.language, issuedAt: event.occurredAt, businessDate: day() },
          },
        },
      ];
    }
    case 'TicketCalled':
      return [{ op: 'kpi', kpi: { op: 'ticketCalled', ticketId: event.payload.ticketId, at: event.occurredAt } }];
    case 'TicketServed':
      return [{ op: 'kpi', kpi: { op: 'ticketServed', ticketId: event.payload.ticketId, at: event.occurredAt } }];
    case 'TicketNoShow':
      return [{ op: 'kpi', kpi: { op: 'ticketOutcome', ticketId: event.payload.ticketId, outcome: 'no_show' } }];
    case 'TicketNoShowUndone':
      return [{ op: 'kpi', kpi: { op: 'ticketOutcome', ticketId: event.payload.ticketId, outcome: null } }];
    case 'TicketCancelled':
      return [{ op: 'kpi', kpi: { op: 'ticketOutcome', ticketId: event.payload.ticketId, outcome: 'cancelled' } }];
    case 'TicketTransferred':
      return [{ op: 'kpi', kpi: { op: 'ticketTransferred', ticketId: event.payload.ticketId, categoryCode: event.payload.toCategoryCode } }];
    case 'SurveyAnswered': {
      const p = event.payload;
      return [
        {
          op: 'kpi',
          kpi: {
            op: 'insertSurvey',
            row: { id: p.surveyId, stopId: p.stopId, ticketId: p.ticketId, rating: p.rating, comment: p.comment, answeredAt: event.occurredAt, businessDate: day() },
          },
        },
      ];
    }
    default:
      return [];
  }
}

export type RefKind = 'stop' | 'transaction' | 'order' | 'ticket';

export interface OwnedRef {
  kind: RefKind;
  id: string;
  /** The event creates the thing (StopOpened a stop…), so the pushing device becomes its owner. */
  creates: boolean;
  path: string;
}

/** Payload fields that name a stop, transaction, order or ticket: `stopId`, or ending in it (`originalTransactionId`). */
const REF_FIELDS: readonly [RegExp, RefKind][] = [
  [/^(?:stopId|.+StopId)$/, 'stop'],
  [/^(?:transactionId|.+TransactionId)$/, 'transaction'],
  [/^(?:orderId|.+OrderId)$/, 'order'],
  [/^(?:ticketId|.+TicketId)$/, 'ticket'],
];

const CREATES: Partial<Record<AnyDeviceEvent['type'], string>> = {
  StopOpened: 'stopId',
  TransactionRecorded: 'transactionId',
  CertificateOrdered: 'orderId',
  TicketIssued: 'ticketId',
};

/**
 * The stops, transactions, orders and tickets an event refers to. Each belongs to the device whose event created it;
 * an event of another device that refers to it is refused (`foreign_reference`), so no van can close, void or
 * overwrite another van's records.
 */
export function ownedRefs(event: AnyDeviceEvent): OwnedRef[] {
  const refs: OwnedRef[] = [];
  const creates = CREATES[event.type];
  const payload = event.payload as Record<string, unknown>;
  // for…in, not Object.entries: no pair arrays per field (a parsed payload is a plain object with no inherited keys).
  for (const field in payload) {
    const value = payload[field];
    if (typeof value !== 'string' || value === '') continue;
    const kind = refKindOf(field);
    if (kind) refs.push({ kind, id: value, creates: field === creates, path: `payload.${field}` });
  }
  return refs;
}

/**
 * A payload field's kind of reference, if any, remembered per field name: the four patterns ran for every field of
 * every pushed event. The payload schemas name their fields, so the names are few; the bound only keeps a schema that
 * let any name through from growing this without end.
 */
const refKinds = new Map<string, RefKind | null>();
function refKindOf(field: string): RefKind | null {
  const known = refKinds.get(field);
  if (known !== undefined) return known;
  const kind = REF_FIELDS.find(([pattern]) => pattern.test(field))?.[1] ?? null;
  if (refKinds.size < 1000) refKinds.set(field, kind);
  return kind;
}

const FOREIGN_REFERENCE = 'this event refers to a stop, transaction, order or ticket of another device';

/** The refusal of an event naming `foreign`, another device's refs: what rejected_events keeps (paths, never values). */
export function foreignReference(event: AnyDeviceEvent, deviceId: string, foreign: readonly OwnedRef[]): RefusedEvent {
  const paths = foreign.map((ref) => ref.path);
  const envelope = { id: event.id, deviceId, seq: event.seq, type: event.type };
  return { ok: false, id: event.id, seq: event.seq, code: 'foreign_reference', message: `${paths.join(', ')}: ${FOREIGN_REFERENCE}`, raw: { envelope, paths } };
}
