import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { getSyncCursor, type KioskDb, type StoredEvent } from '../../renderer/src/db/db';
import type { SyncEngine } from '../../renderer/src/sync/engine';

/** An event the test made invalid on purpose: the server must reject it with this code, and the kiosk quarantine it. */
export interface ExpectedRejection {
  seq: number;
  code: string;
}

export interface InvariantReport {
  localEvents: number;
  serverEvents: number;
  rejected: number;
  cursor: number;
  checksum: string;
}

interface IdAmount {
  id: string;
  amountCents: number | null;
}

/** A checksum over (id, amountCents) that does not depend on order. */
export function checksumOf(rows: Iterable<IdAmount>): string {
  const lines = [...rows].map((r) => `${r.id}:${r.amountCents ?? '-'}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function amountOf(event: StoredEvent): number | null {
  const payload: unknown = event.payload;
  if (typeof payload === 'object' && payload !== null && 'amountCents' in payload) {
    const amount = (payload as { amountCents: unknown }).amountCents;
    return typeof amount === 'number' ? amount : null;
  }
  return null;
}

/** Opens the central SQLite file read-only, beside whichever server process has it open. */
function openCentral(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function countServerEvents(serverDbFile: string, deviceId?: string): number {
  const db = openCentral(serverDbFile);
  try {
    const row = (
      deviceId === undefined
        ? db.prepare('SELECT COUNT(*) AS n FROM events').get()
        : db.prepare('SELECT COUNT(*) AS n FROM events WHERE device_id = ?').get(deviceId)
    ) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

export interface ServerEventRow {
  id: string;
  seq: number;
  occurredAt: string;
  amountCents: number | null;
}

/** The device's events as the central store holds them, by seq. */
export function readServerEvents(serverDbFile: string, deviceId: string): ServerEventRow[] {
  const db = openCentral(serverDbFile);
  try {
    return db
      .prepare(
        "SELECT id, seq, occurred_at AS occurredAt, json_extract(payload, '$.amountCents') AS amountCents FROM events WHERE device_id = ? ORDER BY seq",
      )
      .all(deviceId) as ServerEventRow[];
  } finally {
    db.close();
  }
}

/** The highest seq the kiosk holds, 0 when it holds none. */
export async function highestLocalSeq(db: KioskDb): Promise<number> {
  return (await db.events.orderBy('seq').last())?.seq ?? 0;
}

/** Waits (bounded) until the kiosk's cursor has reached its highest seq and the engine is idle; says where it got stuck. */
export async function waitUntilSynced(db: KioskDb, engine: SyncEngine, timeoutMs: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const [cursor, highest] = await Promise.all([getSyncCursor(db), highestLocalSeq(db)]);
        const { state, message } = engine.getStatus();
        return highest > 0 && cursor === highest && state === 'idle'
          ? 'synced'
          : `cursor ${cursor} of ${highest}, state ${state}${message ? ` (${message})` : ''}`;
      },
      { timeout: timeoutMs, interval: 25 },
    )
    .toBe('synced');
}

/**
 * What must hold after any fault once sync has finished:
 * - the kiosk's seqs are gap-free from 1, and its cursor equals the highest one (every event was answered);
 * - exactly the deliberately invalid events are in the kiosk's quarantine, with the server's code and a message;
 * - the server holds every other event of the device exactly once (same ids, same seqs, no duplicates),
 *   and its transaction read model once per transaction;
 * - a checksum over (id, amountCents) is the same on both sides.
 */
export async function assertSyncInvariants(options: {
  db: KioskDb;
  serverDbFile: string;
  deviceId: string;
  rejected?: readonly ExpectedRejection[];
}): Promise<InvariantReport> {
  const { db, serverDbFile, deviceId } = options;
  const rejected = [...(options.rejected ?? [])].sort((a, b) => a.seq - b.seq);
  const rejectedSeqs = new Set(rejected.map((r) => r.seq));

  // The kiosk.
  const events = await db.events.orderBy('seq').toArray();
  const highest = events.at(-1)?.seq ?? 0;
  expect(events.length, 'local seqs must be gap-free from 1').toBe(highest);
  expect(events.every((e, i) => e.seq === i + 1), 'local seqs must be gap-free from 1').toBe(true);
  const cursor = await getSyncCursor(db);
  expect(cursor, 'the local cursor must have reached the highest local seq').toBe(highest);
  expect(await db.events.where('seq').above(cursor).count(), 'nothing may stay pending').toBe(0);

  const quarantine = await db.quarantine.orderBy('seq').toArray();
  expect(
    quarantine.map((q) => ({ seq: q.seq, code: q.code })),
    'exactly the invalid events are quarantined, with the server’s code',
  ).toEqual(rejected.map((r) => ({ seq: r.seq, code: r.code })));
  for (const q of quarantine) {
    expect(q.message.length, `quarantined seq ${q.seq} keeps the server's reason`).toBeGreaterThan(0);
    expect(q.id).toBe(events[q.seq - 1]?.id);
  }

  const accepted = events.filter((e) => !rejectedSeqs.has(e.seq));
  const localTransactions = accepted.filter((e) => e.type === 'TransactionRecorded').length;

  // The server.
  const central = openCentral(serverDbFile);
  try {
    const serverRows = central
      .prepare("SELECT id, seq, json_extract(payload, '$.amountCents') AS amountCents FROM events WHERE device_id = ? ORDER BY seq")
      .all(deviceId) as { id: string; seq: number; amountCents: number | null }[];
    const duplicateIds = central.prepare('SELECT id, COUNT(*) AS n FROM events GROUP BY id HAVING n > 1').all();
    const duplicateSeqs = central
      .prepare('SELECT seq, COUNT(*) AS n FROM events WHERE device_id = ? GROUP BY seq HAVING n > 1')
      .all(deviceId);
    const serverRejected = central
      .prepare('SELECT seq, id, code FROM rejected_events WHERE device_id = ? ORDER BY seq')
      .all(deviceId) as { seq: number; id: string; code: string }[];
    const transactions = central
      .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS events, COUNT(DISTINCT id) AS ids FROM transactions WHERE device_id = ?')
      .get(deviceId) as { n: number; events: number; ids: number };
    const device = central.prepare('SELECT contiguous_seq AS c FROM devices WHERE id = ?').get(deviceId) as { c: number } | undefined;

    expect(serverRows.length, 'server event count == local event count minus the rejected ones').toBe(accepted.length);
    expect(duplicateIds, 'no event id twice on the server').toEqual([]);
    expect(duplicateSeqs, 'no seq twice on the server').toEqual([]);
    expect(serverRows.map((r) => r.seq), 'the server holds exactly the accepted seqs').toEqual(accepted.map((e) => e.seq));
    expect(
      serverRows.map((r) => r.id),
      'the server holds the kiosk’s event ids',
    ).toEqual(accepted.map((e) => e.id));
    expect(serverRejected.map((r) => ({ seq: r.seq, code: r.code }))).toEqual(rejected.map((r) => ({ seq: r.seq, code: r.code })));
    expect(transactions, 'one central transaction per recorded transaction').toEqual({
      n: localTransactions,
      events: localTransactions,
      ids: localTransactions,
    });
    expect(device?.c, 'the server has an answer for every seq of the device').toBe(highest);

    const localChecksum = checksumOf(accepted.map((e) => ({ id: e.id, amountCents: amountOf(e) })));
    const serverChecksum = checksumOf(serverRows);
    expect(serverChecksum, 'checksum of (id, amountCents) equal on both sides').toBe(localChecksum);
    return { localEvents: events.length, serverEvents: serverRows.length, rejected: rejected.length, cursor, checksum: localChecksum };
  } finally {
    central.close();
  }
}
