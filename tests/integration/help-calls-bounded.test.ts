import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { answerHelp, cancelHelp, openStop, requestHelp } from '../../renderer/src/db/actions';
import { KioskDb, type LocalHelpRequest } from '../../renderer/src/db/db';
import { loadDayCloseChecklist } from '../../renderer/src/db/day-close';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { helpCallInPlay, unansweredHelpCalls } from '../../renderer/src/db/queries';
import { isOpenHelpCall } from '../../renderer/src/staff/help-alert';
import { countingReads } from '../helpers/counting-reads';
import { stopOn } from '../helpers/kiosk-fixtures';

/**
 * bench:device found the help-call reads walking every call of the year (help calls 87.5 ms at 100k events, 8× per
 * 10×). The staff banner, the touchscreen's "on the way" and the day-close checklist now read by index: they must give
 * what the scans gave, and read only the calls that can be in play, however many answered ones the year holds.
 */
let n = 0;
const ON_THE_WAY_MS = 120_000;

async function yearOfCalls(answered: number) {
  const clock = { at: Date.parse('2026-11-27T15:00:00.000Z') };
  const db = new KioskDb(`help-bounded-${process.pid}-${++n}`);
  const ctx: RecordContext = { db, deviceId: 'dev-h', now: () => new Date((clock.at += 1000)), actorId: 'clerk-ana', catalogueVersion: 1 };
  const resident = { ...ctx, actorId: null };
  const stop = await openStop(ctx, stopOn('2026-11-27'));
  // A year's worth of calls someone answered or the resident took back, written straight into the read model.
  const old: LocalHelpRequest[] = Array.from({ length: answered }, (_, i) => ({
    id: `old-${String(i).padStart(5, '0')}`,
    stopId: `stop-${i % 250}`,
    language: 'en',
    requestedAt: new Date(Date.parse('2026-01-05T15:00:00.000Z') + i * 3_600_000).toISOString(),
    answeredAt: i % 5 === 0 ? null : new Date(Date.parse('2026-01-05T15:01:00.000Z') + i * 3_600_000).toISOString(),
    answeredBy: i % 5 === 0 ? null : 'clerk-ana',
    cancelledAt: i % 5 === 0 ? new Date(Date.parse('2026-01-05T15:02:00.000Z') + i * 3_600_000).toISOString() : null,
  }));
  await db.helpRequests.bulkAdd(old);
  const waiting = await requestHelp(resident, 'es');
  const answeredNow = await requestHelp(resident, 'vi');
  await answerHelp(ctx, answeredNow);
  const withdrawn = await requestHelp(resident, 'en');
  await cancelHelp(resident, withdrawn);
  const alsoWaiting = await requestHelp(resident, null);
  return { db, ctx, clock, stop, waiting, alsoWaiting, answeredNow };
}

/** What the scans before v10 gave. */
async function scanned(db: KioskDb, nowMs: number) {
  const all = await db.helpRequests.orderBy('requestedAt').toArray();
  return {
    open: all.filter(isOpenHelpCall),
    inPlay: [...all].reverse().find((h) => !h.cancelledAt && (h.answeredAt === null || nowMs - Date.parse(h.answeredAt) < ON_THE_WAY_MS)),
  };
}

describe('help calls are read by index', () => {
  it('the banner, the touchscreen and the checklist give what the scans gave, now and after the window', async () => {
    const { db, clock, stop, waiting, alsoWaiting } = await yearOfCalls(300);
    for (const nowMs of [clock.at, clock.at + ON_THE_WAY_MS + 1]) {
      const expected = await scanned(db, nowMs);
      expect((await unansweredHelpCalls(db)).map((h) => h.id)).toEqual(expected.open.map((h) => h.id));
      expect((await helpCallInPlay(db, nowMs, ON_THE_WAY_MS))?.id).toBe(expected.inPlay?.id);
    }
    expect((await unansweredHelpCalls(db)).map((h) => h.id)).toEqual([waiting, alsoWaiting]);
    expect((await loadDayCloseChecklist(db, stop)).openHelpCalls.map((h) => h.id)).toEqual([waiting, alsoWaiting]);
    db.close();
  });

  it('an answer inside the window keeps the newest call in play; with none open it ends when the window does', async () => {
    const { db, ctx, clock, waiting, alsoWaiting } = await yearOfCalls(20);
    await answerHelp(ctx, waiting);
    await answerHelp(ctx, alsoWaiting);
    expect(await unansweredHelpCalls(db)).toEqual([]);
    expect((await helpCallInPlay(db, clock.at, ON_THE_WAY_MS))?.id).toBe(alsoWaiting);
    expect(await helpCallInPlay(db, clock.at + ON_THE_WAY_MS + 1, ON_THE_WAY_MS)).toBeUndefined();
    expect((await db.helpRequests.get(waiting))?.open).toBeUndefined();
    db.close();
  });

  it('reads only the calls that can be in play, not the year of answered ones', async () => {
    const { db, clock } = await yearOfCalls(2000);
    const counter = { rows: 0 };
    const counted = new KioskDb(db.name);
    db.close();
    counted.use(countingReads('helpRequests', counter));
    await counted.open();
    counter.rows = 0;
    expect(await unansweredHelpCalls(counted)).toHaveLength(2);
    expect(await helpCallInPlay(counted, clock.at, ON_THE_WAY_MS)).toBeDefined();
    // Two open calls (read twice) and one answered inside the window: a handful of rows, not 2,000.
    expect(counter.rows).toBeLessThanOrEqual(10);
    counted.close();
  });

  it('a database from before v10 marks its open calls on upgrade, and only those', async () => {
    const name = `help-v9-${process.pid}-${++n}`;
    const old = new Dexie(name);
    old.version(9).stores({ helpRequests: 'id, requestedAt', meta: 'key' });
    await old.open();
    await old.table('helpRequests').bulkAdd([
      { id: 'h-open', stopId: 's1', language: 'en', requestedAt: '2026-11-27T15:00:00.000Z', answeredAt: null, answeredBy: null, cancelledAt: null },
      { id: 'h-answered', stopId: 's1', language: 'en', requestedAt: '2026-11-27T15:01:00.000Z', answeredAt: '2026-11-27T15:02:00.000Z', answeredBy: 'clerk-ana', cancelledAt: null },
      { id: 'h-cancelled', stopId: 's1', language: 'en', requestedAt: '2026-11-27T15:03:00.000Z', answeredAt: null, answeredBy: null, cancelledAt: '2026-11-27T15:04:00.000Z' },
    ]);
    old.close();
    const db = new KioskDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(10);
    expect((await unansweredHelpCalls(db)).map((h) => h.id)).toEqual(['h-open']);
    expect((await db.helpRequests.toArray()).map((h) => [h.id, h.open])).toEqual([
      ['h-answered', undefined],
      ['h-cancelled', undefined],
      ['h-open', 1],
    ]);
    db.close();
  });
});
