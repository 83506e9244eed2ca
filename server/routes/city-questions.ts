import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cityQuestionSchema, cityTopics } from '../../shared';
import { HttpError } from '../errors';
import type { AppContext } from '../context';
import { republishLatest } from '../catalogue-publish';

/**
 * "Tell the city": the office publishes a question for a stop or neighbourhood (it reaches the vans with the next
 * catalogue version, as everything in the catalogue does) and reads what residents answered.
 */

export const cityQuestionPublishSchema = cityQuestionSchema.omit({ publishedAt: true });

/** Publishes a question (same id replaces) as a new catalogue version; shared by the admin API and the office console. */
export async function publishCityQuestion(ctx: Pick<AppContext, 'store' | 'now'>, body: z.infer<typeof cityQuestionPublishSchema>) {
  const now = ctx.now().toISOString();
  const question = { ...body, publishedAt: now };
  const version = await republishLatest(ctx.store, now, (rest) => ({ ...rest, questions: [...rest.questions.filter((q) => q.id !== body.id), question] }));
  if (version === null) throw new HttpError(409, 'no_catalogue', 'publish a catalogue before its questions');
  return { id: body.id, catalogueVersion: version };
}

const answersQuerySchema = z.object({
  question: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
  neighbourhood: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const answerSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  questionId: z.string(),
  stopId: z.string().nullable(),
  neighbourhood: z.string(),
  place: z.string(),
  language: z.string(),
  topic: z.enum(cityTopics),
  text: z.string(),
  contact: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  answeredAt: z.string(),
});

export function registerCityQuestionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry, store } = ctx;

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/city-questions',
      summary: 'Publish a “Tell the city” question for a neighbourhood or one stop (a new catalogue version; same id replaces)',
      tags: ['admin'],
      auth: 'office',
      body: cityQuestionPublishSchema,
      response: z.object({ id: z.string(), catalogueVersion: z.number().int() }),
      errors: { 409: 'no catalogue to publish the question with' },
    },
    async ({ body }) => publishCityQuestion(ctx, body),
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/city-answers',
      summary: 'Residents’ answers to the city’s questions, newest first, with stop, neighbourhood and language',
      tags: ['central reads'],
      auth: 'office',
      query: answersQuerySchema,
      response: z.object({ items: z.array(answerSchema) }),
      errors: { 403: 'credential may not read central data' },
    },
    async ({ query }) => ({ items: await store.queryCityAnswers({ questionId: query.question, neighbourhood: query.neighbourhood, limit: query.limit }) }),
  );
}
