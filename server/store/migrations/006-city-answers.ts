import type { Migration } from '../migrations';

/** "Tell the city": residents' answers to the questions published for their stop or neighbourhood. */
export default {
  version: 6,
  name: '006_city_answers',
  sql: `
  CREATE TABLE city_answers (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    stop_id TEXT,
    neighbourhood TEXT NOT NULL,
    place TEXT NOT NULL,
    language TEXT NOT NULL,
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    contact TEXT,
    answered_at TEXT NOT NULL
  );
  CREATE INDEX city_answers_question ON city_answers (question_id, answered_at);
  `,
} satisfies Migration;
