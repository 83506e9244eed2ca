import { describe, expect, it } from 'vitest';
import { initialSyncStatus, type SyncStatus } from '../../renderer/src/sync/engine';
import { STALL_AFTER_MS, syncStatusView, type StatusInput, type StatusView } from '../../renderer/src/sync/status-model';

const NOW = Date.parse('2026-11-27T17:42:00Z');
const engine = (patch: Partial<SyncStatus>): SyncStatus => ({ ...initialSyncStatus(), online: true, ...patch });
const plan = (tx: [number, number], other: [number, number]) => ({
  transactions: { done: tx[0], total: tx[1] },
  otherRecords: { done: other[0], total: other[1] },
});
const none = { transactions: 0, otherRecords: 0 };

type Row = [name: string, input: Omit<StatusInput, 'now'>, expected: Partial<StatusView>];

const table: Row[] = [
  ['before the first answer, nothing waiting', { engine: engine({ online: null }), pending: none, refused: 0 }, { kind: 'checking', headline: 'Checking the connection to the office…', progress: null }],
  ['idle and online, nothing waiting', { engine: engine({}), pending: none, refused: 0 }, { kind: 'up-to-date', chip: 'Up to date', headline: 'Up to date', detail: null, progress: null, tone: 'ok' }],
  ['idle with one sign-in not yet sent: not "Pending: 1"', { engine: engine({}), pending: { transactions: 0, otherRecords: 1 }, refused: 0 }, { kind: 'queued', headline: '1 other record waiting to be sent' }],
  [
    'ten transactions and a void of one of them count as ten transactions',
    { engine: engine({ state: 'offline', online: false }), pending: { transactions: 10, otherRecords: 0 }, refused: 0 },
    { kind: 'offline', chip: 'Offline', headline: 'Offline — 10 transactions saved on this van, will send when the network returns', progress: null, tone: 'warn' },
  ],
  [
    'offline with one transaction and sign-ins: the sign-ins apart',
    { engine: engine({ state: 'offline', online: false }), pending: { transactions: 1, otherRecords: 3 }, refused: 0 },
    { kind: 'offline', headline: 'Offline — 1 transaction saved on this van, will send when the network returns', detail: 'Also 3 other records (sign-ins, tickets…).' },
  ],
  ['offline with nothing waiting', { engine: engine({ state: 'offline', online: false }), pending: none, refused: 0 }, { kind: 'offline', headline: 'Offline — nothing is waiting to be sent' }],
  [
    'offline after a timeout never shows a progress bar (no mixed signals)',
    { engine: engine({ state: 'offline', online: false, progress: { done: 0, total: 1 }, sending: plan([0, 1], [0, 0]), waitingSince: NOW - 20_000 }), pending: { transactions: 1, otherRecords: 0 }, refused: 0 },
    { kind: 'offline', progress: null },
  ],
  [
    'sending, counted in transactions, with the true total',
    { engine: engine({ state: 'syncing', progress: { done: 500, total: 1300 }, sending: plan([2, 10], [1, 3]), waitingSince: NOW - 200 }), pending: { transactions: 8, otherRecords: 2 }, refused: 0 },
    { kind: 'sending', chip: 'Sending', headline: 'Sending 3 of 10 transactions', progress: { done: 2, total: 10 }, tone: 'busy' },
  ],
  [
    'sending only other records',
    { engine: engine({ state: 'syncing', progress: { done: 0, total: 2 }, sending: plan([0, 0], [0, 2]), waitingSince: NOW }), pending: { transactions: 0, otherRecords: 2 }, refused: 0 },
    { kind: 'sending', headline: 'Sending 1 of 2 other records', progress: { done: 0, total: 2 } },
  ],
  [
    'a backlog too long to count up front is told in records',
    { engine: engine({ state: 'syncing', progress: { done: 1000, total: 12_000 }, sending: null, waitingSince: NOW }), pending: { transactions: 5000, otherRecords: 6000 }, refused: 0 },
    { kind: 'sending', headline: 'Sending 1001 of 12000 records', progress: { done: 1000, total: 12_000 } },
  ],
  [
    'a send unanswered for just under the stall limit still reads as sending',
    { engine: engine({ state: 'syncing', progress: { done: 0, total: 1 }, sending: plan([0, 1], [0, 0]), waitingSince: NOW - STALL_AFTER_MS + 1 }), pending: { transactions: 1, otherRecords: 0 }, refused: 0 },
    { kind: 'sending', headline: 'Sending 1 of 1 transaction' },
  ],
  [
    'a stalled send is shown as waiting, with the seconds, and no stuck bar',
    { engine: engine({ state: 'syncing', progress: { done: 0, total: 1 }, sending: plan([0, 1], [0, 0]), waitingSince: NOW - 12_000 }), pending: { transactions: 4, otherRecords: 0 }, refused: 0 },
    { kind: 'waiting', chip: 'Waiting', headline: 'Waiting for the office (12 s)', detail: 'No answer yet to the last send; 4 transactions safe on this van.', progress: null },
  ],
  [
    'the office answered an error: waiting, with the seconds to the next try',
    { engine: engine({ state: 'error', message: 'the server is busy', text: { key: 'errors.office.unavailable', params: { status: 503 } }, nextRetryAt: NOW + 12_000 }), pending: { transactions: 2, otherRecords: 0 }, refused: 0 },
    { kind: 'waiting', headline: 'Waiting for the office (12 s)', detail: 'The office could not take them yet: the server is busy. Next try in 12 s. 2 transactions safe on this van.', progress: null },
  ],
  [
    'the office answered with a code this kiosk has no words for: its status, not its English',
    {
      engine: engine({ state: 'error', message: 'the flux capacitor is out of alignment', text: { key: 'errors.office.flux', params: { status: 500 }, orElse: { key: 'errors.office.answered', params: { status: 500 } } }, nextRetryAt: null }),
      pending: none,
      refused: 0,
    },
    { kind: 'waiting', headline: 'Waiting for the office', detail: 'The office could not take them yet: the server answered 500.' },
  ],
  [
    'refused records need the supervisor',
    { engine: engine({}), pending: none, refused: 2 },
    { kind: 'refused', chip: 'Refused', headline: 'The office refused 2 records — supervisor needed', tone: 'alert' },
  ],
  [
    'refused records are still said while offline',
    { engine: engine({ state: 'offline', online: false }), pending: { transactions: 1, otherRecords: 0 }, refused: 1 },
    { kind: 'offline', detail: 'The office refused 1 record — supervisor needed.' },
  ],
  [
    'the office no longer accepts the device',
    { engine: engine({ state: 'unauthorized', message: 'The central office no longer accepts this device. Enrol it again.', text: { key: 'errors.sync.device_refused' } }), pending: { transactions: 1, otherRecords: 0 }, refused: 0 },
    { kind: 'enrol', chip: 'Not enrolled', headline: 'Enrol again', action: 'enrol-again', detail: 'The central office no longer accepts this device. Enrol it again. 1 transaction kept safe on this van.' },
  ],
  [
    'the office needs a newer kiosk (Electron): the host is looking for the update; nothing is lost',
    { engine: { ...engine({ state: 'upgrade_required', online: true }), upgrade: { minVersion: '1.4.0', kioskVersion: '1.3.2' } }, pending: { transactions: 2, otherRecords: 1 }, refused: 0 },
    {
      kind: 'upgrade',
      tone: 'alert',
      chip: 'Update needed',
      headline: 'This kiosk needs an update',
      action: 'check-update',
      detail: 'The office now needs version 1.4.0 or newer; this kiosk runs 1.3.2. Looking for the update now; it installs once the day is closed, or at the next start. 2 transactions and 1 other record kept safe on this van: they are sent after the update.',
    },
  ],
  [
    'the office needs a newer kiosk, and the host says what its updater did',
    { engine: { ...engine({ state: 'upgrade_required', online: true }), upgrade: { minVersion: '1.4.0', kioskVersion: null } }, pending: none, refused: 0, updateCheck: { message: 'Version 1.4.0 is downloaded: it installs once the day is closed, or at the next start.' } },
    { kind: 'upgrade', detail: 'The office now needs version 1.4.0 or newer. Version 1.4.0 is downloaded: it installs once the day is closed, or at the next start. Nothing recorded here is lost.' },
  ],
  [
    'the office needs a newer kiosk (browser build): reload, or call IT',
    { engine: { ...engine({ state: 'upgrade_required', online: true }), upgrade: { minVersion: '1.4.0', kioskVersion: '1.3.2' } }, pending: none, refused: 1, host: 'browser' as const },
    { kind: 'upgrade', action: 'reload', detail: 'The office now needs version 1.4.0 or newer; this kiosk runs 1.3.2. Reload this page to load the new version; if this message stays, call IT. Nothing recorded here is lost. · The office refused 1 record — supervisor needed.' },
  ],
];

describe('sync status model', () => {
  it.each(table)('%s', (_name, input, expected) => {
    expect(syncStatusView({ ...input, now: NOW })).toMatchObject(expected);
  });

  it('shows a progress bar only while sending, never in any other state', () => {
    for (const [, input] of table) {
      const view = syncStatusView({ ...input, now: NOW });
      if (view.kind !== 'sending') expect(view.progress).toBeNull();
      else expect(view.progress!.done).toBeLessThanOrEqual(view.progress!.total);
    }
  });

  it('while the counts are still being read, claims neither "Up to date" nor a number it does not have', () => {
    expect(syncStatusView({ engine: engine({}), pending: undefined, refused: 0, now: NOW })).toMatchObject({ kind: 'checking', headline: 'Checking what is waiting…' });
  });
});
