import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../renderer/src/sync/engine';
import { expectEachAnsweredOnce, PIPELINE_DEPTHS, recordingFetch, useFaultStack } from './harness';
import { assertSyncInvariants, countServerEvents, waitUntilSynced } from './invariants';

const PUSH = '/v1/sync/push';
const FAILED = 'the server failed; the request can be retried';
const BUSY = 'the server is busy; try again in a second';
/** What the server's front door did with each push of the first batch (seq 1–100), and when. */
let seen: { at: number; status: number; storedBefore: number }[];
/** The statuses the front door will give the first batch's next pushes. */
let plan: number[];

beforeEach(() => {
  seen = [];
  plan = [500, 503];
});
const fault = useFaultStack({
  api: (app) => {
    // A failing front door for the batch that starts at seq 1: 500, then 503 with Retry-After, then the real handler.
    // Other batches always pass, so the scenario is the same whether one or two batches are on the wire at once.
    app.addHook('preHandler', async (request, reply) => {
      if (request.url !== PUSH || !Buffer.isBuffer(request.body)) return;
      const first = (JSON.parse(request.body.toString('utf8')) as { events: { seq: number }[] }).events[0]?.seq;
      if (first !== 1) return;
      const status = plan.shift() ?? 200;
      seen.push({ at: Date.now(), status, storedBefore: await fault.server.api.store.countEvents() });
      if (status === 500) {
        await reply.code(500).send({ error: { code: 'internal_error', message: FAILED } });
      } else if (status === 503) {
        await reply.code(503).header('Retry-After', '1').send({ error: { code: 'unavailable', message: BUSY } });
      }
    });
  },
});

describe.each(PIPELINE_DEPTHS)('pipeline depth %i', (depth) => {
  it('server answers 500, then 503 with Retry-After, then recovers: the kiosk waits as told and sends everything once', async () => {
    const device = await fault.server.api.enrolDevice();
    const statuses: { at: number; status: SyncStatus }[] = [];
    const log = recordingFetch();
    const kiosk = fault.kiosk(fault.server.url, device, {
      fetch: log.fetch,
      batchSize: 100,
      pipelineDepth: depth,
      onStatus: (status) => statuses.push({ at: Date.now(), status }),
    });
    for (let i = 1; i <= 120; i++) await kiosk.record(500 + i);

    kiosk.engine.start();
    await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

    expect(seen.map((s) => s.status)).toEqual([500, 503, 200]);
    const firstBatch = log.pushes.filter((p) => p.seqs[0] === 1);
    expect(firstBatch.map((p) => p.httpStatus)).toEqual([500, 503, 200]);
    if (depth === 1) {
      // One batch at a time: nothing is stored until the first batch gets through, then the second follows it.
      expect(seen.map((s) => s.storedBefore)).toEqual([0, 0, 0]);
      expect(log.pushes.map((p) => p.httpStatus)).toEqual([500, 503, 200, 200]);
    }

    // The supervisor sees the server's own words, and that the server is reachable (not "offline").
    const errors = statuses.filter((s) => s.status.state === 'error');
    expect(errors.map((s) => s.status.message)).toEqual([FAILED, BUSY]);
    expect(errors.every((s) => s.status.online === true)).toBe(true);
    // After the 503 the kiosk honours Retry-After: 1 s, not its own 50–400 ms backoff.
    const busy = errors[1]!;
    expect(busy.status.nextRetryAt! - busy.at).toBeGreaterThanOrEqual(900);
    expect(busy.status.nextRetryAt! - busy.at).toBeLessThanOrEqual(1100);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(950);
    // After the 500 it backs off, briefly.
    expect(seen[1]!.at - seen[0]!.at).toBeLessThan(1000);

    expect(countServerEvents(fault.server.dbFile, device.deviceId)).toBe(120);
    expectEachAnsweredOnce(log.pushes, 120);
    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });
});

// Two batches on the wire (the kiosk's default): the answer of the one behind a failing batch still counts for waiting.
it('a 503 with Retry-After on a batch sent behind a failing one is honoured as well', async () => {
  // Here the failures come from the kiosk's side of the wire (below), not from the front door.
  plan = [];
  const device = await fault.server.api.enrolDevice();
  const log = recordingFetch();
  const statuses: { at: number; status: SyncStatus }[] = [];
  // The first batch fails slowly (500 after 150 ms); the one behind it is answered 503 Retry-After: 2 at once.
  let pushes = 0;
  const kiosk = fault.kiosk(fault.server.url, device, {
    batchSize: 100,
    pipelineDepth: 2,
    onStatus: (status) => statuses.push({ at: Date.now(), status }),
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.endsWith(PUSH)) return fetch(input, init);
      const n = ++pushes;
      if (n === 1) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return new Response(JSON.stringify({ error: { code: 'internal_error', message: FAILED } }), { status: 500 });
      }
      if (n === 2) return new Response(JSON.stringify({ error: { code: 'unavailable', message: BUSY } }), { status: 503, headers: { 'Retry-After': '2' } });
      return log.fetch(input, init);
    },
  });
  for (let i = 1; i <= 150; i++) await kiosk.record(600 + i);
  const started = Date.now();
  kiosk.engine.start();
  await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

  const failed = statuses.find((s) => s.status.state === 'error')!;
  expect(failed.status.message).toBe(FAILED);
  // The 500 alone would mean a 50–400 ms backoff; the 503 behind it asked for 2 s, and that is what the kiosk waited.
  expect(failed.status.nextRetryAt! - failed.at).toBeGreaterThanOrEqual(1900);
  expect(log.pushes[0]!.startedAt - started).toBeGreaterThanOrEqual(1900);
  expect(seen).toEqual([{ at: expect.any(Number), status: 200, storedBefore: 0 }]);
  expectEachAnsweredOnce(log.pushes, 150);
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
});
