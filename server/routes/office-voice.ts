import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cityTopics, officeRoleAllows } from '../../shared';
import type { AppContext } from '../context';
import { officeUser } from './office';

const voiceQuerySchema = z
  .object({
    neighbourhood: z.string().trim().min(1).max(100).optional(),
    topic: z.enum(cityTopics).optional(),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '"from" must not be after "to"' });

/** How many of the newest answers the feed and its summary cover. */
const FEED_LIMIT = 1000;

/** "Tell the city" answers as a feed (original text, stop, neighbourhood, language, topic) and counts by topic per neighbourhood. */
export function registerOfficeVoiceRoutes(app: FastifyInstance, ctx: AppContext): void {
  ctx.registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/voice',
      summary: "Residents' “Tell the city” answers (newest 1000, filtered by neighbourhood, topic, language and period) with counts by topic per neighbourhood; contact details for office and admin only",
      tags: ['office console'],
      auth: 'console:viewer',
      query: voiceQuerySchema,
    },
    async ({ principal, query }) => {
      const { user } = officeUser(principal);
      const withContact = officeRoleAllows(user.role, 'office');
      const answers = (await ctx.store.queryCityAnswers({ ...(query.neighbourhood ? { neighbourhood: query.neighbourhood } : {}), limit: FEED_LIMIT })).filter(
        (a) =>
          (!query.topic || a.topic === query.topic) &&
          (!query.language || a.language === query.language) &&
          (!query.from || a.answeredAt >= `${query.from}T00:00:00.000Z`) &&
          (!query.to || a.answeredAt <= `${query.to}T23:59:59.999Z`),
      );
      const summary = new Map<string, Record<string, number>>();
      for (const a of answers) {
        const counts = summary.get(a.neighbourhood) ?? Object.fromEntries(cityTopics.map((t) => [t, 0]));
        counts[a.topic] = (counts[a.topic] ?? 0) + 1;
        summary.set(a.neighbourhood, counts);
      }
      return {
        answers: answers.map((a) => ({ ...a, contact: withContact ? a.contact : null })),
        summary: [...summary.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([neighbourhood, counts]) => ({ neighbourhood, counts })),
      };
    },
  );
}
