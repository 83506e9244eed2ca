import type { SyncProgress, SyncStatus } from './engine';
import type { Watermark } from './pending';

/**
 * One status model for the clerk and the supervisor: plain states and words from what the sync engine reports and what
 * waits on the van. Pure, so it is tested over a table of engine states; the bar and the sync panel only show it.
 */
export type StatusKind = 'checking' | 'up-to-date' | 'queued' | 'sending' | 'waiting' | 'offline' | 'refused' | 'enrol' | 'upgrade';

export interface StatusView {
  kind: StatusKind;
  tone: 'ok' | 'busy' | 'warn' | 'alert';
  /** A word or two, for the coloured chip. */
  chip: string;
  headline: string;
  detail: string | null;
  /** Only while sending, with the true total, in the headline's unit. */
  progress: SyncProgress | null;
  /** The one button beside it. */
  action: 'sync-now' | 'enrol-again' | 'check-update' | 'reload';
}

export interface StatusInput {
  engine: Pick<SyncStatus, 'state' | 'online' | 'message' | 'progress' | 'sending' | 'waitingSince' | 'nextRetryAt'> & Partial<Pick<SyncStatus, 'upgrade'>>;
  /** What waits on the van; undefined while it is being read. */
  pending: { transactions: number; otherRecords: number } | undefined;
  /** Records the office refused that no supervisor has resolved yet. */
  refused: number;
  now: number;
  /** Where the kiosk runs: the Electron app updates itself; the browser build is reloaded (default electron). */
  host?: 'electron' | 'browser';
  /** What the host's updater last said after a check this screen asked for. */
  updateCheck?: { message: string } | null;
}

/** A send with no answer for this long is shown as waiting, with the seconds counting. */
export const STALL_AFTER_MS = 3000;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
export const transactionsWord = (n: number) => plural(n, 'transaction', 'transactions');
export const otherRecordsWord = (n: number) => plural(n, 'other record', 'other records');

/** "4 transactions", "4 transactions and 2 other records", "2 other records", or null for nothing. */
export function waitingWords(pending: { transactions: number; otherRecords: number }): string | null {
  const { transactions, otherRecords } = pending;
  if (transactions > 0 && otherRecords > 0) return `${transactionsWord(transactions)} and ${otherRecordsWord(otherRecords)}`;
  if (transactions > 0) return transactionsWord(transactions);
  if (otherRecords > 0) return otherRecordsWord(otherRecords);
  return null;
}

const refusedWords = (k: number) => `The office refused ${plural(k, 'record', 'records')} — supervisor needed`;
const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/** The "Sending N of M" headline and its bar, in transactions when the round was counted, else in records. */
function sendingView(engine: StatusInput['engine']): { headline: string; progress: SyncProgress | null } {
  const nth = (p: SyncProgress) => Math.min(p.done + 1, p.total);
  const plan = engine.sending;
  if (plan && plan.transactions.total > 0 && plan.transactions.done < plan.transactions.total) {
    return { headline: `Sending ${nth(plan.transactions)} of ${transactionsWord(plan.transactions.total)}`, progress: plan.transactions };
  }
  if (plan && plan.otherRecords.total > 0 && plan.otherRecords.done < plan.otherRecords.total) {
    return { headline: `Sending ${nth(plan.otherRecords)} of ${otherRecordsWord(plan.otherRecords.total)}`, progress: plan.otherRecords };
  }
  const p = engine.progress;
  if (p && p.total > 0 && !plan) return { headline: `Sending ${nth(p)} of ${plural(p.total, 'record', 'records')}`, progress: p };
  return { headline: 'Sending', progress: null };
}

