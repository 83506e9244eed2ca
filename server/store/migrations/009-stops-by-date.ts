import type { Migration } from '../migrations';

/** (issue 17) the console's day view reads a day's stops by date */
export default {
  version: 9,
  name: '009_stops_by_date',
  sql: 'CREATE INDEX IF NOT EXISTS stops_business_date ON stops (business_date)',
} satisfies Migration;
