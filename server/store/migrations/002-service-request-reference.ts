import type { Migration } from '../migrations';

/** A resident asks about a 311 request by the reference the kiosk printed. */
export default {
  version: 2,
  name: '002_service_request_reference',
  sql: 'CREATE INDEX service_requests_reference ON service_requests (local_reference)',
} satisfies Migration;
