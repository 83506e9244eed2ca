import type { Migration } from '../migrations';

/** Refunds given after a day's close (RefundIssued), on the day given. */
export default {
  version: 8,
  name: '008_refunds',
  sql: `
  CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    transaction_id TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE INDEX refunds_date ON refunds (business_date, occurred_at, id);
  `,
} satisfies Migration;
