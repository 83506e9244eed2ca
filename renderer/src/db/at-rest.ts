import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { personalColumnsOf, personalFieldsOf, personalTables, primaryKeyOf, projectionsOf, SEALED_PROPERTY, type PersonalTable } from '../../../shared';
import { fromBase64, toBase64 } from '../base64';

/**
 * Personal data at rest: every stored record that holds personal fields (shared/personal-data.ts) keeps them as one
 * AES-GCM ciphertext in its `sealed` property — random 96-bit IV, the table and record id as additional data, so a
 * ciphertext copied onto another record does not open — and the clear fields are not stored at all.
 *
 * IndexedDB commits a transaction as soon as it waits on anything but IndexedDB, WebCrypto included. So a write
 * seals its personal fields before its transaction opens (`prepare`), and the Dexie middleware below only swaps the
 * clear fields of each row for the ciphertext prepared for it, synchronously, refusing a row nobody prepared: a
 * personal value can never reach the disk in clear by mistake. Reads open the ciphertext after the query, outside any
 * transaction; inside an explicit transaction rows stay sealed (it must not wait), and `open` reads them after it.
 *
 * The key is the device key the host keeps (see host/data-key.ts); the additional data `chtg-rec:` keeps these
 * ciphertexts apart from the PIN seals made with the same key (`chtg-pin:`).
 */
export const SEAL_VERSION = 'r1:';

export type Row = Record<string, unknown>;

export class AtRestError extends Error {
  constructor(
    readonly code: 'unsealed_write' | 'seal_mismatch' | 'personal_not_declared' | 'wrong_key' | 'malformed_seal',
    message: string,
  ) {
    super(message);
    this.name = 'AtRestError';
  }
}

/** The tables whose rows may hold personal fields: the outbox and the read models that copy them. */
export type SealedTable = 'events' | PersonalTable;
const sealedTables = new Set<string>(['events', ...personalTables]);

export function isSealedTable(table: string): table is SealedTable {
  return sealedTables.has(table);
}

export const additionalData = (table: string, id: string) => `chtg-rec:${table}:${id}`;
const encoder = new TextEncoder();

/** One ciphertext for all of a record's personal fields (those present; `undefined` ones are left out). */
export async function sealFields(key: CryptoKey, aad: string, fields: Row): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(aad) }, key, encoder.encode(JSON.stringify(fields))));
  const joined = new Uint8Array(iv.length + sealed.length);
  joined.set(iv);
  joined.set(sealed, iv.length);
  return SEAL_VERSION + toBase64(joined);
}

/** The personal fields back; refuses a ciphertext made with another key or for another record. */
const decoder = new TextDecoder();

export async function openFields(key: CryptoKey, aad: string, sealed: string): Promise<Row> {
  if (!sealed.startsWith(SEAL_VERSION)) throw new AtRestError('malformed_seal', 'this record’s personal data is not in a format this kiosk knows');
  const joined = fromBase64(sealed.slice(SEAL_VERSION.length));
  let plain: ArrayBuffer;
  try {
    // Views, not copies: WebCrypto copies its inputs itself (every outbox read opens a batch of these).
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: joined.subarray(0, 12), additionalData: encoder.encode(aad) }, key, joined.subarray(12));
  } catch {
    throw new AtRestError('wrong_key', 'this record’s personal data was sealed with another device key or for another record');
  }
  return JSON.parse(decoder.decode(plain)) as Row;
}

/** Where a row keeps its personal fields (an event: in its payload), which ones, and the id its ciphertext is bound to. */
function anatomy(table: SealedTable, row: Row): { holder: Row; fields: readonly string[]; id: string } {
  if (table === 'events') {
    const payload = (row.payload ?? {}) as Row;
    return { holder: payload, fields: personalFieldsOf(String(row.type)), id: String(row.id) };
  }
  return { holder: row, fields: personalColumnsOf(table), id: String(row[primaryKeyOf(table)]) };
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'object' && Object.keys(v).length === 0);
/** The personal fields a record holds; null when all are empty (a transaction for nobody in particular): nothing to hide. */
const pick = (holder: Row, fields: readonly string[]): Row | null => {
  if (fields.every((f) => isEmpty(holder[f]))) return null;
  const found: Row = {};
  for (const f of fields) if (holder[f] !== undefined) found[f] = holder[f];
  return found;
};
const without = (holder: Row, fields: readonly string[]): Row => {
  const rest = { ...holder };
  for (const f of fields) delete rest[f];
  return rest;
};
/** The same record with its personal part replaced (sealed) or put back (opened). */
function rebuild(table: SealedTable, row: Row, holder: Row, sealed: string | null): Row {
  const next: Row = table === 'events' ? { ...row, payload: holder } : { ...holder };
  if (sealed === null) delete next[SEALED_PROPERTY];
  else next[SEALED_PROPERTY] = sealed;
  return next;
}
const canonical = (fields: readonly string[], values: Row) => JSON.stringify(fields.map((f) => values[f] ?? null));

