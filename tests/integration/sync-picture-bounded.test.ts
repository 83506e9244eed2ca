import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openStop, recordServiceTransaction, signIn, voidTransaction } from '../../renderer/src/db/actions';
import { KioskDb } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { computeWatermark, readSyncPicture, summarisePending, type SyncPicture } from '../../renderer/src/sync/pending';
import { countingReads } from '../helpers/counting-reads';
import { parkingSale, staffCatalogue, stopOn } from '../helpers/kiosk-fixtures';

/**
 * The status bar (useSyncPicture) asks for the sync picture on every record and every cursor move. bench:device found
 * it reading every unsent event each time (20 ms for a day offline at 10k events, and a day's worth per sale). It now
 * reads only the events recorded since it last asked: it must give what a full read of the unsent events gives, through
 * sales, sends, a void of a sent sale, another window's records and a cursor moved back by a restore.
 */
let n = 0;

async function kiosk(sales: number) {
  const name = `sync-picture-${process.pid}-${++n}`;
  const clock = { at: Date.parse('2026-11-27T15:00:00.000Z') };
  const setup = new KioskDb(name);
  await setup.catalogue.put({ key: 'current', version: 1, etag: null, catalogue: staffCatalogue, fetchedAt: '2026-11-27T12:00:00.000Z' });
  setup.close();
  const counter = { rows: 0 };
  const db = new KioskDb(name);
  db.use(countingReads('events', counter));
  await db.open();
  const ctx: RecordContext = { db, deviceId: 'dev-p', now: () => new Date((clock.at += 30_000)), actorId: 'clerk-ana', catalogueVersion: 1, receiptPrefix: 'VAN3' };
  await signIn(ctx, { id: 'clerk-ana', role: 'clerk' });
  await openStop(ctx, stopOn('2026-11-27'));
  const ids: string[] = [];
  for (let i = 0; i < sales; i++) ids.push((await recordServiceTransaction(ctx, parkingSale(500 + i))).id);
  return { db, ctx, counter, ids };
}

/** What a full read of the unsent events gives (the picture before it was incremental). */
async function fullRead(db: KioskDb) {
  const cursor = ((await db.meta.get('syncCursor'))?.value as number | undefined) ?? 0;
  const unsent = await db.events.where('seq').above(cursor).toArray();
  const pending = summarisePending(unsent);
  const acknowledged = cursor > 0 ? await db.events.get(cursor) : undefined;
  const lastSync = (await db.meta.get('lastSyncAt'))?.value;
  return { pending, watermark: computeWatermark(cursor, acknowledged, pending.oldestPendingAt, typeof lastSync === 'string' ? lastSync : null) };
}

/** The picture, and how many events it read to make it. */
async function picture(db: KioskDb, counter: { rows: number }) {
  counter.rows = 0;
  const read = await readSyncPicture(db);
  const rows = counter.rows;
  expect({ pending: read.pending, watermark: read.watermark }).toEqual(await fullRead(db));
  return { read, rows };
}

const setCursor = (db: KioskDb, seq: number) => db.meta.bulkPut([{ key: 'syncCursor', value: seq }, { key: 'lastSyncAt', value: '2026-11-27T18:00:00.000Z' }]);

describe('the sync picture reads only what changed', () => {
  it('a sale after the first read costs a few rows, not every unsent event again', async () => {
    const { db, ctx, counter } = await kiosk(150);
    const first = await picture(db, counter);
    expect(first.read.pending).toMatchObject({ transactions: 150, otherRecords: 2 });
    expect(first.rows).toBeGreaterThanOrEqual(152);
    await recordServiceTransaction(ctx, parkingSale(900));
    const next = await picture(db, counter);
    expect(next.read.pending.transactions).toBe(151);
    // The new event, and the keyed check that the last one counted is still there.
    expect(next.rows).toBeLessThanOrEqual(3);
    const again = await picture(db, counter);
    expect(again.rows).toBeLessThanOrEqual(2);
    db.close();
  });

  it('a send moves the cursor: the sent ones drop out without a re-read; a void of a sent sale waits again', async () => {
    const { db, ctx, counter, ids } = await kiosk(40);
    await picture(db, counter);
    const seqOf20th = (await db.transactions.get(ids[19]!))!.seq;
    await setCursor(db, seqOf20th);
    const sent = await picture(db, counter);
    expect(sent.read.pending).toMatchObject({ transactions: 20, otherRecords: 0 });
    expect(sent.read.watermark).toMatchObject({ seq: seqOf20th, complete: false });
    expect(sent.rows).toBeLessThanOrEqual(3);
    await voidTransaction(ctx, ids[0]!, 'Keyed the wrong amount', { approvedBy: null, approvalThresholdCents: 1_000_000 });
    const voided = await picture(db, counter);
    expect(voided.read.pending.unsentTransactionIds.has(ids[0]!)).toBe(true);
    expect(voided.read.pending.transactions).toBe(21);
    expect(voided.rows).toBeLessThanOrEqual(4);
    const last = (await db.events.orderBy('seq').last())!.seq;
    await setCursor(db, last);
    const all = await picture(db, counter);
    expect(all.read.pending).toMatchObject({ transactions: 0, otherRecords: 0, oldestPendingAt: null });
    expect(all.read.watermark.complete).toBe(true);
    db.close();
  });

  it("another window's records and a cursor moved back by a restore give what a full read gives", async () => {
    const { db, counter } = await kiosk(10);
    await setCursor(db, 8);
    await picture(db, counter);
    const other = new KioskDb(db.name);
    await other.open();
    const otherCtx: RecordContext = { db: other, deviceId: 'dev-p', now: () => new Date('2026-11-27T19:00:00.000Z'), actorId: 'clerk-bo', catalogueVersion: 1, receiptPrefix: 'VAN3' };
    await recordServiceTransaction(otherCtx, parkingSale(777));
    expect((await picture(db, counter)).read.pending.transactions).toBe(5);
    // The office was restored from a backup: the cursor goes back and those events wait again.
    await setCursor(db, 3);
    expect((await picture(db, counter)).read.pending).toMatchObject({ transactions: 10, otherRecords: 0 });
    other.close();
    db.close();
  });

  it('kept live (as useSyncPicture keeps it), a new sale and a send each show', async () => {
    const { db, ctx } = await kiosk(3);
    const seen: SyncPicture[] = [];
    let wake = () => {};
    const subscription = liveQuery(() => readSyncPicture(db)).subscribe((p) => (seen.push(p), wake()));
    const until = (test: (p: SyncPicture) => boolean) =>
      new Promise<SyncPicture>((resolve) => {
        const check = () => {
          const found = seen.find(test);
          if (found) resolve(found);
        };
        wake = check;
        check();
      });
    await until((p) => p.pending.transactions === 3);
    await recordServiceTransaction(ctx, parkingSale(1200));
    await until((p) => p.pending.transactions === 4);
    await setCursor(db, (await db.events.orderBy('seq').last())!.seq);
    expect((await until((p) => p.pending.transactions === 0)).watermark.complete).toBe(true);
    subscription.unsubscribe();
    db.close();
  });
});
