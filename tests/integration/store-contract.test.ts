import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId, type CatalogueStaff, type PushResult } from '../../shared';
import { demoCatalogue } from '../../server/catalogue-seed';
import type { CentralStore, PushContext, PushOutcome, StoredServiceRequest } from '../../server/store/store';
import { CatalogueVersionConflict } from '../../server/store/store';
import { storeFactories } from '../helpers/stores';
import {
  check,
  cityQuestionAnsweredEvent,
  dayClosedEvent,
  serviceRequestFiledEvent,
  stopClosedEvent,
  stopOpenedEvent,
  transactionEvent,
  transactionVoidedEvent,
  refundIssuedEvent,
  valid,
} from '../helpers/event-builders';

const ctx: PushContext = { timeZone: 'America/New_York', serviceNames: new Map() };

function staff(id: string, name = `Staff ${id}`): CatalogueStaff {
  return {
    id,
    name,
    role: 'clerk',
    active: true,
    pin: { algorithm: 'pbkdf2-sha256', iterations: 210_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=' },
  };
}

function statuses(outcome: PushOutcome): string[] {
  return outcome.results.map((r: PushResult) => (r.status === 'rejected' ? `rejected:${r.code}` : r.status));
}

function openRequest(overrides: Partial<StoredServiceRequest> = {}): StoredServiceRequest {
  return {
    id: newId(),
    deviceId: null,
    source: 'open311',
    localReference: null,
    serviceCode: 'graffiti',
    serviceName: 'Graffiti removal',
    description: 'Tagging on the bridge',
    addressString: '2 Bridge St',
    lat: null,
    long: null,
    firstName: null,
    lastName: null,
    phone: null,
    email: null,
    status: 'open',
    statusNotes: null,
    requestedAt: '2026-11-27T12:00:00.000Z',
    updatedAt: '2026-11-27T12:00:00.000Z',
    ...overrides,
  };
}

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`${factory.name} store${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let store: CentralStore;
    let dispose: () => Promise<void>;
    let deviceCounter = 0;

    beforeEach(async () => {
      ({ store, dispose } = await factory.create());
    });
    afterEach(async () => {
      await dispose();
    });

    async function device(vanName = 'Van A', id = `dev-${++deviceCounter}`): Promise<string> {
      await store.createDevice({ id, vanName, tokenHash: `hash-of-${id}` });
      return id;
    }

    function push(deviceId: string, raws: unknown[], context: PushContext = ctx): Promise<PushOutcome> {
      return store.pushEvents(deviceId, raws.map(check), context);
    }

    it('reports its kind', () => {
      expect(store.kind).toBe(factory.name);
    });

    describe('schema', () => {
      it('migrating again is harmless and keeps the data', async () => {
        await store.migrate();
        const d = await device();
        await push(d, [transactionEvent(d, 1)]);
        await store.migrate();
        await store.migrate();
        expect(await store.countEvents()).toBe(1);
        await store.ping();
      });
    });

    describe('devices', () => {
      it('creates, finds by token hash and lists devices', async () => {
        await store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'hash-a' });
        await store.createDevice({ id: 'dev-b', vanName: 'Van B', tokenHash: 'hash-b' });
        const found = await store.findDeviceByTokenHash('hash-b');
        expect(found).toMatchObject({ id: 'dev-b', vanName: 'Van B', revokedAt: null });
        expect(typeof found?.createdAt).toBe('string');
        expect(await store.findDeviceByTokenHash('hash-nope')).toBeNull();
        expect((await store.listDevices()).map((d) => d.id)).toEqual(['dev-a', 'dev-b']);
      });

      it('refuses a second device with the same id or token hash', async () => {
        await store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'hash-a' });
        await expect(store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'hash-other' })).rejects.toThrow();
        await expect(store.createDevice({ id: 'dev-other', vanName: 'Van A', tokenHash: 'hash-a' })).rejects.toThrow();
        expect(await store.listDevices()).toHaveLength(1);
      });

      it('revokes a device once', async () => {
        await store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'hash-a' });
        expect(await store.revokeDevice('dev-a', '2026-11-27T10:00:00.000Z')).toBe(true);
        expect(await store.revokeDevice('dev-a', '2026-11-27T11:00:00.000Z')).toBe(false);
        expect(await store.revokeDevice('dev-nope', '2026-11-27T11:00:00.000Z')).toBe(false);
        expect((await store.findDeviceByTokenHash('hash-a'))?.revokedAt).toBe('2026-11-27T10:00:00.000Z');
      });

      it('replaces a token and lifts the revocation', async () => {
        await store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'hash-a' });
        await store.revokeDevice('dev-a', '2026-11-27T10:00:00.000Z');
        expect(await store.replaceDeviceToken('dev-a', 'hash-a2')).toBe(true);
        expect(await store.findDeviceByTokenHash('hash-a')).toBeNull();
        expect(await store.findDeviceByTokenHash('hash-a2')).toMatchObject({ id: 'dev-a', revokedAt: null });
        expect(await store.replaceDeviceToken('dev-nope', 'hash-x')).toBe(false);
      });
    });

    describe('device status (the fleet view)', () => {
      const report = (receivedAt: string, pendingTransactions: number, via: 'push' | 'probe' = 'push') => ({
        receivedAt,
        via,
        pendingTransactions,
        pendingOtherRecords: 3,
        oldestPendingAgeSeconds: pendingTransactions > 0 ? 5400 : null,
        appVersion: '0.1.0',
        storageUsedBytes: 5_000_000_000,
        storageQuotaBytes: 60_000_000_000,
      });

      it('keeps the latest report per device, and an older one arriving late does not replace it', async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        expect(await store.listDeviceStatuses()).toEqual([]);
        await store.saveDeviceStatus({ deviceId: a, ...report('2026-11-27T17:00:00.000Z', 4) });
        await store.saveDeviceStatus({ deviceId: a, ...report('2026-11-27T17:05:00.000Z', 9, 'probe') });
        await store.saveDeviceStatus({ deviceId: a, ...report('2026-11-27T17:01:00.000Z', 1) });
        await store.saveDeviceStatus({ deviceId: b, ...report('2026-11-27T17:02:00.000Z', 0) });
        expect(await store.listDeviceStatuses()).toEqual([
          { deviceId: a, ...report('2026-11-27T17:05:00.000Z', 9, 'probe') },
          { deviceId: b, ...report('2026-11-27T17:02:00.000Z', 0) },
        ]);
      });
    });

    describe('enrolment codes', () => {
      const now = '2026-11-27T12:00:00.000Z';
      const code = (codeHash: string, expiresAt = '2026-11-28T12:00:00.000Z') =>
        store.createEnrolmentCode({ codeHash, vanName: 'Van 7', createdAt: '2026-11-27T11:00:00.000Z', expiresAt });

      it('works once and makes the device', async () => {
        await code('code-1');
        expect(await store.redeemEnrolmentCode('code-1', now, { id: 'dev-new', tokenHash: 'tok-new', existing: false })).toEqual({ ok: true, vanName: 'Van 7', deviceId: 'dev-new' });
        expect(await store.findDeviceByTokenHash('tok-new')).toEqual({ id: 'dev-new', vanName: 'Van 7', createdAt: now, revokedAt: null });
        expect(await store.redeemEnrolmentCode('code-1', now, { id: 'dev-new2', tokenHash: 'tok-new2', existing: false })).toEqual({ ok: false, reason: 'used' });
        expect(await store.findDeviceByTokenHash('tok-new2')).toBeNull();
      });

      it('refuses an expired code (expiry is exclusive) and an unknown one', async () => {
        await code('code-past', '2026-11-27T11:59:59.999Z');
        await code('code-edge', now);
        expect(await store.redeemEnrolmentCode('code-past', now, { id: 'd1', tokenHash: 't1', existing: false })).toEqual({ ok: false, reason: 'expired' });
        expect(await store.redeemEnrolmentCode('code-edge', now, { id: 'd2', tokenHash: 't2', existing: false })).toEqual({ ok: false, reason: 'expired' });
        expect(await store.redeemEnrolmentCode('code-nope', now, { id: 'd3', tokenHash: 't3', existing: false })).toEqual({ ok: false, reason: 'unknown' });
        expect(await store.listDevices()).toEqual([]);
      });

      it('lets exactly one of several simultaneous redemptions win', async () => {
        await code('code-race');
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.redeemEnrolmentCode('code-race', now, { id: `dev-race-${i}`, tokenHash: `tok-race-${i}`, existing: false })),
        );
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        expect(outcomes.filter((o) => !o.ok && o.reason === 'used')).toHaveLength(5);
        expect(await store.listDevices()).toHaveLength(1);
      });

      it('leaves the code unused when the device cannot be made', async () => {
        await code('code-2');
        await store.createDevice({ id: 'dev-taken', vanName: 'Van 1', tokenHash: 'tok-taken' });
        await expect(store.redeemEnrolmentCode('code-2', now, { id: 'dev-taken', tokenHash: 'tok-fresh', existing: false })).rejects.toThrow();
        expect(await store.redeemEnrolmentCode('code-2', now, { id: 'dev-fresh', tokenHash: 'tok-fresh', existing: false })).toEqual({ ok: true, vanName: 'Van 7', deviceId: 'dev-fresh' });
      });

      const codeFor = (codeHash: string, forDeviceId: string, vanName = 'Van 7') =>
        store.createEnrolmentCode({ codeHash, vanName, createdAt: '2026-11-27T11:00:00.000Z', expiresAt: '2026-11-28T12:00:00.000Z', forDeviceId });

      it('re-enrols the device the code names: same id, events and seqs, a new token', async () => {
        await store.createDevice({ id: 'dev-old', vanName: 'Van 1', tokenHash: 'tok-old' });
        await push('dev-old', [transactionEvent('dev-old', 1), transactionEvent('dev-old', 2)]);
        await codeFor('code-re', 'dev-old');
        expect(await store.redeemEnrolmentCode('code-re', now, { id: 'dev-old', tokenHash: 'tok-renewed', existing: true })).toEqual({ ok: true, vanName: 'Van 7', deviceId: 'dev-old' });
        expect(await store.findDeviceByTokenHash('tok-old')).toBeNull();
        expect(await store.findDeviceByTokenHash('tok-renewed')).toMatchObject({ id: 'dev-old', vanName: 'Van 7', revokedAt: null });
        expect(await store.listDevices()).toHaveLength(1);
        expect((await push('dev-old', [transactionEvent('dev-old', 3)])).highestContiguousSeq).toBe(3);
        expect(await store.redeemEnrolmentCode('code-re', now, { id: 'dev-old', tokenHash: 'tok-again', existing: true })).toEqual({ ok: false, reason: 'used' });
      });

      it('a re-enrolment code redeemed without a device id (a kiosk that lost its data) enrols that very device', async () => {
        await store.createDevice({ id: 'dev-old', vanName: 'Van 1', tokenHash: 'tok-old' });
        await codeFor('code-lost', 'dev-old', 'Van 1');
        expect(await store.redeemEnrolmentCode('code-lost', now, { id: 'dev-proposed', tokenHash: 'tok-lost', existing: false })).toEqual({ ok: true, vanName: 'Van 1', deviceId: 'dev-old' });
        expect(await store.findDeviceByTokenHash('tok-lost')).toMatchObject({ id: 'dev-old' });
        expect((await store.listDevices()).map((d) => d.id)).toEqual(['dev-old']);
      });

      it('a code for one device cannot take over another, nor can a code for a new device; the code stays usable by its own device', async () => {
        await store.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'tok-a' });
        await store.createDevice({ id: 'dev-b', vanName: 'Van B', tokenHash: 'tok-b' });
        await codeFor('code-for-a', 'dev-a', 'Van A');
        await code('code-new');
        expect(await store.redeemEnrolmentCode('code-for-a', now, { id: 'dev-b', tokenHash: 'tok-thief', existing: true })).toEqual({ ok: false, reason: 'wrong_device' });
        expect(await store.redeemEnrolmentCode('code-new', now, { id: 'dev-b', tokenHash: 'tok-thief', existing: true })).toEqual({ ok: false, reason: 'new_device_code' });
        expect(await store.findDeviceByTokenHash('tok-thief')).toBeNull();
        expect(await store.findDeviceByTokenHash('tok-b')).toMatchObject({ id: 'dev-b', vanName: 'Van B' });
        expect(await store.redeemEnrolmentCode('code-for-a', now, { id: 'dev-a', tokenHash: 'tok-a2', existing: true })).toEqual({ ok: true, vanName: 'Van A', deviceId: 'dev-a' });
        expect(await store.redeemEnrolmentCode('code-new', now, { id: 'dev-c', tokenHash: 'tok-c', existing: false })).toEqual({ ok: true, vanName: 'Van 7', deviceId: 'dev-c' });
      });

      it('never lifts a revocation: only unrevokeDevice does, and then the device may re-enrol', async () => {
        await store.createDevice({ id: 'dev-old', vanName: 'Van 1', tokenHash: 'tok-old' });
        await store.revokeDevice('dev-old', '2026-11-27T11:30:00.000Z');
        await codeFor('code-re', 'dev-old', 'Van 1');
        expect(await store.redeemEnrolmentCode('code-re', now, { id: 'dev-old', tokenHash: 'tok-renewed', existing: true })).toEqual({ ok: false, reason: 'device_revoked' });
        expect(await store.findDeviceByTokenHash('tok-old')).toMatchObject({ revokedAt: '2026-11-27T11:30:00.000Z' });
        expect(await store.findDeviceByTokenHash('tok-renewed')).toBeNull();
        expect(await store.unrevokeDevice('dev-old')).toBe(true);
        expect(await store.unrevokeDevice('dev-old')).toBe(false);
        expect(await store.unrevokeDevice('dev-nope')).toBe(false);
        expect(await store.redeemEnrolmentCode('code-re', now, { id: 'dev-old', tokenHash: 'tok-renewed', existing: true })).toEqual({ ok: true, vanName: 'Van 1', deviceId: 'dev-old' });
        expect(await store.findDeviceByTokenHash('tok-renewed')).toMatchObject({ id: 'dev-old', revokedAt: null });
      });

      it('refuses to re-enrol an unknown device and leaves the code unused', async () => {
        await codeFor('code-3', 'dev-ghost');
        expect(await store.redeemEnrolmentCode('code-3', now, { id: 'dev-ghost', tokenHash: 'tok-ghost', existing: true })).toEqual({ ok: false, reason: 'unknown_device' });
        expect(await store.findDeviceByTokenHash('tok-ghost')).toBeNull();
        await store.createDevice({ id: 'dev-ghost', vanName: 'Van G', tokenHash: 'tok-g' });
        expect(await store.redeemEnrolmentCode('code-3', now, { id: 'dev-ghost', tokenHash: 'tok-ghost', existing: true })).toEqual({ ok: true, vanName: 'Van 7', deviceId: 'dev-ghost' });
        // A code's own state is reported before the device is looked at.
        expect(await store.redeemEnrolmentCode('code-3', now, { id: 'dev-ghost', tokenHash: 'tok-ghost2', existing: true })).toEqual({ ok: false, reason: 'used' });
        expect(await store.redeemEnrolmentCode('code-nope', now, { id: 'dev-ghost', tokenHash: 'tok-ghost2', existing: true })).toEqual({ ok: false, reason: 'unknown' });
      });

      it('keeps van names as history: a transaction keeps the name it was recorded under after a re-enrolment renames the van', async () => {
        await store.createDevice({ id: 'dev-h', vanName: 'Van Old', tokenHash: 'tok-h' });
        const before = transactionEvent('dev-h', 1);
        await push('dev-h', [before, stopOpenedEvent('dev-h', 2)]);
        await store.createEnrolmentCode({ codeHash: 'code-rename', vanName: 'Van New', createdAt: now, expiresAt: '2999-01-01T00:00:00.000Z', forDeviceId: 'dev-h' });
        // Redeemed a moment after the first push reached the office.
        const renameAt = new Date(Date.now() + 60_000).toISOString();
        expect(await store.redeemEnrolmentCode('code-rename', renameAt, { id: 'dev-h', tokenHash: 'tok-h2', existing: true })).toMatchObject({ ok: true, vanName: 'Van New' });
        expect((await store.listDevices())[0]?.vanName).toBe('Van New');
        const all = await store.queryTransactions({ limit: 10, offset: 0 });
        expect(all.items.map((t) => t.vanName)).toEqual(['Van Old']);
        expect((await store.queryTransactions({ vanName: 'Van Old', limit: 10, offset: 0 })).total).toBe(1);
        expect((await store.queryTransactions({ vanName: 'Van New', limit: 10, offset: 0 })).total).toBe(0);
        expect((await store.stopsOn('2026-11-27')).map((x) => x.vanName)).toEqual(['Van Old']);
      });
    });

    describe('api keys', () => {
      it('lists keys by id, refuses revoked and expired ones (expiry is exclusive)', async () => {
        await store.createApiKey({ keyHash: 'aaaaaaaaaaaaaaaa-key-1', role: 'office', name: 'Office', createdAt: '2026-11-27T12:00:00.000Z', expiresAt: '2026-12-27T12:00:00.000Z' });
        await store.createApiKey({ keyHash: 'bbbbbbbbbbbbbbbb-key-2', role: 'open311', name: 'Bridge', createdAt: '2026-11-27T13:00:00.000Z' });
        expect(await store.listApiKeys()).toEqual([
          { id: 'aaaaaaaaaaaaaaaa', role: 'office', name: 'Office', createdAt: '2026-11-27T12:00:00.000Z', expiresAt: '2026-12-27T12:00:00.000Z', revokedAt: null },
          { id: 'bbbbbbbbbbbbbbbb', role: 'open311', name: 'Bridge', createdAt: '2026-11-27T13:00:00.000Z', expiresAt: null, revokedAt: null },
        ]);
        expect(await store.findApiKey('aaaaaaaaaaaaaaaa-key-1', '2026-12-27T11:59:59.999Z')).toEqual({ role: 'office', name: 'Office' });
        expect(await store.findApiKey('aaaaaaaaaaaaaaaa-key-1', '2026-12-27T12:00:00.000Z')).toBeNull();
        expect(await store.findApiKey('bbbbbbbbbbbbbbbb-key-2', '2099-01-01T00:00:00.000Z')).toEqual({ role: 'open311', name: 'Bridge' });
        expect(await store.revokeApiKey('bbbbbbbbbbbbbbbb', '2026-11-28T00:00:00.000Z')).toBe(true);
        expect(await store.revokeApiKey('bbbbbbbbbbbbbbbb', '2026-11-28T00:00:00.000Z')).toBe(false);
        expect(await store.revokeApiKey('nope', '2026-11-28T00:00:00.000Z')).toBe(false);
        expect(await store.findApiKey('bbbbbbbbbbbbbbbb-key-2', '2026-11-28T00:00:00.000Z')).toBeNull();
        expect(await store.findApiKey('bbbbbbbbbbbbbbbb-key-2')).toBeNull();
        expect((await store.listApiKeys())[1]?.revokedAt).toBe('2026-11-28T00:00:00.000Z');
      });

      it('stores and finds a key by its hash', async () => {
        await store.createApiKey({ keyHash: 'key-1', role: 'open311', name: 'BOS:311 bridge', createdAt: '2026-11-27T12:00:00.000Z' });
        expect(await store.findApiKey('key-1')).toEqual({ role: 'open311', name: 'BOS:311 bridge' });
        expect(await store.findApiKey('key-2')).toBeNull();
        await expect(store.createApiKey({ keyHash: 'key-1', role: 'admin', name: 'again', createdAt: '2026-11-27T12:00:00.000Z' })).rejects.toThrow();
      });
    });

    describe('staff per van', () => {
      it('keeps the vans each staff member is assigned to, replacing them as a whole', async () => {
        await store.setStaffVans('ana', ['Van 1', 'Van 2', 'Van 1']);
        await store.setStaffVans('sam', ['Van 2']);
        expect(await store.listStaffVans()).toEqual([
          { staffId: 'ana', vanName: 'Van 1' },
          { staffId: 'ana', vanName: 'Van 2' },
          { staffId: 'sam', vanName: 'Van 2' },
        ]);
        await store.setStaffVans('ana', []);
        expect(await store.listStaffVans()).toEqual([{ staffId: 'sam', vanName: 'Van 2' }]);
      });
    });

    describe('ownership of stops, transactions and orders', () => {
      it("refuses another device's events that refer to a van's stop or transaction (foreign_reference), and the van's own day close still lands", async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        const stop = stopOpenedEvent(a, 1);
        const stopId = stop.payload.stopId!;
        const sale = transactionEvent(a, 2, { stopId });
        expect(statuses(await push(a, [stop, sale]))).toEqual(['accepted', 'accepted']);

        const intruder = [
          dayClosedEvent(b, 1, stopId, { countedCashCents: 1, reason: 'overwritten' }),
          transactionVoidedEvent(b, 2, sale.payload.transactionId),
          stopClosedEvent(b, 3, stopId),
          stopOpenedEvent(b, 4, { stopId }),
          transactionEvent(b, 5, { transactionId: sale.payload.transactionId }),
          transactionEvent(b, 6, { stopId }),
        ];
        const refused = await push(b, intruder);
        expect(statuses(refused)).toEqual(Array.from({ length: 6 }, () => 'rejected:foreign_reference'));
        expect(refused.results[0]).toMatchObject({ message: expect.stringContaining('payload.stopId') });
        expect(refused.highestContiguousSeq).toBe(6);
        // B's own stop is B's to close.
        const own = stopOpenedEvent(b, 7);
        expect(statuses(await push(b, [own, dayClosedEvent(b, 8, own.payload.stopId!)]))).toEqual(['accepted', 'accepted']);

        expect(statuses(await push(a, [dayClosedEvent(a, 3, stopId)]))).toEqual(['accepted']);
        const closes = await store.dayClosesOn('2026-11-27');
        expect(closes.filter((c) => c.stopId === stopId)).toEqual([expect.objectContaining({ deviceId: a, countedCashCents: 25_000 })]);
        const sales = await store.queryTransactions({ limit: 10, offset: 0 });
        expect(sales.items.filter((t) => t.id === sale.payload.transactionId)).toEqual([expect.objectContaining({ deviceId: a, status: 'recorded' })]);
        const stops = await store.stopsOn('2026-11-27');
        expect(stops.find((x) => x.id === stopId)).toMatchObject({ deviceId: a, closedAt: null });
        // Kept for the supervisor: envelope, code and the field paths, nothing of the payload.
        const kept = await store.listRejected(b);
        expect(kept.map((r) => r.code)).toEqual(Array.from({ length: 6 }, () => 'foreign_reference'));
        expect(JSON.parse(kept[0]!.raw)).toEqual({ envelope: { id: intruder[0]!.id, deviceId: b, seq: 1, type: 'DayClosed' }, paths: ['payload.stopId'] });
        expect(kept.map((r) => r.raw).join()).not.toContain('overwritten');
      });

      it('a duplicate of a van\'s own event is still a duplicate', async () => {
        const a = await device('Van A');
        const stop = stopOpenedEvent(a, 1);
        await push(a, [stop]);
        expect(statuses(await push(a, [stop, stopClosedEvent(a, 2, stop.payload.stopId!)]))).toEqual(['duplicate', 'accepted']);
      });
    });

    describe('rejected events', () => {
      it('keeps the envelope, the code and the field path of a refused event, never the refused value', async () => {
        const d = await device();
        const card = transactionEvent(d, 1, { reference: '4111 1111 1111 1111', residentName: 'Ada Lovelace' });
        const outcome = await push(d, [card]);
        expect(statuses(outcome)).toEqual(['rejected:invalid_payload']);
        const [kept] = await store.listRejected(d);
        expect(kept).toMatchObject({ seq: 1, id: card.id, code: 'invalid_payload' });
        expect(JSON.parse(kept!.raw)).toEqual({
          envelope: { id: card.id, deviceId: d, seq: 1, type: 'TransactionRecorded', occurredAt: card.occurredAt, schemaVersion: card.schemaVersion, actorId: null, catalogueVersion: 1 },
          paths: ['payload.reference'],
        });
        const everything = JSON.stringify(kept);
        expect(everything).not.toMatch(/4111/);
        expect(everything).not.toContain('Ada');
      });

      it('keeps no refused envelope value either (a card number as the event type)', async () => {
        const d = await device();
        const odd = { ...transactionEvent(d, 1), type: '4111111111111111' };
        expect(statuses(await push(d, [odd]))).toEqual(['rejected:unknown_event_type']);
        const everything = JSON.stringify(await store.listRejected(d));
        expect(everything).not.toMatch(/4111/);
      });
    });

    describe('staff and catalogue', () => {
      it('upserts staff and publishes numbered catalogue versions that include them', async () => {
        expect(await store.latestCatalogue()).toBeNull();
        await store.upsertStaff(staff('zoe'));
        await store.upsertStaff(staff('amy'));
        await store.upsertStaff(staff('zoe', 'Zoë Renamed'));
        expect((await store.listStaff()).map((s) => [s.id, s.name])).toEqual([
          ['amy', 'Staff amy'],
          ['zoe', 'Zoë Renamed'],
        ]);

        expect(await store.publishCatalogue(demoCatalogue, '2026-11-27T08:00:00.000Z')).toBe(1);
        const first = await store.latestCatalogue();
        expect(first?.version).toBe(1);
        expect(first?.publishedAt).toBe('2026-11-27T08:00:00.000Z');
        expect(first?.body.city).toEqual(demoCatalogue.city);
        expect(first?.body.services.map((s) => s.code)).toEqual(demoCatalogue.services.map((s) => s.code));
        expect(first?.body.staff.map((s) => s.id)).toEqual(['amy', 'zoe']);

        await store.upsertStaff(staff('bob'));
        expect(await store.publishCatalogue(demoCatalogue, '2026-11-27T09:00:00.000Z')).toBe(2);
        const second = await store.latestCatalogue();
        expect(second?.version).toBe(2);
        expect(second?.body.staff.map((s) => s.id)).toEqual(['amy', 'bob', 'zoe']);
      });

      it('lists every version newest first, reads one back as published, and publishes on a base version only while it is the latest', async () => {
        expect(await store.listCatalogueVersions()).toEqual([]);
        expect(await store.catalogueVersion(1)).toBeNull();
        await store.publishCatalogue(demoCatalogue, '2026-11-27T08:00:00.000Z');
        await store.publishCatalogue({ ...demoCatalogue, city: { ...demoCatalogue.city, name: 'Boston' } }, '2026-11-27T09:00:00.000Z', { basedOn: 1 });
        expect(await store.listCatalogueVersions()).toEqual([
          { version: 2, publishedAt: '2026-11-27T09:00:00.000Z' },
          { version: 1, publishedAt: '2026-11-27T08:00:00.000Z' },
        ]);
        expect((await store.catalogueVersion(1))?.body.city.name).toBe(demoCatalogue.city.name);
        expect((await store.catalogueVersion(2))?.body.city.name).toBe('Boston');
        await expect(store.publishCatalogue(demoCatalogue, '2026-11-27T10:00:00.000Z', { basedOn: 1 })).rejects.toThrow(CatalogueVersionConflict);
        expect((await store.latestCatalogue())?.version).toBe(2);
        expect((await store.changesSince('any-device', null, 100)).map((c) => c.data.version)).toEqual([1, 2]);
      });

      it('gives simultaneous publications distinct versions, announced in version order', async () => {
        const versions = await Promise.all(Array.from({ length: 5 }, (_, i) => store.publishCatalogue(demoCatalogue, `2026-11-27T08:00:0${i}.000Z`)));
        expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
        const changes = await store.changesSince('any-device', null, 100);
        expect(changes.map((c) => c.data.version)).toEqual([1, 2, 3, 4, 5]);
        expect((await store.latestCatalogue())?.version).toBe(5);
      });
    });

    describe('pushEvents', () => {
      it('accepts a batch and answers in its order', async () => {
        const d = await device();
        const events = [1, 2, 3].map((seq) => transactionEvent(d, seq));
        const outcome = await push(d, events);
        expect(outcome.results).toEqual(events.map((e) => ({ id: e.id, seq: e.seq, status: 'accepted' })));
        expect(outcome.highestContiguousSeq).toBe(3);
        expect(await store.countEvents()).toBe(3);
        expect(await store.eventIds()).toEqual(events.map((e) => e.id).sort());
      });

      it('answers duplicate for the same events again, storing and projecting them once', async () => {
        const d = await device();
        const events = [1, 2, 3].map((seq) => transactionEvent(d, seq));
        await push(d, events);
        const again = await push(d, events);
        expect(statuses(again)).toEqual(['duplicate', 'duplicate', 'duplicate']);
        expect(again.highestContiguousSeq).toBe(3);
        expect(await store.countEvents()).toBe(3);
        expect((await store.queryTransactions({ limit: 10, offset: 0 })).total).toBe(3);
      });

      it('refuses a seq reused by another event (seq_conflict)', async () => {
        const d = await device();
        await push(d, [transactionEvent(d, 1)]);
        const other = transactionEvent(d, 1);
        const outcome = await push(d, [other]);
        expect(outcome.results[0]).toMatchObject({ id: other.id, seq: 1, status: 'rejected', code: 'seq_conflict' });
        expect(await store.countEvents()).toBe(1);
      });

      it('refuses an id reused with another seq or by another device (id_conflict)', async () => {
        const d = await device();
        const e = await device('Van B');
        const first = transactionEvent(d, 1);
        await push(d, [first]);
        const sameIdOtherSeq = { ...transactionEvent(d, 2), id: first.id };
        expect((await push(d, [sameIdOtherSeq])).results[0]).toMatchObject({ status: 'rejected', code: 'id_conflict' });
        const sameIdOtherDevice = { ...transactionEvent(e, 1), id: first.id };
        const outcome = await push(e, [sameIdOtherDevice]);
        expect(outcome.results[0]).toMatchObject({ id: first.id, seq: 1, status: 'rejected', code: 'id_conflict' });
        expect(outcome.highestContiguousSeq).toBe(0);
        expect(await store.countEvents()).toBe(1);
      });

      it('records an invalid event as rejected, which still counts as answered', async () => {
        const d = await device();
        const bad = transactionEvent(d, 2, { amountCents: -5 });
        const outcome = await push(d, [transactionEvent(d, 1), bad, transactionEvent(d, 3)]);
        expect(statuses(outcome)).toEqual(['accepted', 'rejected:invalid_payload', 'accepted']);
        expect(outcome.results[1]).toMatchObject({ id: bad.id, seq: 2 });
        expect(outcome.highestContiguousSeq).toBe(3);
        expect(await store.countEvents()).toBe(2);
        // The same invalid event again is answered the same way.
        const again = await push(d, [bad]);
        expect(statuses(again)).toEqual(['rejected:invalid_payload']);
        expect(again.highestContiguousSeq).toBe(3);
      });

      it('answers a mixed batch per event, in order', async () => {
        const d = await device();
        const e1 = transactionEvent(d, 1);
        await push(d, [e1, transactionEvent(d, 2)]);
        const outcome = await push(d, [
          e1,
          transactionEvent(d, 2),
          { ...transactionEvent(d, 3), type: 'NoSuchEvent' },
          transactionEvent(d, 4),
          { ...transactionEvent(d, 5), id: e1.id },
        ]);
        expect(statuses(outcome)).toEqual(['duplicate', 'rejected:seq_conflict', 'rejected:unknown_event_type', 'accepted', 'rejected:id_conflict']);
        expect(outcome.results.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(outcome.highestContiguousSeq).toBe(4);
        expect(await store.countEvents()).toBe(3);
      });

      it('reports the highest contiguous seq across a gap and its fill', async () => {
        const d = await device();
        expect((await push(d, [transactionEvent(d, 1), transactionEvent(d, 3)])).highestContiguousSeq).toBe(1);
        expect((await push(d, [transactionEvent(d, 5), transactionEvent(d, 6)])).highestContiguousSeq).toBe(1);
        expect((await push(d, [transactionEvent(d, 2)])).highestContiguousSeq).toBe(3);
        // A rejected event fills a gap as well as an accepted one.
        expect((await push(d, [transactionEvent(d, 4, { amountCents: -1 })])).highestContiguousSeq).toBe(6);
        expect((await store.pushEvents(d, [], ctx)).highestContiguousSeq).toBe(6);
      });

      it('keeps each device’s seqs apart', async () => {
        const a = await device();
        const b = await device('Van B');
        expect((await push(a, [transactionEvent(a, 1), transactionEvent(a, 2)])).highestContiguousSeq).toBe(2);
        expect((await push(b, [transactionEvent(b, 1)])).highestContiguousSeq).toBe(1);
        expect(await store.countEvents()).toBe(3);
      });

      it('fails a batch of an unknown device without storing anything', async () => {
        await expect(push('dev-unknown', [transactionEvent('dev-unknown', 1)])).rejects.toThrow();
        expect(await store.countEvents()).toBe(0);
      });

      it('stores batches pushed at the same time by several devices, each answered for itself; a failing one fails alone', async () => {
        const devices = await Promise.all(['Van A', 'Van B', 'Van C', 'Van D'].map((van, i) => device(van, `dev-concurrent-${i}`)));
        const first = devices.map((d) => Array.from({ length: 50 }, (_, i) => transactionEvent(d, i + 1)));
        // All at once, plus an unknown device's batch and a repeat of device 0's batch in the same moment.
        const settled = await Promise.allSettled([
          ...devices.map((d, i) => push(d, first[i]!)),
          push('dev-unknown', [transactionEvent('dev-unknown', 1)]),
          push(devices[0]!, first[0]!),
        ]);
        for (const [i, d] of devices.entries()) {
          const result = settled[i]!;
          expect(result.status, d).toBe('fulfilled');
          if (result.status === 'fulfilled') {
            expect(result.value.results.map((r) => r.id)).toEqual(first[i]!.map((e) => e.id));
            expect(result.value.highestContiguousSeq).toBe(50);
          }
        }
        expect(settled[4]!.status).toBe('rejected');
        const repeat = settled[5]!;
        expect(repeat.status).toBe('fulfilled');
        // The two copies of device 0's batch: every event accepted by exactly one of them, the other says duplicate.
        if (repeat.status === 'fulfilled' && settled[0]!.status === 'fulfilled') {
          const original = settled[0]!.value.results;
          repeat.value.results.forEach((r, i) => {
            expect([r.status, original[i]!.status].sort()).toEqual(['accepted', 'duplicate']);
          });
        }
        expect(await store.countEvents()).toBe(200);
        expect((await store.queryTransactions({ limit: 1, offset: 0 })).total).toBe(200);
      });

      it('stores a full batch of 1000 events', async () => {
        const d = await device();
        const events = Array.from({ length: 1000 }, (_, i) => transactionEvent(d, i + 1));
        const outcome = await push(d, events);
        expect(outcome.results.every((r) => r.status === 'accepted')).toBe(true);
        expect(outcome.highestContiguousSeq).toBe(1000);
        expect((await store.queryTransactions({ limit: 1, offset: 0 })).total).toBe(1000);
        const again = await push(d, events);
        expect(again.results.every((r) => r.status === 'duplicate')).toBe(true);
      });
    });

    describe('projections', () => {
      it('records a transaction on the city’s business date', async () => {
        const d = await device('Van A');
        const raw = { ...transactionEvent(d, 1, { stopId: null, staffId: 'clerk-9', reference: 'T7654321' }), occurredAt: '2026-11-28T03:30:00.000Z' };
        await push(d, [raw]);
        const { total, items } = await store.queryTransactions({ limit: 10, offset: 0 });
        expect(total).toBe(1);
        expect(items[0]).toMatchObject({
          id: raw.payload.transactionId,
          eventId: raw.id,
          deviceId: d,
          vanName: 'Van A',
          stopId: null,
          serviceCode: 'parking-ticket',
          serviceName: 'Pay parking ticket',
          reference: 'T7654321',
          quantity: 1,
          amountCents: 4500,
          paymentMethod: 'cash',
          receiptNumber: 'R-000001',
          staffId: 'clerk-9',
          occurredAt: '2026-11-28T03:30:00.000Z',
          businessDate: '2026-11-27',
          status: 'recorded',
          voidReason: null,
        });
        expect(typeof items[0]?.receivedAt).toBe('string');
        expect((await store.queryTransactions({ dateFrom: '2026-11-27', dateTo: '2026-11-27', limit: 10, offset: 0 })).total).toBe(1);
        expect((await store.queryTransactions({ dateFrom: '2026-11-28', limit: 10, offset: 0 })).total).toBe(0);
      });

      it('marks a voided transaction, in a later batch or in the same one', async () => {
        const d = await device();
        const t1 = transactionEvent(d, 1);
        await push(d, [t1]);
        await push(d, [transactionVoidedEvent(d, 2, t1.payload.transactionId, 'wrong ticket')]);
        const t3 = transactionEvent(d, 3);
        await push(d, [t3, transactionVoidedEvent(d, 4, t3.payload.transactionId), transactionEvent(d, 5)]);
        const { items } = await store.queryTransactions({ limit: 10, offset: 0 });
        const byId = new Map(items.map((t) => [t.id, t]));
        expect(byId.get(t1.payload.transactionId)).toMatchObject({ status: 'voided', voidReason: 'wrong ticket' });
        expect(byId.get(t3.payload.transactionId)).toMatchObject({ status: 'voided', voidReason: 'keyed the wrong amount' });
        expect(items.filter((t) => t.status === 'recorded')).toHaveLength(1);
      });

      it('does not let one device void another’s transaction', async () => {
        const a = await device();
        const b = await device('Van B');
        const t = transactionEvent(a, 1);
        await push(a, [t]);
        await push(b, [transactionVoidedEvent(b, 1, t.payload.transactionId)]);
        expect((await store.queryTransactions({ status: 'voided', limit: 10, offset: 0 })).total).toBe(0);
      });

      it('records a refund on the city day it is given, linked to its sale; twice is once; never for another device’s sale', async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        const sale = { ...transactionEvent(a, 1, { amountCents: 2800, payment: { method: 'cash', tenderedCents: 3000, changeCents: 200 } }), occurredAt: '2026-11-27T15:00:00.000Z' };
        // Given the next evening in Boston: 2026-11-29 03:30 UTC is still the 28th there.
        const refund = refundIssuedEvent(a, 2, sale.payload.transactionId, { amountCents: 1400, method: 'card' }, '2026-11-29T03:30:00.000Z');
        await push(a, [sale, refund]);
        await push(a, [refund]);
        await push(b, [refundIssuedEvent(b, 1, sale.payload.transactionId)]);
        expect(await store.refundsBetween('2026-11-27', '2026-11-27')).toEqual([]);
        expect(await store.refundsBetween('2026-11-28', '2026-11-28')).toEqual([
          {
            id: refund.payload.refundId,
            deviceId: a,
            vanName: 'Van A',
            transactionId: sale.payload.transactionId,
            receiptNumber: 'R-000001',
            stopId: refund.payload.stopId,
            amountCents: 1400,
            method: 'card',
            reason: 'Record could not be found',
            staffId: 'clerk-1',
            approvedBy: 'supervisor-1',
            occurredAt: '2026-11-29T03:30:00.000Z',
            businessDate: '2026-11-28',
          },
        ]);
        expect(await store.refundsBetween(undefined, undefined)).toHaveLength(1);
        // The sale itself is untouched: still recorded, on its own day.
        expect((await store.queryTransactions({ dateFrom: '2026-11-27', dateTo: '2026-11-27', limit: 10, offset: 0 })).items[0]).toMatchObject({ status: 'recorded', amountCents: 2800 });
      });

      it('opens and closes stops and records day closes', async () => {
        const d = await device('Van C');
        const opened = stopOpenedEvent(d, 1, { neighbourhood: 'Roxbury', openingFloatCents: 15_000 }, '2026-11-27T14:00:00.000Z');
        const stopId = opened.payload.stopId;
        await push(d, [opened]);
        expect(await store.stopsOn('2026-11-27')).toEqual([
          {
            id: stopId,
            deviceId: d,
            vanName: 'Van C',
            neighbourhood: 'Roxbury',
            place: 'Fields Corner',
            openedAt: '2026-11-27T14:00:00.000Z',
            closedAt: null,
            openingFloatCents: 15_000,
            businessDate: '2026-11-27',
          },
        ]);
        await push(d, [stopClosedEvent(d, 2, stopId, '2026-11-28T02:00:00.000Z'), dayClosedEvent(d, 3, stopId)]);
        expect((await store.stopsOn('2026-11-27'))[0]?.closedAt).toBe('2026-11-28T02:00:00.000Z');
        expect(await store.stopsOn('2026-11-28')).toEqual([]);
        const closes = await store.dayClosesOn('2026-11-27');
        expect(closes).toHaveLength(1);
        expect(closes[0]).toMatchObject({
          stopId,
          deviceId: d,
          businessDate: '2026-11-27',
          countedCashCents: 25_000,
          expectedCashCents: 25_500,
          differenceCents: -500,
          reason: 'a five was given as change twice',
          checkTotalCents: 1_200,
          cardTotalCents: 4_500,
          closedBy: 'clerk-1',
          secondSignOffBy: 'supervisor-1',
        });
        expect(await store.dayClosesOn('2026-11-26')).toEqual([]);
      });

      it('files a kiosk 311 request, named from the catalogue when it can be', async () => {
        const d = await device();
        const named = serviceRequestFiledEvent(d, 1, {}, '2026-11-27T15:00:00.000Z');
        const unnamed = serviceRequestFiledEvent(d, 2, { service_code: 'streetlight', lat: null, long: null, email: null }, '2026-11-27T16:00:00.000Z');
        await push(d, [named, unnamed], { ...ctx, serviceNames: new Map([['pothole', 'Pothole repair']]) });
        expect(await store.getServiceRequest(named.payload.requestId)).toEqual({
          id: named.payload.requestId,
          deviceId: d,
          source: 'kiosk',
          localReference: 'SR-0001',
          serviceCode: 'pothole',
          serviceName: 'Pothole repair',
          description: 'A deep pothole in front of the library',
          addressString: '1 Main St',
          lat: 42.3601,
          long: -71.0589,
          firstName: 'Ada',
          lastName: 'Lovelace',
          phone: '+1 617 555 0100',
          email: 'ada@example.org',
          status: 'open',
          statusNotes: null,
          requestedAt: '2026-11-27T15:00:00.000Z',
          updatedAt: '2026-11-27T15:00:00.000Z',
        });
        expect(await store.getServiceRequest(unnamed.payload.requestId)).toMatchObject({ serviceName: 'streetlight', lat: null, long: null, email: null });
        expect(await store.getServiceRequest(newId())).toBeNull();
      });

      it('queries 311 requests by code, status and date, newest first', async () => {
        const d = await device();
        await push(d, [
          serviceRequestFiledEvent(d, 1, { service_code: 'pothole' }, '2026-11-25T10:00:00.000Z'),
          serviceRequestFiledEvent(d, 2, { service_code: 'streetlight' }, '2026-11-26T10:00:00.000Z'),
          serviceRequestFiledEvent(d, 3, { service_code: 'pothole' }, '2026-11-27T10:00:00.000Z'),
        ]);
        const closed = openRequest({ serviceCode: 'graffiti', requestedAt: '2026-11-26T12:00:00.000Z', updatedAt: '2026-11-26T12:00:00.000Z' });
        await store.createServiceRequest(closed);
        await store.updateServiceRequestStatus(closed.id, 'closed', 'cleaned', '2026-11-27T09:00:00.000Z');

        const all = await store.queryServiceRequests({ limit: 100 });
        expect(all.map((r) => r.requestedAt)).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-26T12:00:00.000Z', '2026-11-26T10:00:00.000Z', '2026-11-25T10:00:00.000Z']);
        expect((await store.queryServiceRequests({ serviceCodes: ['pothole'], limit: 100 })).map((r) => r.serviceCode)).toEqual(['pothole', 'pothole']);
        expect(await store.queryServiceRequests({ serviceCodes: ['pothole', 'graffiti'], limit: 100 })).toHaveLength(3);
        expect((await store.queryServiceRequests({ status: 'closed', limit: 100 })).map((r) => r.id)).toEqual([closed.id]);
        expect(await store.queryServiceRequests({ status: 'open', limit: 100 })).toHaveLength(3);
        expect(
          (await store.queryServiceRequests({ startDate: '2026-11-26T00:00:00.000Z', endDate: '2026-11-26T23:59:59.999Z', limit: 100 })).map((r) => r.requestedAt),
        ).toEqual(['2026-11-26T12:00:00.000Z', '2026-11-26T10:00:00.000Z']);
        expect(await store.queryServiceRequests({ limit: 2 })).toHaveLength(2);
        expect(await store.getServiceRequest(closed.id)).toMatchObject({ source: 'open311', deviceId: null, status: 'closed', statusNotes: 'cleaned' });
      });

      it('finds 311 requests by the reference a kiosk printed, on every van that gave it out', async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        await push(a, [serviceRequestFiledEvent(a, 1, { localReference: 'SR-000001' }, '2026-11-25T10:00:00.000Z'), serviceRequestFiledEvent(a, 2, { localReference: 'SR-000002' })]);
        await push(b, [serviceRequestFiledEvent(b, 1, { localReference: 'SR-000001' }, '2026-11-26T10:00:00.000Z')]);
        const found = await store.queryServiceRequests({ localReference: 'SR-000001', limit: 10 });
        expect(found.map((r) => [r.deviceId, r.localReference, r.requestedAt])).toEqual([
          [b, 'SR-000001', '2026-11-26T10:00:00.000Z'],
          [a, 'SR-000001', '2026-11-25T10:00:00.000Z'],
        ]);
        expect(await store.queryServiceRequests({ localReference: 'SR-000009', limit: 10 })).toEqual([]);
      });
    });

    describe('Tell the city', () => {
      it('stores each answer once with its question, stop, neighbourhood, language and any contact, newest first', async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        const stopId = newId();
        const anonymous = cityQuestionAnsweredEvent(a, 1, { stopId }, '2026-11-27T15:00:00.000Z');
        const withContact = cityQuestionAnsweredEvent(a, 2, { stopId, language: 'es', topic: 'safety', text: 'Más luz en la plaza', contact: { name: 'Rosa', email: 'rosa@example.org', phone: null } }, '2026-11-27T16:00:00.000Z');
        const elsewhere = cityQuestionAnsweredEvent(b, 1, { questionId: 'roxbury-parks', neighbourhood: 'Roxbury', place: 'Nubian Square', topic: 'parks' }, '2026-11-27T17:00:00.000Z');
        await push(a, [anonymous, withContact]);
        await push(b, [elsewhere]);
        expect((await push(a, [anonymous])).results[0]).toMatchObject({ status: 'duplicate' });

        const all = await store.queryCityAnswers({ limit: 10 });
        expect(all.map((x) => x.id)).toEqual([elsewhere.payload.answerId, withContact.payload.answerId, anonymous.payload.answerId]);
        expect(all[1]).toEqual({
          id: withContact.payload.answerId,
          deviceId: a,
          questionId: 'fields-corner-fix-first',
          stopId,
          neighbourhood: 'Dorchester',
          place: 'Fields Corner',
          language: 'es',
          topic: 'safety',
          text: 'Más luz en la plaza',
          contact: { name: 'Rosa', email: 'rosa@example.org', phone: null },
          answeredAt: '2026-11-27T16:00:00.000Z',
        });
        expect(all[2]).toMatchObject({ language: 'vi', contact: null, text: 'Sửa vỉa hè trên đường Dorchester Ave' });
        expect((await store.queryCityAnswers({ questionId: 'fields-corner-fix-first', limit: 10 })).map((x) => x.deviceId)).toEqual([a, a]);
        expect((await store.queryCityAnswers({ neighbourhood: 'Roxbury', limit: 10 })).map((x) => x.topic)).toEqual(['parks']);
        expect(await store.queryCityAnswers({ limit: 1 })).toHaveLength(1);
      });

      it('keeps the questions published with a catalogue version', async () => {
        const question = demoCatalogue.questions[0]!;
        await store.publishCatalogue({ ...demoCatalogue, questions: [question, { ...question, id: 'dorchester-parks', place: null, topics: ['parks', 'other'] }] }, '2026-11-27T12:00:00.000Z');
        const latest = await store.latestCatalogue();
        expect(latest?.body.questions.map((q) => [q.id, q.place, q.text.vi])).toEqual([
          ['fields-corner-fix-first', 'Fields Corner', 'Thành phố nên sửa điều gì trước tiên ở Fields Corner?'],
          ['dorchester-parks', null, 'Thành phố nên sửa điều gì trước tiên ở Fields Corner?'],
        ]);
      });
    });

    describe('changes feed', () => {
      it('tells only the filing device about a status change of its request', async () => {
        const filer = await device('Van A');
        const other = await device('Van B');
        const filed = serviceRequestFiledEvent(filer, 1);
        await push(filer, [filed]);
        expect(await store.updateServiceRequestStatus(filed.payload.requestId, 'closed', 'filled on Tuesday', '2026-11-28T09:00:00.000Z')).toBe(true);
        expect(await store.getServiceRequest(filed.payload.requestId)).toMatchObject({
          status: 'closed',
          statusNotes: 'filled on Tuesday',
          updatedAt: '2026-11-28T09:00:00.000Z',
        });
        const changes = await store.changesSince(filer, null, 10);
        expect(changes).toEqual([
          {
            cursor: expect.stringMatching(/^\d+$/),
            kind: 'service_request_status',
            data: {
              requestId: filed.payload.requestId,
              localReference: 'SR-0001',
              status: 'closed',
              statusNotes: 'filled on Tuesday',
              updatedAt: '2026-11-28T09:00:00.000Z',
            },
            createdAt: '2026-11-28T09:00:00.000Z',
          },
        ]);
        expect(await store.changesSince(other, null, 10)).toEqual([]);
      });

      it('tells every device about a catalogue, and nobody about an Open311 request', async () => {
        const a = await device();
        const b = await device('Van B');
        const request = openRequest();
        await store.createServiceRequest(request);
        expect(await store.updateServiceRequestStatus(request.id, 'closed', null, '2026-11-27T13:00:00.000Z')).toBe(true);
        expect(await store.updateServiceRequestStatus(newId(), 'closed', null, '2026-11-27T13:00:00.000Z')).toBe(false);
        await store.publishCatalogue(demoCatalogue, '2026-11-27T14:00:00.000Z');
        for (const d of [a, b]) {
          const changes = await store.changesSince(d, null, 10);
          expect(changes.map((c) => [c.kind, c.data, c.createdAt])).toEqual([['catalogue', { version: 1 }, '2026-11-27T14:00:00.000Z']]);
        }
      });

      it('pages by cursor', async () => {
        const filer = await device();
        const other = await device('Van B');
        const filed = [1, 2, 3].map((seq) => serviceRequestFiledEvent(filer, seq));
        await push(filer, filed);
        for (let i = 0; i < 3; i++) {
          await store.publishCatalogue(demoCatalogue, `2026-11-27T10:0${i}:00.000Z`);
          await store.updateServiceRequestStatus(filed[i]!.payload.requestId, 'closed', `note ${i}`, `2026-11-27T10:0${i}:30.000Z`);
        }
        const all = await store.changesSince(filer, null, 100);
        expect(all.map((c) => c.kind)).toEqual(['catalogue', 'service_request_status', 'catalogue', 'service_request_status', 'catalogue', 'service_request_status']);
        const cursors = all.map((c) => BigInt(c.cursor));
        expect(cursors.every((c, i) => i === 0 || c > cursors[i - 1]!)).toBe(true);

        const paged: string[] = [];
        let cursor: string | null = null;
        for (;;) {
          const page = await store.changesSince(filer, cursor, 4);
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(4);
          paged.push(...page.map((c) => c.cursor));
          cursor = page.at(-1)!.cursor;
        }
        expect(paged).toEqual(all.map((c) => c.cursor));
        expect(await store.changesSince(filer, all[2]!.cursor, 2)).toEqual(all.slice(3, 5));
        expect((await store.changesSince(other, null, 100)).map((c) => c.data.version)).toEqual([1, 2, 3]);
      });
    });

    describe('queryTransactions', () => {
      async function fixture() {
        const a = await device('Van A');
        const b = await device('Van B');
        const stop = stopOpenedEvent(a, 1, {}, '2026-11-26T14:00:00.000Z');
        const stopId = stop.payload.stopId;
        const tx = (d: string, seq: number, occurredAt: string, overrides: Parameters<typeof transactionEvent>[2] = {}) => ({
          ...transactionEvent(d, seq, overrides),
          occurredAt,
        });
        const a1 = tx(a, 2, '2026-11-26T15:00:00.000Z', { stopId });
        const a2 = tx(a, 3, '2026-11-27T15:00:00.000Z', { stopId, serviceCode: 'dog-licence', serviceName: 'Dog licence' });
        const a3 = tx(a, 4, '2026-11-28T03:30:00.000Z');
        const a4 = tx(a, 5, '2026-11-28T15:00:00.000Z');
        await push(a, [stop, a1, a2, a3, a4, transactionVoidedEvent(a, 6, a4.payload.transactionId)]);
        const b1 = tx(b, 1, '2026-11-27T16:00:00.000Z');
        const b2 = tx(b, 2, '2026-11-29T12:00:00.000Z', { serviceCode: 'dog-licence', serviceName: 'Dog licence' });
        await push(b, [b1, b2]);
        const id = (e: { payload: { transactionId: string } }) => e.payload.transactionId;
        return { a, b, stopId, a1: id(a1), a2: id(a2), a3: id(a3), a4: id(a4), b1: id(b1), b2: id(b2) };
      }

      it('filters by date range, van, device, stop, service and status', async () => {
        const f = await fixture();
        const ids = async (filter: Omit<Parameters<CentralStore['queryTransactions']>[0], 'limit' | 'offset'>) =>
          (await store.queryTransactions({ ...filter, limit: 100, offset: 0 })).items.map((t) => t.id);
        expect(await ids({})).toEqual([f.a1, f.a2, f.b1, f.a3, f.a4, f.b2]);
        expect(await ids({ dateFrom: '2026-11-27', dateTo: '2026-11-27' })).toEqual([f.a2, f.b1, f.a3]);
        expect(await ids({ dateFrom: '2026-11-28' })).toEqual([f.a4, f.b2]);
        expect(await ids({ dateTo: '2026-11-26' })).toEqual([f.a1]);
        expect(await ids({ vanName: 'Van B' })).toEqual([f.b1, f.b2]);
        expect(await ids({ deviceId: f.a })).toEqual([f.a1, f.a2, f.a3, f.a4]);
        expect(await ids({ stopId: f.stopId })).toEqual([f.a1, f.a2]);
        expect(await ids({ serviceCode: 'dog-licence' })).toEqual([f.a2, f.b2]);
        expect(await ids({ status: 'voided' })).toEqual([f.a4]);
        expect(await ids({ status: 'recorded', vanName: 'Van A', dateFrom: '2026-11-27' })).toEqual([f.a2, f.a3]);
        expect(await ids({ vanName: 'Van Z' })).toEqual([]);
      });

      it('pages with a total', async () => {
        const f = await fixture();
        const page = (limit: number, offset: number, filter: { vanName?: string } = {}) => store.queryTransactions({ ...filter, limit, offset });
        const first = await page(2, 0);
        expect(first.total).toBe(6);
        expect(first.items.map((t) => t.id)).toEqual([f.a1, f.a2]);
        expect((await page(2, 2)).items.map((t) => t.id)).toEqual([f.b1, f.a3]);
        const last = await page(4, 4);
        expect(last).toMatchObject({ total: 6 });
        expect(last.items.map((t) => t.id)).toEqual([f.a4, f.b2]);
        expect(await page(10, 50)).toEqual({ total: 6, items: [] });
        expect(await page(1, 0, { vanName: 'Van B' })).toMatchObject({ total: 2, items: [{ id: f.b1, vanName: 'Van B' }] });
        expect(await page(10, 0, { vanName: 'nobody' })).toEqual({ total: 0, items: [] });
      });
    });

    describe('free text', () => {
      const nasty = [
        `'; DROP TABLE transactions; --`,
        `Robert'); DELETE FROM events; --`,
        `$1 $$ \\ " {"a",NULL} ' OR '1'='1`,
        'NULL',
      ];

      it('stores SQL-looking text verbatim and harmlessly', async () => {
        const vanName = `Van '); DROP TABLE devices; --`;
        const d = await device(vanName);
        const events = nasty.map((text, i) =>
          transactionEvent(d, i + 1, { reference: text.slice(0, 64), serviceName: text, residentName: text }),
        );
        const filed = serviceRequestFiledEvent(d, nasty.length + 1, {
          description: nasty.join(' | '),
          address_string: nasty[1],
          first_name: nasty[2],
          last_name: nasty[3],
        });
        const stop = stopOpenedEvent(d, nasty.length + 2, { neighbourhood: nasty[0], place: nasty[2] }, '2026-11-27T14:00:00.000Z');
        const outcome = await push(d, [...events, filed, stop]);
        expect(outcome.results.every((r) => r.status === 'accepted')).toBe(true);

        const { items } = await store.queryTransactions({ vanName, limit: 100, offset: 0 });
        expect(items.map((t) => [t.reference, t.serviceName, t.vanName])).toEqual(nasty.map((text) => [text.slice(0, 64), text, vanName]));
        expect(await store.getServiceRequest(filed.payload.requestId)).toMatchObject({
          description: nasty.join(' | '),
          addressString: nasty[1],
          firstName: nasty[2],
          lastName: 'NULL',
        });
        expect((await store.stopsOn('2026-11-27'))[0]).toMatchObject({ neighbourhood: nasty[0], place: nasty[2], vanName });
        expect(await store.queryTransactions({ vanName: `' OR '1'='1`, limit: 100, offset: 0 })).toEqual({ total: 0, items: [] });
        expect(await store.queryTransactions({ serviceCode: `x' OR 1=1 --`, limit: 100, offset: 0 })).toEqual({ total: 0, items: [] });
        expect(await store.queryServiceRequests({ serviceCodes: [`pothole') OR ('1'='1`], limit: 100 })).toEqual([]);

        await store.upsertStaff(staff('quote', nasty[1]!));
        await store.createApiKey({ keyHash: nasty[0]!, role: 'office', name: nasty[2]!, createdAt: '2026-11-27T12:00:00.000Z' });
        expect(await store.findApiKey(nasty[0]!)).toEqual({ role: 'office', name: nasty[2] });
        expect((await store.listStaff())[0]?.name).toBe(nasty[1]);
        expect(await store.countEvents()).toBe(nasty.length + 2);
        expect((await store.listDevices()).map((x) => x.vanName)).toEqual([vanName]);
      });

      it('stores a lone surrogate in free text as U+FFFD (or, on SQLite, U+FFFD for each of its bytes) and keeps pairs (emoji) whole, without failing the batch', async () => {
        const d = await device();
        const outcome = await push(d, [
          transactionEvent(d, 1, { serviceName: 'Parking \ud800 permit', reference: 'REF-\udfff', residentName: 'Ana \ud83d' }),
          transactionEvent(d, 2, { serviceName: 'Dog licence 🐕', reference: 'REF-😀' }),
        ]);
        expect(statuses(outcome)).toEqual(['accepted', 'accepted']);
        const { items } = await store.queryTransactions({ deviceId: d, limit: 10, offset: 0 });
        // PostgreSQL reads U+FFFD where the surrogate was; SQLite keeps its three UTF-8 bytes, which read back as three.
        expect(items[0]?.serviceName).toMatch(/^Parking \ufffd+ permit$/);
        expect(items[0]?.reference).toMatch(/^REF-\ufffd+$/);
        expect(items.slice(1).map((t) => [t.serviceName, t.reference])).toEqual([['Dog licence 🐕', 'REF-😀']]);
        expect(await store.countEvents()).toBe(2);
      });

      it('answers an invalid event with odd characters in its id and type without failing the batch', async () => {
        const d = await device();
        const badId = { ...transactionEvent(d, 2), id: `x'\u0000"y` };
        const badType = { ...transactionEvent(d, 3), type: `Bad\u0000Type'` };
        const outcome = await push(d, [transactionEvent(d, 1), badId, badType, transactionEvent(d, 4)]);
        expect(statuses(outcome)).toEqual(['accepted', 'rejected:invalid_envelope', 'rejected:unknown_event_type', 'accepted']);
        expect(outcome.results[1]).toMatchObject({ id: `x'\u0000"y`, seq: 2 });
        expect(outcome.results[2]).toMatchObject({ id: badType.id, seq: 3 });
        expect(outcome.highestContiguousSeq).toBe(4);
        const again = await store.pushEvents(d, [valid(transactionEvent(d, 5))], ctx);
        expect(again.highestContiguousSeq).toBe(5);
      });
    });

    describe('office console (issue 17)', () => {
      const user = (email: string, id = crypto.randomUUID()) => ({ id, email, role: 'office' as const, passwordHash: `scrypt$hash-of-${email}`, createdAt: '2026-12-01T09:00:00.000Z' });

      it('creates accounts once per e-mail, finds them by e-mail or id, lists and updates them', async () => {
        const a = user('ana@city.gov');
        expect(await store.office.createUser(a)).toBe(true);
        expect(await store.office.createUser(user('ana@city.gov'))).toBe(false);
        await store.office.createUser(user('bea@city.gov'));
        expect(await store.office.findUserByEmail('ana@city.gov')).toEqual({ ...a, disabled: false, failedAttempts: 0, lockedUntil: null });
        expect(await store.office.findUserById(a.id)).toMatchObject({ email: 'ana@city.gov' });
        expect(await store.office.findUserByEmail('nobody@city.gov')).toBeNull();
        expect((await store.office.listUsers()).map((u) => u.email)).toEqual(['ana@city.gov', 'bea@city.gov']);
        expect(await store.office.updateUser(a.id, { role: 'admin', disabled: true })).toBe(true);
        expect(await store.office.findUserById(a.id)).toMatchObject({ role: 'admin', disabled: true });
        expect(await store.office.updateUser(crypto.randomUUID(), { role: 'viewer' })).toBe(false);
      });

      it('counts failed sign-ins and locks at the limit, starting the count again; a success or a new password clears it', async () => {
        const a = user('ana@city.gov');
        await store.office.createUser(a);
        for (let i = 1; i <= 2; i++) expect(await store.office.recordFailedSignIn(a.id, 3, '2026-12-01T10:15:00.000Z')).toEqual({ lockedUntil: null, failedAttempts: i });
        expect(await store.office.recordFailedSignIn(a.id, 3, '2026-12-01T10:15:00.000Z')).toEqual({ lockedUntil: '2026-12-01T10:15:00.000Z', failedAttempts: 0 });
        await store.office.recordSuccessfulSignIn(a.id);
        expect(await store.office.findUserById(a.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
        await store.office.recordFailedSignIn(a.id, 1, '2026-12-01T11:00:00.000Z');
        await store.office.updateUser(a.id, { passwordHash: 'scrypt$new' });
        expect(await store.office.findUserById(a.id)).toMatchObject({ passwordHash: 'scrypt$new', failedAttempts: 0, lockedUntil: null });
      });

      it('counts simultaneous failed sign-ins without losing one', async () => {
        const a = user('ana@city.gov');
        await store.office.createUser(a);
        await Promise.all(Array.from({ length: 4 }, () => store.office.recordFailedSignIn(a.id, 100, '2026-12-01T10:15:00.000Z')));
        expect((await store.office.findUserById(a.id))!.failedAttempts).toBe(4);
      });

      it('keeps sessions until they expire (exclusive), and ends one or all of an account', async () => {
        const a = user('ana@city.gov');
        await store.office.createUser(a);
        const session = { idHash: 'h1', userId: a.id, csrfToken: 'csrf-1', createdAt: '2026-12-01T09:00:00.000Z', expiresAt: '2026-12-01T17:00:00.000Z' };
        await store.office.createSession(session);
        await store.office.createSession({ ...session, idHash: 'h2', csrfToken: 'csrf-2' });
        expect(await store.office.findSession('h1', '2026-12-01T16:59:59.999Z')).toEqual({ session, user: { ...a, disabled: false, failedAttempts: 0, lockedUntil: null } });
        expect(await store.office.findSession('h1', '2026-12-01T17:00:00.000Z')).toBeNull();
        expect(await store.office.findSession('nope', '2026-12-01T10:00:00.000Z')).toBeNull();
        await store.office.deleteSession('h1');
        expect(await store.office.findSession('h1', '2026-12-01T10:00:00.000Z')).toBeNull();
        expect(await store.office.findSession('h2', '2026-12-01T10:00:00.000Z')).not.toBeNull();
        expect(await store.office.deleteSessionsOf(a.id)).toBe(1);
        expect(await store.office.findSession('h2', '2026-12-01T10:00:00.000Z')).toBeNull();
      });

      it('summarises the fleet: each van’s newest record by seq, answered seq, refused count, revocation', async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        await push(a, [transactionEvent(a, 1), { ...transactionEvent(a, 2), type: 'NotAnEvent' }, transactionEvent(a, 3)]);
        await store.revokeDevice(b, '2026-12-01T10:00:00.000Z');
        const fleet = await store.office.fleet();
        expect(fleet.map((d) => [d.vanName, d.contiguousSeq, d.rejectedCount, d.revokedAt])).toEqual([
          ['Van A', 3, 1, null],
          ['Van B', 0, 0, '2026-12-01T10:00:00.000Z'],
        ]);
        expect(fleet[0]!.latestReceivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(fleet[1]!.latestReceivedAt).toBeNull();
        const rejected = await store.office.rejectedRecords({ limit: 10 });
        expect(rejected).toEqual([expect.objectContaining({ deviceId: a, vanName: 'Van A', seq: 2, code: 'unknown_event_type' })]);
        expect(await store.office.rejectedRecords({ limit: 10, deviceId: b })).toEqual([]);
      });

      it('tells whether every record up to a day close has arrived (complete at the centre)', async () => {
        const a = await device('Van A');
        const b = await device('Van B');
        const stopA = stopOpenedEvent(a, 1, {}, '2026-11-27T14:00:00.000Z');
        const stopB = stopOpenedEvent(b, 1, {}, '2026-11-27T14:00:00.000Z');
        await push(a, [stopA, transactionEvent(a, 2), dayClosedEvent(a, 3, stopA.payload.stopId)]);
        // Van B's close arrived, but its record 2 did not.
        await push(b, [stopB, dayClosedEvent(b, 3, stopB.payload.stopId)]);
        const result = await store.office.dayCloseCompleteness([
          { deviceId: a, stopId: stopA.payload.stopId, businessDate: '2026-11-27' },
          { deviceId: b, stopId: stopB.payload.stopId, businessDate: '2026-11-27' },
        ]);
        expect(result.get(`${a}:${stopA.payload.stopId}`)).toEqual({ closeSeq: 3, contiguousSeq: 3 });
        expect(result.get(`${b}:${stopB.payload.stopId}`)).toEqual({ closeSeq: 3, contiguousSeq: 1 });
      });

      it('appends audit entries and lists them newest first, paged and filtered', async () => {
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) {
          ids.push(await store.office.appendAudit({ at: `2026-12-01T10:0${i}:00.000Z`, actor: i % 2 ? 'bea@city.gov' : 'ana@city.gov', action: i < 3 ? 'office_user.created' : 'service_request.status_updated', target: `t:${i}`, detail: { i, note: `it's "quoted"` } }));
        }
        expect(new Set(ids).size).toBe(5);
        const all = await store.office.listAudit({ limit: 10 });
        expect(all.map((e) => e.target)).toEqual(['t:4', 't:3', 't:2', 't:1', 't:0']);
        expect(all[0]).toEqual({ id: ids[4], at: '2026-12-01T10:04:00.000Z', actor: 'ana@city.gov', action: 'service_request.status_updated', target: 't:4', detail: { i: 4, note: `it's "quoted"` } });
        expect((await store.office.listAudit({ limit: 2, beforeId: ids[3] })).map((e) => e.target)).toEqual(['t:2', 't:1']);
        expect((await store.office.listAudit({ limit: 10, actor: 'bea@city.gov' })).map((e) => e.target)).toEqual(['t:3', 't:1']);
        expect((await store.office.listAudit({ limit: 10, action: 'office_user.created', actor: 'ana@city.gov' })).map((e) => e.target)).toEqual(['t:2', 't:0']);
      });
    });

    describe('backup bookkeeping', () => {
      it('keeps one epoch until it is renewed, and a renewed one differs', async () => {
        const first = await store.storeEpoch();
        expect(first).toMatch(/^[0-9a-f-]{36}$/);
        expect(await store.storeEpoch()).toBe(first);
        const renewed = await store.renewStoreEpoch();
        expect(renewed).not.toBe(first);
        expect(await store.storeEpoch()).toBe(renewed);
      });

      it('tells per device the seqs it holds, and backup watermarks only ever rise', async () => {
        const a = await device();
        const b = await device();
        await push(a, [transactionEvent(a, 1), transactionEvent(a, 2), transactionEvent(a, 4)]);
        await push(b, [transactionEvent(b, 1)]);
        const held = await store.heldSeqs();
        expect([held.get(a), held.get(b)]).toEqual([2, 1]);
        expect(await store.backupWatermarks()).toEqual(new Map());
        await store.recordBackupWatermarks(new Map([[a, 2], [b, 1]]), '2026-11-27T12:00:00.000Z');
        await store.recordBackupWatermarks(new Map([[a, 1]]), '2026-11-27T13:00:00.000Z');
        expect(await store.backupWatermarks()).toEqual(new Map([[a, 2], [b, 1]]));
      });
    });
  });
}

