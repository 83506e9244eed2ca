import type { SyncProgress, SyncStatus } from './engine';
import type { Watermark } from './pending';
import { staffT } from '../i18n/staff';
import { staffText } from '../error-text';

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
  engine: Pick<SyncStatus, 'state' | 'online' | 'text' | 'progress' | 'sending' | 'waitingSince' | 'nextRetryAt'> & Partial<Pick<SyncStatus, 'upgrade'>>;
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

export const transactionsWord = (n: number) => staffT('syncStatus.transactions', { count: n });
export const otherRecordsWord = (n: number) => staffT('syncStatus.otherRecords', { count: n });
const recordsWord = (n: number) => staffT('syncStatus.records', { count: n });

/** "4 transactions", "4 transactions and 2 other records", "2 other records", or null for nothing. */
export function waitingWords(pending: { transactions: number; otherRecords: number }): string | null {
  const { transactions, otherRecords } = pending;
  if (transactions > 0 && otherRecords > 0) return staffT('syncStatus.both', { transactions: transactionsWord(transactions), otherRecords: otherRecordsWord(otherRecords) });
  if (transactions > 0) return transactionsWord(transactions);
  if (otherRecords > 0) return otherRecordsWord(otherRecords);
  return null;
}

const refusedWords = (k: number) => staffT('syncStatus.refused', { records: recordsWord(k) });
const seconds = (ms: number) => staffT('syncStatus.seconds', { seconds: Math.max(0, Math.round(ms / 1000)) });

/** The "Sending N of M" headline and its bar, in transactions when the round was counted, else in records. */
function sendingView(engine: StatusInput['engine']): { headline: string; progress: SyncProgress | null } {
  const nth = (p: SyncProgress) => Math.min(p.done + 1, p.total);
  const plan = engine.sending;
  if (plan && plan.transactions.total > 0 && plan.transactions.done < plan.transactions.total) {
    return { headline: staffT('syncStatus.sendingOf', { nth: nth(plan.transactions), total: transactionsWord(plan.transactions.total) }), progress: plan.transactions };
  }
  if (plan && plan.otherRecords.total > 0 && plan.otherRecords.done < plan.otherRecords.total) {
    return { headline: staffT('syncStatus.sendingOf', { nth: nth(plan.otherRecords), total: otherRecordsWord(plan.otherRecords.total) }), progress: plan.otherRecords };
  }
  const p = engine.progress;
  if (p && p.total > 0 && !plan) return { headline: staffT('syncStatus.sendingOf', { nth: nth(p), total: recordsWord(p.total) }), progress: p };
  return { headline: staffT('syncStatus.sending'), progress: null };
}

