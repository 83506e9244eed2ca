import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { containsCardNumber, hasControlCharacters, officeRoleAllows } from '../../shared';
import { HttpError } from '../errors';
import type { OfficeAuth } from '../office/auth';
import type { AppContext } from '../context';
import type { StoredServiceRequest } from '../store/store';
import { officeUser } from './office';

const notes = z
  .string()
  .trim()
  .max(1000)
  .refine((s) => !hasControlCharacters(s), { error: 'must not contain control characters' })
  .refine((s) => !containsCardNumber(s), { error: 'looks like a card number' });

export const officeServiceRequestQuerySchema = z
  .object({
    status: z.enum(['open', 'closed']).optional(),
    service: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '"from" must not be after "to"' });

export const officeServiceRequestUpdateSchema = z.object({
  status: z.enum(['open', 'closed']),
  statusNotes: notes.nullable().default(null),
});

/** Viewers see what was reported and where; the resident's contact details only go to those who act on it. */
function forRole(r: StoredServiceRequest, withContact: boolean) {
  const { firstName, lastName, phone, email, ...rest } = r;
  return withContact ? { ...rest, contact: { firstName, lastName, phone, email } } : { ...rest, contact: null };
}

export function registerOffice311Routes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { registry, store } = ctx;

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/service-requests',
      summary: '311 requests, newest first, filtered by status, service and filing date (contact details for office and admin only)',
      tags: ['office console'],
      auth: 'console:viewer',
      query: officeServiceRequestQuerySchema,
    },
    async ({ principal, query }) => {
      const { user } = officeUser(principal);
      const rows = await store.queryServiceRequests({
        ...(query.service ? { serviceCodes: [query.service] } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.from ? { startDate: `${query.from}T00:00:00.000Z` } : {}),
        ...(query.to ? { endDate: `${query.to}T23:59:59.999Z` } : {}),
        limit: query.limit,
      });
      return { requests: rows.map((r) => forRole(r, officeRoleAllows(user.role, 'office'))) };
    },
  );

  registry.add(
    app,
    {
      method: 'PATCH',
      url: '/v1/office/service-requests/:id',
      summary: "Update a 311 request's status with a note; Open311 and the filing van's follow-up show it",
      tags: ['office console'],
      auth: 'console:office',
      params: z.object({ id: z.uuid() }),
      body: officeServiceRequestUpdateSchema,
      errors: { 404: 'no such request' },
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      const before = await store.getServiceRequest(params.id);
      if (!before) throw new HttpError(404, 'unknown_request', 'no 311 request has that id');
      const notesText = body.statusNotes === '' ? null : body.statusNotes;
      await store.updateServiceRequestStatus(params.id, body.status, notesText, ctx.now().toISOString());
      await auth.audit(user.email, 'service_request.status_updated', `service_request:${params.id}`, {
        from: before.status,
        to: body.status,
        statusNotes: notesText,
      });
      const after = (await store.getServiceRequest(params.id))!;
      return forRole(after, true);
    },
  );
}
