import type { Migration } from '../migrations';

/**
 * (issue 17) a day's close is found through this small index, not by reading every later record of the van (the day
 * view read a year of records per close on PostgreSQL)
 */
export default {
  version: 12,
  name: '012_events_day_closed',
  sql: "CREATE INDEX events_day_closed ON events (device_id, seq) WHERE type = 'DayClosed'",
} satisfies Migration;