export function syncStatusView(input: StatusInput): StatusView {
  const { engine, refused, now } = input;
  const pending = input.pending ?? { transactions: 0, otherRecords: 0 };
  const waiting = waitingWords(pending);
  // The engine's own message is English for the log; the screen says what its key says.
  const said = engine.text ? staffText(staffT, engine.text) : null;
  const withRefused = (detail: string | null) => (refused > 0 ? [detail, staffT('syncStatus.withRefused', { refused: refusedWords(refused) })].filter(Boolean).join(' · ') : detail);

  if (engine.state === 'unauthorized') {
    return {
      kind: 'enrol',
      tone: 'alert',
      chip: staffT('syncStatus.notEnrolled'),
      headline: staffT('syncStatus.enrolAgain'),
      detail: [said, waiting ? staffT('syncStatus.keptSafe', { waiting }) : null].filter(Boolean).join(' ') || null,
      progress: null,
      action: 'enrol-again',
    };
  }
  if (engine.state === 'upgrade_required') {
    const needed = engine.upgrade;
    const versions = needed && needed.minVersion !== 'unknown'
      ? staffT('syncStatus.needsVersion', { version: needed.minVersion, runs: needed.kioskVersion ? staffT('syncStatus.kioskRuns', { version: needed.kioskVersion }) : '' })
      : staffT('syncStatus.needsNewer');
    const todo = input.host === 'browser'
      ? staffT('syncStatus.reloadPage')
      : input.updateCheck?.message ?? staffT('syncStatus.lookingForUpdate');
    return {
      kind: 'upgrade',
      tone: 'alert',
      chip: staffT('syncStatus.updateNeeded'),
      headline: staffT('syncStatus.needsUpdate'),
      detail: withRefused([versions, todo, waiting ? staffT('syncStatus.keptUntilUpdate', { waiting }) : staffT('syncStatus.nothingLost')].join(' ')),
      progress: null,
      action: input.host === 'browser' ? 'reload' : 'check-update',
    };
  }
  if (engine.state === 'offline') {
    return {
      kind: 'offline',
      tone: 'warn',
      chip: staffT('syncStatus.offline'),
      headline: pending.transactions > 0
        ? staffT('syncStatus.offlineSaved', { waiting: transactionsWord(pending.transactions) })
        : pending.otherRecords > 0
          ? staffT('syncStatus.offlineSaved', { waiting: otherRecordsWord(pending.otherRecords) })
          : staffT('syncStatus.offlineNothing'),
      detail: withRefused(pending.transactions > 0 && pending.otherRecords > 0 ? staffT('syncStatus.alsoOther', { otherRecords: otherRecordsWord(pending.otherRecords) }) : null),
      progress: null,
      action: 'sync-now',
    };
  }
  if (engine.state === 'error') {
    const retryIn = engine.nextRetryAt === null ? null : engine.nextRetryAt - now;
    return {
      kind: 'waiting',
      tone: 'warn',
      chip: staffT('syncStatus.waiting'),
      headline: retryIn === null ? staffT('syncStatus.waitingForOffice') : staffT('syncStatus.waitingForOfficeFor', { seconds: seconds(retryIn) }),
      detail: withRefused(
        [
          staffT('syncStatus.couldNotTake', { message: said ? staffT('syncStatus.message', { message: said }) : '' }),
          retryIn === null ? null : staffT('syncStatus.nextTry', { seconds: seconds(retryIn) }),
          waiting ? staffT('syncStatus.safe', { waiting }) : null,
        ]
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
        chip: staffT('syncStatus.waiting'),
        headline: staffT('syncStatus.waitingForOfficeFor', { seconds: seconds(waited) }),
        detail: withRefused(staffT('syncStatus.noAnswer', { safe: waiting ? staffT('syncStatus.noAnswerSafe', { waiting }) : '' })),
        progress: null,
        action: 'sync-now',
      };
    }
    const sending = sendingView(engine);
    return { kind: 'sending', tone: 'busy', chip: staffT('syncStatus.sending'), headline: sending.headline, detail: withRefused(null), progress: sending.progress, action: 'sync-now' };
  }
  // Between rounds. Until the counts are read, no claim either way.
  if (input.pending === undefined) {
    return { kind: 'checking', tone: 'busy', chip: staffT('syncStatus.checking'), headline: staffT('syncStatus.checkingWaiting'), detail: null, progress: null, action: 'sync-now' };
  }
  if (engine.online === null && waiting === null && refused === 0) {
    return { kind: 'checking', tone: 'busy', chip: staffT('syncStatus.checking'), headline: staffT('syncStatus.checkingConnection'), detail: null, progress: null, action: 'sync-now' };
  }
  if (waiting !== null) {
    return { kind: 'queued', tone: 'busy', chip: staffT('syncStatus.notYetSent'), headline: staffT('syncStatus.waitingToSend', { waiting }), detail: withRefused(null), progress: null, action: 'sync-now' };
  }
  if (refused > 0) {
    return { kind: 'refused', tone: 'alert', chip: staffT('syncStatus.refusedChip'), headline: refusedWords(refused), detail: null, progress: null, action: 'sync-now' };
  }
  return { kind: 'up-to-date', tone: 'ok', chip: staffT('syncStatus.upToDate'), headline: staffT('syncStatus.upToDate'), detail: null, progress: null, action: 'sync-now' };
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
    return watermark.complete && watermark.seq === 0 ? staffT('syncStatus.nothingRecorded') : staffT('syncStatus.nothingReached');
  }
  return staffT('syncStatus.everythingUpTo', { time: formatClock(watermark.upTo, now, timeZone) });
}
