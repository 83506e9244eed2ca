import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestStatusResponseSchema, residentReferenceSchema, type RequestStatusResponse } from '../../shared';
import { HttpError } from '../errors';
import type { AppContext } from '../context';

/**
 * Follow-up at the kiosk: a resident types the reference from their 311 confirmation and the van asks the office.
 * Only the kiosk's own token may ask (residents never reach the API directly), and the answer holds only what the
 * open data feed publishes: status, the office's notes, the request type and dates.
 */
export function registerFollowUpRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry, store } = ctx;
  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/requests/:reference/status',
      summary: 'The Open311 status and the office’s notes of the 311 requests filed with a kiosk reference (the asking van’s first)',
      tags: ['kiosk'],
      auth: 'device',
      params: z.object({ reference: residentReferenceSchema }),
      response: requestStatusResponseSchema,
      errors: { 400: 'not a reference', 404: 'no request has this reference' },
    },
    async ({ params, principal }): Promise<RequestStatusResponse> => {
      const deviceId = principal.kind === 'device' ? principal.device.id : null;
      const rows = await store.queryServiceRequests({ localReference: params.reference, limit: 20 });
      const kiosk = rows.filter((r) => r.source === 'kiosk');
      if (kiosk.length === 0) throw new HttpError(404, 'unknown_reference', `no 311 request has the reference ${params.reference}`);
      const ordered = [...kiosk.filter((r) => r.deviceId === deviceId), ...kiosk.filter((r) => r.deviceId !== deviceId)];
      return {
        reference: params.reference,
        requests: ordered.map((r) => ({
          status: r.status,
          statusNotes: r.statusNotes,
          serviceCode: r.serviceCode,
          serviceName: r.serviceName,
          requestedAt: r.requestedAt,
          updatedAt: r.updatedAt,
          filedOnThisVan: r.deviceId === deviceId,
        })),
      };
    },
  );
}
