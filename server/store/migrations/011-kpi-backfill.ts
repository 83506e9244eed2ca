import type { Migration } from '../migrations';

/** The JSON and time functions the KPI backfill needs, per store. */
interface KpiJson {
  /** A text field of the events' JSON payload (alias e). */
  json(field: string): string;
  /** Epoch milliseconds of an ISO 8601 text column. */
  epochMs(column: string): string;
}

const SQLITE_JSON: KpiJson = {
  json: (field) => `json_extract(e.payload, '$.${field}')`,
  epochMs: (column) => `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`,
};

const POSTGRES_JSON: KpiJson = {
  json: (field) => `(e.payload::jsonb ->> '${field}')`,
  epochMs: (column) => `ROUND(EXTRACT(EPOCH FROM (${column})::timestamptz) * 1000)::bigint`,
};

/**
 * Tickets, survey answers and the city day of 311 requests and answers from the events already stored: a ticket's or
 * survey's city day is its stop's (a stop runs within one city day), and a ticket's last outcome event by seq decides
 * its outcome.
 */
function kpiBackfill(d: KpiJson): string {
  const latest = (types: string) => `
    SELECT ${d.json('ticketId')} AS ticket_id, e.device_id, e.type, ${d.json('toCategoryCode')} AS to_category,
      ROW_NUMBER() OVER (PARTITION BY e.device_id, ${d.json('ticketId')} ORDER BY e.seq DESC) AS n
    FROM events e WHERE e.type IN (${types})`;
  return `
  INSERT INTO tickets (id, device_id, stop_id, number, category_code, source, language, issued_at, issued_ms, business_date)
    SELECT ${d.json('ticketId')}, e.device_id, ${d.json('stopId')}, ${d.json('number')}, ${d.json('categoryCode')}, ${d.json('source')},
      ${d.json('language')}, e.occurred_at, ${d.epochMs('e.occurred_at')}, COALESCE(s.business_date, substr(e.occurred_at, 1, 10))
    FROM events e LEFT JOIN stops s ON s.id = ${d.json('stopId')}
    WHERE e.type = 'TicketIssued' ON CONFLICT DO NOTHING;
  UPDATE tickets SET called_ms = c.at FROM (
    SELECT ${d.json('ticketId')} AS ticket_id, e.device_id, MIN(${d.epochMs('e.occurred_at')}) AS at FROM events e WHERE e.type = 'TicketCalled'
    GROUP BY ${d.json('ticketId')}, e.device_id) c
    WHERE c.ticket_id = tickets.id AND c.device_id = tickets.device_id;
  UPDATE tickets SET served_ms = c.at FROM (
    SELECT ${d.json('ticketId')} AS ticket_id, e.device_id, MAX(${d.epochMs('e.occurred_at')}) AS at FROM events e WHERE e.type = 'TicketServed'
    GROUP BY ${d.json('ticketId')}, e.device_id) c
    WHERE c.ticket_id = tickets.id AND c.device_id = tickets.device_id;
  UPDATE tickets SET outcome = CASE l.type WHEN 'TicketServed' THEN 'served' WHEN 'TicketNoShow' THEN 'no_show' WHEN 'TicketCancelled' THEN 'cancelled' ELSE NULL END
    FROM (${latest(`'TicketServed', 'TicketNoShow', 'TicketNoShowUndone', 'TicketCancelled'`)}) l
    WHERE l.n = 1 AND l.ticket_id = tickets.id AND l.device_id = tickets.device_id;
  UPDATE tickets SET category_code = l.to_category FROM (${latest(`'TicketTransferred'`)}) l
    WHERE l.n = 1 AND l.ticket_id = tickets.id AND l.device_id = tickets.device_id;
  INSERT INTO survey_answers (id, device_id, stop_id, ticket_id, rating, comment, answered_at, business_date)
    SELECT ${d.json('surveyId')}, e.device_id, ${d.json('stopId')}, ${d.json('ticketId')}, CAST(${d.json('rating')} AS INTEGER), ${d.json('comment')},
      e.occurred_at, COALESCE(s.business_date, substr(e.occurred_at, 1, 10))
    FROM events e LEFT JOIN stops s ON s.id = ${d.json('stopId')}
    WHERE e.type = 'SurveyAnswered' ON CONFLICT DO NOTHING;
  UPDATE service_requests SET stop_id = c.stop_id, business_date = COALESCE(c.business_date, substr(service_requests.requested_at, 1, 10)) FROM (
    SELECT ${d.json('requestId')} AS request_id, e.device_id, ${d.json('stopId')} AS stop_id, s.business_date FROM events e
    LEFT JOIN stops s ON s.id = ${d.json('stopId')} WHERE e.type = 'ServiceRequestFiled') c
    WHERE c.request_id = service_requests.id AND c.device_id = service_requests.device_id;
  UPDATE service_requests SET business_date = substr(requested_at, 1, 10) WHERE business_date IS NULL;
  UPDATE city_answers SET business_date = COALESCE((SELECT s.business_date FROM stops s WHERE s.id = city_answers.stop_id), substr(answered_at, 1, 10));
  `;
}

/** (issue 17) the KPI tables filled from the events stored before them */
export default {
  version: 11,
  name: '011_kpi_backfill',
  sql: '',
  sqlite: kpiBackfill(SQLITE_JSON),
  postgres: kpiBackfill(POSTGRES_JSON),
} satisfies Migration;
