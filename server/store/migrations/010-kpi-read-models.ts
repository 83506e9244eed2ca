import type { Migration } from '../migrations';

/**
 * (issue 17) the KPIs: tickets and survey answers as read models, the stop and city day of 311 requests and answers,
 * the office's reviews and translations of what residents wrote (kpi.ts reads them)
 */
export default {
  version: 10,
  name: '010_kpi_read_models',
  sql: `
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    number TEXT NOT NULL,
    category_code TEXT NOT NULL,
    source TEXT NOT NULL,
    language TEXT,
    issued_at TEXT NOT NULL,
    issued_ms BIGINT NOT NULL,
    called_ms BIGINT,
    served_ms BIGINT,
    outcome TEXT,
    business_date TEXT NOT NULL
  );
  CREATE INDEX tickets_date ON tickets (business_date);
  CREATE TABLE survey_answers (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    stop_id TEXT,
    ticket_id TEXT,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE INDEX survey_answers_date ON survey_answers (business_date);
  CREATE TABLE voice_reviews (
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    translation TEXT,
    translation_language TEXT,
    reviewed_by TEXT,
    reviewed_at TEXT,
    translated_by TEXT,
    translated_at TEXT,
    PRIMARY KEY (kind, item_id)
  );
  ALTER TABLE service_requests ADD COLUMN stop_id TEXT;
  ALTER TABLE service_requests ADD COLUMN business_date TEXT;
  CREATE INDEX service_requests_date ON service_requests (business_date);
  ALTER TABLE city_answers ADD COLUMN business_date TEXT;
  CREATE INDEX city_answers_date ON city_answers (business_date);
  `,
} satisfies Migration;
