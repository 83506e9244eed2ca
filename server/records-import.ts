import { webcrypto } from 'node:crypto';
import { exportAad, MAX_EVENTS_PER_BATCH, recordsExportPlainSchema, type RecordsExportFile, type RecordsImportResult } from '../shared';
import { HttpError } from './errors';
import { validatePushBody } from './push-validation';
import type { CentralStore, PushContext } from './store/store';

/** Opens an export file with its passphrase; a wrong passphrase or an altered file is refused, never half-read. */
export async function openRecordsExport(file: RecordsExportFile, passphrase: string): Promise<unknown[]> {
  const subtle = webcrypto.subtle;
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: Buffer.from(file.kdf.salt, 'base64'), iterations: file.kdf.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  let plain: ArrayBuffer;
  try {
    plain = await subtle.decrypt({ name: 'AES-GCM', iv: Buffer.from(file.cipher.iv, 'base64'), additionalData: new TextEncoder().encode(exportAad(file)) }, key, Buffer.from(file.ciphertext, 'base64'));
  } catch {
    throw new HttpError(422, 'cannot_open_export', 'the passphrase is wrong or the file was altered; nothing was imported');
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    throw new HttpError(422, 'invalid_export', 'the export does not hold valid JSON; nothing was imported');
  }
  const parsed = recordsExportPlainSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(422, 'invalid_export', 'the export holds no list of events; nothing was imported');
  if (parsed.data.events.length !== file.count) throw new HttpError(422, 'invalid_export', `the export says ${file.count} events but holds ${parsed.data.events.length}; nothing was imported`);
  return parsed.data.events;
}

/**
 * Imports a van's carried records exactly as if the van had pushed them, batch by batch through the same checks and
 * store: an event already held is answered duplicate, so importing twice (or the van syncing later) doubles nothing.
 */
export async function importRecords(store: CentralStore, file: RecordsExportFile, passphrase: string, context: PushContext): Promise<RecordsImportResult> {
  const events = await openRecordsExport(file, passphrase);
  if (!(await store.listDevices()).some((d) => d.id === file.deviceId)) throw new HttpError(404, 'unknown_device', `no device ${file.deviceId} is enrolled here; nothing was imported`);
  // The whole file is checked before anything is stored: a file that is not one device's events in seq order is refused.
  const batches: Extract<ReturnType<typeof validatePushBody>, { ok: true }>['checked'][] = [];
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) {
    const validated = validatePushBody({ events: events.slice(i, i + MAX_EVENTS_PER_BATCH) }, file.deviceId);
    if (!validated.ok) throw new HttpError(422, validated.code, `${validated.message}; nothing was imported`);
    batches.push(validated.checked);
  }
  const result: RecordsImportResult = { deviceId: file.deviceId, events: events.length, accepted: 0, duplicate: 0, rejected: 0 };
  for (const checked of batches) {
    const outcome = await store.pushEvents(file.deviceId, checked, context);
    for (const r of outcome.results) result[r.status]++;
  }
  return result;
}
