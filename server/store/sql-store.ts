import { catalogueBodySchema, catalogueStaffSchema, type CatalogueBody, type CatalogueStaff } from '../../shared';
import { Rollback, type Row, type SqlDialect, type SqlRunner } from './dialect';
import { DEMO_TIME_ZONE } from '../catalogue-seed';
import { applyMigrations, migrationsPending } from './migrations';
import { OfficeSql } from './office';
import { KpiSql } from './kpi';
import { num, str, strOrNull, apiKeyId, toApiKey, toCityAnswer, toDayClose, toDevice, toDeviceStatus, toRefund, toServiceRequest, toStop, toTransaction } from './rows';
import { DEVICE_STATUS_UPSERT, REFUNDS_SQL, deviceStatusParams, serviceRequestInsert, transactionWhere, vanNameAt, whereGiven } from './sql';
import { CatalogueVersionConflict, type PublishOptions } from './store';
import type {
  ApiKeyRecord,
  ApiKeyRole,
  Change,
  CheckedEvent,
  CityAnswerFilter,
  DeviceRecord,
  EnrolmentOutcome,
  PushContext,
  PublishedCatalogue,
  PushOutcome,
  ServiceRequestFilter,
  ServiceRequestStatus,
  StoredCityAnswer,
  StoredDayClose,
  StoredDeviceStatus,
  StoredRefund,
  StoredServiceRequest,
  StoredStop,
  StoredTransaction,
  TransactionFilter,
} from './store';

/** What both stores take besides their connection. */
export interface SqlStoreOptions {
  now?: () => Date;
  /** The city's time zone (only an upgrade from the foundation build needs it). */
  timeZone?: string;
}

/** A van's name from `at` on, in the name history (see vanNameAt). */
async function nameFrom(db: SqlRunner, deviceId: string, vanName: string, at: string): Promise<void> {
  await db.run('INSERT INTO device_names (device_id, van_name, from_at) VALUES (?, ?, ?)', [deviceId, vanName, at]);
}

async function addDevice(db: SqlRunner, id: string, vanName: string, tokenHash: string, at: string): Promise<void> {
  await db.run('INSERT INTO devices (id, van_name, token_hash, created_at) VALUES (?, ?, ?, ?)', [id, vanName, tokenHash, at]);
  await nameFrom(db, id, vanName, at);
}

/** A change for one device's kiosk (null: for every kiosk), in cursor order: the caller holds lockChanges. */
async function announce(db: SqlRunner, deviceId: string | null, kind: Change['kind'], data: Record<string, unknown>, at: string): Promise<void> {
  await db.run('INSERT INTO changes (device_id, kind, data, created_at) VALUES (?, ?, ?, ?)', [deviceId, kind, JSON.stringify(data), at]);
}

/**
 * Everything both stores do alike, written once over a SqlDialect: the migrations, the CRUD and the reads. Only
 * connection handling and the push path (SQLite's synchronous group commit, PostgreSQL's batched statements) live in
 * sqlite.ts and postgres.ts.
 */
export abstract class SqlStore<D extends SqlDialect = SqlDialect> {
  /** The office console's accounts, sessions and audit log (issue 17). */
  readonly office: OfficeSql;
  /** The programme's measures over time and the residents' voice with the office's reviews (issue 17). */
  readonly kpi: KpiSql;
  /** Commits made for pushed batches and the batches they held, where the store groups batches per commit. */
  declare readonly pushStats?: { readonly commits: number; readonly batches: number };

  protected readonly now: () => Date;
  /** The city's time zone, for the city day of sales a foundation-build database holds (see FOUNDATION_TO_INITIAL). */
  private readonly timeZone: string;

  constructor(
    protected readonly dialect: D,
    options: SqlStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.timeZone = options.timeZone ?? DEMO_TIME_ZONE;
    this.office = new OfficeSql(dialect);
    this.kpi = new KpiSql(dialect);
  }

  get kind(): D['name'] {
    return this.dialect.name;
  }

  /** Stores each event at most once, in one transaction per batch, and answers per event. */
  abstract pushEvents(deviceId: string, events: readonly CheckedEvent[], context: PushContext): Promise<PushOutcome>;

