import type { Migration } from '../migrations';

/** A SQLite trigger marking the changed row's van-day for the KPI roll-up (014). */
function sqliteMarkDay(name: string, on: string, row: 'NEW' | 'OLD'): string {
  return `
  CREATE TRIGGER ${name} AFTER ${on} BEGIN
    INSERT INTO kpi_dirty (device_id, business_date, mark) VALUES (${row}.device_id, ${row}.business_date, 1)
      ON CONFLICT (device_id, business_date) DO UPDATE SET mark = mark + 1;
  END;`;
}

/**
 * (issue 17) the KPIs read daily rollups, not every ticket of a year: kpi_rollups holds per van, city day, stop and
 * service the counts, the exact sorted waits and service times and the touchscreen languages (kpi.ts); a change to a
 * day's tickets or survey answers (added, changed or removed) marks that van's day in kpi_dirty (a trigger, so the
 * push path is untouched) and the next KPI read rolls up what is marked. The rows stored before this step are marked
 * here.
 */
export default {
  version: 14,
  name: '014_kpi_rollups',
  sql: `
  CREATE TABLE kpi_rollups (
    device_id TEXT NOT NULL,
    business_date TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    category_code TEXT NOT NULL,
    tickets BIGINT NOT NULL,
    served BIGINT NOT NULL,
    wait_ms TEXT NOT NULL,
    service_ms TEXT NOT NULL,
    languages TEXT NOT NULL,
    surveys BIGINT NOT NULL,
    rating_sum BIGINT NOT NULL,
    PRIMARY KEY (device_id, business_date, stop_id, category_code)
  );
  CREATE INDEX kpi_rollups_date ON kpi_rollups (business_date);
  CREATE TABLE kpi_dirty (
    device_id TEXT NOT NULL,
    business_date TEXT NOT NULL,
    mark BIGINT NOT NULL,
    PRIMARY KEY (device_id, business_date)
  );
  CREATE INDEX kpi_dirty_date ON kpi_dirty (business_date);
  CREATE INDEX survey_answers_ticket ON survey_answers (ticket_id);
  INSERT INTO kpi_dirty (device_id, business_date, mark)
    SELECT device_id, business_date, 1 FROM tickets UNION SELECT device_id, business_date, 1 FROM survey_answers;
  `,
  sqlite: [
    sqliteMarkDay('tickets_kpi_insert', 'INSERT ON tickets', 'NEW'),
    sqliteMarkDay('tickets_kpi_update', 'UPDATE ON tickets', 'NEW'),
    sqliteMarkDay('tickets_kpi_delete', 'DELETE ON tickets', 'OLD'),
    sqliteMarkDay('survey_answers_kpi_insert', 'INSERT ON survey_answers', 'NEW'),
    sqliteMarkDay('survey_answers_kpi_update', 'UPDATE ON survey_answers', 'NEW'),
    sqliteMarkDay('survey_answers_kpi_delete', 'DELETE ON survey_answers', 'OLD'),
    `
  CREATE TRIGGER tickets_kpi_transfer AFTER UPDATE OF category_code ON tickets BEGIN
    INSERT INTO kpi_dirty (device_id, business_date, mark) SELECT DISTINCT device_id, business_date, 1 FROM survey_answers WHERE ticket_id = NEW.id
      ON CONFLICT (device_id, business_date) DO UPDATE SET mark = mark + 1;
  END;`,
  ].join(''),
  postgres: `
  CREATE FUNCTION kpi_mark_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO kpi_dirty (device_id, business_date, mark) VALUES (OLD.device_id, OLD.business_date, 1)
        ON CONFLICT (device_id, business_date) DO UPDATE SET mark = kpi_dirty.mark + 1;
    ELSE
      INSERT INTO kpi_dirty (device_id, business_date, mark) VALUES (NEW.device_id, NEW.business_date, 1)
        ON CONFLICT (device_id, business_date) DO UPDATE SET mark = kpi_dirty.mark + 1;
    END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION kpi_mark_ticket_surveys() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO kpi_dirty (device_id, business_date, mark) SELECT DISTINCT device_id, business_date, 1 FROM survey_answers WHERE ticket_id = NEW.id
      ON CONFLICT (device_id, business_date) DO UPDATE SET mark = kpi_dirty.mark + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER tickets_kpi AFTER INSERT OR UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION kpi_mark_day();
  CREATE TRIGGER tickets_kpi_transfer AFTER UPDATE OF category_code ON tickets FOR EACH ROW EXECUTE FUNCTION kpi_mark_ticket_surveys();
  CREATE TRIGGER survey_answers_kpi AFTER INSERT OR UPDATE OR DELETE ON survey_answers FOR EACH ROW EXECUTE FUNCTION kpi_mark_day();
  `,
} satisfies Migration;