/** A store at schema version 1 (before issue 14) with a refused card number in rejected_events.raw, then migrated. */
describe('migration 7 scrubs refused values already kept in rejected_events', () => {
  const cardRaw = JSON.stringify({ id: 'ev-1', seq: 1, type: 'TransactionRecorded', payload: { reference: '4111 1111 1111 1111' } });

  it('on SQLite', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { SQLITE_MIGRATIONS, SqliteStore } = await import('../../server/store/sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'chtg-migrate-'));
    const file = join(dir, 'central.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    old.exec(SQLITE_MIGRATIONS[0]!);
    old.prepare("INSERT INTO schema_migrations VALUES (1, '2026-11-01T00:00:00.000Z')").run();
    old.prepare("INSERT INTO devices (id, van_name, token_hash, created_at) VALUES ('dev-1', 'Van 1', 'h', '2026-11-01T00:00:00.000Z')").run();
    old.prepare("INSERT INTO rejected_events VALUES ('dev-1', 1, 'ev-1', 'invalid_payload', 'payload.reference: looks like a card number', ?, '2026-11-01T00:00:00.000Z')").run(cardRaw);
    old.close();
    const store = new SqliteStore({ file, checkpointIntervalMs: 0 });
    try {
      await store.migrate();
      const kept = await store.listRejected('dev-1');
      expect(kept).toHaveLength(1);
      expect(JSON.parse(kept[0]!.raw)).toEqual({ envelope: { id: 'ev-1', deviceId: 'dev-1', seq: 1 }, paths: [] });
      expect(JSON.stringify(kept)).not.toMatch(/4111/);
      expect((await store.listDevices())[0]?.vanName).toBe('Van 1');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL (skipped without TEST_DATABASE_URL)', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const { Client } = await import('pg');
    const { POSTGRES_MIGRATIONS, PostgresStore, dropSchema } = await import('../../server/store/postgres');
    const schema = `t_migrate_${process.pid}_${Date.now()}`;
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      await client.query(POSTGRES_MIGRATIONS[0]!);
      await client.query("INSERT INTO schema_migrations VALUES (1, '2026-11-01T00:00:00.000Z')");
      await client.query("INSERT INTO devices (id, van_name, token_hash, created_at) VALUES ('dev-1', 'Van 1', 'h', '2026-11-01T00:00:00.000Z')");
      await client.query("INSERT INTO rejected_events VALUES ('dev-1', 1, 'ev-1', 'invalid_payload', 'payload.reference: looks like a card number', $1, '2026-11-01T00:00:00.000Z')", [cardRaw]);
    } finally {
      await client.end();
    }
    const store = new PostgresStore({ connectionString: url, schema });
    try {
      await store.migrate();
      const kept = await store.listRejected('dev-1');
      expect(JSON.parse(kept[0]!.raw)).toEqual({ envelope: { id: 'ev-1', deviceId: 'dev-1', seq: 1 }, paths: [] });
      expect(JSON.stringify(kept)).not.toMatch(/4111/);
    } finally {
      await store.close();
      await dropSchema(url, schema);
    }
  });
});