  /**
   * Brings the schema up to date. Only a store with steps to apply takes the write lock: one opened beside a busy API (a
   * backup, the admin command) would otherwise wait behind its pushes (SQLite: and could fail with SQLITE_BUSY).
   */
  async migrate(): Promise<void> {
    if (!(await migrationsPending(this.dialect))) return;
    await this.dialect.tx(async (db) => {
      await this.dialect.beforeMigrating(db);
      await applyMigrations(this.dialect, db, this.now, this.timeZone);
    });
  }

  async close(): Promise<void> {
    await this.dialect.close();
  }

  async ping(): Promise<void> {
    await this.dialect.all('SELECT 1');
  }

  /** The store's identity; a restore from backup gives it a new one, which tells every kiosk to check what it lost. */
  async storeEpoch(): Promise<string> {
    const read = async () => strOrNull((await this.dialect.all('SELECT epoch FROM store_identity WHERE id = 1'))[0]?.epoch);
    const known = await read();
    if (known) return known;
    await this.dialect.run('INSERT INTO store_identity (id, epoch, changed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING', [crypto.randomUUID(), this.now().toISOString()]);
    return str(await read());
  }

  async renewStoreEpoch(): Promise<string> {
    const epoch = crypto.randomUUID();
    await this.dialect.run(
      'INSERT INTO store_identity (id, epoch, changed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, changed_at = excluded.changed_at',
      [epoch, this.now().toISOString()],
    );
    return epoch;
  }

  /** Per device, the highest seq N such that the store holds an answer for every seq 1..N. */
  async heldSeqs(): Promise<Map<string, number>> {
    return new Map((await this.dialect.all('SELECT id, contiguous_seq FROM devices')).map((r) => [str(r.id), num(r.contiguous_seq)]));
  }

  /** Per device, the highest seq a verified backup holds: a kiosk keeps its events until a backup covers them. */
  async backupWatermarks(): Promise<Map<string, number>> {
    return new Map((await this.dialect.all('SELECT device_id, seq FROM backup_watermarks')).map((r) => [str(r.device_id), num(r.seq)]));
  }

  /** Raises (never lowers) the watermarks after a verified backup. */
  async recordBackupWatermarks(watermarks: ReadonlyMap<string, number>, at: string): Promise<void> {
    await this.dialect.tx(async (db) => {
      for (const [deviceId, seq] of watermarks) {
        await db.run(
          `INSERT INTO backup_watermarks (device_id, seq, backed_up_at) VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET
           seq = CASE WHEN excluded.seq > backup_watermarks.seq THEN excluded.seq ELSE backup_watermarks.seq END, backed_up_at = excluded.backed_up_at`,
          [deviceId, seq, at],
        );
      }
    });
  }

  async createDevice(device: { id: string; vanName: string; tokenHash: string }): Promise<void> {
    const at = this.now().toISOString();
    await this.dialect.tx((db) => addDevice(db, device.id, device.vanName, device.tokenHash, at));
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const [row] = await this.dialect.all('SELECT * FROM devices WHERE token_hash = ?', [tokenHash]);
    return row ? toDevice(row) : null;
  }

  async listDevices(): Promise<DeviceRecord[]> {
    return (await this.dialect.all('SELECT * FROM devices ORDER BY created_at, id')).map(toDevice);
  }

