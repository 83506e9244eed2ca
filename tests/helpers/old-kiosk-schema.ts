import 'fake-indexeddb/auto';
import Dexie from 'dexie';

/**
 * The kiosk's IndexedDB tables as the builds before the current schema declared them, for the upgrade tests:
 * v4 dropped the unused event/transaction indexes (v5 changed no table shape), v7 added the residents' answers and
 * refunds. Earlier versions differ only in `events` and `transactions` (see `v3Tables`).
 */
const v4Tables = {
  events: 'seq, &id',
  transactions: 'id, occurredAt, stopId',
  quarantine: 'seq, &id',
  meta: 'key',
  catalogue: 'key',
  serviceRequests: 'requestId, localReference, filedAt',
  syncLog: '++id, startedAt',
  stops: 'id, openedAt',
  tickets: 'id, stopId, [stopId+status], issuedAt',
  certificateOrders: 'id, localReference, status, orderedAt',
  surveys: 'id, answeredAt',
  helpRequests: 'id, requestedAt',
  dayCloses: 'stopId, businessDate',
};

/** v3: events indexed by type, transactions by receipt number and status too. */
const v3Tables = { ...v4Tables, events: 'seq, &id, type', transactions: 'id, occurredAt, receiptNumber, status, stopId' };

const v7Tables = { ...v4Tables, cityAnswers: 'id, answeredAt', refunds: 'id, stopId, transactionId' };

const LAYOUTS = { 3: v3Tables, 4: v4Tables, 5: v4Tables, 7: v7Tables } as const;

/** A Dexie database `name` declared with the tables of an old kiosk schema `version`, to fill before `new KioskDb(name)`. */
export function oldKioskDb(name: string, version: keyof typeof LAYOUTS): Dexie {
  const db = new Dexie(name);
  db.version(version).stores(LAYOUTS[version]);
  return db;
}
