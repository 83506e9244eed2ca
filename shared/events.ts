import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './ids';
import { cityQuestionAnsweredSchema } from './city-questions';
import { centsSchema, isoTimestampSchema, requiredText, safeText } from './schema-helpers';

export const EVENT_SCHEMA_VERSION = 1;

/** A BCP 47 language tag as the kiosk's languages use them ("es", "pt-BR", "zh-Hant"). */
const languageTagSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag' });

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
    staffId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'staff id is malformed' }).nullable(),
    /** Answers to the service's form, by field key. */
    fields: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/), z.union([safeText(500), z.number().finite(), z.boolean()])).default({}),
    /** Whom the transaction was for, as they gave it; searchable in today's history. */
    residentName: safeText(200).default(''),
    /** A pending certificate order this payment settles. */
    orderId: z.uuid().nullable().default(null),
    /** The resident's language when the transaction started from their ticket or order: the receipt prints in it. */
    language: languageTagSchema.nullable().default(null),
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

const uuid = () => z.uuid({ error: 'must be a UUID' });
const staffIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'staff id is malformed' });
const serviceCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be a catalogue code' });
export const staffRoles = ['clerk', 'supervisor'] as const;

export const staffSignedInSchema = z.object({ staffId: staffIdSchema, role: z.enum(staffRoles) });
export const staffSignedOutSchema = z.object({ staffId: staffIdSchema, reason: z.enum(['manual', 'idle', 'replaced']) });

export const stopOpenedSchema = z.object({
  stopId: uuid(),
  neighbourhood: requiredText(100),
  place: requiredText(200),
  plannedStart: isoTimestampSchema,
  plannedEnd: isoTimestampSchema,
  openingFloatCents: centsSchema,
  /** The second person who counted the float with the clerk who opened the stop. */
  floatConfirmedBy: staffIdSchema,
});
export const stopClosedSchema = z.object({ stopId: uuid() });

export const ticketIssuedSchema = z.object({
  ticketId: uuid(),
  stopId: uuid(),
  number: z.string().regex(/^[A-Z]\d{3}$/, { error: 'ticket number must look like A014' }),
  categoryCode: serviceCodeSchema,
  source: z.enum(['resident', 'staff']),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).nullable(),
});
export const ticketCalledSchema = z.object({ ticketId: uuid(), staffId: staffIdSchema });
export const ticketServedSchema = z.object({ ticketId: uuid(), staffId: staffIdSchema });
export const ticketNoShowSchema = z.object({ ticketId: uuid(), staffId: staffIdSchema });
/** A no-show taken back within a minute of being recorded: the ticket returns to where it was. */
export const ticketNoShowUndoneSchema = z.object({ ticketId: uuid(), staffId: staffIdSchema });
export const ticketTransferredSchema = z.object({
  ticketId: uuid(),
  toCategoryCode: serviceCodeSchema,
  newNumber: z.string().regex(/^[A-Z]\d{3}$/),
});

/** A ticket ended without service: the resident left, or the counter closed with them still waiting. */
export const ticketCancelledSchema = z.object({ ticketId: uuid(), staffId: staffIdSchema, reason: requiredText(300) });

/** A resident's certificate order that will not be paid: ended with a reason, never deleted. */
export const certificateOrderCancelledSchema = z.object({ orderId: uuid(), staffId: staffIdSchema, reason: requiredText(300) });
/** An unpaid order kept open on purpose at a day close: it is waiting at the van's next stop. */
export const certificateOrderCarriedOverSchema = z.object({ orderId: uuid(), fromStopId: uuid(), staffId: staffIdSchema });

export const transactionVoidedSchema = z.object({
  transactionId: uuid(),
  reason: requiredText(300),
  staffId: staffIdSchema,
  /** The supervisor whose PIN approved the void, when one was needed (a large amount, another clerk's transaction). */
  approvedBy: staffIdSchema.nullable().default(null),
});

/** Money given back after the day of the sale was closed: a new event linked to the original, counted on the day given. */
export const refundMethods = ['cash', 'check', 'card'] as const;
export const refundIssuedSchema = z.object({
  refundId: uuid(),
  transactionId: uuid(),
  /** The stop at which the money was given back: the refund counts in that stop's day. */
  stopId: uuid(),
  amountCents: centsSchema.refine((c) => c > 0, { error: 'a refund must be more than zero' }),
  method: z.enum(refundMethods),
  reason: requiredText(300),
  staffId: staffIdSchema,
  approvedBy: staffIdSchema,
});

