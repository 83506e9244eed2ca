import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { catalogueDiff, cataloguePublishRequestSchema, cityQuestionSchema, withoutStaff } from '../../shared';
import { HttpError } from '../errors';
import type { OfficeAuth } from '../office/auth';
import { CatalogueVersionConflict } from '../store/store';
import type { AppContext } from '../context';
import { cityQuestionPublishSchema, publishCityQuestion } from './city-questions';
import { officeUser } from './office';

/**
 * The catalogue from the office console: read any published version (never its staff: their PIN hashes go to kiosks
 * only), compare two, publish an edited draft as a new version (kiosks pull it by ETag, as every version), and publish
 * "Tell the city" questions. A new version never touches a recorded transaction: each event keeps the amount it was
 * recorded with and the version it was recorded under.
 */

const versionParams = z.object({ version: z.coerce.number().int().min(1) });
const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

export function registerOfficeCatalogueRoutes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { registry, store } = ctx;

  async function versionOrThrow(version: number) {
    const found = await store.catalogueVersion(version);
    if (!found) throw new HttpError(404, 'unknown_catalogue_version', `there is no catalogue version ${version}`);
    return found;
  }

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/catalogue/versions',
      summary: 'Every published catalogue version, newest first',
      tags: ['office console'],
      auth: 'console:admin',
      response: z.object({ versions: z.array(z.object({ version: z.number().int(), publishedAt: z.string() })) }),
    },
    async () => ({ versions: await store.listCatalogueVersions() }),
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/catalogue/versions/:version',
      summary: 'One published catalogue version as the kiosks received it, without the staff list',
      tags: ['office console'],
      auth: 'console:admin',
      params: versionParams,
      errors: { 404: 'no such version' },
    },
    async ({ params }) => {
      const found = await versionOrThrow(params.version);
      return { version: found.version, publishedAt: found.publishedAt, catalogue: withoutStaff(found.body) };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/catalogue/diff',
      summary: 'What changed from one catalogue version to another: categories, services, fees, form fields, texts, questions',
      tags: ['office console'],
      auth: 'console:admin',
      query: diffQuery,
      errors: { 404: 'no such version' },
    },
    async ({ query }) => {
      const [from, to] = await Promise.all([versionOrThrow(query.from), versionOrThrow(query.to)]);
      return { from: from.version, to: to.version, changes: catalogueDiff(withoutStaff(from.body), withoutStaff(to.body)) };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/catalogue/versions',
      summary: 'Publish an edited draft (categories and services) as a new catalogue version, if no other version came after its base',
      tags: ['office console'],
      auth: 'console:admin',
      body: cataloguePublishRequestSchema,
      response: z.object({ version: z.number().int(), publishedAt: z.string(), changes: z.number().int() }),
      errors: { 400: 'the draft is invalid (each problem with its path)', 409: 'another version was published after the draft’s base, or nothing changed' },
    },
    async ({ principal, body, reply }) => {
      const { user } = officeUser(principal);
      const base = await versionOrThrow(body.baseVersion);
      const before = withoutStaff(base.body);
      const next = { ...before, categories: body.draft.categories, services: body.draft.services };
      const changes = catalogueDiff(before, next);
      if (changes.length === 0) throw new HttpError(409, 'no_changes', 'the draft is the same as the version it was made from; nothing to publish');
      const publishedAt = ctx.now().toISOString();
      let version: number;
      try {
        version = await store.publishCatalogue(next, publishedAt, { basedOn: body.baseVersion });
      } catch (error) {
        if (error instanceof CatalogueVersionConflict) {
          throw new HttpError(409, 'catalogue_changed', `version ${error.latest} was published after your draft's version ${body.baseVersion}; reload it and make your change again`);
        }
        throw error;
      }
      await auth.audit(user.email, 'catalogue.published', `catalogue:${version}`, {
        version,
        basedOn: body.baseVersion,
        changes: changes.slice(0, 50).map((c) => `${c.kind} ${c.where}`),
      });
      // A removal is audited on its own too, so "who took the birth certificate off the kiosks" is one search away.
      const kept = (list: { code: string }[]) => new Set(list.map((item) => item.code));
      const services = kept(next.services);
      const categories = kept(next.categories);
      for (const service of before.services.filter((s) => !services.has(s.code))) {
        await auth.audit(user.email, 'catalogue.service_removed', `service:${service.code}`, { version, basedOn: body.baseVersion, name: service.name, categoryCode: service.categoryCode });
      }
      for (const category of before.categories.filter((c) => !categories.has(c.code))) {
        await auth.audit(user.email, 'catalogue.category_removed', `category:${category.code}`, { version, basedOn: body.baseVersion, name: category.name });
      }
      reply.code(201);
      return { version, publishedAt, changes: changes.length };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/city-questions',
      summary: '“Tell the city” questions in the latest catalogue',
      tags: ['office console'],
      auth: 'console:admin',
      response: z.object({ questions: z.array(cityQuestionSchema) }),
    },
    async () => ({ questions: (await store.latestCatalogue())?.body.questions ?? [] }),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/city-questions',
      summary: 'Publish a “Tell the city” question with its translations for a neighbourhood or one stop (a new catalogue version; same id replaces)',
      tags: ['office console'],
      auth: 'console:admin',
      body: cityQuestionPublishSchema,
      response: z.object({ id: z.string(), catalogueVersion: z.number().int() }),
      errors: { 400: 'invalid question', 409: 'no catalogue to publish it with' },
    },
    async ({ principal, body, reply }) => {
      const { user } = officeUser(principal);
      const published = await publishCityQuestion(ctx, body);
      await auth.audit(user.email, 'city_question.published', `city_question:${body.id}`, {
        catalogueVersion: published.catalogueVersion,
        neighbourhood: body.neighbourhood,
        place: body.place ?? null,
        languages: Object.keys(body.text),
      });
      reply.code(201);
      return published;
    },
  );
}
