/**
 * `npm run bench:record`: p50/p95 of recording one transaction (event + read model in one durable Dexie transaction)
 * in Chromium with an on-disk profile, beside one raw IndexedDB put with the same durability on the same page.
 *
 *   N=300 npm run bench:record
 */
import { openBenchPage } from './bench-browser';

const N = Number(process.env.N ?? 300);

async function main(): Promise<void> {
  const browser = await openBenchPage();
  try {
    // A warm-up round, so neither side pays for opening the database or compiling code.
    await browser.page.evaluate((n) => window.bench.record('bench-record-warmup', n), 30);
    const result = await browser.page.evaluate((n) => window.bench.record('bench-record', n), N);
    console.log(`bench:record — ${N} transactions, Chromium with an on-disk profile, durability strict`);
    console.log(`record one transaction  p50 ${result.record.p50.toFixed(2)} ms  p95 ${result.record.p95.toFixed(2)} ms`);
    console.log(`raw IndexedDB put       p50 ${result.raw.p50.toFixed(2)} ms  p95 ${result.raw.p95.toFixed(2)} ms`);
    console.log(`ratio p95 record/raw ${(result.record.p95 / result.raw.p95).toFixed(2)}× (target ≤ 2×), p50 ${(result.record.p50 / result.raw.p50).toFixed(2)}×`);
    // Where the time goes: Dexie's own cost for one put, two tables, the kiosk's ten-table scope, and the seq read.
    const probe = await browser.page.evaluate((n) => window.bench.probe('bench-probe', n), Math.min(N, 200));
    for (const [name, { p50, p95 }] of Object.entries(probe)) console.log(`  probe ${name.padEnd(24)} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