/** A 311 request in the Open311 GeoReport v2 field shape. */
export const serviceRequestFiledSchema = z.object({
  requestId: uuid(),
  localReference: z.string().regex(/^[A-Z0-9-]{1,32}$/),
  stopId: uuid().nullable(),
  service_code: serviceCodeSchema,
  description: requiredText(4000),
  address_string: safeText(300),
  lat: z.number().min(-90).max(90).nullable(),
  long: z.number().min(-180).max(180).nullable(),
  first_name: safeText(100).nullable(),
  last_name: safeText(100).nullable(),
  phone: z.string().regex(/^\+?[0-9 ().-]{7,20}$/, { error: 'phone number is malformed' }).nullable(),
  email: z.email({ error: 'email address is malformed' }).max(200).nullable(),
});

export const certificateTypes = ['birth', 'marriage', 'death'] as const;
export const certificateOrderedSchema = z.object({
  orderId: uuid(),
  localReference: z.string().regex(/^[A-Z0-9-]{1,32}$/),
  stopId: uuid().nullable(),
  certificateType: z.enum(certificateTypes),
  copies: z.number().int().min(1).max(20),
  nameOnRecord: requiredText(200),
  eventDate: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }),
  eventPlace: safeText(200),
  requesterName: requiredText(200),
  unitFeeCents: centsSchema,
  amountCents: centsSchema,
  /** The language the resident used at the touchscreen: the receipt for this order prints in it. */
  language: languageTagSchema.nullable().default(null),
});

export const surveyAnsweredSchema = z.object({
  surveyId: uuid(),
  stopId: uuid().nullable(),
  ticketId: uuid().nullable(),
  rating: z.number().int().min(1).max(5),
  comment: safeText(1000),
});

export const helpRequestedSchema = z.object({ requestId: uuid(), stopId: uuid().nullable(), language: z.string().max(20).nullable() });
export const helpAnsweredSchema = z.object({ requestId: uuid(), staffId: staffIdSchema });
/** The resident withdrew the call from the touchscreen before or after a clerk acknowledged it. */
export const helpCancelledSchema = z.object({ requestId: uuid() });

export const denominations = ['10000', '5000', '2000', '1000', '500', '200', '100', '50', '25', '10', '5', '1'] as const;

export const dayClosedSchema = z.object({
  stopId: uuid(),
  businessDate: z.iso.date(),
  /** Count of each note and coin, keyed by its value in cents. */
  cashCount: z.partialRecord(z.enum(denominations), z.number().int().min(0).max(100_000)),
  countedCashCents: centsSchema,
  expectedCashCents: centsSchema,
  differenceCents: z.number().int(),
  reason: safeText(500),
  checkTotalCents: centsSchema,
  cardTotalCents: centsSchema,
  closedBy: staffIdSchema,
  secondSignOffBy: staffIdSchema.nullable(),
});

export const rejectionResolvedSchema = z.object({
  eventId: z.uuid(),
  seq: z.number().int().min(1),
  note: requiredText(500),
  staffId: staffIdSchema,
});

/**
 * The kiosk's retention purge removed the personal fields of synced, backed-up records of closed days older than the
 * retention period (renderer/src/db/retention.ts). An audit entry only: counts and ranges, never personal data.
 */
export const personalDataPurgedSchema = z
  .object({
    retentionDays: z.number().int().min(1).max(365),
    /** Days (stops) whose business date is on or before this one were purged. */
    cutoffDate: z.iso.date(),
    stops: z.number().int().min(1).max(100_000),
    /** Events and read-model rows whose personal fields were removed. */
    events: z.number().int().min(0),
    records: z.number().int().min(0),
    fromSeq: z.number().int().min(1),
    toSeq: z.number().int().min(1),
  })
  .refine((p) => p.fromSeq <= p.toSeq, { error: 'fromSeq must not be above toSeq', path: ['fromSeq'] });

