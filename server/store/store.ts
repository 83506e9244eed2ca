import type { AnyDeviceEvent, CatalogueBody, CatalogueStaff, DayCloseRecord, DeviceStatusReport, PushResult } from '../../shared';
import type { OfficeSql } from './office';
import type { KpiSql } from './kpi';

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

/** The central store. SQLite and PostgreSQL implement it; one test suite runs against both. */
export interface CentralStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;

  createDevice(device: { id: string; vanName: string; tokenHash: string }): Promise<void>;
  findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null>;
  listDevices(): Promise<DeviceRecord[]>;
  revokeDevice(id: string, at: string): Promise<boolean>;
  /** Keeps a van's report as its latest, unless a later one is already stored. */
  saveDeviceStatus(status: StoredDeviceStatus): Promise<void>;
  /** The latest report of every van that has sent one. */
  listDeviceStatuses(): Promise<StoredDeviceStatus[]>;
  /** Replaces a device's token (re-enrolment of the same device keeps its id, events and seqs). */
  replaceDeviceToken(id: string, tokenHash: string): Promise<boolean>;

  /** Lifts a revocation (an administrator's explicit act; enrolment never does it). False when the device is not revoked. */
  unrevokeDevice(id: string): Promise<boolean>;

  /** `forDeviceId`: the code re-enrols that device only; without it, the code makes one new device. */
  createEnrolmentCode(code: { codeHash: string; vanName: string; createdAt: string; expiresAt: string; forDeviceId?: string | null }): Promise<void>;
  /**
   * Atomically uses a code: a code works once, before it expires, for the device it names. A code for a new device makes
   * the device `id` (and refuses `existing`); a code for device X re-enrols X (keeping its id, events and seqs, with a
   * new token) and refuses any other id, and a revoked X stays refused. A new van name is added to the name history.
   */
  redeemEnrolmentCode(codeHash: string, now: string, device: { id: string; tokenHash: string; existing: boolean }): Promise<EnrolmentOutcome>;

  /** A key expires at `expiresAt` (exclusive); null: never (keys made before expiry existed). */
  createApiKey(key: { keyHash: string; role: ApiKeyRole; name: string; createdAt: string; expiresAt?: string | null }): Promise<void>;
  /** The key, unless it is unknown, revoked or (when `now` is given) expired. */
  findApiKey(keyHash: string, now?: string): Promise<{ role: ApiKeyRole; name: string } | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** False when no unrevoked key has that id. */
  revokeApiKey(id: string, at: string): Promise<boolean>;

  /** Replaces the vans a staff member is assigned to; a van's kiosk receives only its own staff. */
  setStaffVans(staffId: string, vanNames: readonly string[]): Promise<void>;
  listStaffVans(): Promise<{ staffId: string; vanName: string }[]>;

  upsertStaff(staff: CatalogueStaff): Promise<void>;
  listStaff(): Promise<CatalogueStaff[]>;
  /** Stores a new catalogue version (staff are added from the staff table) and announces it in the changes feed. */
  publishCatalogue(body: Omit<CatalogueBody, 'staff'>, at: string, options?: PublishOptions): Promise<number>;
  latestCatalogue(): Promise<PublishedCatalogue | null>;
  /** Every published version, newest first (no bodies). */
  listCatalogueVersions(): Promise<{ version: number; publishedAt: string }[]>;
  /** One published version as it was published, or null. */
  catalogueVersion(version: number): Promise<PublishedCatalogue | null>;

  /** Stores each event at most once, in one transaction per batch, and answers per event. */
  pushEvents(deviceId: string, events: readonly CheckedEvent[], context: PushContext): Promise<PushOutcome>;
  /** Commits made for pushed batches and the batches they held, where the store groups batches per commit. */
  readonly pushStats?: { readonly commits: number; readonly batches: number };
  changesSince(deviceId: string, cursor: string | null, limit: number): Promise<Change[]>;

  queryTransactions(filter: TransactionFilter): Promise<{ total: number; items: StoredTransaction[] }>;
  stopsOn(businessDate: string): Promise<StoredStop[]>;
  dayClosesOn(businessDate: string): Promise<StoredDayClose[]>;
  /** Refunds given on the city days from..to (inclusive), by time given. */
  refundsBetween(dateFrom: string | undefined, dateTo: string | undefined): Promise<StoredRefund[]>;

  createServiceRequest(request: StoredServiceRequest): Promise<void>;
  getServiceRequest(id: string): Promise<StoredServiceRequest | null>;
  queryServiceRequests(filter: ServiceRequestFilter): Promise<StoredServiceRequest[]>;
  updateServiceRequestStatus(id: string, status: ServiceRequestStatus, notes: string | null, at: string): Promise<boolean>;

  /** The store's identity; a restore from backup gives it a new one, which tells every kiosk to check what it lost. */
  storeEpoch(): Promise<string>;
  renewStoreEpoch(): Promise<string>;
  /** Per device, the highest seq N such that the store holds an answer for every seq 1..N. */
  heldSeqs(): Promise<Map<string, number>>;
  /** Per device, the highest seq a verified backup holds: a kiosk keeps its events until a backup covers them. */
  backupWatermarks(): Promise<Map<string, number>>;
  /** Raises (never lowers) the watermarks after a verified backup. */
  recordBackupWatermarks(watermarks: ReadonlyMap<string, number>, at: string): Promise<void>;
  /** Residents' answers to the city's questions, newest first. */
  queryCityAnswers(filter: CityAnswerFilter): Promise<StoredCityAnswer[]>;

  /** A device's refused events as kept: envelope, code, message and the refused fields' paths (raw), never their values. */
  listRejected(deviceId: string): Promise<{ seq: number; id: string; code: string; message: string; raw: string }[]>;

  countEvents(): Promise<number>;
  eventIds(): Promise<string[]>;

  /** The office console's accounts, sessions and audit log (issue 17). */
  readonly office: OfficeSql;
  /** The programme's measures over time and the residents' voice with the office's reviews (issue 17). */
  readonly kpi: KpiSql;
}
