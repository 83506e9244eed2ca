import type { AuditEntry, OfficeRole, ReleaseRollout, UpdatePolicy } from '../../shared';
import type { Row, SqlDialect } from './dialect';
import { numOrNull, strOrNull } from './rows';
import { givenClauses, whereGiven } from './sql';

/**
 * The office console's tables: accounts, sessions and the audit log. One query text serves both stores through a
 * small dialect object (placeholders are written `?`; PostgreSQL's runner numbers them), so SQLite and PostgreSQL cannot
 * drift apart. Both stores expose it as `store.office`.
 */

export interface OfficeUserRecord {
  id: string;
  email: string;
  role: OfficeRole;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
}

export interface OfficeSessionRecord {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface AuditInput {
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export interface FleetDeviceRow {
  id: string;
  vanName: string;
  createdAt: string;
  revokedAt: string | null;
  /** Every record up to this seq has been answered by the office. */
  contiguousSeq: number;
  /** When the van's newest record (highest seq) reached the office. */
  latestReceivedAt: string | null;
  latestOccurredAt: string | null;
  rejectedCount: number;
  /** The version the office pinned this van to, if any. */
  pinnedVersion: string | null;
}

export interface RejectedRecordRow {
  deviceId: string;
  vanName: string;
  seq: number;
  id: string;
  code: string;
  message: string;
  receivedAt: string;
}

function toUser(r: Row): OfficeUserRecord {
  const role = r.role === 'admin' || r.role === 'office' ? r.role : 'viewer';
  return {
    id: String(r.id),
    email: String(r.email),
    role,
    passwordHash: String(r.password_hash),
    disabled: Number(r.disabled) === 1,
    failedAttempts: Number(r.failed_attempts),
    lockedUntil: strOrNull(r.locked_until),
    createdAt: String(r.created_at),
  };
}

function toSession(r: Row): OfficeSessionRecord {
  return { idHash: String(r.id_hash), userId: String(r.user_id), csrfToken: String(r.csrf_token), createdAt: String(r.created_at), expiresAt: String(r.expires_at) };
}

export class OfficeSql {
  constructor(private readonly db: Pick<SqlDialect, 'all' | 'run' | 'isUniqueViolation'>) {}

