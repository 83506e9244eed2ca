import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './ids';

/**
 * A last resort when a van cannot sync: its unsent events, carried to the office in a file encrypted with a
 * passphrase (PBKDF2-SHA256 → AES-256-GCM). The header (device, seq range, count) is bound to the ciphertext as
 * additional data, so it cannot be altered without the import failing. The office imports it like a push: every event
 * is stored at most once, so importing the same file twice, or syncing the van afterwards, doubles nothing.
 */
export const RECORDS_EXPORT_FORMAT = 'city-hall-to-go/unsent-records';
export const MIN_EXPORT_PASSPHRASE_LENGTH = 12;
export const EXPORT_KDF_ITERATIONS = 310_000;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be base64' });

export const recordsExportHeaderSchema = z.object({
  format: z.literal(RECORDS_EXPORT_FORMAT),
  version: z.literal(1),
  deviceId: z.string().regex(DEVICE_ID_PATTERN),
  vanName: z.string().max(100),
  exportedAt: z.iso.datetime({ offset: true }),
  fromSeq: z.number().int().min(1),
  toSeq: z.number().int().min(1),
  count: z.number().int().min(1).max(1_000_000),
  kdf: z.object({ name: z.literal('PBKDF2-SHA256'), iterations: z.number().int().min(100_000).max(10_000_000), salt: base64.min(16).max(64) }),
  cipher: z.object({ name: z.literal('AES-256-GCM'), iv: base64.min(16).max(24) }),
});
export type RecordsExportHeader = z.infer<typeof recordsExportHeaderSchema>;

export const recordsExportFileSchema = recordsExportHeaderSchema.extend({
  ciphertext: base64.min(1).max(200_000_000),
});
export type RecordsExportFile = z.infer<typeof recordsExportFileSchema>;

/** What the ciphertext holds. */
export const recordsExportPlainSchema = z.object({ events: z.array(z.unknown()).min(1).max(1_000_000) });

/** The additional authenticated data: the header as canonical JSON (fixed key order). */
export function exportAad(header: RecordsExportHeader): string {
  const { format, version, deviceId, vanName, exportedAt, fromSeq, toSeq, count, kdf, cipher } = header;
  return JSON.stringify([format, version, deviceId, vanName, exportedAt, fromSeq, toSeq, count, kdf.name, kdf.iterations, kdf.salt, cipher.name, cipher.iv]);
}

export const recordsImportRequestSchema = z.object({
  file: recordsExportFileSchema,
  passphrase: z.string().min(MIN_EXPORT_PASSPHRASE_LENGTH).max(200),
});

export const recordsImportResultSchema = z.object({
  deviceId: z.string(),
  events: z.number().int(),
  accepted: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
});
export type RecordsImportResult = z.infer<typeof recordsImportResultSchema>;
