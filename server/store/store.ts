import type { AnyDeviceEvent, PushResult } from '../../shared';

export interface DeviceRecord {
  id: string;
  vanName: string;
  revokedAt: string | null;
}

export interface StoredTransaction {
  id: string;
  eventId: string;
  deviceId: string;
  vanName: string;
  serviceCode: string;
  serviceName: string;
  reference: string;
  quantity: number;
  amountCents: number;
  paymentMethod: string;
  receiptNumber: string;
  occurredAt: string;
  receivedAt: string;
}

export interface TransactionQuery {
  limit: number;
  offset: number;
}

/** A batch whose events were already checked against the schemas; invalid ones come with their reason. */
export type CheckedEvent =
  | { ok: true; event: AnyDeviceEvent; raw: unknown }
  | { ok: false; id: string; seq: number; code: string; message: string; raw: unknown };

export interface PushOutcome {
  results: PushResult[];
  highestContiguousSeq: number;
}

/** The central store. SQLite and PostgreSQL implement it; one test suite runs against both. */
export interface CentralStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  createDevice(device: { id: string; vanName: string; tokenHash: string }): Promise<void>;
  findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null>;
  /** Stores each event at most once, in one transaction per batch, and answers per event. */
  pushEvents(deviceId: string, events: readonly CheckedEvent[]): Promise<PushOutcome>;
  listTransactions(query: TransactionQuery): Promise<{ total: number; items: StoredTransaction[] }>;
  countEvents(): Promise<number>;
  close(): Promise<void>;
}
