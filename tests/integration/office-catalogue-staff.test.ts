import { beforeEach, describe, expect, it } from 'vitest';
import { catalogueDraftSchema, catalogueSchema, questionForStop, type CatalogueDraft } from '../../shared';
import { demoCatalogue } from '../../server/catalogue-seed';
import { DEMO_VAN_NAME } from '../../server/seed';
import { verifyPin } from '../../server/pins';
import { useTestApi, ADMIN_TOKEN, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, signIn, type OfficeSession } from '../helpers/office';
import { transactionEvent } from '../helpers/events';

/** Catalogue, staff, devices and questions from the office console (issue 17), on each store. */

const NOW = new Date('2026-12-01T15:00:00.000Z');

function draftOf(catalogue: { categories: CatalogueDraft['categories']; services: CatalogueDraft['services'] }): CatalogueDraft {
  return structuredClone({ categories: catalogue.categories, services: catalogue.services });
}

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`office console: catalogue, staff, devices on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    let clock: Date;
    let admin: OfficeSession;

    beforeEach(() => {
      clock = new Date(NOW);
    });
    useTestApi(factory, () => ({ seed: true, now: () => clock, enrolRateLimit: { max: 1000, timeWindow: 60_000 } }), async (started) => {
      api = started;
      for (const role of ['viewer', 'office', 'admin'] as const) await makeOfficeUser(api.store, `${role}@city.gov`, role);
      admin = await signIn(api.app, 'admin@city.gov');
    });

    const inject = (session: OfficeSession, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => api.app.inject(asOffice(session, method, url, payload));
    const kioskCatalogue = (token: string, etag?: string) =>
      api.app.inject({ method: 'GET', url: '/v1/catalogue', headers: { authorization: `Bearer ${token}`, ...(etag ? { 'if-none-match': etag } : {}) } });
    async function latest() {
      const versions = (await inject(admin, 'GET', '/v1/office/catalogue/versions')).json().versions as { version: number }[];
      const body = (await inject(admin, 'GET', `/v1/office/catalogue/versions/${versions[0]!.version}`)).json();
      return body as { version: number; catalogue: CatalogueDraft & { questions: unknown[] } };
    }
    async function publish(draft: CatalogueDraft, baseVersion: number, session = admin) {
      return inject(session, 'POST', '/v1/office/catalogue/versions', { baseVersion, draft });
    }
    const dogLicence = (draft: CatalogueDraft) => draft.services.find((s) => s.code === 'dog-licence')!;

    describe('catalogue', () => {
      it('publishes an edited fee as a new version with its history and diff, the kiosk pulls it by ETag, and nothing about staff is shown', async () => {
        expect(catalogueDraftSchema.safeParse(draftOf(demoCatalogue)).success).toBe(true);
        const device = await api.enrolDevice();
        const first = await kioskCatalogue(device.token);
        const etag = String(first.headers.etag);
        const base = await latest();
        expect(base.catalogue).not.toHaveProperty('staff');
        const draft = draftOf(base.catalogue);
        const fee = dogLicence(draft).feeRule;
        if (fee.kind !== 'by_option') throw new Error('the demo dog licence is priced by option');
        fee.amounts.no = 3500;
        dogLicence(draft).whatHappensNext = { ...dogLicence(draft).whatHappensNext, en: 'The tag is mailed within 5 business days.' };
        clock = new Date('2026-12-01T16:00:00.000Z');
        const published = await publish(draft, base.version);
        expect(published.statusCode).toBe(201);
        expect(published.json()).toEqual({ version: base.version + 1, publishedAt: '2026-12-01T16:00:00.000Z', changes: 2 });

        const versions = (await inject(admin, 'GET', '/v1/office/catalogue/versions')).json().versions;
        expect(versions[0]).toEqual({ version: base.version + 1, publishedAt: '2026-12-01T16:00:00.000Z' });
        const diff = (await inject(admin, 'GET', `/v1/office/catalogue/diff?from=${base.version}&to=${base.version + 1}`)).json();
        expect(diff.changes).toHaveLength(2);
        expect(diff.changes).toEqual(
          expect.arrayContaining([
            { where: 'Service › dog-licence › whatHappensNext › en', kind: 'changed', before: expect.stringContaining('10 business days'), after: 'The tag is mailed within 5 business days.' },
            { where: 'Service › dog-licence › feeRule › amounts › no', kind: 'changed', before: 3000, after: 3500 },
          ]),
        );
        expect(JSON.stringify(diff)).not.toContain('pbkdf2');

        // The kiosk's old ETag no longer matches: it gets the new version with the new fee.
        const next = await kioskCatalogue(device.token, etag);
        expect(next.statusCode).toBe(200);
        const pulled = catalogueSchema.parse(next.json());
        expect(pulled.version).toBe(base.version + 1);
        expect(pulled.services.find((s) => s.code === 'dog-licence')!.feeRule).toEqual({ kind: 'by_option', field: 'neutered', amounts: { yes: 1500, no: 3500 } });
        expect((await kioskCatalogue(device.token, String(next.headers.etag))).statusCode).toBe(304);

        const audit = (await inject(admin, 'GET', '/v1/office/audit?action=catalogue.published')).json().entries;
        expect(audit[0]).toMatchObject({ actor: 'admin@city.gov', target: `catalogue:${base.version + 1}`, detail: { basedOn: base.version, changes: expect.arrayContaining(['changed Service › dog-licence › feeRule › amounts › no']) } });
      });

      it('never reprices a recorded transaction: recorded at v1, published v2 with a new fee, the amount and the day report stay as they were', async () => {
        const device = await api.enrolDevice();
        const base = await latest();
        const push = (events: unknown[]) => api.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${device.token}` }, payload: { events } });
        const dog = (seq: number) =>
          transactionEvent(device.deviceId, seq, {
            serviceCode: 'dog-licence',
            serviceName: 'Dog licence',
            amountCents: 1500,
            unitFeeCents: 1500,
            catalogueVersion: base.version,
            fields: { neutered: 'yes' },
            payment: { method: 'cash', tenderedCents: 1500, changeCents: 0 },
          });
        expect((await push([dog(1)])).json().results[0].status).toBe('accepted');
        const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };
        const report = async () => (await api.app.inject({ method: 'GET', url: '/v1/reports/daily?date=2026-11-27', headers: adminHeaders })).json();
        const transactions = async () => (await api.app.inject({ method: 'GET', url: '/v1/transactions?from=2026-11-27&to=2026-11-27', headers: adminHeaders })).json();
        const reportBefore = await report();
        expect(reportBefore.totals.revenueCents).toBe(1500);

        const draft = draftOf(base.catalogue);
        dogLicence(draft).feeRule = { kind: 'fixed', amountCents: 2500 };
        expect((await publish(draft, base.version)).statusCode).toBe(201);
        expect(await report()).toEqual(reportBefore);
        // A van that recorded at v1 while offline and pushes after v2 is out: its recorded amount stands.
        expect((await push([dog(2)])).json().results[0].status).toBe('accepted');
        const after = await transactions();
        const amounts = (after.items ?? after.transactions).map((t: { amountCents: number }) => t.amountCents);
        expect(amounts).toEqual([1500, 1500]);
        expect((await report()).totals.revenueCents).toBe(3000);
      });

      const spoiled: [string, (d: CatalogueDraft) => void, string[], string | null][] = [
        ['a fee field that is not on the form', (d: CatalogueDraft) => void (dogLicence(d).feeRule = { kind: 'by_option', field: 'colour', amounts: { yes: 1 } }), ['services', 'feeRule', 'field'], 'the form has no field "colour" to choose the fee by'],
        ['an option without a fee', (d: CatalogueDraft) => void (dogLicence(d).feeRule = { kind: 'by_option', field: 'neutered', amounts: { yes: 1500 } }), ['services', 'feeRule', 'amounts', 'no'], 'no fee for the option "No ($30)"'],
        ['a negative fixed fee', (d: CatalogueDraft) => void (dogLicence(d).feeRule = { kind: 'fixed', amountCents: -5 }), ['services', 'feeRule', 'amountCents'], null],
        ['a service in a category that does not exist', (d: CatalogueDraft) => void (dogLicence(d).categoryCode = 'nowhere'), ['services', 'categoryCode'], 'there is no category "nowhere"'],
        ['two fields with the same key', (d: CatalogueDraft) => void dogLicence(d).fields.push({ ...dogLicence(d).fields[0]!, label: 'Again' }), ['services', 'fields', 'key'], 'field key "dogName" is used twice'],
        ['an empty service name', (d: CatalogueDraft) => void (dogLicence(d).name = ''), ['services', 'name'], null],
        ['a per-unit fee counting a text field', (d: CatalogueDraft) => void (dogLicence(d).feeRule = { kind: 'per_unit', unitCents: 100, unitLabel: 'tags', quantityField: 'dogName' }), ['services', 'feeRule', 'quantityField'], '"dogName" must be a number field to count the tags'],
      ];
      it(`refuses a draft with ${spoiled.map(([name]) => name).join('; ')}: each names the field, and nothing is published`, async () => {
        const base = await latest();
        for (const [name, spoil, pathWords, message] of spoiled) {
          const draft = draftOf(base.catalogue);
          spoil(draft);
          const refused = await publish(draft, base.version);
          expect(refused.statusCode, name).toBe(400);
          const { error } = refused.json();
          expect(error.code).toBe('invalid_body');
          const index = draft.services.findIndex((s) => s.code === 'dog-licence' || s.categoryCode === 'nowhere');
          const issue = error.issues.find((i: { path: (string | number)[] }) => i.path[0] === 'draft' && i.path[1] === 'services' && i.path[2] === index);
          expect(issue, `${name}: ${JSON.stringify(error.issues)}`).toBeDefined();
          expect(issue.path.filter((p: string | number) => typeof p === 'string' && p !== 'draft' && p !== 'yes'), name).toEqual(pathWords);
          if (message) expect(issue.message).toBe(message);
        }
        expect((await latest()).version).toBe(base.version);
      });

      it('refuses a draft based on an older version (someone published since) and one with no change', async () => {
        const base = await latest();
        const draft = draftOf(base.catalogue);
        expect((await publish(draft, base.version)).json().error.code).toBe('no_changes');
        dogLicence(draft).name = 'Dog licence (annual)';
        expect((await publish(draft, base.version)).statusCode).toBe(201);
        dogLicence(draft).name = 'Dog licence (yearly)';
        const stale = await publish(draft, base.version);
        expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'catalogue_changed']);
        expect((await latest()).catalogue.services.find((s) => s.code === 'dog-licence')!.name).toBe('Dog licence (annual)');
        expect((await inject(admin, 'GET', '/v1/office/catalogue/versions/999')).statusCode).toBe(404);
        expect((await inject(admin, 'GET', '/v1/office/catalogue/diff?from=1&to=abc')).json().error.code).toBe('invalid_query');
      });

      it('removes a service, then its emptied category, in new versions: the kiosk no longer has them, each removal is audited, and a refused removal changes nothing', async () => {
        const device = await api.enrolDevice();
        const base = await latest();
        const draft = draftOf(base.catalogue);
        draft.services = draft.services.filter((s) => s.code !== 'voter-registration');
        const removed = await publish(draft, base.version);
        expect([removed.statusCode, removed.json().changes]).toEqual([201, 1]);
        const pulled = catalogueSchema.parse((await kioskCatalogue(device.token)).json());
        expect(pulled.version).toBe(base.version + 1);
        expect(pulled.services.map((s) => s.code)).not.toContain('voter-registration');
        expect(pulled.categories.map((c) => c.code)).toContain('civic');
        // The published version it came from is never changed.
        expect((await inject(admin, 'GET', `/v1/office/catalogue/versions/${base.version}`)).json().catalogue.services.map((s: { code: string }) => s.code)).toContain('voter-registration');

        // A category that still has services: refused with the service that names it, nothing published.
        const withServices = draftOf((await latest()).catalogue);
        withServices.categories = withServices.categories.filter((c) => c.code !== 'records');
        const refused = await publish(withServices, base.version + 1);
        expect(refused.statusCode).toBe(400);
        const birth = withServices.services.findIndex((s) => s.code === 'birth-certificate');
        expect(refused.json().error.issues).toEqual(expect.arrayContaining([{ path: ['draft', 'services', birth, 'categoryCode'], message: 'there is no category "records"' }]));
        // The last category: refused, nothing published.
        const last = await publish({ categories: [], services: [] }, base.version + 1);
        expect([last.statusCode, last.json().error.issues[0].path]).toEqual([400, ['draft', 'categories']]);
        // A removal made from a draft of an older version: refused, the service stays.
        const stale = await publish({ ...draftOf(base.catalogue), services: draftOf(base.catalogue).services.filter((s) => s.code !== 'dog-licence') }, base.version);
        expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'catalogue_changed']);
        expect((await latest()).version).toBe(base.version + 1);
        expect((await latest()).catalogue.services.map((s) => s.code)).toContain('dog-licence');

        // The category is empty now: it goes.
        const empty = draftOf((await latest()).catalogue);
        empty.categories = empty.categories.filter((c) => c.code !== 'civic');
        expect((await publish(empty, base.version + 1)).statusCode).toBe(201);
        expect(catalogueSchema.parse((await kioskCatalogue(device.token)).json()).categories.map((c) => c.code)).toEqual(['payments', 'records', 'permits']);

        const audit = async (action: string) => (await inject(admin, 'GET', `/v1/office/audit?action=${action}`)).json().entries;
        expect(await audit('catalogue.service_removed')).toEqual([
          expect.objectContaining({ actor: 'admin@city.gov', target: 'service:voter-registration', detail: { version: base.version + 1, basedOn: base.version, name: 'Voter registration', categoryCode: 'civic' } }),
        ]);
        expect(await audit('catalogue.category_removed')).toEqual([
          expect.objectContaining({ actor: 'admin@city.gov', target: 'category:civic', detail: { version: base.version + 2, basedOn: base.version + 1, name: 'Voting and 311' } }),
        ]);
      });

      it('a staff change made while an editor publishes keeps the editor’s services (no older copy is republished)', async () => {
        const base = await latest();
        const draft = draftOf(base.catalogue);
        dogLicence(draft).name = 'Dog licence (annual)';
        await Promise.all([
          publish(draft, base.version),
          inject(admin, 'PATCH', '/v1/office/staff/clerk-ana', { name: 'Ana M. Clerk' }),
          inject(admin, 'PATCH', '/v1/office/staff/super-sam', { role: 'clerk' }),
        ]);
        const now = await latest();
        expect(now.catalogue.services.find((s) => s.code === 'dog-licence')!.name).toBe('Dog licence (annual)');
        expect(now.version).toBe(base.version + 3);
      });
    });

    describe('staff', () => {
      it('adds a staff member for a van: that van’s kiosk receives them on its next pull and the PIN works; another van’s does not', async () => {
        const van1 = await api.enrolDevice();
        const van2 = await api.enrolDevice('Van 2');
        const etag = String((await kioskCatalogue(van1.token)).headers.etag);
        const added = await inject(admin, 'POST', '/v1/office/staff', { id: 'clerk-rosa', name: 'Rosa Parks', role: 'clerk', pin: '583920', vans: [DEMO_VAN_NAME] });
        expect(added.statusCode).toBe(201);
        expect(added.json()).toMatchObject({ id: 'clerk-rosa', role: 'clerk', active: true, vans: [DEMO_VAN_NAME] });
        expect(added.body).not.toContain('583920');
        const pulled = catalogueSchema.parse((await kioskCatalogue(van1.token, etag)).json());
        const rosa = pulled.staff.find((s) => s.id === 'clerk-rosa')!;
        expect(rosa).toMatchObject({ name: 'Rosa Parks', role: 'clerk', active: true });
        expect(await verifyPin('583920', rosa.pin)).toBe(true);
        expect(catalogueSchema.parse((await kioskCatalogue(van2.token)).json()).staff.map((s) => s.id)).not.toContain('clerk-rosa');
        const list = (await inject(admin, 'GET', '/v1/office/staff')).json();
        expect(list.staff.find((s: { id: string }) => s.id === 'clerk-rosa')).toEqual({ id: 'clerk-rosa', name: 'Rosa Parks', role: 'clerk', active: true, vans: [DEMO_VAN_NAME] });
        expect(list.vans).toEqual(expect.arrayContaining([DEMO_VAN_NAME, 'Van 2']));
        expect(JSON.stringify(list)).not.toContain('pbkdf2');
        expect((await inject(admin, 'POST', '/v1/office/staff', { id: 'clerk-rosa', name: 'Other', role: 'clerk', pin: '583920' })).json().error.code).toBe('staff_exists');
      });

      it('resets a PIN under the policy, changes role, moves to another van and disables: each reaches the kiosks', async () => {
        const van1 = await api.enrolDevice();
        const van2 = await api.enrolDevice('Van 2');
        const ana = async (token: string) => catalogueSchema.parse((await kioskCatalogue(token)).json()).staff.find((s) => s.id === 'clerk-ana');
        const weak = await inject(admin, 'POST', '/v1/office/staff/clerk-ana/pin', { pin: '123456' });
        expect([weak.statusCode, weak.json().error.code]).toEqual([400, 'invalid_body']);
        expect(weak.json().error.issues[0].path).toEqual(['pin']);
        expect(await verifyPin('246810', (await ana(van1.token))!.pin)).toBe(true);
        expect((await inject(admin, 'POST', '/v1/office/staff/clerk-ana/pin', { pin: '739164' })).statusCode).toBe(200);
        const reset = (await ana(van1.token))!;
        expect(await verifyPin('739164', reset.pin)).toBe(true);
        expect(await verifyPin('246810', reset.pin)).toBe(false);

        await inject(admin, 'PATCH', '/v1/office/staff/clerk-ana', { role: 'supervisor', vans: ['Van 2'] });
        expect(await ana(van1.token)).toBeUndefined();
        expect(await ana(van2.token)).toMatchObject({ role: 'supervisor', active: true });
        expect(await verifyPin('739164', (await ana(van2.token))!.pin)).toBe(true);
        const disabled = await inject(admin, 'PATCH', '/v1/office/staff/clerk-ana', { active: false });
        expect(disabled.json()).toMatchObject({ active: false, vans: ['Van 2'] });
        expect(await ana(van2.token)).toMatchObject({ active: false });

        const actions = (await inject(admin, 'GET', '/v1/office/audit?actor=admin@city.gov')).json().entries.map((e: { action: string }) => e.action);
        expect(actions).toEqual(expect.arrayContaining(['staff.pin_reset', 'staff.updated']));
        expect((await inject(admin, 'GET', '/v1/office/audit')).body).not.toContain('739164');
      });

      const refusals = [
        ['an unknown staff member', 'PATCH', '/v1/office/staff/nobody', { active: false }, 404, 'unknown_staff'],
        ['an empty change', 'PATCH', '/v1/office/staff/clerk-ana', {}, 400, 'invalid_body'],
        ['an unknown role', 'PATCH', '/v1/office/staff/clerk-ana', { role: 'mayor' }, 400, 'invalid_body'],
        ['a PIN of letters', 'POST', '/v1/office/staff/clerk-ana/pin', { pin: 'abcdef' }, 400, 'invalid_body'],
        ['a date as a PIN', 'POST', '/v1/office/staff', { id: 'clerk-x', name: 'X', role: 'clerk', pin: '19840412' }, 400, 'invalid_body'],
        ['a bad staff id', 'POST', '/v1/office/staff', { id: 'Bad Id', name: 'X', role: 'clerk', pin: '583920' }, 400, 'invalid_body'],
      ] as const;
      it(`refuses ${refusals.map(([name]) => name).join(', ')}, each with its code, and changes nothing`, async () => {
        const before = (await inject(admin, 'GET', '/v1/office/staff')).json();
        const versions = (await inject(admin, 'GET', '/v1/office/catalogue/versions')).json();
        for (const [name, method, url, payload, status, code] of refusals) {
          const refused = await inject(admin, method, url, payload);
          expect([refused.statusCode, refused.json().error.code], name).toEqual([status, code]);
        }
        expect((await inject(admin, 'GET', '/v1/office/staff')).json()).toEqual(before);
        expect((await inject(admin, 'GET', '/v1/office/catalogue/versions')).json()).toEqual(versions);
      });
    });

    describe('devices', () => {
      it('re-enrols a named device with a code for it alone, and un-revokes a revoked one', async () => {
        const device = await api.enrolDevice('Van 5');
        const made = await inject(admin, 'POST', `/v1/office/devices/${device.deviceId}/enrolment-code`, {});
        expect(made.statusCode).toBe(201);
        expect(made.json()).toMatchObject({ vanName: 'Van 5', deviceId: device.deviceId, qrSvg: expect.stringContaining('<svg') });
        const enrol = (body: unknown) => api.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: body as Record<string, unknown> });
        // A wiped kiosk does not know its id: the code itself names the device it enrols, and only once.
        const again = await enrol({ code: made.json().code });
        expect([again.statusCode, again.json().deviceId, again.json().vanName]).toEqual([201, device.deviceId, 'Van 5']);
        expect((await enrol({ code: made.json().code })).json().error.code).toBe('code_used');
        const other = await api.enrolDevice('Van 6');
        const forOther = (await inject(admin, 'POST', `/v1/office/devices/${other.deviceId}/enrolment-code`, {})).json().code;
        expect((await enrol({ code: forOther, deviceId: device.deviceId })).json().error.code).toBe('code_for_other_device');

        await inject(admin, 'POST', `/v1/office/devices/${device.deviceId}/revoke`);
        const revoked = await inject(admin, 'POST', `/v1/office/devices/${device.deviceId}/enrolment-code`, {});
        expect([revoked.statusCode, revoked.json().error.code]).toEqual([409, 'device_revoked']);
        const token = again.json().token as string;
        expect((await kioskCatalogue(token)).statusCode).toBe(401);
        const lifted = await inject(admin, 'POST', `/v1/office/devices/${device.deviceId}/unrevoke`);
        expect(lifted.json()).toEqual({ deviceId: device.deviceId, revoked: false });
        expect((await kioskCatalogue(token)).statusCode).toBe(200);
        expect((await inject(admin, 'POST', `/v1/office/devices/${device.deviceId}/unrevoke`)).json().error.code).toBe('not_revoked');
        expect((await inject(admin, 'POST', '/v1/office/devices/dev-nope/enrolment-code', {})).json().error.code).toBe('unknown_device');
        const actions = (await inject(admin, 'GET', '/v1/office/audit')).json().entries.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
        expect(actions).toEqual(expect.arrayContaining([`device.unrevoked device:${device.deviceId}`, `enrolment_code.created device:${device.deviceId}`]));
      });
    });

    describe('Tell the city questions', () => {
      it('publishes a question with its translations for a stop: the kiosk there receives it in the next catalogue', async () => {
        const device = await api.enrolDevice();
        const question = {
          id: 'roxbury-benches',
          neighbourhood: 'Roxbury',
          place: 'Nubian Square',
          text: { en: 'Where should the city put new benches?', es: '¿Dónde debería la ciudad poner bancos nuevos?' },
          topics: ['parks', 'streets', 'other'],
        };
        const published = await inject(admin, 'POST', '/v1/office/city-questions', question);
        expect(published.statusCode).toBe(201);
        const pulled = catalogueSchema.parse((await kioskCatalogue(device.token)).json());
        expect(pulled.version).toBe(published.json().catalogueVersion);
        expect(questionForStop(pulled.questions, { neighbourhood: 'Roxbury', place: 'Nubian Square' })).toMatchObject({ ...question, publishedAt: NOW.toISOString() });
        expect((await inject(admin, 'GET', '/v1/office/city-questions')).json().questions.map((q: { id: string }) => q.id)).toContain('roxbury-benches');
        const noEnglish = await inject(admin, 'POST', '/v1/office/city-questions', { ...question, text: { es: 'Hola' } });
        expect([noEnglish.statusCode, noEnglish.json().error.issues[0].path]).toEqual([400, ['text']]);
      });
    });

    describe('role limits and CSRF', () => {
      const changes: [string, 'POST' | 'PATCH', string, unknown][] = [
        ['publish a catalogue', 'POST', '/v1/office/catalogue/versions', { baseVersion: 1, draft: draftOf(demoCatalogue) }],
        ['remove a service', 'POST', '/v1/office/catalogue/versions', { baseVersion: 1, draft: { ...draftOf(demoCatalogue), services: demoCatalogue.services.filter((s) => s.code !== 'voter-registration') } }],
        ['add staff', 'POST', '/v1/office/staff', { id: 'clerk-z', name: 'Z', role: 'clerk', pin: '583920' }],
        ['change staff', 'PATCH', '/v1/office/staff/clerk-ana', { active: false }],
        ['reset a PIN', 'POST', '/v1/office/staff/clerk-ana/pin', { pin: '583920' }],
        ['publish a question', 'POST', '/v1/office/city-questions', { id: 'q', neighbourhood: 'Roxbury', text: { en: 'Q?' }, topics: ['parks', 'other'] }],
        ['un-revoke a device', 'POST', '/v1/office/devices/dev-x/unrevoke', undefined],
        ['re-enrol a device', 'POST', '/v1/office/devices/dev-x/enrolment-code', {}],
      ];
      it(`a viewer and an office account may not ${changes.map(([name]) => name).join(', ')}; without the CSRF token not even an admin`, async () => {
        const versions = (await inject(admin, 'GET', '/v1/office/catalogue/versions')).json();
        const staff = (await inject(admin, 'GET', '/v1/office/staff')).json();
        const sessions = [await signIn(api.app, 'viewer@city.gov'), await signIn(api.app, 'office@city.gov')];
        for (const [name, method, url, payload] of changes) {
          for (const session of sessions) {
            const refused = await inject(session, method, url, payload);
            expect([refused.statusCode, refused.json().error.code], name).toEqual([403, 'role_forbidden']);
          }
          const forged = await api.app.inject({ method, url, headers: { cookie: admin.cookie }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
          expect([forged.statusCode, forged.json().error.code], name).toEqual([403, 'csrf_token_invalid']);
        }
        expect((await inject(admin, 'GET', '/v1/office/catalogue/versions')).json()).toEqual(versions);
        expect((await inject(admin, 'GET', '/v1/office/staff')).json()).toEqual(staff);
      });

      it('the reads are for administrators too, and every route is in /openapi.json', async () => {
        const viewer = await signIn(api.app, 'viewer@city.gov');
        for (const url of ['/v1/office/catalogue/versions', '/v1/office/staff', '/v1/office/city-questions']) {
          expect((await inject(viewer, 'GET', url)).statusCode).toBe(403);
        }
        const paths = Object.keys((await api.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
        expect(paths).toEqual(
          expect.arrayContaining([
            '/v1/office/catalogue/versions',
            '/v1/office/catalogue/versions/{version}',
            '/v1/office/catalogue/diff',
            '/v1/office/staff',
            '/v1/office/staff/{staffId}',
            '/v1/office/staff/{staffId}/pin',
            '/v1/office/city-questions',
            '/v1/office/devices/{deviceId}/enrolment-code',
            '/v1/office/devices/{deviceId}/unrevoke',
          ]),
        );
      });
    });
  });
}
