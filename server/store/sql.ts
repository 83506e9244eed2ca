import type { ProjectionOp } from './projection';
import type { StoredDeviceStatus, StoredServiceRequest, TransactionFilter } from './store';
import { kpiStatement } from './kpi';

/** SQL pieces both stores use, with `?` placeholders (PostgreSQL's runner numbers them). */

/** The columns of events as the push paths insert them. */
export const EVENT_COLUMNS = 'id, device_id, seq, type, occurred_at, received_at, schema_version, actor_id, catalogue_version, payload';
/** rejected_events keeps the latest refusal of each seq. */
export const REJECTED_INSERT = `INSERT INTO rejected_events (device_id, seq, id, code, message, raw, received_at)`;
export const REJECTED_CONFLICT = `ON CONFLICT (device_id, seq) DO UPDATE SET id = excluded.id, code = excluded.code, message = excluded.message,
  raw = excluded.raw, received_at = excluded.received_at`;

/** Refunds with the original receipt number and the van, by day given; params: from, from, to, to. */
export const REFUNDS_SQL = `SELECT r.*, t.receipt_number, d.van_name FROM refunds r
   JOIN transactions t ON t.id = r.transaction_id AND t.device_id = r.device_id
   JOIN devices d ON d.id = r.device_id
   WHERE (CAST(? AS TEXT) IS NULL OR r.business_date >= ?) AND (CAST(? AS TEXT) IS NULL OR r.business_date <= ?)
   ORDER BY r.occurred_at, r.id`;

const STATUS_COLUMNS = ['device_id', 'received_at', 'via', 'pending_transactions', 'pending_other_records', 'oldest_pending_age_seconds', 'app_version', 'storage_used_bytes', 'storage_quota_bytes'];
/** Upsert of a device's latest status; an older report never replaces a newer one. */
export const DEVICE_STATUS_UPSERT = `INSERT INTO device_status (${STATUS_COLUMNS.join(', ')}) VALUES (${STATUS_COLUMNS.map(() => '?').join(', ')})
    ON CONFLICT (device_id) DO UPDATE SET ${STATUS_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE excluded.received_at >= device_status.received_at`;

export function deviceStatusParams(s: StoredDeviceStatus): unknown[] {
  return [s.deviceId, s.receivedAt, s.via, s.pendingTransactions, s.pendingOtherRecords, s.oldestPendingAgeSeconds, s.appVersion, s.storageUsedBytes, s.storageQuotaBytes];
}

/**
 * The van name a row was recorded under: the device's name in force when the row reached the office (names are kept as
 * history, so a re-enrolment under a new name never relabels the past); before the first history row, the first name.
 * `alias` is a table with device_id and received_at (stops: opened_at, the device's clock); SQL shared by both stores.
 */
export function vanNameAt(alias: string, at = `${alias}.received_at`): string {
  return `COALESCE((SELECT n.van_name FROM device_names n WHERE n.device_id = ${alias}.device_id AND n.from_at <= ${at}
    ORDER BY n.from_at DESC, n.id DESC LIMIT 1), (SELECT n.van_name FROM device_names n WHERE n.device_id = ${alias}.device_id
    ORDER BY n.from_at, n.id LIMIT 1), (SELECT d0.van_name FROM devices d0 WHERE d0.id = ${alias}.device_id))`;
}

/**
 * The clauses whose value is given (not undefined, null or ''; an array value fills as many `?`); the values go into
 * `params` in order.
 */
export function givenClauses(clauses: readonly (readonly [string, unknown])[], params: unknown[]): string[] {
  const given = clauses.filter(([, value]) => value !== undefined && value !== null && value !== '');
  for (const [, value] of given) params.push(...(Array.isArray(value) ? (value as unknown[]) : [value]));
  return given.map(([clause]) => clause);
}

