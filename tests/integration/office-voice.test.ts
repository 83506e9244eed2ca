import { describe, expect, it } from 'vitest';
import { useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, signIn } from '../helpers/office';
import { check, cityQuestionAnsweredEvent } from '../helpers/event-builders';

const ctx = { timeZone: 'America/New_York', serviceNames: new Map<string, string>() };

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`office console "Tell the city" feed on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    useTestApi(factory, { seed: true }, async (started) => {
      api = started;
      const van = await api.enrolDevice('Van A');
      await api.store.pushEvents(
        van.deviceId,
        [
          cityQuestionAnsweredEvent(van.deviceId, 1, {}, '2026-11-27T15:00:00.000Z'),
          cityQuestionAnsweredEvent(van.deviceId, 2, { language: 'es', topic: 'safety', text: 'Más luz en la plaza', contact: { name: 'Rosa', email: 'rosa@example.org', phone: null } }, '2026-11-28T16:00:00.000Z'),
          cityQuestionAnsweredEvent(van.deviceId, 3, { questionId: 'roxbury-parks', neighbourhood: 'Roxbury', place: 'Nubian Square', topic: 'parks', language: 'en', text: 'More benches' }, '2026-11-29T17:00:00.000Z'),
        ].map(check),
        ctx,
      );
      await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
      await makeOfficeUser(api.store, 'clerk@city.gov', 'office');
    });

    it('lists answers newest first with the original text and counts by topic per neighbourhood; contact only for office', async () => {
      const viewer = await signIn(api.app, 'viewer@city.gov');
      const body = (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/voice'))).json();
      expect(body.answers.map((a: { text: string }) => a.text)).toEqual(['More benches', 'Más luz en la plaza', 'Sửa vỉa hè trên đường Dorchester Ave']);
      expect(body.answers.every((a: { contact: unknown }) => a.contact === null)).toBe(true);
      expect(body.summary).toEqual([
        { neighbourhood: 'Dorchester', counts: { streets: 1, safety: 1, parks: 0, housing: 0, transit: 0, trash: 0, other: 0 } },
        { neighbourhood: 'Roxbury', counts: { streets: 0, safety: 0, parks: 1, housing: 0, transit: 0, trash: 0, other: 0 } },
      ]);
      const clerk = await signIn(api.app, 'clerk@city.gov');
      const withContact = (await api.app.inject(asOffice(clerk, 'GET', '/v1/office/voice?language=es'))).json();
      expect(withContact.answers).toHaveLength(1);
      expect(withContact.answers[0].contact).toEqual({ name: 'Rosa', email: 'rosa@example.org', phone: null });
    });

    it.each([
      ['neighbourhood=Roxbury', ['More benches']],
      ['topic=safety', ['Más luz en la plaza']],
      ['from=2026-11-28&to=2026-11-28', ['Más luz en la plaza']],
    ])('filters by %s', async (query, texts) => {
      const viewer = await signIn(api.app, 'viewer@city.gov');
      const body = (await api.app.inject(asOffice(viewer, 'GET', `/v1/office/voice?${query}`))).json();
      expect(body.answers.map((a: { text: string }) => a.text)).toEqual(texts);
    });

    it.each(['topic=weather', 'from=2026-11-29&to=2026-11-28', 'language=EN!'])('refuses %s', async (query) => {
      const viewer = await signIn(api.app, 'viewer@city.gov');
      const response = await api.app.inject(asOffice(viewer, 'GET', `/v1/office/voice?${query}`));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_query');
    });
  });
}
