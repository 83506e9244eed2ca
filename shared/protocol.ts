import { z } from 'zod';
import { appVersionSchema } from './version';

/** The device ⇄ central API sync protocol. */

export const MAX_EVENTS_PER_BATCH = 1000;
/** Events per push: a few hundred, so a cut connection resends little and the per-request cost is spread thin. */
export const DEFAULT_BATCH_SIZE = 500;
/**
 * Pushes on the wire at once: the next batches travel while the server stores the previous one (answers apply in order).
 * Four, not two: at two the kiosk still waited for the oldest answer in most batches (bench:sync's breakdown, issue 18);
 * at four the server always has the next batch in hand. A failure resends at most three batches, answered `duplicate`.
 */
export const DEFAULT_PIPELINE_DEPTH = 4;

/** A push names each event by id and seq so that every answer can be matched, even for an invalid event. */
export const pushEventKeySchema = z.object({
  id: z.string().min(1).max(64),
  seq: z.number().int().min(1),
});

/**
 * What a van says about itself with each push and probe, so the office's fleet view can show a van that is behind even
 * when it cannot push. Counts are in the clerk's units; the age is measured on the van (its clock, its records).
 */
export const deviceStatusReportSchema = z.strictObject({
  pendingTransactions: z.number().int().min(0).max(10_000_000),
  pendingOtherRecords: z.number().int().min(0).max(100_000_000),
  /** Seconds since the oldest unsent record was made; null when nothing waits. */
  oldestPendingAgeSeconds: z.number().int().min(0).max(20 * 365 * 86_400).nullable(),
  appVersion: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, { error: 'appVersion must be a version like 0.1.0' }),
  /** navigator.storage.estimate(): bytes used and allowed; null where the browser does not say. */
  storageUsedBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  storageQuotaBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
});
export type DeviceStatusReport = z.infer<typeof deviceStatusReportSchema>;

export const pushRequestSchema = z.object({
  events: z.array(z.unknown()).min(1, { error: 'a batch needs at least one event' }),
  /** The van's status as the push left; optional, kept as the device's latest. */
  status: deviceStatusReportSchema.optional(),
});

export const pushResultSchema = z.discriminatedUnion('status', [
  z.object({ id: z.string(), seq: z.number().int(), status: z.literal('accepted') }),
  z.object({ id: z.string(), seq: z.number().int(), status: z.literal('duplicate') }),
  z.object({
    id: z.string(),
    seq: z.number().int(),
    status: z.literal('rejected'),
    code: z.string(),
    message: z.string(),
  }),
]);
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
  /** Highest seq N such that the server holds an answer for every seq 1..N of this device. */
  highestContiguousSeq: z.number().int().min(0),
  /**
   * The store's identity. It changes only when the store is restored from a backup: a kiosk that sees a new one
   * rewinds its cursor to highestContiguousSeq and sends again what the restore lost.
   */
  storeEpoch: z.string().min(1).max(100).optional(),
  /** The highest seq of this device a verified central backup holds: events up to it are safe to purge on the van. */
  backedUpSeq: z.number().int().min(0).optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** For a refused body: each problem with the path of the value it is about (a form shows it beside that field). */
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/**
 * The kiosk's app version, sent with every push, pull, catalogue read and status report (a header) and with the
 * connectivity probe (a query parameter: GET /healthz stays a simple request, with no CORS preflight). The API answers
 * a kiosk older than its configured minimum with 426 `upgrade_required`.
 */
export const KIOSK_VERSION_HEADER = 'X-Kiosk-Version';
export const KIOSK_VERSION_QUERY = 'kioskVersion';
export const UPGRADE_REQUIRED_STATUS = 426;

export const upgradeRequiredErrorSchema = z.object({
  error: z.object({
    code: z.literal('upgrade_required'),
    message: z.string(),
    /** The oldest kiosk version this API talks to. */
    minVersion: appVersionSchema,
    /** What the kiosk said it runs; null when it sent no version (a kiosk from before versions were sent). */
    kioskVersion: appVersionSchema.nullable(),
  }),
});
export type UpgradeRequiredError = z.infer<typeof upgradeRequiredErrorSchema>;

/**
 * What the office set for this van's app updates (issue 19): a pinned version, which beats everything, and the share
 * of the fleet (0–100) each release is offered to, which beats the feed's own stagingPercentage.
 */
export const updatePolicySchema = z.object({
  pinnedVersion: appVersionSchema.nullable(),
  rollouts: z.array(z.object({ version: appVersionSchema, percentage: z.number().int().min(0).max(100) })).max(1000),
});
export type UpdatePolicy = z.infer<typeof updatePolicySchema>;

export const enrolRequestSchema = z.object({
  code: z.string().min(1).max(40),
  /** Re-enrolment: keep this device's id (and so its events and seqs), with a new token. */
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});
export const enrolResponseSchema = z.object({
  deviceId: z.string(),
  token: z.string(),
  vanName: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

export const pullChangeSchema = z.discriminatedUnion('kind', [
  z.object({ cursor: z.string(), kind: z.literal('catalogue'), data: z.object({ version: z.number().int() }), createdAt: z.string() }),
  z.object({
    cursor: z.string(),
    kind: z.literal('service_request_status'),
    data: z.object({
      requestId: z.string(),
      localReference: z.string().nullable(),
      status: z.enum(['open', 'closed']),
      statusNotes: z.string().nullable(),
      updatedAt: z.string(),
    }),
    createdAt: z.string(),
  }),
]);
export type PullChange = z.infer<typeof pullChangeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(pullChangeSchema),
  /** Pass back as ?cursor= to get what came after; null when there has never been a change. */
  cursor: z.string().nullable(),
  hasMore: z.boolean(),
  /** See pushResponseSchema.storeEpoch. */
  storeEpoch: z.string().min(1).max(100).optional(),
  /** This device's highestContiguousSeq as the store holds it now. */
  heldSeq: z.number().int().min(0).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
