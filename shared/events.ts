import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './ids';
import { centsSchema, isoTimestampSchema, requiredText, safeText } from './schema-helpers';

export const EVENT_SCHEMA_VERSION = 1;

export const paymentMethods = ['cash', 'check', 'card'] as const;
export const paymentMethodSchema = z.enum(paymentMethods);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const cardBrands = ['visa', 'mastercard', 'amex', 'discover', 'other'] as const;

/** What was paid and how. Card payments carry only what the external terminal prints. */
export const paymentSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('cash'),
    tenderedCents: centsSchema,
    changeCents: centsSchema,
  }),
  z.object({
    method: z.literal('check'),
    checkNumber: z.string().regex(/^\d{1,12}$/, { error: 'check number must be 1–12 digits' }),
  }),
  z.object({
    method: z.literal('card'),
    approvalCode: z.string().regex(/^[A-Za-z0-9]{4,12}$/, { error: 'approval code must be 4–12 letters or digits' }),
    brand: z.enum(cardBrands),
    last4: z.string().regex(/^\d{4}$/, { error: 'last four must be exactly 4 digits' }),
  }),
  z.object({ method: z.literal('none') }),
]);
export type Payment = z.infer<typeof paymentSchema>;

export const transactionRecordedSchema = z
  .object({
    transactionId: z.uuid({ error: 'transactionId must be a UUID' }),
    serviceCode: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'serviceCode must be a catalogue code' }),
    serviceName: requiredText(200),
    /** The bill, ticket or record the payment is for, as printed on it. */
    reference: safeText(64),
    quantity: z.number().int().min(1).max(1000),
    amountCents: centsSchema,
    payment: paymentSchema,
    catalogueVersion: z.number().int().min(0),
    /** The unit fee as it was when recorded, so a later repricing cannot change this transaction. */
    unitFeeCents: centsSchema.nullable(),
    receiptNumber: z.string().regex(/^[A-Z0-9-]{1,32}$/, { error: 'receipt number is malformed' }),
    stopId: z.uuid().nullable(),
    staffId: z.string().max(64).nullable(),
  })
  .superRefine((tx, ctx) => {
    const { payment } = tx;
    if (payment.method === 'none' && tx.amountCents !== 0) {
      ctx.addIssue({ code: 'custom', path: ['payment'], message: 'a payment is needed when the amount is not zero' });
    }
    if (payment.method === 'cash' && payment.tenderedCents - payment.changeCents !== tx.amountCents) {
      ctx.addIssue({ code: 'custom', path: ['payment'], message: 'cash tendered minus change must equal the amount' });
    }
  });
export type TransactionRecorded = z.infer<typeof transactionRecordedSchema>;

/** Every event type the device may record, with its payload schema. */
export const eventPayloadSchemas = {
  TransactionRecorded: transactionRecordedSchema,
} as const;

export type EventType = keyof typeof eventPayloadSchemas;
export const eventTypes = Object.keys(eventPayloadSchemas) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

export const eventEnvelopeSchema = z.object({
  id: z.uuid({ version: 'v7', error: 'id must be a UUIDv7' }),
  deviceId: z.string().regex(DEVICE_ID_PATTERN, { error: 'deviceId is malformed' }),
  seq: z.number().int().min(1, { error: 'seq must be a positive integer' }),
  type: z.string().max(64),
  occurredAt: isoTimestampSchema,
  schemaVersion: z.number().int().min(1),
  payload: z.unknown(),
});

export interface DeviceEvent<T extends EventType = EventType> {
  id: string;
  deviceId: string;
  seq: number;
  type: T;
  occurredAt: string;
  schemaVersion: number;
  payload: EventPayload<T>;
}

export type AnyDeviceEvent = { [T in EventType]: DeviceEvent<T> }[EventType];

export type EventParseResult =
  | { ok: true; event: AnyDeviceEvent }
  | { ok: false; code: 'invalid_envelope' | 'unknown_event_type' | 'unsupported_schema_version' | 'invalid_payload'; message: string };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'value'}: ${issue.message}`)
    .join('; ');
}

function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventPayloadSchemas, type);
}

/** Parses one event from untrusted input (HTTP, IPC, storage), with a code a program can branch on. */
export function parseEvent(raw: unknown): EventParseResult {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, code: 'invalid_envelope', message: describe(envelope.error) };
  const { type } = envelope.data;
  if (!isEventType(type)) return { ok: false, code: 'unknown_event_type', message: `unknown event type "${type}"` };
  if (envelope.data.schemaVersion > EVENT_SCHEMA_VERSION) {
    return {
      ok: false,
      code: 'unsupported_schema_version',
      message: `schemaVersion ${envelope.data.schemaVersion} is newer than ${EVENT_SCHEMA_VERSION}`,
    };
  }
  const payload = eventPayloadSchemas[type].safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, code: 'invalid_payload', message: describe(payload.error) };
  return { ok: true, event: { ...envelope.data, type, payload: payload.data } as AnyDeviceEvent };
}
