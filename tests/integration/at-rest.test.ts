import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerCityQuestion, answerSurvey, fileServiceRequest, openStop, orderCertificate, recordServiceTransaction } from '../../renderer/src/db/actions';
import { findByReceiptNumber } from '../../renderer/src/db/queries';
import { countPending, KioskDb, type StoredEvent } from '../../renderer/src/db/db';
import { readOutboxBatch, readOutboxSealed, type RecordContext } from '../../renderer/src/db/outbox';
import { exportUnsentRecords } from '../../renderer/src/db/records-export';
import { makeKiosk } from '../helpers/kiosk';
import { startTestApi, type TestApi } from '../helpers/server';
import { requestJson } from '../helpers/request-body';

/** Values no other record holds: any of them found in a stored record is a leak. */
const secrets = {
  residentName: 'Quillon Vartanian-Oduya',
  plate: 'QVX4471',
  reference: 'BILL-QV-99231',
  firstName: 'Thaddeus',
  lastName: 'Brumbleweed',
  phone: '+1 617 555 0199',
  email: 'thaddeus.brumbleweed@example.org',
  address: '77 Quillfeather Lane',
  description: 'Streetlight dark at the Quillfeather corner',
  surveyComment: 'Grateful-xyzzy for the help today',
  cityText: 'More benches near Plover Pond, please',
  cityContact: 'Oriel Fenwick-Tamsin',
  nameOnRecord: 'Ysolde Marchetti-Brun',
  eventPlace: 'Saint Jerome Hospital',
};

let api: TestApi;
let url: string;
beforeEach(async () => {
  api = await startTestApi({ seed: true });
  url = await api.app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await api.close();
});

/** Every record of every object store, read with the plain IndexedDB API (no Dexie, no codec), as JSON. */
async function rawRecords(name: string): Promise<string[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    const out: string[] = [];
    for (const store of Array.from(db.objectStoreNames)) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const read = db.transaction(store, 'readonly').objectStore(store).getAll();
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
      out.push(...all.map((r) => `${store}: ${JSON.stringify(r)}`));
    }
    return out;
  } finally {
    db.close();
  }
}

const leaks = (records: string[]) => records.flatMap((r) => Object.values(secrets).filter((s) => r.includes(s)).map((s) => `${s} in ${r.slice(0, 60)}`));

async function recordOneOfEach(ctx: RecordContext) {
  await openStop(ctx, { neighbourhood: 'Dorchester', place: 'Fields Corner', plannedStart: '2026-11-27T14:00:00.000Z', plannedEnd: '2026-11-27T20:00:00.000Z', openingFloatCents: 10_000, floatConfirmedBy: 'super-sam' });
  const resident = { ...ctx, actorId: null };
  const tx = await recordServiceTransaction(ctx, {
    serviceCode: 'parking-ticket',
    serviceName: 'Pay parking ticket',
    reference: secrets.reference,
    quantity: 1,
    unitFeeCents: null,
    amountCents: 4500,
    payment: { method: 'cash', tenderedCents: 5000, changeCents: 500 },
    catalogueVersion: 1,
    fields: { plate: secrets.plate },
    residentName: secrets.residentName,
    orderId: null,
  });
  const request = await fileServiceRequest(resident, {
    service_code: 'streetlight',
    description: secrets.description,
    address_string: secrets.address,
    lat: 42.3,
    long: -71.06,
    first_name: secrets.firstName,
    last_name: secrets.lastName,
    phone: secrets.phone,
    email: secrets.email,
  });
  await answerSurvey(resident, { rating: 5, comment: secrets.surveyComment, ticketId: null });
  await answerCityQuestion(resident, { questionId: 'benches', language: 'en', topic: 'parks', text: secrets.cityText, contact: { name: secrets.cityContact, email: null, phone: '+1 617 555 0142' } });
  const order = await orderCertificate(resident, { certificateType: 'birth', copies: 1, nameOnRecord: secrets.nameOnRecord, eventDate: '1990-04-12', eventPlace: secrets.eventPlace, requesterName: secrets.nameOnRecord, unitFeeCents: 1400, amountCents: 1400 });
  return { tx, request, order };
}

