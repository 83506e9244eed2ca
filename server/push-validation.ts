import { deviceStatusReportSchema, eventEnvelopeSchema, MAX_EVENTS_PER_BATCH, parseEvent, pushEventKeySchema, pushRequestSchema, type DeviceStatusReport } from '../shared';
import type { CheckedEvent } from './store/store';

export type ValidatedBatch =
  | { ok: true; checked: CheckedEvent[]; deviceStatus?: DeviceStatusReport }
  | { ok: false; status: number; code: string; message: string };

const ENVELOPE_FIELDS = ['id', 'deviceId', 'seq', 'type', 'occurredAt', 'schemaVersion', 'actorId', 'catalogueVersion'] as const;

/**
 * What is kept of a refused event (rejected_events.raw): the envelope fields that are themselves valid, and the paths of
 * the refused fields; never the payload or a refused value, which may be the very card number it was refused for.
 */
export function rejectedRecord(raw: unknown, paths: readonly string[]): { envelope: Record<string, unknown>; paths: string[] } {
  const envelope: Record<string, unknown> = {};
  if (raw !== null && typeof raw === 'object') {
    for (const field of ENVELOPE_FIELDS) {
      if (paths.includes(field)) continue;
      const parsed = eventEnvelopeSchema.shape[field].safeParse((raw as Record<string, unknown>)[field]);
      if (parsed.success && (field !== 'type' || /^[A-Za-z]{1,64}$/.test(String(parsed.data)))) envelope[field] = parsed.data;
    }
  }
  return { envelope, paths: [...paths] };
}

/**
 * Checks a pushed batch: the whole request (shape, size, seq order, whose events) and then each event on its own, so
 * one bad event is answered `rejected` without blocking the others. Pure, so it runs in a worker or inline alike.
 */
export function validatePushBody(body: unknown, deviceId: string): ValidatedBatch {
  // The van's status report, if any, first: a bad one gets its own code rather than the batch's generic one.
  if (body !== null && typeof body === 'object' && 'status' in body) {
    const report = deviceStatusReportSchema.safeParse((body as { status: unknown }).status);
    if (!report.success) {
      const issue = report.error.issues[0];
      return { ok: false, status: 400, code: 'invalid_device_status', message: `the device status is invalid: ${issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'not an object'}` };
    }
  }
  const request = pushRequestSchema.safeParse(body);
  if (!request.success) {
    return { ok: false, status: 400, code: 'invalid_body', message: 'the request body is invalid: it must be {"events": [...]} with at least one event' };
  }
  const raws = request.data.events;
  if (raws.length > MAX_EVENTS_PER_BATCH) {
    return { ok: false, status: 413, code: 'batch_too_large', message: `a batch may hold at most ${MAX_EVENTS_PER_BATCH} events` };
  }
  let previousSeq = 0;
  const ids = new Set<string>();
  const checked: CheckedEvent[] = [];
  for (const [index, raw] of raws.entries()) {
    const key = pushEventKeySchema.safeParse(raw);
    if (!key.success) return { ok: false, status: 400, code: 'invalid_batch', message: `event ${index} has no usable id and seq` };
    const { id, seq } = key.data;
    if (seq <= previousSeq || ids.has(id)) {
      return { ok: false, status: 400, code: 'batch_not_in_seq_order', message: 'events in a batch must be in increasing seq order, each once' };
    }
    previousSeq = seq;
    ids.add(id);
    const claimedDevice = (raw as { deviceId?: unknown }).deviceId;
    if (typeof claimedDevice === 'string' && claimedDevice !== deviceId) {
      return { ok: false, status: 403, code: 'foreign_device', message: 'a device may push only its own events' };
    }
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      checked.push({ ok: false, id, seq, code: parsed.code, message: parsed.message, raw: rejectedRecord(raw, parsed.paths) });
      continue;
    }
    // Stored in UTC whatever offset the device clock wrote.
    checked.push({ ok: true, event: { ...parsed.event, occurredAt: new Date(parsed.event.occurredAt).toISOString() } });
  }
  return { ok: true, checked, ...(request.data.status ? { deviceStatus: request.data.status } : {}) };
}

/** JSON text to a validated batch; what the validation worker runs. */
export function validatePushText(text: string, deviceId: string): ValidatedBatch {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, code: 'malformed_json', message: 'the request body is not valid JSON' };
  }
  return validatePushBody(body, deviceId);
}
