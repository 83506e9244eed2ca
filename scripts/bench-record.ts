/**
 * `npm run bench:record`: p50/p95 of recording one transaction (event + read model in one durable Dexie transaction)
 * in Chromium with an on-disk profile, beside one raw IndexedDB put with the same durability on the same page.
 *
 * The result line is the ratio of the medians over the rounds of each round's p95 (record / raw put).
 *
 *   npm run bench:record -- --runs 5 --events 300      (or N=300 ROUNDS=5)
 */
import { openBenchPage } from './bench-browser';
import { formatStats, machineLine, numberFlag, ratioLine, runStats } from './bench-stats';

const N = numberFlag('events', 'N', 300);
const ROUNDS = numberFlag('runs', 'ROUNDS', 5);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

async function main(): Promise<void> {
  const browser = await openBenchPage();
  try {
    // A warm-up round, so neither side pays for opening the database or compiling code.
    await browser.page.evaluate((n) => window.bench.record('bench-record-warmup', n), 30);
    console.log(`bench:record — ${ROUNDS} rounds × ${N} transactions, Chromium with an on-disk profile, durability strict`);
    console.log('  (each round uses fresh databases and alternates one record with one raw put, so both meet the same disk moments)');
    console.log(`  ${machineLine()}`);
    const records: number[] = [];
    const raws: number[] = [];
    const recordP95s: number[] = [];
    const rawP95s: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const { recordTimes, rawTimes } = await browser.page.evaluate(([name, n]) => window.bench.record(name, n), [`bench-record-${round}`, N] as const);
      records.push(...recordTimes);
      raws.push(...rawTimes);
      const r = summary(recordTimes);
      const w = summary(rawTimes);
      recordP95s.push(r.p95);
      rawP95s.push(w.p95);
      console.log(`  round ${round}: record p50 ${r.p50.toFixed(2)} p95 ${r.p95.toFixed(2)} ms | raw put p50 ${w.p50.toFixed(2)} p95 ${w.p95.toFixed(2)} ms | p95 ratio ${(r.p95 / w.p95).toFixed(2)}×`);
    }
    const record = summary(records);
    const raw = summary(raws);
    console.log(`record one transaction  p50 ${record.p50.toFixed(2)} ms  p95 ${record.p95.toFixed(2)} ms  (all ${records.length})`);
    console.log(`raw IndexedDB put       p50 ${raw.p50.toFixed(2)} ms  p95 ${raw.p95.toFixed(2)} ms  (all ${raws.length})`);
    console.log(`per-round p95, record one transaction: ${formatStats(runStats(recordP95s), 'ms', 2)}`);
    console.log(`per-round p95, raw IndexedDB put:      ${formatStats(runStats(rawP95s), 'ms', 2)}`);
    console.log(`pooled p95 ratio record/raw ${(record.p95 / raw.p95).toFixed(2)}×, p50 ${(record.p50 / raw.p50).toFixed(2)}×`);
    // Where the time goes: Dexie's own cost for one put, two tables, the kiosk's ten-table scope, and the seq read.
    const probe = await browser.page.evaluate((n) => window.bench.probe('bench-probe', n), Math.min(N, 200));
    for (const [name, { p50, p95 }] of Object.entries(probe)) console.log(`  probe ${name.padEnd(24)} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`);
    console.log(ratioLine('bench:record p95 record / raw put', runStats(recordP95s), runStats(rawP95s), '≤ 2×'));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