/** Seals and opens the kiosk's records with the device key, and holds the ciphertexts prepared for a transaction. */
export class RecordSealer {
  private readonly prepared = new Map<string, { clear: string; sealed: string }>();
  private key: Promise<CryptoKey> | null = null;

  constructor(private readonly getKey: () => Promise<CryptoKey>) {}

  private deviceKey(): Promise<CryptoKey> {
    if (!this.key) {
      this.key = this.getKey();
      this.key.catch(() => (this.key = null));
    }
    return this.key;
  }

  /** A whole record, sealed (outside any transaction): for writers that add rows directly and for the migration. */
  async seal<R>(table: SealedTable, record: R): Promise<R> {
    const row = record as Row;
    const { holder, fields, id } = anatomy(table, row);
    const personal = pick(holder, fields);
    if (!personal) return record;
    return rebuild(table, row, without(holder, fields), await sealFields(await this.deviceKey(), additionalData(table, id), personal)) as R;
  }

  sealAll<R>(table: SealedTable, rows: readonly R[]): Promise<R[]> {
    return Promise.all(rows.map((r) => this.seal(table, r)));
  }

  /** A stored record with its personal fields back in clear; a record without a seal is returned as it is. */
  async open<R>(table: SealedTable, stored: R): Promise<R> {
    const row = stored as Row;
    const sealed = row?.[SEALED_PROPERTY];
    if (typeof sealed !== 'string') return stored;
    const { holder, id } = anatomy(table, row);
    const personal = await openFields(await this.deviceKey(), additionalData(table, id), sealed);
    return rebuild(table, row, { ...holder, ...personal }, null) as R;
  }

  openAll<R>(table: SealedTable, rows: R[]): Promise<R[]> {
    return Promise.all(rows.map((r) => this.open(table, r)));
  }

  /**
   * Seals, before the transaction opens, the personal fields an event will carry (`personal`: its payload's personal
   * fields and the ids of the rows it projects to), for the event and for every table that copies them. Returns the
   * release to call once the transaction has ended.
   */
  async prepareEvent(eventType: string, eventId: string, personal: Row): Promise<() => void> {
    const key = await this.deviceKey();
    const fields = personalFieldsOf(eventType);
    const targets: { aad: string; fields: readonly string[]; values: Row }[] = [{ aad: additionalData('events', eventId), fields, values: personal }];
    for (const p of projectionsOf(eventType)) {
      const columns = Object.keys(p.columns);
      const values: Row = {};
      for (const c of columns) values[c] = personal[p.columns[c]!];
      targets.push({ aad: additionalData(p.table, String(personal[p.idField])), fields: columns, values });
    }
    await Promise.all(
      targets.map(async (t) => {
        const present = pick(t.values, t.fields);
        if (present) this.prepared.set(t.aad, { clear: canonical(t.fields, t.values), sealed: await sealFields(key, t.aad, present) });
      }),
    );
    return () => targets.forEach((t) => this.prepared.delete(t.aad));
  }

  /** Inside a transaction: the row as it is stored, its personal fields swapped for the ciphertext prepared for them. */
  sealForWrite(table: SealedTable, row: Row): Row {
    const { holder, fields, id } = anatomy(table, row);
    const personal = pick(holder, fields);
    if (!personal) return row;
    const aad = additionalData(table, id);
    const ready = this.prepared.get(aad);
    if (!ready) throw new AtRestError('unsealed_write', `a ${table} record with personal fields was written without being sealed first`);
    if (ready.clear !== canonical(fields, holder)) throw new AtRestError('seal_mismatch', `the personal fields of a ${table} record differ from the ones sealed for it`);
    return rebuild(table, row, without(holder, fields), ready.sealed);
  }
}

/** Reads are opened only in Dexie's own one-request transactions: an explicit transaction must not wait on WebCrypto. */
const opensHere = (trans: DBCoreTransaction) => {
  const t = trans as DBCoreTransaction & { mode?: IDBTransactionMode; _explicit?: boolean };
  return t.mode === 'readonly' && !t._explicit;
};

/** The Dexie middleware that keeps personal fields sealed in every store that may hold them. */
export function atRestMiddleware(sealer: RecordSealer): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'AtRest',
    create: (down) => ({
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        if (!isSealedTable(name)) return table;
        const open = (v: unknown) => (v ? sealer.open(name, v) : v);
        return {
          ...table,
          mutate(req: DBCoreMutateRequest) {
            // An upgrade rewrites rows as they are stored (old ones in clear); sealClearRecords seals them after it.
            if ((req.type !== 'add' && req.type !== 'put') || (req.trans as { mode?: string }).mode === 'versionchange') return table.mutate(req);
            return table.mutate({ ...req, values: req.values.map((v: Row) => sealer.sealForWrite(name, v)) });
          },
          get: (req) => table.get(req).then((v) => (opensHere(req.trans) ? open(v) : v)),
          getMany: (req) => table.getMany(req).then((vs) => (opensHere(req.trans) ? Promise.all(vs.map(open)) : vs)),
          query: (req) =>
            table.query(req).then(async (res) => (req.values && opensHere(req.trans) ? { ...res, result: await Promise.all(res.result.map(open)) } : res)),
        };
      },
    }),
  };
}