describe('personal data at rest', () => {
  it('a transaction for a named resident, a 311 request, a survey comment, a city answer and an order: no personal value in clear in any stored record; all read back decrypted', async () => {
    const device = await api.enrolDevice();
    const pushed: StoredEvent[] = [];
    const kiosk = makeKiosk(url, device, {
      fetch: async (input, init) => {
        if (String(input).endsWith('/v1/sync/push')) pushed.push(...((await requestJson(init)) as { events: StoredEvent[] }).events);
        return fetch(input, init);
      },
    });
    const ctx: RecordContext = { db: kiosk.db, deviceId: device.deviceId, now: () => new Date('2026-11-27T15:00:00.000Z'), actorId: 'clerk-ana', catalogueVersion: 1 };
    const { tx, request, order } = await recordOneOfEach(ctx);

    const raw = await rawRecords(kiosk.db.name);
    expect(leaks(raw)).toEqual([]);
    // The scan sees clear text where there is some: the non-personal fields of the same records.
    expect(raw.some((r) => r.startsWith('transactions:') && r.includes(tx.receiptNumber))).toBe(true);
    expect(raw.some((r) => r.startsWith('events:') && r.includes('streetlight'))).toBe(true);

    // Everything reads back in clear through the app's reads.
    expect(await kiosk.db.transactions.get(tx.id)).toMatchObject({ residentName: secrets.residentName, reference: secrets.reference, fields: { plate: secrets.plate } });
    expect(await findByReceiptNumber(kiosk.db, tx.receiptNumber)).toMatchObject({ residentName: secrets.residentName });
    expect(await kiosk.db.serviceRequests.get(request.requestId)).toMatchObject({ description: secrets.description, addressString: secrets.address });
    expect(await kiosk.db.certificateOrders.get(order.id)).toMatchObject({ nameOnRecord: secrets.nameOnRecord, eventPlace: secrets.eventPlace, eventDate: '1990-04-12' });
    expect((await kiosk.db.surveys.toArray())[0]).toMatchObject({ comment: secrets.surveyComment });
    const events = await kiosk.db.events.orderBy('seq').toArray();
    expect(events.find((e) => e.type === 'ServiceRequestFiled')?.payload).toMatchObject({ first_name: secrets.firstName, last_name: secrets.lastName, phone: secrets.phone, email: secrets.email, lat: 42.3 });
    expect(events.find((e) => e.type === 'CityQuestionAnswered')?.payload).toMatchObject({ text: secrets.cityText, contact: { name: secrets.cityContact } });

    // The outbox as the push reads it: opened in one go after a sealed read; the plan's read keeps them sealed.
    expect(await readOutboxBatch(kiosk.db, 0, 100)).toEqual(events);
    const sealedRead = await readOutboxSealed(kiosk.db, 0, 100);
    expect(sealedRead.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(leaks(sealedRead.map((e) => JSON.stringify(e)))).toEqual([]);

    // The office receives the events in clear, exactly as recorded, and accepts them all.
    const exported = await exportUnsentRecords(kiosk.db, { deviceId: device.deviceId, vanName: 'Van 1', passphrase: 'correct horse battery', now: new Date('2026-11-27T16:00:00.000Z') });
    expect(exported.count).toBe(events.length);
    await kiosk.engine.trigger();
    expect(pushed).toEqual(events);
    expect(pushed.find((e) => e.type === 'TransactionRecorded')?.payload).toMatchObject({ residentName: secrets.residentName });
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await kiosk.db.quarantine.count()).toBe(0);
    expect(leaks(await rawRecords(kiosk.db.name))).toEqual([]);
  });

  it('records stored in clear before v9 are sealed once the database opens, and read back the same', async () => {
    const name = `at-rest-upgrade-${process.pid}`;
    const v8 = new KioskDb(name);
    await recordOneOfEach({ db: v8, deviceId: 'dev-v7', now: () => new Date('2026-11-27T15:00:00.000Z'), actorId: 'clerk-ana', catalogueVersion: 1 });
    const opened = { events: await v8.events.orderBy('seq').toArray(), transactions: await v8.transactions.toArray(), serviceRequests: await v8.serviceRequests.toArray(), certificateOrders: await v8.certificateOrders.toArray(), surveys: await v8.surveys.toArray() };
    v8.close();
    // Write the same records back in clear at schema 8, as the build before this one stored them.
    const clear = new Dexie(name);
    await clear.open();
    const tables = Object.keys(opened) as (keyof typeof opened)[];
    const schema = Object.fromEntries(clear.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', ')]));
    clear.close();
    await Dexie.delete(name);
    const legacy = new Dexie(name);
    legacy.version(8).stores(schema);
    for (const t of tables) await legacy.table(t).bulkAdd(opened[t]);
    await legacy.table('meta').put({ key: 'syncCursor', value: 0 });
    legacy.close();
    expect(leaks(await rawRecords(name)).length).toBeGreaterThan(0);

    const upgraded = new KioskDb(name);
    await upgraded.open();
    expect(leaks(await rawRecords(name))).toEqual([]);
    expect(await upgraded.events.orderBy('seq').toArray()).toEqual(opened.events);
    expect(await upgraded.transactions.toArray()).toEqual(opened.transactions);
    expect(await upgraded.serviceRequests.toArray()).toEqual(opened.serviceRequests);
    expect(await upgraded.certificateOrders.toArray()).toEqual(opened.certificateOrders);
    expect(await upgraded.meta.get('atRestPending')).toBeUndefined();
    upgraded.close();
  });

  it('a write that was not sealed first is refused and changes nothing', async () => {
    const db = new KioskDb(`at-rest-refuse-${process.pid}`);
    const row = { id: 't-1', eventId: 'e', seq: 1, serviceCode: 'x', serviceName: 'x', reference: 'R1', quantity: 1, amountCents: 1, payment: { method: 'none' as const }, receiptNumber: 'R', occurredAt: '2026-11-27T15:00:00.000Z', status: 'recorded' as const, residentName: 'Ana Ng' };
    await expect(db.transactions.add(row)).rejects.toMatchObject({ code: 'unsealed_write' });
    expect(await db.transactions.count()).toBe(0);
    await db.transactions.add(await db.atRest.seal('transactions', row));
    expect(await db.transactions.get('t-1')).toEqual(row);
    db.close();
  });
});
