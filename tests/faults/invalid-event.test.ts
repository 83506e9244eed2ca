import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import type { StoredEvent } from '../../renderer/src/db/db';
import { transactionEvent } from '../helpers/events';
import { recordingFetch, useFaultStack } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';

const BAD_SEQ = 250;

const fault = useFaultStack();

it('one invalid event in a batch of 500: 499 accepted, 1 quarantined with its reason, and the queue keeps moving', async () => {
  const device = await fault.server.api.enrolDevice();
  const log = recordingFetch();
  const kiosk = fault.kiosk(fault.server.url, device, { fetch: log.fetch, batchSize: 500 });

  // Written straight into the outbox, past the kiosk's own validation (as an older build might have left it):
  // cash tendered minus change does not equal the amount.
  const events: StoredEvent[] = [];
  for (let seq = 1; seq <= 500; seq++) {
    const amountCents = seq === BAD_SEQ ? 4501 : 1000 + seq;
    const payment = seq === BAD_SEQ ? { method: 'cash' as const, tenderedCents: 5000, changeCents: 500 } : { method: 'cash' as const, tenderedCents: amountCents, changeCents: 0 };
    events.push(transactionEvent(device.deviceId, seq, { amountCents, payment }));
  }
  // Sealed first, as the kiosk stores them: personal fields never reach the disk in clear (db/at-rest.ts).
  const sealed = await kiosk.db.atRest.sealAll('events', events);
  await kiosk.db.transaction('rw', kiosk.db.events, () => kiosk.db.events.bulkAdd(sealed));

  await kiosk.engine.trigger();
  expect(log.pushes).toHaveLength(1);
  const results = log.pushes[0]!.results;
  expect(results.filter((r) => r.status === 'accepted')).toHaveLength(499);
  const rejected = results.filter((r) => r.status === 'rejected');
  expect(rejected).toEqual([
    expect.objectContaining({ seq: BAD_SEQ, id: events[BAD_SEQ - 1]!.id, code: 'invalid_payload', message: expect.stringContaining('cash tendered minus change') }),
  ]);
  const [quarantined] = await kiosk.db.quarantine.toArray();
  expect(quarantined).toMatchObject({ seq: BAD_SEQ, type: 'TransactionRecorded', code: 'invalid_payload' });
  expect(quarantined!.message).toContain('cash tendered minus change');
  // The rejected event is kept in the outbox, never deleted.
  expect(await kiosk.db.events.get(BAD_SEQ)).toMatchObject({ id: events[BAD_SEQ - 1]!.id });

  // The queue is not stuck behind it: new work goes out.
  for (let i = 1; i <= 3; i++) await kiosk.record(2000 + i);
  await kiosk.engine.trigger();
  await waitUntilSynced(kiosk.db, kiosk.engine, 5000);
  expect(log.pushes.map((p) => p.seqs)).toEqual([events.map((e) => e.seq), [501, 502, 503]]);

  await assertSyncInvariants({
    db: kiosk.db,
    serverDbFile: fault.server.dbFile,
    deviceId: device.deviceId,
    rejected: [{ seq: BAD_SEQ, code: 'invalid_payload' }],
  });
});