/** Every event type the device may record, with its payload schema. */
export const eventPayloadSchemas = {
  StaffSignedIn: staffSignedInSchema,
  StaffSignedOut: staffSignedOutSchema,
  StopOpened: stopOpenedSchema,
  StopClosed: stopClosedSchema,
  TicketIssued: ticketIssuedSchema,
  TicketCalled: ticketCalledSchema,
  TicketServed: ticketServedSchema,
  TicketNoShow: ticketNoShowSchema,
  TicketNoShowUndone: ticketNoShowUndoneSchema,
  TicketTransferred: ticketTransferredSchema,
  TicketCancelled: ticketCancelledSchema,
  TransactionRecorded: transactionRecordedSchema,
  TransactionVoided: transactionVoidedSchema,
  RefundIssued: refundIssuedSchema,
  ServiceRequestFiled: serviceRequestFiledSchema,
  CertificateOrdered: certificateOrderedSchema,
  CertificateOrderCancelled: certificateOrderCancelledSchema,
  CertificateOrderCarriedOver: certificateOrderCarriedOverSchema,
  SurveyAnswered: surveyAnsweredSchema,
  CityQuestionAnswered: cityQuestionAnsweredSchema,
  HelpRequested: helpRequestedSchema,
  HelpAnswered: helpAnsweredSchema,
  HelpCancelled: helpCancelledSchema,
  DayClosed: dayClosedSchema,
  RejectionResolved: rejectionResolvedSchema,
  PersonalDataPurged: personalDataPurgedSchema,
} as const;

export type EventType = keyof typeof eventPayloadSchemas;
export const eventTypes = Object.keys(eventPayloadSchemas) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;
/** What a caller may pass in: fields with defaults may be left out. */
export type EventPayloadInput<T extends EventType> = z.input<(typeof eventPayloadSchemas)[T]>;

/** A closed day as the read models keep it, on the kiosk and centrally: the DayClosed payload without the note count. */
export type DayCloseRecord = Omit<EventPayload<'DayClosed'>, 'cashCount'> & { closedAt: string };

export const eventEnvelopeSchema = z.object({
  id: z.uuid({ version: 'v7', error: 'id must be a UUIDv7' }),
  deviceId: z.string().regex(DEVICE_ID_PATTERN, { error: 'deviceId is malformed' }),
  seq: z.number().int().min(1, { error: 'seq must be a positive integer' }),
  type: z.string().max(64),
  occurredAt: isoTimestampSchema,
  schemaVersion: z.number().int().min(1),
  /**
   * The signed-in staff member, when there is one (resident actions have none). The first kiosk version wrote no
   * actorId and no catalogueVersion; its events, still unsent on a van after an upgrade, read as none and 0.
   */
  actorId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).nullable().default(null),
  /** The catalogue version the device held when it recorded the event. */
  catalogueVersion: z.number().int().min(0).default(0),
  payload: z.unknown(),
});

export interface DeviceEvent<T extends EventType = EventType> {
  id: string;
  deviceId: string;
  seq: number;
  type: T;
  occurredAt: string;
  schemaVersion: number;
  actorId: string | null;
  catalogueVersion: number;
  payload: EventPayload<T>;
}

export type AnyDeviceEvent = { [T in EventType]: DeviceEvent<T> }[EventType];

export type EventParseResult =
  | { ok: true; event: AnyDeviceEvent }
  | {
      ok: false;
      code: 'invalid_envelope' | 'unknown_event_type' | 'unsupported_schema_version' | 'invalid_payload';
      message: string;
      /** Where the refused values are (`payload.reference`), never the values themselves. */
      paths: string[];
    };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'value'}: ${issue.message}`)
    .join('; ');
}

function pathsOf(error: z.ZodError, prefix: string[]): string[] {
  return [...new Set(error.issues.slice(0, 20).map((issue) => [...prefix, ...issue.path.map(String)].join('.') || 'value'))];
}

function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventPayloadSchemas, type);
}

/** Parses one event from untrusted input (HTTP, IPC, storage), with a code a program can branch on. */
export function parseEvent(raw: unknown): EventParseResult {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, code: 'invalid_envelope', message: describe(envelope.error), paths: pathsOf(envelope.error, []) };
  const { type } = envelope.data;
  if (!isEventType(type)) {
    // The type is echoed only when it looks like a type name: the message is stored, and must never carry a refused value.
    const shown = /^[A-Za-z]{1,64}$/.test(type) ? ` "${type}"` : '';
    return { ok: false, code: 'unknown_event_type', message: `unknown event type${shown}`, paths: ['type'] };
  }
  if (envelope.data.schemaVersion > EVENT_SCHEMA_VERSION) {
    return {
      ok: false,
      code: 'unsupported_schema_version',
      message: `schemaVersion ${envelope.data.schemaVersion} is newer than ${EVENT_SCHEMA_VERSION}`,
      paths: ['schemaVersion'],
    };
  }
  const payload = eventPayloadSchemas[type].safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, code: 'invalid_payload', message: describe(payload.error), paths: pathsOf(payload.error, ['payload']) };
  return { ok: true, event: { ...envelope.data, type, payload: payload.data } as AnyDeviceEvent };
}
