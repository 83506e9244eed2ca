import { EXPORT_KDF_ITERATIONS, exportAad, MIN_EXPORT_PASSPHRASE_LENGTH, RECORDS_EXPORT_FORMAT, type RecordsExportFile, type RecordsExportHeader } from '../../../shared';
import { getSyncCursor, type KioskDb } from './db';
import { DomainError } from './actions/errors';
import { toBase64 } from '../base64';

async function passphraseKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
}

/** Seals events into an export file; the header is bound to the ciphertext. */
export async function sealRecords(input: { deviceId: string; vanName: string; events: { seq: number }[]; passphrase: string; now: Date; iterations?: number }): Promise<RecordsExportFile> {
  if (input.passphrase.length < MIN_EXPORT_PASSPHRASE_LENGTH) {
    throw new DomainError('weak_passphrase', `Choose a passphrase of at least ${MIN_EXPORT_PASSPHRASE_LENGTH} characters.`, { key: 'storage.tooShort', params: { min: MIN_EXPORT_PASSPHRASE_LENGTH } });
  }
  if (input.events.length === 0) throw new DomainError('nothing_to_export', 'Every record has reached the central office: there is nothing to carry.', { key: 'storage.nothingToExport' });
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header: RecordsExportHeader = {
    format: RECORDS_EXPORT_FORMAT,
    version: 1,
    deviceId: input.deviceId,
    vanName: input.vanName,
    exportedAt: input.now.toISOString(),
    fromSeq: input.events[0]!.seq,
    toSeq: input.events.at(-1)!.seq,
    count: input.events.length,
    kdf: { name: 'PBKDF2-SHA256', iterations: input.iterations ?? EXPORT_KDF_ITERATIONS, salt: toBase64(salt) },
    cipher: { name: 'AES-256-GCM', iv: toBase64(iv) },
  };
  const key = await passphraseKey(input.passphrase, salt, header.kdf.iterations);
  const plain = new TextEncoder().encode(JSON.stringify({ events: input.events }));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: new TextEncoder().encode(exportAad(header)) }, key, plain);
  return { ...header, ciphertext: toBase64(new Uint8Array(sealed)) };
}

/** Every event the central office has not answered yet, sealed for carrying by hand. Nothing on the van changes. */
export async function exportUnsentRecords(db: KioskDb, input: { deviceId: string; vanName: string; passphrase: string; now: Date }): Promise<RecordsExportFile> {
  const cursor = await getSyncCursor(db);
  const events = await db.events.where('seq').above(cursor).toArray();
  return sealRecords({ ...input, events });
}
