import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponseSchema, type PushResponse } from '../../shared';
import { buildApp, type CentralApi } from '../../server/app';
import { demoCatalogue } from '../../server/catalogue-seed';
import { hashToken, newSecretToken } from '../../server/auth';
import type { PostgresStore } from '../../server/store/postgres';
import { transactionEvent } from '../helpers/events';
import { postgresFactory } from '../helpers/stores';

const pgUrl = process.env.TEST_DATABASE_URL;
const skipReason = postgresFactory.skipReason;

const DEVICES = 4;
const EVENTS_PER_DEVICE = 2000;
const BATCH = 250;

type RawEvent = ReturnType<typeof transactionEvent>;

/** Consecutive slices of `events` of `size`, the first one `first` long (to shift the batch boundaries). */
function batches(events: RawEvent[], size: number, first = size): RawEvent[][] {
  const out: RawEvent[][] = [];
  for (let start = 0, length = first; start < events.length; start += length, length = size) out.push(events.slice(start, start + length));
  return out;
}

describe.skipIf(skipReason !== null)(`two API instances over one PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const schema = `t_two_${process.pid}_${Date.now()}`;
  let stores: PostgresStore[] = [];
  let apps: CentralApi[] = [];
  let urls: string[] = [];

  beforeAll(async () => {
    if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
    const { PostgresStore } = await import('../../server/store/postgres');
    stores = [new PostgresStore({ connectionString: pgUrl, schema }), new PostgresStore({ connectionString: pgUrl, schema })];
    // Both instances start at once over a schema that does not exist yet: the advisory lock makes one wait for the other.
    await Promise.all(stores.map((store) => store.migrate()));
    apps = await Promise.all(
      stores.map((store) => buildApp({ store, adminToken: 'x'.repeat(20), deviceRateLimit: { max: 100_000, timeWindow: 60_000 } })),
    );
    urls = await Promise.all(apps.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(stores.map((store) => store.close()));
    if (pgUrl) {
      const { dropSchema } = await import('../../server/store/postgres');
      await dropSchema(pgUrl, schema);
    }
  });

  const sent = new Map<string, number>();
  const acceptedBy = new Map<string, number>();

  async function pushTo(url: string, token: string, events: RawEvent[]): Promise<PushResponse> {
    for (const e of events) sent.set(e.id, (sent.get(e.id) ?? 0) + 1);
    const response = await fetch(`${url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`push answered ${response.status}: ${text}`);
    const body = pushResponseSchema.parse(JSON.parse(text));
    acceptedBy.set(url, (acceptedBy.get(url) ?? 0) + body.results.filter((r) => r.status === 'accepted').length);
    return body;
  }

  it('stores every event exactly once and accepts it exactly once when both instances get the same batches at once', async () => {
    const [storeA] = stores as [PostgresStore, PostgresStore];
    const [urlA, urlB] = urls as [string, string];
    const devices = await Promise.all(
      Array.from({ length: DEVICES }, async (_, i) => {
        const id = `dev-two-${i}`;
        const token = newSecretToken();
        await storeA.createDevice({ id, vanName: `Van ${i}`, tokenHash: hashToken(token) });
        const events = Array.from({ length: EVENTS_PER_DEVICE }, (_, s) => transactionEvent(id, s + 1));
        return { id, token, events };
      }),
    );

    const answers = new Map<string, string[]>();
    const record = (response: PushResponse) => {
      for (const result of response.results) {
        const list = answers.get(result.id) ?? [];
        list.push(result.status);
        answers.set(result.id, list);
      }
    };
    const finalContiguous = new Map<string, number>();
    const started = Date.now();

    await Promise.all(
      devices.map(async (device) => {
        const half = device.events.slice(0, EVENTS_PER_DEVICE / 2);
        // Round 1: the first half, each batch to both instances at once.
        for (const batch of batches(half, BATCH)) {
          const responses = await Promise.all([pushTo(urlA, device.token, batch), pushTo(urlB, device.token, batch)]);
          responses.forEach(record);
        }
        // Round 2: everything, with batch boundaries shifted by half a batch on B, so batches overlap partly and
        // the second half is new; the k-th batch of each goes out at the same time.
        const onA = batches(device.events, BATCH);
        const onB = batches(device.events, BATCH, BATCH / 2);
        for (let k = 0; k < Math.max(onA.length, onB.length); k++) {
          const responses = await Promise.all([
            k < onA.length ? pushTo(urlA, device.token, onA[k]!) : null,
            k < onB.length ? pushTo(urlB, device.token, onB[k]!) : null,
          ]);
          for (const response of responses) if (response) record(response);
        }
        // Round 3: everything again, each batch to both instances at once: all duplicates.
        let last: PushResponse | undefined;
        for (const batch of batches(device.events, BATCH)) {
          const responses = await Promise.all([pushTo(urlA, device.token, batch), pushTo(urlB, device.token, batch)]);
          responses.forEach(record);
          for (const r of responses) expect(r.results.every((x) => x.status === 'duplicate')).toBe(true);
          last = responses[1];
        }
        finalContiguous.set(device.id, last?.highestContiguousSeq ?? -1);
      }),
    );
    const elapsed = Date.now() - started;

    const expectedIds = devices.flatMap((d) => d.events.map((e) => e.id));
    const total = DEVICES * EVENTS_PER_DEVICE;
    expect(new Set(expectedIds).size).toBe(total);

    // Every event was answered every time it was sent (4 or 6 times), exactly once `accepted`, otherwise `duplicate`.
    expect(answers.size).toBe(total);
    const bad: string[] = [];
    let answerCount = 0;
    for (const id of expectedIds) {
      const list = answers.get(id) ?? [];
      answerCount += list.length;
      const accepted = list.filter((s) => s === 'accepted').length;
      const duplicate = list.filter((s) => s === 'duplicate').length;
      if (list.length !== sent.get(id) || list.length < 4 || accepted !== 1 || duplicate !== list.length - 1) bad.push(`${id}: ${list.join(',')}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);

    // Stored exactly once, whichever instance is asked.
    for (const store of stores) {
      expect(await store.countEvents()).toBe(total);
      const ids = await store.eventIds();
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(total);
      expect([...ids].sort()).toEqual([...expectedIds].sort());
      expect((await store.queryTransactions({ limit: 1, offset: 0 })).total).toBe(total);
    }
    for (const device of devices) expect(finalContiguous.get(device.id)).toBe(EVENTS_PER_DEVICE);
    console.info(
      `two instances: ${DEVICES} devices × ${EVENTS_PER_DEVICE} events, ${answerCount} answers in ${elapsed} ms; ` +
        `accepted by A ${acceptedBy.get(urlA) ?? 0}, by B ${acceptedBy.get(urlB) ?? 0}`,
    );
  }, 120_000);

  it('lets exactly one instance redeem an enrolment code', async () => {
    const [storeA, storeB] = stores as [PostgresStore, PostgresStore];
    const now = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    for (let i = 0; i < 20; i++) {
      const codeHash = hashToken(`code-${i}-${Date.now()}`);
      await storeA.createEnrolmentCode({ codeHash, vanName: `Van E${i}`, createdAt: now, expiresAt });
      const outcomes = await Promise.all([
        storeA.redeemEnrolmentCode(codeHash, now, { id: `dev-enrol-${i}-a`, tokenHash: hashToken(`tok-${i}-a`), existing: false }),
        storeB.redeemEnrolmentCode(codeHash, now, { id: `dev-enrol-${i}-b`, tokenHash: hashToken(`tok-${i}-b`), existing: false }),
      ]);
      expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, vanName: `Van E${i}`, deviceId: expect.stringMatching(new RegExp(`^dev-enrol-${i}-[ab]$`)) }]);
      expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'used' }]);
    }
    const enrolled = (await storeB.listDevices()).filter((d) => d.id.startsWith('dev-enrol-'));
    expect(enrolled).toHaveLength(20);
  });

  it('numbers catalogue versions once and never lets a reader skip a change', async () => {
    const [storeA, storeB] = stores as [PostgresStore, PostgresStore];
    const before = (await storeA.latestCatalogue())?.version ?? 0;
    const start = (await storeA.changesSince('reader', null, 100_000)).at(-1)?.cursor ?? null;
    const seen: number[] = [];
    let done = false;
    // A reader polls with its cursor while both instances publish; it must see every version, in order.
    const reader = (async () => {
      let cursor = start;
      for (;;) {
        const finished = done;
        const page = await storeB.changesSince('reader', cursor, 3);
        for (const change of page) if (change.kind === 'catalogue') seen.push(Number(change.data.version));
        cursor = page.at(-1)?.cursor ?? cursor;
        if (finished && page.length === 0) return;
      }
    })();
    const versions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? storeA : storeB).publishCatalogue(demoCatalogue, new Date().toISOString())),
    );
    done = true;
    await reader;
    const expected = Array.from({ length: 20 }, (_, i) => before + i + 1);
    expect([...versions].sort((a, b) => a - b)).toEqual(expected);
    expect(seen).toEqual(expected);
    expect((await storeB.latestCatalogue())?.version).toBe(before + 20);
  });
});
