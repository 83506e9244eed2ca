/**
 * The common output of every `npm run bench:*`: min / median / max of several runs, the ratio of the medians as the
 * result line, and the machine the figures came from (Chromium version, cores, load). A target counts on the median,
 * never on the best run.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { CHROMIUM_PATH } from './chromium';

export interface RunStats {
  min: number;
  median: number;
  max: number;
  runs: number;
}

/** min / median / max of the runs (the median of an even count is the mean of the middle two). */
export function runStats(values: readonly number[]): RunStats {
  if (values.length === 0) throw new Error('runStats needs at least one run');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, runs: sorted.length };
}

const fixed = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "median 12,345 (min 11,000 – max 13,000, 5 runs) events/s" */
export function formatStats(stats: RunStats, unit: string, digits = 0): string {
  return `median ${fixed(stats.median, digits)} ${unit} (min ${fixed(stats.min, digits)} – max ${fixed(stats.max, digits)}, ${stats.runs} runs)`;
}

/** The result line: the ratio of the two medians against its target. */
export function ratioLine(label: string, numerator: RunStats, denominator: RunStats, target: string): string {
  return `RESULT ${label}: ratio of medians ${(numerator.median / denominator.median).toFixed(2)}× (target ${target})`;
}

/** The Chromium the browser benches drive (`chromium --version`), or the reason it could not be asked. */
export function chromiumVersion(path = CHROMIUM_PATH): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

/** One line on the machine: cores and load now, so a figure is read beside the conditions it was taken in. */
export function machineLine(options: { chromium?: boolean } = {}): string {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  return `machine: ${cpus().length} cores, load average ${load}${options.chromium === false ? '' : `, ${chromiumVersion()}`}`;
}

/** `--runs 5 --events 10000` style flags, falling back to an environment variable, then the default. */
export function numberFlag(name: string, envName: string, fallback: number, argv: readonly string[] = process.argv): number {
  const index = argv.indexOf(`--${name}`);
  const raw = index >= 0 ? argv[index + 1] : process.env[envName];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return value;
}

/** A comma-separated list flag (`--events 10000,100000`), falling back to an environment variable, then the default. */
export function listFlag(name: string, envName: string, fallback: readonly number[], argv: readonly string[] = process.argv): number[] {
  const index = argv.indexOf(`--${name}`);
  const raw = index >= 0 ? argv[index + 1] : process.env[envName];
  if (raw === undefined) return [...fallback];
  const values = raw.split(',').map(Number);
  if (values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`--${name} must be positive numbers separated by commas, got ${raw}`);
  return values;
}
