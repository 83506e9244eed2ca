import type { EventPayload, EventType } from './events';

/**
 * The one list of what is personal on a van: which payload fields of which event type, and which columns of which
 * local table, name or describe a person (names, phone, e-mail, addresses, places and dates of a record, free text a
 * resident wrote, a transaction's form answers and reference). The kiosk stores exactly these sealed (encrypted at
 * rest) and the retention purge removes exactly these; every other field stays in clear for reports and sync.
 *
 * Staff-written reasons (void, cancel, refund, close notes) are operational notes about a record, not a resident's
 * data, and stay in clear.
 */
const eventFields = {
  TransactionRecorded: ['residentName', 'fields', 'reference'],
  ServiceRequestFiled: ['description', 'address_string', 'lat', 'long', 'first_name', 'last_name', 'phone', 'email'],
  CertificateOrdered: ['nameOnRecord', 'eventDate', 'eventPlace', 'requesterName'],
  SurveyAnswered: ['comment'],
  CityQuestionAnswered: ['text', 'contact'],
} as const satisfies { [T in EventType]?: readonly (keyof EventPayload<T> & string)[] };

/**
 * The local tables that copy personal fields out of an event, and from which one: `columns` maps each personal
 * column to the payload field it copies, `idField` names the payload field that is the row's primary key.
 */
const projections = {
  transactions: { from: 'TransactionRecorded', idField: 'transactionId', key: 'id', columns: { residentName: 'residentName', fields: 'fields', reference: 'reference' } },
  serviceRequests: { from: 'ServiceRequestFiled', idField: 'requestId', key: 'requestId', columns: { description: 'description', addressString: 'address_string' } },
  certificateOrders: {
    from: 'CertificateOrdered',
    idField: 'orderId',
    key: 'id',
    columns: { nameOnRecord: 'nameOnRecord', eventDate: 'eventDate', eventPlace: 'eventPlace', requesterName: 'requesterName' },
  },
  surveys: { from: 'SurveyAnswered', idField: 'surveyId', key: 'id', columns: { comment: 'comment' } },
} as const;

export type PersonalEventType = keyof typeof eventFields;
export type PersonalTable = keyof typeof projections;

/** The property of a stored record (event or row) that holds its personal fields, sealed. */
export const SEALED_PROPERTY = 'sealed';

/** The payload fields of an event type that are personal; none for most types. */
export function personalFieldsOf(eventType: string): readonly string[] {
  return Object.hasOwn(eventFields, eventType) ? eventFields[eventType as PersonalEventType] : [];
}

/** The columns of a local table that are personal ('events' keeps them in its payload: see personalFieldsOf). */
export function personalColumnsOf(table: string): readonly string[] {
  return Object.hasOwn(projections, table) ? Object.keys(projections[table as PersonalTable].columns) : [];
}

/** The event types with personal fields. */
export const personalEventTypes = Object.keys(eventFields) as PersonalEventType[];

/** The local tables (besides the events) that hold personal columns. */
export const personalTables = Object.keys(projections) as PersonalTable[];

export interface Projection {
  table: PersonalTable;
  /** The primary key property of the table's rows. */
  key: string;
  /** The payload field whose value is the row's primary key. */
  idField: string;
  /** Personal column → the payload field it copies. */
  columns: Readonly<Record<string, string>>;
}

/** Where an event type's personal fields are copied to: the table, its row id field and the column map. */
export function projectionsOf(eventType: string): Projection[] {
  return personalTables.filter((t) => projections[t].from === eventType).map((t) => ({ table: t, ...projections[t] }));
}

/** The primary key property of a personal table's rows. */
export function primaryKeyOf(table: PersonalTable): string {
  return projections[table].key;
}