  async revokeDevice(id: string, at: string): Promise<boolean> {
    return (await this.dialect.run('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) === 1;
  }

  /** Lifts a revocation (an administrator's explicit act; enrolment never does it). False when the device is not revoked. */
  async unrevokeDevice(id: string): Promise<boolean> {
    return (await this.dialect.run('UPDATE devices SET revoked_at = NULL WHERE id = ? AND revoked_at IS NOT NULL', [id])) === 1;
  }

  /** Replaces a device's token (re-enrolment of the same device keeps its id, events and seqs). */
  async replaceDeviceToken(id: string, tokenHash: string): Promise<boolean> {
    return (await this.dialect.run('UPDATE devices SET token_hash = ?, revoked_at = NULL WHERE id = ?', [tokenHash, id])) === 1;
  }

  /** Keeps a van's report as its latest, unless a later one is already stored. */
  async saveDeviceStatus(status: StoredDeviceStatus): Promise<void> {
    await this.dialect.run(DEVICE_STATUS_UPSERT, deviceStatusParams(status));
  }

  /** The latest report of every van that has sent one. */
  async listDeviceStatuses(): Promise<StoredDeviceStatus[]> {
    return (await this.dialect.all('SELECT * FROM device_status ORDER BY device_id')).map(toDeviceStatus);
  }

  /** `forDeviceId`: the code re-enrols that device only; without it, the code makes one new device. */
  async createEnrolmentCode(code: { codeHash: string; vanName: string; createdAt: string; expiresAt: string; forDeviceId?: string | null }): Promise<void> {
    await this.dialect.run('INSERT INTO enrolment_codes (code_hash, van_name, created_at, expires_at, for_device_id) VALUES (?, ?, ?, ?, ?)', [
      code.codeHash, code.vanName, code.createdAt, code.expiresAt, code.forDeviceId ?? null,
    ]);
  }

  /**
   * Atomically uses a code: a code works once, before it expires, for the device it names. A code for a new device makes
   * the device `id` (and refuses `existing`); a code for device X re-enrols X (keeping its id, events and seqs, with a
   * new token) and refuses any other id, and a revoked X stays refused. A new van name is added to the name history.
   */
  async redeemEnrolmentCode(codeHash: string, now: string, device: { id: string; tokenHash: string; existing: boolean }): Promise<EnrolmentOutcome> {
    return this.dialect.tx(async (db): Promise<EnrolmentOutcome> => {
      // The claim is the arbiter (PostgreSQL: its row lock; SQLite: the write lock): a concurrent redeemer finds used_at set.
      const [row] = await db.all(
        `UPDATE enrolment_codes SET used_at = ?, device_id = COALESCE(for_device_id, ?) WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
         RETURNING van_name, for_device_id`,
        [now, device.id, codeHash, now],
      );
      if (!row) {
        const [code] = await db.all('SELECT used_at FROM enrolment_codes WHERE code_hash = ?', [codeHash]);
        if (!code) return { ok: false, reason: 'unknown' };
        return { ok: false, reason: code.used_at === null ? 'expired' : 'used' };
      }
      const vanName = str(row.van_name);
      const forDevice = strOrNull(row.for_device_id);
      // A refusal leaves the code unused (the claim above is rolled back), for the device it was made for.
      if (forDevice === null) {
        if (device.existing) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'new_device_code' });
        await addDevice(db, device.id, vanName, device.tokenHash, now);
        return { ok: true, vanName, deviceId: device.id };
      }
      if (device.existing && device.id !== forDevice) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'wrong_device' });
      const [current] = await db.all(`SELECT van_name, revoked_at FROM devices WHERE id = ?${this.dialect.forUpdate}`, [forDevice]);
      if (!current) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'unknown_device' });
      if (current.revoked_at !== null) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'device_revoked' });
      await db.run('UPDATE devices SET token_hash = ?, van_name = ? WHERE id = ?', [device.tokenHash, vanName, forDevice]);
      if (str(current.van_name) !== vanName) await nameFrom(db, forDevice, vanName, now);
      return { ok: true, vanName, deviceId: forDevice };
    });
  }

  /** A key expires at `expiresAt` (exclusive); null: never (keys made before expiry existed). */
  async createApiKey(key: { keyHash: string; role: ApiKeyRole; name: string; createdAt: string; expiresAt?: string | null }): Promise<void> {
    await this.dialect.run('INSERT INTO api_keys (key_hash, role, name, created_at, id, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
      key.keyHash, key.role, key.name, key.createdAt, apiKeyId(key.keyHash), key.expiresAt ?? null,
    ]);
  }

  /** The key, unless it is unknown, revoked or (when `now` is given) expired. */
  async findApiKey(keyHash: string, now?: string): Promise<{ role: ApiKeyRole; name: string } | null> {
    const [row] = await this.dialect.all(
      'SELECT role, name FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR CAST(? AS TEXT) IS NULL OR expires_at > ?)',
      [keyHash, now ?? null, now ?? null],
    );
    return row ? { role: row.role as ApiKeyRole, name: str(row.name) } : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.dialect.all('SELECT * FROM api_keys ORDER BY created_at, id')).map(toApiKey);
  }

  /** False when no unrevoked key has that id. */
  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return (await this.dialect.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) === 1;
  }

  /** Replaces the vans a staff member is assigned to; a van's kiosk receives only its own staff. */
  async setStaffVans(staffId: string, vanNames: readonly string[]): Promise<void> {
    await this.dialect.tx(async (db) => {
      await db.run('DELETE FROM staff_vans WHERE staff_id = ?', [staffId]);
      for (const van of new Set(vanNames)) await db.run('INSERT INTO staff_vans (staff_id, van_name) VALUES (?, ?)', [staffId, van]);
    });
  }

  async listStaffVans(): Promise<{ staffId: string; vanName: string }[]> {
    const rows = await this.dialect.all('SELECT staff_id, van_name FROM staff_vans ORDER BY staff_id, van_name');
    return rows.map((r) => ({ staffId: str(r.staff_id), vanName: str(r.van_name) }));
  }

  async upsertStaff(staff: CatalogueStaff): Promise<void> {
    await this.dialect.run('INSERT INTO staff (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [staff.id, JSON.stringify(staff)]);
  }

  async listStaff(): Promise<CatalogueStaff[]> {
    return (await this.dialect.all('SELECT body FROM staff ORDER BY id')).map((r) => catalogueStaffSchema.parse(JSON.parse(str(r.body))));
  }

  /** Stores a new catalogue version (staff are added from the staff table) and announces it in the changes feed. */
  async publishCatalogue(body: Omit<CatalogueBody, 'staff'>, at: string, options: PublishOptions = {}): Promise<number> {
    return this.dialect.tx(async (db) => {
      // Serialises publishers (so MAX(version) + 1 is safe) and orders the change's cursor with every other change.
      await this.dialect.lockChanges(db);
      const staff = (await db.all('SELECT body FROM staff ORDER BY id')).map((r) => JSON.parse(str(r.body)) as unknown);
      const full = catalogueBodySchema.parse({ ...body, staff });
      const version = num((await db.all('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM catalogue_versions'))[0]?.v);
      if (options.basedOn !== undefined && options.basedOn !== version - 1) throw new CatalogueVersionConflict(version - 1);
      await db.run('INSERT INTO catalogue_versions (version, body, published_at) VALUES (?, ?, ?)', [version, JSON.stringify(full), at]);
      await announce(db, null, 'catalogue', { version }, at);
      return version;
    });
  }

  /** The one catalogue version `clause` (a WHERE or ORDER BY … LIMIT 1) picks. */
  private async catalogue(clause: string, params: unknown[] = []): Promise<PublishedCatalogue | null> {
    const [row] = await this.dialect.all(`SELECT version, body, published_at FROM catalogue_versions ${clause}`, params);
    return row ? { version: num(row.version), publishedAt: str(row.published_at), body: catalogueBodySchema.parse(JSON.parse(str(row.body))) } : null;
  }

  latestCatalogue(): Promise<PublishedCatalogue | null> {
    return this.catalogue('ORDER BY version DESC LIMIT 1');
  }

  /** Every published version, newest first (no bodies). */
  async listCatalogueVersions(): Promise<{ version: number; publishedAt: string }[]> {
    return (await this.dialect.all('SELECT version, published_at FROM catalogue_versions ORDER BY version DESC')).map((r) => ({ version: num(r.version), publishedAt: str(r.published_at) }));
  }

  /** One published version as it was published, or null. */
  catalogueVersion(version: number): Promise<PublishedCatalogue | null> {
    return this.catalogue('WHERE version = ?', [version]);
  }

  async changesSince(deviceId: string, cursor: string | null, limit: number): Promise<Change[]> {
    const rows = await this.dialect.all(
      'SELECT * FROM changes WHERE cursor > CAST(? AS BIGINT) AND (device_id IS NULL OR device_id = ?) ORDER BY cursor LIMIT ?',
      [Number(cursor ?? 0), deviceId, limit],
    );
    return rows.map((r) => ({
      cursor: String(r.cursor),
      kind: r.kind === 'catalogue' ? 'catalogue' : 'service_request_status',
      data: JSON.parse(str(r.data)) as Record<string, unknown>,
      createdAt: str(r.created_at),
    }));
  }

  async queryTransactions(filter: TransactionFilter): Promise<{ total: number; items: StoredTransaction[] }> {
    const params: unknown[] = [];
    const where = transactionWhere(filter, params);
    // Count and page in one statement, so both come from one snapshot; the LEFT JOIN keeps the count when the page is empty.
    const rows = await this.dialect.all(
      `WITH page AS (SELECT t.*, ${vanNameAt('t')} AS van_name FROM transactions t ${where} ORDER BY t.occurred_at, t.id LIMIT ? OFFSET ?)
       SELECT c.chtg_total, page.* FROM (SELECT COUNT(*) AS chtg_total FROM transactions t ${where}) c LEFT JOIN page ON 1 = 1
       ORDER BY page.occurred_at, page.id`,
      [...params, filter.limit, filter.offset, ...params],
    );
    return { total: num(rows[0]?.chtg_total ?? 0), items: rows.filter((r) => r.id !== null && r.id !== undefined).map(toTransaction) };
  }

  async stopsOn(day: string): Promise<StoredStop[]> {
    const rows = await this.dialect.all(`SELECT s.*, ${vanNameAt('s', 's.opened_at')} AS van_name FROM stops s WHERE s.business_date = ? ORDER BY s.opened_at, s.id`, [day]);
    return rows.map(toStop);
  }

  async dayClosesOn(day: string): Promise<StoredDayClose[]> {
    return (await this.dialect.all('SELECT * FROM day_closes WHERE business_date = ? ORDER BY closed_at, stop_id', [day])).map(toDayClose);
  }

  /** Refunds given on the city days from..to (inclusive), by time given. */
  async refundsBetween(dateFrom: string | undefined, dateTo: string | undefined): Promise<StoredRefund[]> {
    const from = dateFrom ?? null;
    const to = dateTo ?? null;
    return (await this.dialect.all(REFUNDS_SQL, [from, from, to, to])).map(toRefund);
  }

  async createServiceRequest(r: StoredServiceRequest): Promise<void> {
    await this.dialect.run(...serviceRequestInsert(r));
  }

  async getServiceRequest(id: string): Promise<StoredServiceRequest | null> {
    const [row] = await this.dialect.all('SELECT * FROM service_requests WHERE id = ?', [id]);
    return row ? toServiceRequest(row) : null;
  }

  async queryServiceRequests(filter: ServiceRequestFilter): Promise<StoredServiceRequest[]> {
    const params: unknown[] = [];
    const codes = filter.serviceCodes?.length ? filter.serviceCodes : undefined;
    const where = whereGiven(
      [
        [`service_code IN (${(codes ?? []).map(() => '?').join(', ')})`, codes],
        ['local_reference = ?', filter.localReference],
        ['status = ?', filter.status],
        ['requested_at >= ?', filter.startDate],
        ['requested_at <= ?', filter.endDate],
      ],
      params,
    );
    return (await this.dialect.all(`SELECT * FROM service_requests ${where} ORDER BY requested_at DESC, id LIMIT ?`, [...params, filter.limit])).map(toServiceRequest);
  }

  async updateServiceRequestStatus(id: string, status: ServiceRequestStatus, notes: string | null, at: string): Promise<boolean> {
    return this.dialect.tx(async (db) => {
      // The changes lock first, then the row: the same order as every other writer of `changes`.
      await this.dialect.lockChanges(db);
      const [row] = await db.all(
        'UPDATE service_requests SET status = ?, status_notes = ?, updated_at = ? WHERE id = ? RETURNING device_id, local_reference',
        [status, notes, at, id],
      );
      if (!row) return false;
      if (row.device_id) {
        const data = { requestId: id, localReference: strOrNull(row.local_reference), status, statusNotes: notes, updatedAt: at };
        await announce(db, str(row.device_id), 'service_request_status', data, at);
      }
      return true;
    });
  }

  /** Residents' answers to the city's questions, newest first. */
  async queryCityAnswers(filter: CityAnswerFilter): Promise<StoredCityAnswer[]> {
    const params: unknown[] = [];
    const where = whereGiven([['question_id = ?', filter.questionId], ['neighbourhood = ?', filter.neighbourhood]], params);
    return (await this.dialect.all(`SELECT * FROM city_answers ${where} ORDER BY answered_at DESC, id LIMIT ?`, [...params, filter.limit])).map(toCityAnswer);
  }

  /** A device's refused events as kept: envelope, code, message and the refused fields' paths (raw), never their values. */
  async listRejected(deviceId: string): Promise<{ seq: number; id: string; code: string; message: string; raw: string }[]> {
    const rows = await this.dialect.all('SELECT seq, id, code, message, raw FROM rejected_events WHERE device_id = ? ORDER BY seq', [deviceId]);
    return rows.map((r: Row) => ({ seq: num(r.seq), id: str(r.id), code: str(r.code), message: str(r.message), raw: str(r.raw) }));
  }

  async countEvents(): Promise<number> {
    return num((await this.dialect.all('SELECT COUNT(*) AS n FROM events'))[0]?.n);
  }

  async eventIds(): Promise<string[]> {
    return (await this.dialect.all('SELECT id FROM events ORDER BY id')).map((r) => str(r.id));
  }
}