  /** False when an account already has that e-mail address. */
  async createUser(user: { id: string; email: string; role: OfficeRole; passwordHash: string; createdAt: string }): Promise<boolean> {
    try {
      await this.db.run('INSERT INTO office_users (id, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
        user.id, user.email, user.role, user.passwordHash, user.createdAt,
      ]);
      return true;
    } catch (error) {
      if (this.db.isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async findUserByEmail(email: string): Promise<OfficeUserRecord | null> {
    const [row] = await this.db.all('SELECT * FROM office_users WHERE email = ?', [email]);
    return row ? toUser(row) : null;
  }

  async findUserById(id: string): Promise<OfficeUserRecord | null> {
    const [row] = await this.db.all('SELECT * FROM office_users WHERE id = ?', [id]);
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<OfficeUserRecord[]> {
    return (await this.db.all('SELECT * FROM office_users ORDER BY email', [])).map(toUser);
  }

  /** Changes what is given; a new password also clears a lockout. False when there is no such account. */
  async updateUser(id: string, changes: { role?: OfficeRole; disabled?: boolean; passwordHash?: string }): Promise<boolean> {
    const params: unknown[] = [];
    const disabled = changes.disabled === undefined ? undefined : changes.disabled ? 1 : 0;
    const sets = givenClauses(
      [['role = ?', changes.role], ['disabled = ?', disabled], ['password_hash = ?, failed_attempts = 0, locked_until = NULL', changes.passwordHash]],
      params,
    );
    if (sets.length === 0) return (await this.findUserById(id)) !== null;
    return (await this.db.run(`UPDATE office_users SET ${sets.join(', ')} WHERE id = ?`, [...params, id])) === 1;
  }

  /**
   * Counts one failed sign-in, atomically: the `maxFailures`-th in a row locks the account until `lockUntil` and starts
   * the count again. Answers the lock now in force (null when none).
   */
  async recordFailedSignIn(id: string, maxFailures: number, lockUntil: string): Promise<{ lockedUntil: string | null; failedAttempts: number }> {
    const [row] = await this.db.all(
      `UPDATE office_users SET
         locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END,
         failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END
       WHERE id = ? RETURNING locked_until, failed_attempts`,
      [maxFailures, lockUntil, maxFailures, id],
    );
    return { lockedUntil: strOrNull(row?.locked_until), failedAttempts: Number(row?.failed_attempts ?? 0) };
  }

  async recordSuccessfulSignIn(id: string): Promise<void> {
    await this.db.run('UPDATE office_users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', [id]);
  }

  async createSession(s: OfficeSessionRecord): Promise<void> {
    await this.db.run('INSERT INTO office_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
      s.idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt,
    ]);
  }

  /** The session and its account, unless it has expired by `now`. */
  async findSession(idHash: string, now: string): Promise<{ session: OfficeSessionRecord; user: OfficeUserRecord } | null> {
    const [row] = await this.db.all(
      `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at AS session_created_at, s.expires_at, u.*
       FROM office_sessions s JOIN office_users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?`,
      [idHash, now],
    );
    if (!row) return null;
    return { session: toSession({ ...row, created_at: row.session_created_at }), user: toUser(row) };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.run('DELETE FROM office_sessions WHERE id_hash = ?', [idHash]);
  }

  /** Ends every session of an account (its password changed, it was disabled or its role changed). */
  async deleteSessionsOf(userId: string): Promise<number> {
    return this.db.run('DELETE FROM office_sessions WHERE user_id = ?', [userId]);
  }

  /** Every enrolled van with what the office has had from it. */
  async fleet(): Promise<FleetDeviceRow[]> {
    // The newest record by seq uses the (device_id, seq) index: one index step per van, however many records it sent.
    const rows = await this.db.all(
      `SELECT d.id, d.van_name, d.created_at, d.revoked_at, d.contiguous_seq,
         (SELECT e.received_at FROM events e WHERE e.device_id = d.id ORDER BY e.seq DESC LIMIT 1) AS latest_received_at,
         (SELECT e.occurred_at FROM events e WHERE e.device_id = d.id ORDER BY e.seq DESC LIMIT 1) AS latest_occurred_at,
         (SELECT COUNT(*) FROM rejected_events r WHERE r.device_id = d.id) AS rejected_count,
         (SELECT p.version FROM device_update_pins p WHERE p.device_id = d.id) AS pinned_version
       FROM devices d ORDER BY d.van_name, d.id`,
      [],
    );
    return rows.map((r) => ({
      id: String(r.id),
      vanName: String(r.van_name),
      createdAt: String(r.created_at),
      revokedAt: strOrNull(r.revoked_at),
      contiguousSeq: Number(r.contiguous_seq),
      latestReceivedAt: strOrNull(r.latest_received_at),
      latestOccurredAt: strOrNull(r.latest_occurred_at),
      rejectedCount: Number(r.rejected_count),
      pinnedVersion: strOrNull(r.pinned_version),
    }));
  }

  /** Records the office refused, across the fleet, newest first. */
  async rejectedRecords(filter: { limit: number; deviceId?: string }): Promise<RejectedRecordRow[]> {
    const params: unknown[] = [];
    const where = whereGiven([['r.device_id = ?', filter.deviceId]], params);
    const rows = await this.db.all(
      `SELECT r.device_id, d.van_name, r.seq, r.id, r.code, r.message, r.received_at
       FROM rejected_events r JOIN devices d ON d.id = r.device_id ${where} ORDER BY r.received_at DESC, r.device_id, r.seq LIMIT ?`,
      [...params, filter.limit],
    );
    return rows.map((r) => ({
      deviceId: String(r.device_id),
      vanName: String(r.van_name),
      seq: Number(r.seq),
      id: String(r.id),
      code: String(r.code),
      message: String(r.message),
      receivedAt: String(r.received_at),
    }));
  }

  /**
   * For each day close, the seq of its DayClosed record and how far the van's records are answered without a gap: the
   * day is complete at the centre when every record up to the close has arrived (contiguous seq ≥ close seq).
   */
  async dayCloseCompleteness(closes: readonly { deviceId: string; stopId: string; businessDate: string }[]): Promise<Map<string, { closeSeq: number | null; contiguousSeq: number }>> {
    const result = new Map<string, { closeSeq: number | null; contiguousSeq: number }>();
    // The close comes after the stop's last sale: one pass over each day's sales (the date index) gives where to start
    // the (device_id, seq) index walk, so the DayClosed record is a few rows away however long the van's history is.
    const lastSale = new Map<string, number>();
    for (const date of new Set(closes.map((c) => c.businessDate))) {
      const rows = await this.db.all(
        `SELECT t.device_id, t.stop_id, MAX(e.seq) AS last_seq FROM transactions t JOIN events e ON e.id = t.event_id
         WHERE t.business_date = ? AND t.stop_id IS NOT NULL GROUP BY t.device_id, t.stop_id`,
        [date],
      );
      for (const r of rows) lastSale.set(`${String(r.device_id)}:${String(r.stop_id)}`, Number(r.last_seq));
    }
    for (const close of closes) {
      const key = `${close.deviceId}:${close.stopId}`;
      const [row] = await this.db.all(
        `SELECT d.contiguous_seq,
           (SELECT e.seq FROM events e WHERE e.device_id = d.id AND e.seq >= ? AND e.type = 'DayClosed' AND e.payload LIKE ? ORDER BY e.seq LIMIT 1) AS close_seq
         FROM devices d WHERE d.id = ?`,
        [lastSale.get(key) ?? 0, `%"stopId":"${close.stopId.replace(/[%_"\\]/g, '')}"%`, close.deviceId],
      );
      if (!row) continue;
      result.set(key, { closeSeq: numOrNull(row.close_seq), contiguousSeq: Number(row.contiguous_seq) });
    }
    return result;
  }

  /** The office pins a van's app version; false when no such van is enrolled. */
  async setPinnedVersion(deviceId: string, version: string, at: string, by: string): Promise<boolean> {
    const [device] = await this.db.all('SELECT id FROM devices WHERE id = ?', [deviceId]);
    if (!device) return false;
    await this.db.run(
      `INSERT INTO device_update_pins (device_id, version, set_at, set_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET version = excluded.version, set_at = excluded.set_at, set_by = excluded.set_by`,
      [deviceId, version, at, by],
    );
    return true;
  }

  /** False when the van was not pinned. */
  async clearPinnedVersion(deviceId: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM device_update_pins WHERE device_id = ?', [deviceId])) > 0;
  }

  /** The share of vans (0–100) a release is offered to; replaces the one set before. */
  async setRollout(version: string, percentage: number, at: string, by: string): Promise<void> {
    await this.db.run(
      `INSERT INTO release_rollouts (version, percentage, set_at, set_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (version) DO UPDATE SET percentage = excluded.percentage, set_at = excluded.set_at, set_by = excluded.set_by`,
      [version, percentage, at, by],
    );
  }

  /** False when that release had no rollout set. */
  async clearRollout(version: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM release_rollouts WHERE version = ?', [version])) > 0;
  }

  async listRollouts(): Promise<ReleaseRollout[]> {
    const rows = await this.db.all('SELECT * FROM release_rollouts ORDER BY set_at DESC, version', []);
    return rows.map((r) => ({ version: String(r.version), percentage: Number(r.percentage), setAt: String(r.set_at), setBy: String(r.set_by) }));
  }

  /** What a van's updater reads: its pin and every release's rollout. */
  async updatePolicy(deviceId: string): Promise<UpdatePolicy> {
    const [pin] = await this.db.all('SELECT version FROM device_update_pins WHERE device_id = ?', [deviceId]);
    const rollouts = (await this.listRollouts()).map(({ version, percentage }) => ({ version, percentage }));
    return { pinnedVersion: strOrNull(pin?.version), rollouts };
  }

  async appendAudit(entry: AuditInput): Promise<number> {
    const [row] = await this.db.all('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING id', [
      entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.detail),
    ]);
    return Number(row?.id);
  }

  /** Newest first; `beforeId` pages back. */
  async listAudit(filter: { limit: number; beforeId?: number; actor?: string; action?: string }): Promise<AuditEntry[]> {
    const params: unknown[] = [];
    const where = whereGiven([['id < ?', filter.beforeId], ['actor = ?', filter.actor], ['action = ?', filter.action]], params);
    const rows = await this.db.all(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`, [...params, filter.limit]);
    return rows.map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      actor: String(r.actor),
      action: String(r.action),
      target: String(r.target),
      detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
    }));
  }
}
