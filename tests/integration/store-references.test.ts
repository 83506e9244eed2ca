import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlRunner } from '../../server/store/dialect';
import type { CentralStore, PushContext } from '../../server/store/store';
import { storeFactories } from '../helpers/stores';
import { check, transactionEvent } from '../helpers/event-builders';

/**
 * What the events and sales may refer to, on both stores. PostgreSQL checks these by statement-level triggers
 * (migration 015, for the push's speed), SQLite by its foreign keys: each rule is tried by the SQL a person with
 * database access could run, and a refused statement must change nothing.
 */
const ctx: PushContext = { timeZone: 'America/New_York', serviceNames: new Map() };
const REFUSED = /foreign key|does not exist|cannot be deleted|append-only/i;

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`${factory.name} store: references${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let store: CentralStore;
    let dispose: () => Promise<void>;
    let db: SqlRunner;

    beforeEach(async () => {
      ({ store, dispose } = await factory.create());
      db = (store as unknown as { dialect: SqlRunner }).dialect;
      await store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'hash-a' });
      await store.createDevice({ id: 'dev-empty', vanName: 'Van E', tokenHash: 'hash-e' });
      const outcome = await store.pushEvents('dev-a', [1, 2].map((seq) => check(transactionEvent('dev-a', seq))), ctx);
      expect(outcome.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    });
    afterEach(async () => {
      await dispose();
    });

    const counts = async () => ({
      events: Number((await db.all('SELECT COUNT(*) AS n FROM events'))[0]?.n),
      sales: Number((await db.all('SELECT COUNT(*) AS n FROM transactions'))[0]?.n),
      devices: Number((await db.all('SELECT COUNT(*) AS n FROM devices'))[0]?.n),
    });
    const EVENT_INSERT = `INSERT INTO events (id, device_id, seq, type, occurred_at, received_at, schema_version, actor_id, catalogue_version, payload)
      VALUES (?, ?, ?, 'TransactionRecorded', '2026-12-01T15:00:00.000Z', '2026-12-01T15:00:01.000Z', 1, NULL, 1, '{}')`;
    const SALE_COLUMNS = `id, event_id, device_id, service_code, service_name, reference, quantity, amount_cents, payment_method, receipt_number,
      occurred_at, business_date, received_at`;
    const sale = (id: string, eventId: string, deviceId: string) =>
      [id, eventId, deviceId, 'parking', 'Parking', 'REF', 1, 500, 'cash', `R-${id}`, '2026-12-01T15:00:00.000Z', '2026-12-01', '2026-12-01T15:00:01.000Z'];
    const SALE_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

    it('refuses an event of a device that does not exist, and stores nothing of its statement', async () => {
      const before = await counts();
      await expect(db.run(`${EVENT_INSERT}, (?, ?, ?, 'TransactionRecorded', '2026-12-01T15:00:00.000Z', '2026-12-01T15:00:01.000Z', 1, NULL, 1, '{}')`, ['e-ok', 'dev-a', 50, 'e-bad', 'dev-nobody', 1])).rejects.toThrow(REFUSED);
      expect(await counts()).toEqual(before);
      // The same row for a device that exists goes in.
      await db.run(EVENT_INSERT, ['e-ok', 'dev-a', 50]);
      expect((await counts()).events).toBe(before.events + 1);
    });

    it('refuses a sale whose event or device does not exist (one bad row fails its whole statement)', async () => {
      const events = (await db.all("SELECT id FROM events WHERE device_id = 'dev-a' ORDER BY seq")).map((r) => String(r.id));
      await db.run("DELETE FROM transactions WHERE device_id = 'dev-a'");
      const before = await counts();
      const insert = (rows: unknown[][]) => db.run(`INSERT INTO transactions (${SALE_COLUMNS}) VALUES ${rows.map(() => SALE_VALUES).join(', ')}`, rows.flat());
      await expect(insert([sale('s-1', events[0]!, 'dev-a'), sale('s-2', 'no-such-event', 'dev-a')])).rejects.toThrow(REFUSED);
      await expect(insert([sale('s-1', events[0]!, 'dev-a'), sale('s-2', events[1]!, 'dev-nobody')])).rejects.toThrow(REFUSED);
      expect(await counts()).toEqual(before);
      await insert([sale('s-1', events[0]!, 'dev-a'), sale('s-2', events[1]!, 'dev-a')]);
      expect((await counts()).sales).toBe(before.sales + 2);
    });

    it("refuses to point a sale at an event or a device that does not exist; a void still changes the sale's status", async () => {
      const [row] = await db.all('SELECT id FROM transactions LIMIT 1');
      const id = String(row!.id);
      await expect(db.run('UPDATE transactions SET event_id = ? WHERE id = ?', ['no-such-event', id])).rejects.toThrow(REFUSED);
      await expect(db.run('UPDATE transactions SET device_id = ? WHERE id = ?', ['dev-nobody', id])).rejects.toThrow(REFUSED);
      await db.run("UPDATE transactions SET status = 'voided', void_reason = 'test' WHERE id = ?", [id]);
      expect(await db.all('SELECT device_id, status FROM transactions WHERE id = ?', [id])).toEqual([{ device_id: 'dev-a', status: 'voided' }]);
    });

    it('keeps events append-only: no update, no delete', async () => {
      const before = await counts();
      await expect(db.run("UPDATE events SET payload = '{}' WHERE device_id = 'dev-a'")).rejects.toThrow(REFUSED);
      await expect(db.run("UPDATE events SET device_id = 'dev-empty' WHERE device_id = 'dev-a'")).rejects.toThrow(REFUSED);
      await expect(db.run("DELETE FROM events WHERE device_id = 'dev-a'")).rejects.toThrow(REFUSED);
      expect(await counts()).toEqual(before);
      expect((await db.all("SELECT COUNT(*) AS n FROM events WHERE device_id = 'dev-a' AND payload <> '{}'")).map((r) => Number(r.n))).toEqual([2]);
    });

    it('refuses to delete or renumber a device that has events; its other columns still change', async () => {
      const before = await counts();
      await expect(db.run("DELETE FROM devices WHERE id = 'dev-a'")).rejects.toThrow(REFUSED);
      await expect(db.run("UPDATE devices SET id = 'dev-renamed' WHERE id = 'dev-a'")).rejects.toThrow(REFUSED);
      expect(await counts()).toEqual(before);
      // Its other columns still change (the contiguous seq moves on every push).
      await db.run("UPDATE devices SET revoked_at = '2026-12-01T18:00:00.000Z' WHERE id = 'dev-a'");
      expect(await db.all("SELECT id, revoked_at FROM devices WHERE id = 'dev-a'")).toEqual([{ id: 'dev-a', revoked_at: '2026-12-01T18:00:00.000Z' }]);
    });
  });
}
