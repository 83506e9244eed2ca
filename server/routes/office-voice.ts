import type { FastifyInstance } from 'fastify';
import { cityTopics, officeRoleAllows, voiceFeedQuerySchema, voiceItemParamsSchema, voiceReviewBodySchema, voiceTranslationBodySchema, type VoiceKind } from '../../shared';
import { HttpError } from '../errors';
import type { OfficeAuth } from '../office/auth';
import type { AppContext } from '../context';
import { officeUser } from './office';

/** How many of the newest comments and answers the feed shows. */
const FEED_LIMIT = 1000;

/**
 * Residents' voice: survey comments and "Tell the city" answers as one feed (original text, stop, neighbourhood,
 * language, topic, the office's translation and review), counts by topic per neighbourhood for the period, and the
 * office's marks (reviewed / actioned with a note) and translations, each audited.
 */
export function registerOfficeVoiceRoutes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { store } = ctx;
  ctx.registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/voice',
      summary:
        "Residents' survey comments and “Tell the city” answers (newest 1000; filtered by city days, kind, stop, neighbourhood, topic, language and review status) with the office's translations and reviews, and counts by topic per neighbourhood for the period; contact details for office and admin only",
      tags: ['office console'],
      auth: 'console:viewer',
      query: voiceFeedQuerySchema,
    },
    async ({ principal, query }) => {
      const { user } = officeUser(principal);
      const withContact = officeRoleAllows(user.role, 'office');
      const [answers, counts] = await Promise.all([
        store.kpi.voiceFeed({
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.stop ? { stopId: query.stop } : {}),
          ...(query.neighbourhood ? { neighbourhood: query.neighbourhood } : {}),
          ...(query.topic ? { topic: query.topic } : {}),
          ...(query.language ? { language: query.language } : {}),
          ...(query.status ? { status: query.status } : {}),
          limit: FEED_LIMIT,
        }),
        store.kpi.voiceSummary({ ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) }),
      ]);
      const summary = new Map<string, Record<string, number>>();
      for (const c of counts) {
        const row = summary.get(c.neighbourhood) ?? Object.fromEntries(cityTopics.map((t) => [t, 0]));
        row[c.topic] = (row[c.topic] ?? 0) + c.answers;
        summary.set(c.neighbourhood, row);
      }
      return {
        answers: answers.map((a) => ({ ...a, contact: withContact ? a.contact : null })),
        summary: [...summary.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([neighbourhood, c]) => ({ neighbourhood, counts: c })),
      };
    },
  );

  const mustExist = async (kind: VoiceKind, id: string) => {
    if (!(await store.kpi.voiceItemExists(kind, id))) {
      throw new HttpError(404, 'unknown_answer', kind === 'survey' ? 'no survey answer has that id' : 'no “Tell the city” answer has that id');
    }
  };

  ctx.registry.add(
    app,
    {
      method: 'PUT',
      url: '/v1/office/voice/:kind/:id/review',
      summary: "Mark a resident's comment or answer reviewed, or actioned with a note saying what was done (audited)",
      tags: ['office console'],
      auth: 'console:office',
      params: voiceItemParamsSchema,
      body: voiceReviewBodySchema,
      errors: { 404: 'no such comment or answer' },
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      await mustExist(params.kind, params.id);
      const note = body.note === '' ? null : body.note;
      await store.kpi.saveReview(params.kind, params.id, { status: body.status, note, by: user.email, at: ctx.now().toISOString() });
      await auth.audit(user.email, 'voice.reviewed', `${params.kind}_answer:${params.id}`, { status: body.status, note });
      return { kind: params.kind, id: params.id, status: body.status, note };
    },
  );

  ctx.registry.add(
    app,
    {
      method: 'PUT',
      url: '/v1/office/voice/:kind/:id/translation',
      summary: "Save the office's translation of what a resident wrote (the original is kept as written; audited)",
      tags: ['office console'],
      auth: 'console:office',
      params: voiceItemParamsSchema,
      body: voiceTranslationBodySchema,
      errors: { 404: 'no such comment or answer' },
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      await mustExist(params.kind, params.id);
      await store.kpi.saveTranslation(params.kind, params.id, { language: body.language, text: body.text, by: user.email, at: ctx.now().toISOString() });
      await auth.audit(user.email, 'voice.translated', `${params.kind}_answer:${params.id}`, { language: body.language, text: body.text });
      return { kind: params.kind, id: params.id, translation: { language: body.language, text: body.text } };
    },
  );
}
