import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../renderer/src/db/actions';
import { countPending } from '../../renderer/src/db/db';
import { exportUnsentRecords } from '../../renderer/src/db/records-export';
import { recordsImportResultSchema, type RecordsExportFile } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, listeningTestApi, startTestApi, type TestApi } from '../helpers/server';

const PASSPHRASE = 'blue van, red door, 2026';

let api: TestApi;
let url: string;
listeningTestApi((started, at) => ((api = started), (url = at)));

const importFile = (file: unknown, passphrase = PASSPHRASE, token = ADMIN_TOKEN) =>
  api.app.inject({ method: 'POST', url: '/v1/admin/record-imports', headers: { authorization: `Bearer ${token}` }, payload: { file, passphrase } });

async function vanWithUnsentRecords(count: number) {
  const device = await api.enrolDevice('Van 7');
  const kiosk = makeKiosk(url, device);
  for (let i = 1; i <= count; i++) await kiosk.record(i * 100);
  return { device, kiosk };
}

describe('unsent records carried to the office by hand (a last resort when a van cannot sync)', () => {
  it('the office imports the file once: every event stored, a second import and the van syncing later double nothing', async () => {
    const { device, kiosk } = await vanWithUnsentRecords(5);
    const file = await exportUnsentRecords(kiosk.db, { deviceId: device.deviceId, vanName: 'Van 7', passphrase: PASSPHRASE, now: new Date('2026-11-27T22:00:00Z') });
    expect(file).toMatchObject({ deviceId: device.deviceId, fromSeq: 1, toSeq: 5, count: 5 });
    // No resident's or payment detail is readable in the file itself.
    expect(JSON.stringify(file)).not.toContain('T1000001');

    const first = await importFile(file);
    expect(first.statusCode).toBe(200);
    expect(recordsImportResultSchema.parse(first.json())).toEqual({ deviceId: device.deviceId, events: 5, accepted: 5, duplicate: 0, rejected: 0 });
    const again = await importFile(file);
    expect(again.json()).toMatchObject({ accepted: 0, duplicate: 5 });
    // Exporting changed nothing on the van: its records are still pending, and syncing is answered duplicate.
    expect(await countPending(kiosk.db)).toBe(5);
    await kiosk.engine.trigger();
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await api.store.countEvents()).toBe(5);
    const list = await api.app.inject({ method: 'GET', url: '/v1/transactions?limit=100', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((list.json() as { total: number; items: { amountCents: number }[] }).items.reduce((sum, t) => sum + t.amountCents, 0)).toBe(1500);
    kiosk.engine.stop();
  });

  it.each([
    ['a wrong passphrase', (f: RecordsExportFile) => ({ file: f, passphrase: 'not the passphrase at all' }), 422, 'cannot_open_export'],
    ['an altered event count', (f: RecordsExportFile) => ({ file: { ...f, count: f.count - 1 }, passphrase: PASSPHRASE }), 422, 'cannot_open_export'],
    ['a file relabelled as another device', (f: RecordsExportFile) => ({ file: { ...f, deviceId: 'dev-someone-else' }, passphrase: PASSPHRASE }), 422, 'cannot_open_export'],
    ['a damaged ciphertext', (f: RecordsExportFile) => ({ file: { ...f, ciphertext: `AAAA${f.ciphertext.slice(4)}` }, passphrase: PASSPHRASE }), 422, 'cannot_open_export'],
    ['a short passphrase', (f: RecordsExportFile) => ({ file: f, passphrase: 'short' }), 400, 'invalid_body'],
    ['a file that is not an export', () => ({ file: { format: 'something else' }, passphrase: PASSPHRASE }), 400, 'invalid_body'],
  ])('refuses %s and stores nothing', async (_name, tamper, status, code) => {
    const { device, kiosk } = await vanWithUnsentRecords(2);
    const file = await exportUnsentRecords(kiosk.db, { deviceId: device.deviceId, vanName: 'Van 7', passphrase: PASSPHRASE, now: new Date() });
    const body = tamper(file);
    const response = await importFile(body.file, body.passphrase);
    expect(response.statusCode).toBe(status);
    expect((response.json() as { error: { code: string } }).error.code).toBe(code);
    expect(await api.store.countEvents()).toBe(0);
    kiosk.engine.stop();
  });

  it('refuses a file for a device this office never enrolled, and a caller who is not an administrator', async () => {
    const { device, kiosk } = await vanWithUnsentRecords(1);
    const file = await exportUnsentRecords(kiosk.db, { deviceId: device.deviceId, vanName: 'Van 7', passphrase: PASSPHRASE, now: new Date() });
    expect((await importFile(file, PASSPHRASE, device.token)).statusCode).toBe(403);
    const other = await startTestApi();
    try {
      const response = await other.app.inject({ method: 'POST', url: '/v1/admin/record-imports', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { file, passphrase: PASSPHRASE } });
      expect(response.statusCode).toBe(404);
      expect(await other.store.countEvents()).toBe(0);
    } finally {
      await other.close();
    }
    kiosk.engine.stop();
  });

  it('the van refuses a weak passphrase, and an export when nothing is unsent', async () => {
    const { device, kiosk } = await vanWithUnsentRecords(1);
    const input = { deviceId: device.deviceId, vanName: 'Van 7', now: new Date() };
    await expect(exportUnsentRecords(kiosk.db, { ...input, passphrase: 'too short' })).rejects.toMatchObject({ code: 'weak_passphrase' });
    await kiosk.engine.trigger();
    const nothing = exportUnsentRecords(kiosk.db, { ...input, passphrase: PASSPHRASE });
    await expect(nothing).rejects.toBeInstanceOf(DomainError);
    await expect(nothing).rejects.toMatchObject({ code: 'nothing_to_export' });
    kiosk.engine.stop();
  });
});
