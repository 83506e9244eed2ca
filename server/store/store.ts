import type { AnyDeviceEvent, CatalogueBody, DayCloseRecord, DeviceStatusReport, PushResult } from '../../shared';
import type { SqlStore } from './sql-store';

export interface DeviceRecord {
  id: string;
  vanName: string;
  createdAt: string;
  revokedAt: string | null;
}

/** The latest status a van reported about itself (with a push or after a probe), as the office keeps it. */
export interface StoredDeviceStatus extends DeviceStatusReport {
  deviceId: string;
  /** When the office received it (server clock). */
  receivedAt: string;
  via: 'push' | 'probe';
}

export type TransactionStatus = 'recorded' | 'voided';

export interface StoredTransaction {
  id: string;
  eventId: string;
  deviceId: string;
  vanName: string;
  stopId: string | null;
  serviceCode: string;
  serviceName: string;
  reference: string;
  quantity: number;
  amountCents: number;
  paymentMethod: string;
  receiptNumber: string;
  staffId: string | null;
  occurredAt: string;
  businessDate: string;
  receivedAt: string;
  status: TransactionStatus;
  voidReason: string | null;
}

export interface TransactionFilter {
  /** One transaction by its id (a receipt's verification link). */
  id?: string;
  dateFrom?: string;
  dateTo?: string;
  vanName?: string;
  deviceId?: string;
  stopId?: string;
  serviceCode?: string;
  status?: TransactionStatus;
  limit: number;
  offset: number;
}

export interface StoredStop {
  id: string;
  deviceId: string;
  vanName: string;
  neighbourhood: string;
  place: string;
  openedAt: string;
  closedAt: string | null;
  openingFloatCents: number;
  businessDate: string;
}

/** Money given back after a day's close (RefundIssued), counted on the city day it was given. */
export interface StoredRefund {
  id: string;
  deviceId: string;
  vanName: string;
  transactionId: string;
  /** The original sale's receipt number. */
  receiptNumber: string;
  /** The stop at which it was given. */
  stopId: string;
  amountCents: number;
  method: 'cash' | 'check' | 'card';
  reason: string;
  staffId: string;
  approvedBy: string;
  occurredAt: string;
  businessDate: string;
}

export interface StoredDayClose extends DayCloseRecord {
  deviceId: string;
}

export type ServiceRequestStatus = 'open' | 'closed';

export interface StoredServiceRequest {
  id: string;
  deviceId: string | null;
  source: 'kiosk' | 'open311';
  localReference: string | null;
  serviceCode: string;
  serviceName: string;
  description: string;
  addressString: string;
  lat: number | null;
  long: number | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  email: string | null;
  status: ServiceRequestStatus;
  statusNotes: string | null;
  requestedAt: string;
  updatedAt: string;
}

export interface ServiceRequestFilter {
  serviceCodes?: string[];
  /** The reference a kiosk printed for the resident (unique per van only). */
  localReference?: string;
  status?: ServiceRequestStatus;
  startDate?: string;
  endDate?: string;
  limit: number;
}

/** A resident's answer to a "Tell the city" question, as the office reads it. */
export interface StoredCityAnswer {
  id: string;
  deviceId: string;
  questionId: string;
  stopId: string | null;
  neighbourhood: string;
  place: string;
  language: string;
  topic: string;
  text: string;
  /** Only when the resident asked for a reply. */
  contact: { name: string; email: string | null; phone: string | null } | null;
  answeredAt: string;
}

export interface CityAnswerFilter {
  questionId?: string;
  neighbourhood?: string;
  limit: number;
}

/** A batch whose events were already checked against the schemas; invalid ones come with their reason. */
export type CheckedEvent =
  | { ok: true; event: AnyDeviceEvent }
  /** `raw` is what rejected_events keeps: the valid envelope fields and the refused fields' paths, never a refused value. */
  | { ok: false; id: string; seq: number; code: string; message: string; raw: { envelope: Record<string, unknown>; paths: string[] } };

/** An event the store refuses: invalid (the checker's reason) or naming another device's records (foreign_reference). */
export type RefusedEvent = Extract<CheckedEvent, { ok: false }>;

export interface PushOutcome {
  results: PushResult[];
  highestContiguousSeq: number;
}

export interface PushContext {
  /** The city's time zone: a "day" in reports is the city's day. */
  timeZone: string;
  /** Service names by code, for the read models. */
  serviceNames: ReadonlyMap<string, string>;
}

export type EnrolmentOutcome =
  | { ok: true; vanName: string; deviceId: string }
  | {
      ok: false;
      /**
       * wrong_device: the code was made to re-enrol another device; new_device_code: the code is for a new device and
       * cannot re-enrol one; device_revoked: the named device is revoked (an administrator lifts that on its own).
       */
      reason: 'unknown' | 'used' | 'expired' | 'unknown_device' | 'wrong_device' | 'new_device_code' | 'device_revoked';
    };

export type ApiKeyRole = 'admin' | 'office' | 'open311';

export interface ApiKeyRecord {
  id: string;
  role: ApiKeyRole;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Change {
  cursor: string;
  kind: 'catalogue' | 'service_request_status';
  data: Record<string, unknown>;
  createdAt: string;
}

/** A catalogue version as it was published. */
export interface PublishedCatalogue {
  version: number;
  publishedAt: string;
  body: CatalogueBody;
}

export interface PublishOptions {
  /** Publish only if this is still the latest version (an editor's draft was based on it); else CatalogueVersionConflict. */
  basedOn?: number;
}

/** Someone published another version after the draft's base version: nothing was published. */
export class CatalogueVersionConflict extends Error {
  constructor(readonly latest: number) {
    super(`the catalogue is at version ${latest} now`);
  }
}

/**
 * The central store: the public face of SqlStore (each method is documented there), which SQLite and PostgreSQL
 * extend; one test suite runs against both.
 */
export type CentralStore = Pick<SqlStore, keyof SqlStore>;