export function syncStatusView(input: StatusInput): StatusView {
  const { engine, refused, now } = input;
  const pending = input.pending ?? { transactions: 0, otherRecords: 0 };
  const waiting = waitingWords(pending);
  const withRefused = (detail: string | null) => (refused > 0 ? [detail, `${refusedWords(refused)}.`].filter(Boolean).join(' · ') : detail);

  if (engine.state === 'unauthorized') {
    return {
      kind: 'enrol',
      tone: 'alert',
      chip: 'Not enrolled',
      headline: 'Enrol again',
      detail: [engine.message, waiting ? `${waiting} kept safe on this van.` : null].filter(Boolean).join(' ') || null,
      progress: null,
      action: 'enrol-again',
    };
  }
  if (engine.state === 'upgrade_required') {
    const needed = engine.upgrade;
    const versions = needed && needed.minVersion !== 'unknown'
      ? `The office now needs version ${needed.minVersion} or newer${needed.kioskVersion ? `; this kiosk runs ${needed.kioskVersion}` : ''}.`
      : 'The office needs a newer version of this kiosk app.';
    const todo = input.host === 'browser'
      ? 'Reload this page to load the new version; if this message stays, call IT.'
      : input.updateCheck?.message ?? 'Looking for the update now; it installs once the day is closed, or at the next start.';
    return {
      kind: 'upgrade',
      tone: 'alert',
      chip: 'Update needed',
      headline: 'This kiosk needs an update',
      detail: withRefused([versions, todo, waiting ? `${waiting} kept safe on this van: they are sent after the update.` : 'Nothing recorded here is lost.'].join(' ')),
      progress: null,
      action: input.host === 'browser' ? 'reload' : 'check-update',
    };
  }
  if (engine.state === 'offline') {
    return {
      kind: 'offline',
      tone: 'warn',
      chip: 'Offline',
      headline: pending.transactions > 0
        ? `Offline — ${transactionsWord(pending.transactions)} saved on this van, will send when the network returns`
        : pending.otherRecords > 0
          ? `Offline — ${otherRecordsWord(pending.otherRecords)} saved on this van, will send when the network returns`
          : 'Offline — nothing is waiting to be sent',
      detail: withRefused(pending.transactions > 0 && pending.otherRecords > 0 ? `Also ${otherRecordsWord(pending.otherRecords)} (sign-ins, tickets…).` : null),
      progress: null,
      action: 'sync-now',
    };
  }
  if (engine.state === 'error') {
    const retryIn = engine.nextRetryAt === null ? null : engine.nextRetryAt - now;
    return {
      kind: 'waiting',
      tone: 'warn',
      chip: 'Waiting',
      headline: retryIn === null ? 'Waiting for the office' : `Waiting for the office (${seconds(retryIn)})`,
      detail: withRefused(
        [`The office could not take them yet${engine.message ? `: ${engine.message}` : ''}.`, retryIn === null ? null : `Next try in ${seconds(retryIn)}.`, waiting ? `${waiting} safe on this van.` : null]
          .filter(Boolean)
          .join(' '),
      ),
      progress: null,
      action: 'sync-now',
    };
  }
  if (engine.state === 'syncing') {
    const waited = engine.waitingSince === null ? 0 : now - engine.waitingSince;
    if (waited >= STALL_AFTER_MS) {
      return {
        kind: 'waiting',
        tone: 'warn',
        chip: 'Waiting',
        headline: `Waiting for the office (${seconds(waited)})`,
        detail: withRefused(`No answer yet to the last send${waiting ? `; ${waiting} safe on this van` : ''}.`),
        progress: null,
        action: 'sync-now',
      };
    }
    const sending = sendingView(engine);
    return { kind: 'sending', tone: 'busy', chip: 'Sending', headline: sending.headline, detail: withRefused(null), progress: sending.progress, action: 'sync-now' };
  }
  // Between rounds. Until the counts are read, no claim either way.
  if (input.pending === undefined) {
    return { kind: 'checking', tone: 'busy', chip: 'Checking…', headline: 'Checking what is waiting…', detail: null, progress: null, action: 'sync-now' };
  }
  if (engine.online === null && waiting === null && refused === 0) {
    return { kind: 'checking', tone: 'busy', chip: 'Checking…', headline: 'Checking the connection to the office…', detail: null, progress: null, action: 'sync-now' };
  }
  if (waiting !== null) {
    return { kind: 'queued', tone: 'busy', chip: 'Not yet sent', headline: `${waiting} waiting to be sent`, detail: withRefused(null), progress: null, action: 'sync-now' };
  }
  if (refused > 0) {
    return { kind: 'refused', tone: 'alert', chip: 'Refused', headline: refusedWords(refused), detail: null, progress: null, action: 'sync-now' };
  }
  return { kind: 'up-to-date', tone: 'ok', chip: 'Up to date', headline: 'Up to date', detail: null, progress: null, action: 'sync-now' };
}

/** 12-hour clock time like the rest of the kiosk ("5:42 PM"), with the date when it is not today, in the city's zone. */
export function formatClock(iso: string, now: number, timeZone?: string): string {
  const at = new Date(iso);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(at);
  if (day.format(at) === day.format(new Date(now))) return time;
  return `${new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' }).format(at)}, ${time}`;
}

/** The supervisor's watermark sentence. */
export function watermarkWords(watermark: Watermark, now: number, timeZone?: string): string {
  if (watermark.upTo === null) {
    return watermark.complete && watermark.seq === 0 ? 'Nothing has been recorded on this van yet.' : 'Nothing recorded on this van has reached the office yet.';
  }
  return `Everything recorded up to ${formatClock(watermark.upTo, now, timeZone)} has reached the office.`;
}