/** `WHERE a = ? AND …` of the conditions whose value is given (see givenClauses), or '' when none is. */
export function whereGiven(conditions: readonly (readonly [string, unknown])[], params: unknown[]): string {
  const clauses = givenClauses(conditions, params);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** The WHERE clause of a transaction query; its values go into `params`. */
export function transactionWhere(filter: TransactionFilter, params: unknown[]): string {
  return whereGiven(
    [
      ['t.id = ?', filter.id],
      ['t.business_date >= ?', filter.dateFrom],
      ['t.business_date <= ?', filter.dateTo],
      [`${vanNameAt('t')} = ?`, filter.vanName],
      ['t.device_id = ?', filter.deviceId],
      ['t.stop_id = ?', filter.stopId],
      ['t.service_code = ?', filter.serviceCode],
      ['t.status = ?', filter.status],
    ],
    params,
  );
}

/** `INSERT INTO table (columns) VALUES (?, …) ON CONFLICT DO NOTHING`, one `?` a column: a read-model row is stored once. */
function insertOnce(table: string, columns: string): string {
  return `INSERT INTO ${table} (${columns}) VALUES (${columns.split(',').map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
}

const SERVICE_REQUEST_INSERT = insertOnce('service_requests', `id, device_id, source, local_reference, service_code, service_name, description,
  address_string, lat, long, first_name, last_name, phone, email, status, status_notes, requested_at, updated_at`);
/** The columns of a sale's row, in the order of its insert's parameters (PostgreSQL's push batches them: postgres.ts). */
export const TRANSACTION_COLUMNS = `id, event_id, device_id, stop_id, service_code, service_name, reference, quantity, amount_cents,
  payment_method, receipt_number, staff_id, occurred_at, business_date, received_at`;
const TRANSACTION_INSERT = insertOnce('transactions', TRANSACTION_COLUMNS);
const STOP_INSERT = insertOnce('stops', 'id, device_id, neighbourhood, place, opened_at, opening_float_cents, business_date');
const DAY_CLOSE_INSERT = insertOnce('day_closes', `stop_id, device_id, business_date, counted_cash_cents, expected_cash_cents, difference_cents, reason,
  check_total_cents, card_total_cents, closed_by, second_sign_off_by, closed_at`);
const CITY_ANSWER_INSERT = insertOnce('city_answers', 'id, device_id, question_id, stop_id, neighbourhood, place, language, topic, text, contact, answered_at');

export function serviceRequestInsert(r: StoredServiceRequest): [string, unknown[]] {
  return [SERVICE_REQUEST_INSERT, [r.id, r.deviceId, r.source, r.localReference, r.serviceCode, r.serviceName, r.description, r.addressString,
    r.lat, r.long, r.firstName, r.lastName, r.phone, r.email, r.status, r.statusNotes, r.requestedAt, r.updatedAt]];
}

/** One projection op as one statement with its parameters: the read models are written by the same SQL on both stores. */
export function projectionStatement(op: ProjectionOp, deviceId: string, eventId: string, occurredAt: string, receivedAt: string): [string, unknown[]] {
  switch (op.op) {
    case 'insertTransaction': {
      const t = op.row;
      return [
        TRANSACTION_INSERT,
        [t.id, eventId, deviceId, t.stopId, t.serviceCode, t.serviceName, t.reference, t.quantity, t.amountCents, t.paymentMethod,
          t.receiptNumber, t.staffId, occurredAt, t.businessDate, receivedAt],
      ];
    }
    case 'kpi':
      return kpiStatement(op.kpi, deviceId);
    case 'voidTransaction':
      return [`UPDATE transactions SET status = 'voided', void_reason = ? WHERE id = ? AND device_id = ?`, [op.reason, op.transactionId, deviceId]];
    case 'insertStop':
      return [STOP_INSERT, [op.row.id, deviceId, op.row.neighbourhood, op.row.place, occurredAt, op.row.openingFloatCents, op.row.businessDate]];
    case 'closeStop':
      return ['UPDATE stops SET closed_at = ? WHERE id = ? AND device_id = ?', [occurredAt, op.stopId, deviceId]];
    case 'insertServiceRequest':
      return serviceRequestInsert(op.row);
    case 'insertRefund': {
      const r = op.row;
      // Only a refund of this device's own transaction counts (as with voids). The casts type PostgreSQL's parameters.
      return [
        `INSERT INTO refunds (id, device_id, transaction_id, stop_id, amount_cents, method, reason, staff_id, approved_by, occurred_at, business_date)
         SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT),
           CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT)
         WHERE EXISTS (SELECT 1 FROM transactions WHERE id = CAST(? AS TEXT) AND device_id = CAST(? AS TEXT)) ON CONFLICT DO NOTHING`,
        [r.id, deviceId, r.transactionId, r.stopId, r.amountCents, r.method, r.reason, r.staffId, r.approvedBy, r.occurredAt, r.businessDate, r.transactionId, deviceId],
      ];
    }
    case 'insertDayClose': {
      const c = op.row;
      return [
        DAY_CLOSE_INSERT,
        [c.stopId, deviceId, c.businessDate, c.countedCashCents, c.expectedCashCents, c.differenceCents, c.reason, c.checkTotalCents,
          c.cardTotalCents, c.closedBy, c.secondSignOffBy, c.closedAt],
      ];
    }
    case 'insertCityAnswer': {
      const a = op.row;
      return [
        CITY_ANSWER_INSERT,
        [a.id, deviceId, a.questionId, a.stopId, a.neighbourhood, a.place, a.language, a.topic, a.text, a.contact ? JSON.stringify(a.contact) : null, a.answeredAt],
      ];
    }
  }
}
