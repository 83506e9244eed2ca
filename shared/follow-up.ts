import { z } from 'zod';

/** A resident's 311 reference as printed on their confirmation (the kiosk's localReference, e.g. SR-000042). */
export const residentReferenceSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}-\d{6}$/, { error: 'a reference looks like SR-000042' });

/**
 * GET /v1/requests/:reference/status: what the office says about the 311 requests filed with that reference (a van
 * numbers its own requests, so two vans can have given out the same one; the asking van's comes first). Only what the
 * city's open data feed shows anyway: no names, phone numbers or e-mail addresses.
 */
export const requestStatusResponseSchema = z.object({
  reference: z.string(),
  requests: z.array(
    z.object({
      status: z.enum(['open', 'closed']),
      statusNotes: z.string().nullable(),
      serviceCode: z.string(),
      serviceName: z.string(),
      requestedAt: z.string(),
      updatedAt: z.string(),
      filedOnThisVan: z.boolean(),
    }),
  ),
});
export type RequestStatusResponse = z.infer<typeof requestStatusResponseSchema>;
