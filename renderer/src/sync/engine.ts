import { apiErrorSchema, CodedError, DEFAULT_PIPELINE_DEPTH, KIOSK_VERSION_HEADER, KIOSK_VERSION_QUERY, pushResponseSchema, UPGRADE_REQUIRED_STATUS, upgradeRequiredErrorSchema, type Catalogue, type DeviceIdentity, type DeviceStatusReport, type PushResponse } from '../../../shared';
import { getSyncCursor, type KioskDb, type QuarantinedEvent, type StoredEvent, type SyncLogEntry } from '../db/db';
import { readOutboxBatch, readOutboxSealed } from '../db/outbox';
import { initialSyncStatus } from './initial-status';
import { transactionOf } from './pending';
import { noteStoreEpoch } from './restore';
import { authHeaders, pullCatalogue, pullChanges, PullError } from './pull';
import { said, type Said, type StaffText, type WordedError } from '../error-text';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'error' | 'unauthorized' | 'upgrade_required';

/** The office's answer to a kiosk too old for it: the minimum it needs and what this kiosk said it runs. */
export interface UpgradeNeeded {
  minVersion: string;
  kioskVersion: string | null;
}

export interface SyncProgress {
  done: number;
  total: number;
}

export interface SyncStatus {
  state: SyncState;
  /** What the last request to the API said: reachable or not. */
  online: boolean | null;
  /** What went wrong, in English for the sync log; the screen shows `text` from the staff catalogue. */
  message: string | null;
  text: StaffText | null;
  /** This round's progress in events (records of every kind), with the true total counted when it began. */
  progress: SyncProgress | null;
  nextRetryAt: number | null;
  /**
   * The same progress in the clerk's units: transactions (a sale with its void counts once) and the other records
   * (sign-ins, tickets…). Null when the round is too long to count up front; `progress` then tells it in records.
   */
  sending: { transactions: SyncProgress; otherRecords: SyncProgress } | null;
  /** While sending: since when the kiosk has been waiting for the office's next answer (ms since the epoch). */
  waitingSince: number | null;
  /** Set while the office refuses this kiosk's version (state `upgrade_required`). */
  upgrade: UpgradeNeeded | null;
}

/** A round of at most this many events is counted in transactions before it starts (one read of them). */
export const ROUND_PLAN_LIMIT = 2000;
/** While the office says this kiosk is too old: ask again this seldom (an update, or a lowered minimum, ends it). */
export const DEFAULT_UPGRADE_RECHECK_MS = 30 * 60_000;
/** While offline, how often to ask GET /healthz whether the office answers again (separate from the push backoff). */
export const DEFAULT_PROBE_INTERVAL_MS = 2000;

export { initialSyncStatus };

/** Where one batch's time went, in ms of the trace clock: bench:sync prints the breakdown. */
export interface BatchTiming {
  events: number;
  /** Length of the request body (the JSON text). */
  bodyChars: number;
  /** Batches already on the wire when this one was sent. */
  alreadyInFlight: number;
  /** The outbox read (IndexedDB). */
  readMs: number;
  /** JSON.stringify of the batch. */
  serialiseMs: number;
  /** Request start to the response headers (upload, a preflight if one was needed, the server's work). */
  headersMs: number;
  /** Response headers to the last byte of the body. */
  bodyMs: number;
  /** The answer parsed and checked against the protocol's schema. */
  parseMs: number;
  /** How long the round waited for this answer once it was the oldest on the wire (0 when it had come already). */
  waitedMs: number;
  /** The cursor (and quarantine) transaction. */
  cursorWriteMs: number;
}

/** What the page holds to drive sync: the SyncEngine itself, or its proxy to the sync worker (worker-client.ts). */
export interface SyncHandle {
  start(): void;
  stop(): void;
  /** Asks for a round; one already running is followed by one more (engine.ts). */
  trigger(): Promise<void>;
  retryRejected(seq: number): Promise<RetryAnswer>;
  networkLost(): void;
  networkBack(): void;
  getStatus(): SyncStatus;
}

export interface RetryAnswer {
  status: string;
  code?: string;
  message?: string;
}

/** A monotonic clock in ms and a sink for each applied batch's timing. Off when absent (the kiosk runs without it). */
export interface SyncTrace {
  clock: () => number;
  batch: (timing: BatchTiming) => void;
}

export interface SyncDeps {
  db: KioskDb;
  apiUrl: string;
  /** Under Electron without the token (main adds the header); the browser build's identity carries it. */
  getCredentials: () => Promise<DeviceIdentity | null>;
  /** Wraps the pulled staff PIN hashes with the host's device key before they are stored. */
  sealCatalogue: (catalogue: Catalogue) => Promise<Catalogue>;
  fetch: typeof fetch;
  now: () => Date;
  random: () => number;
  /** One sync at a time per device across windows: Web Locks in the kiosk, a plain mutex in tests. */
  withLock: <T>(run: () => Promise<T>) => Promise<T>;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  onStatus: (status: SyncStatus) => void;
  batchSize: number;
  requestTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often to look for new work or check the API while idle. */
  idlePollMs: number;
  /** While offline, GET /healthz this often; an answer starts a round at once (default DEFAULT_PROBE_INTERVAL_MS). */
  probeIntervalMs?: number;
  /** While online and between rounds, GET /healthz this often, so a vanished API is seen in seconds (default: off). */
  heartbeatMs?: number;
  /** How long a probe or heartbeat may take before it counts as no answer (default: min(1500, requestTimeoutMs)). */
  probeTimeoutMs?: number;
  /**
   * The van's status for the office (pending transactions, oldest pending age, app version, storage): read once per
   * round and sent with each of its pushes, and on its own (POST /v1/devices/status) after a probe or heartbeat is
   * answered when none went for statusReportMs. Off when absent.
   */
  deviceStatus?: () => Promise<DeviceStatusReport | null>;
  /** At most this long between status reports while the office answers (default 60 s). */
  statusReportMs?: number;
  /**
   * Batches on the wire at once (default DEFAULT_PIPELINE_DEPTH, 2): the next batch is sent while the server stores
   * the previous one, so a slow link or a busy server is not paid for batch after batch. Answers are still applied
   * strictly in seq order.
   */
  pipelineDepth?: number;
  /** Per-batch timing for the benchmark; off when absent. */
  trace?: SyncTrace;
  /** This kiosk's app version, sent with every request so the office can refuse a kiosk too old for it (426). */
  kioskVersion?: () => Promise<string>;
  /** The office said this kiosk is too old: ask the host to look for an app update now. */
  onUpgradeRequired?: (needed: UpgradeNeeded) => void;
  /** How often to ask again while refused for the version (default DEFAULT_UPGRADE_RECHECK_MS): no hammering. */
  upgradeRecheckMs?: number;
}

type PostResult = { ok: true; answer: PushResponse } | { ok: false; error: unknown };

/** A batch sent and not yet answered: the events after `after`, up to `lastSeq`. */
interface InFlight {
  after: number;
  lastSeq: number;
  batch: StoredEvent[];
  answer: Promise<PostResult>;
  /** The answer once it has come, to read a Retry-After from a batch that is abandoned without being applied. */
  settled: PostResult | null;
  abort: AbortController;
  timing: BatchTiming | null;
}

type BatchOutcome =
  | { kind: 'done' }
  | { kind: 'more' }
  | ({ kind: 'retry'; state: 'offline' | 'error'; retryAfterMs: number | null } & Said)
  | ({ kind: 'stop'; state: 'unauthorized' } & Said);

const UNREACHABLE = said('errors.sync.unreachable', 'The central office cannot be reached.');
const NOT_ENROLLED = said('errors.sync.not_enrolled', 'This device is not enrolled.');

/** What the sync engine could not do, in both forms (see Said); the code is the catalogue key's last part. */
export class SyncError extends CodedError implements WordedError {
  readonly text: StaffText;

  constructor({ message, text }: Said) {
    super(text.key.replace(/^.*\./, ''), message);
    this.text = text;
  }
}

/** A 426 from any call: the office will not talk to this kiosk's version. */
class UpgradeRequiredError extends SyncError {
  constructor(
    message: string,
    readonly needed: UpgradeNeeded,
  ) {
    super(said('errors.sync.upgrade_required', message));
  }
}

/** The office refused a push: its own code names the words (`errors.office.<code>`), else its HTTP status does. */
class SyncHttpError extends SyncError {
  constructor(
    readonly status: number,
    answer: Said,
    readonly retryAfterMs: number | null,
  ) {
    super(answer);
  }
}

/** The wait a failed push was told to keep (503/429 with Retry-After), if any. */
function retryAfterOf(result: PostResult | null): number[] {
  return result && !result.ok && result.error instanceof SyncHttpError && result.error.retryAfterMs !== null ? [result.error.retryAfterMs] : [];
}

export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/** Exponential backoff with full jitter, capped. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30));
  return Math.max(baseMs / 2, Math.round(ceiling * (0.5 + random() / 2)));
}

/** A round counted up front in the clerk's units: when each transaction's last unsent event goes, it is sent. */
class RoundPlan {
  private constructor(
    private readonly transactionEnds: number[],
    private readonly otherSeqs: number[],
  ) {}

  static of(events: readonly StoredEvent[]): RoundPlan {
    const lastSeqOf = new Map<string, number>();
    const others: number[] = [];
    for (const event of events) {
      const tx = transactionOf(event);
      if (tx === null) others.push(event.seq);
      else lastSeqOf.set(tx, Math.max(lastSeqOf.get(tx) ?? 0, event.seq));
    }
    return new RoundPlan([...lastSeqOf.values()].sort((a, b) => a - b), others.sort((a, b) => a - b));
  }

  /** Progress once every event up to `cursor` is answered. */
  at(cursor: number): { transactions: SyncProgress; otherRecords: SyncProgress } {
    const upTo = (seqs: number[]) => seqs.filter((seq) => seq <= cursor).length;
    return {
      transactions: { done: upTo(this.transactionEnds), total: this.transactionEnds.length },
      otherRecords: { done: upTo(this.otherSeqs), total: this.otherSeqs.length },
    };
  }
}

/**
 * Pushes the outbox to the central API in seq order. The cursor moves only on the server's answer for a whole batch,
 * so a lost answer means the batch is sent again, which the server counts once.
 */
export class SyncEngine implements SyncHandle {
  private running = false;
  private rerun = false;
  private failures = 0;
  private timer: unknown = null;
  private stopped = false;
  private inFlight: InFlight[] = [];
  private status: SyncStatus = initialSyncStatus();
  private probeTimer: unknown = null;
  private probing = false;
  /** The batch whose answer the round is awaiting (already out of inFlight), so a lost network can abort it too. */
  private awaiting: InFlight | null = null;
  /** The status read at the start of the round, sent with each of its pushes. */
  private roundReport: DeviceStatusReport | null = null;
  private roundPlan: RoundPlan | null = null;
  private lastReportAt = -Infinity;
  private reporting = false;
  /**
   * The cursor as this round last wrote it, so a batch does not read it back. Only a rewind (a restored store) moves
   * it otherwise, and that is seen here; null outside a round and after a rewind (then it is read).
   */
  private knownCursor: number | null = null;
  /** Counts abandonments of the pipeline: a read that began before one does not send its batch. */
  private pipelineGeneration = 0;
  /** Outbox reads started ahead, by the seq they read after; only for the pipeline generation they were started in. */
  private readsAhead = new Map<number, Promise<StoredEvent[]>>();
  private readsAheadGeneration = 0;
  /**
   * With a pipeline deeper than one, the cursor writes of answered batches, chained in seq order: the loop goes on to
   * the next answer while one is written. Resolves true once a write found the store restored (the writes after it do
   * nothing); settled before a round reports anything or ends (settleCursorWrites).
   */
  private cursorWrites: Promise<boolean> = Promise.resolve(false);
  private pendingCursorWrites = 0;
  /** Set by the chain, read at the start of each batch: a write found the store restored, or failed. */
  private cursorRewound = false;
  private cursorWriteFailed = false;

  constructor(private readonly deps: SyncDeps) {}

  getStatus(): SyncStatus {
    return this.status;
  }

  /** Starts the loop: sync now, then poll; failures back off. Connectivity is checked on its own schedule. */
  start(): void {
    this.stopped = false;
    void this.trigger();
    this.armConnectivityCheck();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    if (this.probeTimer !== null) this.deps.clearTimer(this.probeTimer);
    this.probeTimer = null;
  }

  /**
   * The browser says the network is gone (`offline` event): show it at once, give up what is on the wire (its events
   * go again from the cursor, answered `duplicate` if they got through) and probe until the office answers.
   */
  networkLost(): void {
    if (this.stopped) return;
    this.abandonInFlight();
    if (this.status.state !== 'unauthorized' && this.status.state !== 'upgrade_required') this.wentOffline();
  }

  /** The browser says the network is back (`online` event): ask the office now rather than at the next probe. */
  networkBack(): void {
    if (this.stopped) return;
    if (this.status.state !== 'offline') return void this.trigger();
    if (this.probeTimer !== null) this.deps.clearTimer(this.probeTimer);
    this.probeTimer = null;
    void this.checkConnectivity();
  }

  private get pipelineDepth(): number {
    return Math.max(1, this.deps.pipelineDepth ?? DEFAULT_PIPELINE_DEPTH);
  }

  private get probeIntervalMs(): number {
    return this.deps.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  }

  /** Offline: probe every probeIntervalMs. Online: a heartbeat every heartbeatMs, if configured. */
  private armConnectivityCheck(): void {
    if (this.stopped) return;
    if (this.probeTimer !== null) this.deps.clearTimer(this.probeTimer);
    this.probeTimer = null;
    const every = this.status.state === 'offline' ? this.probeIntervalMs : this.deps.heartbeatMs;
    if (every === undefined || this.status.state === 'unauthorized' || this.status.state === 'upgrade_required') return;
    this.probeTimer = this.deps.setTimer(() => {
      this.probeTimer = null;
      void this.checkConnectivity();
    }, every);
  }

  /**
   * One GET /healthz. Offline and answered: a round starts at once (not at the push backoff's next turn). Online, between
   * rounds, and not answered: the kiosk is offline now. During a round the requests of the round speak for themselves:
   * a slow answer to a probe beside a big batch on a thin link must not abort a push that is getting through.
   */
  private async checkConnectivity(): Promise<void> {
    if (this.stopped || this.probing) return;
    const wasOffline = this.status.state === 'offline';
    if (!wasOffline && this.running) return this.armConnectivityCheck();
    this.probing = true;
    try {
      const credentials = await this.deps.getCredentials();
      if (!credentials) return;
      const up = await this.reachable(credentials.apiUrl ?? this.deps.apiUrl, this.deps.probeTimeoutMs ?? Math.min(1500, this.deps.requestTimeoutMs)).catch((error: unknown) => {
        if (error instanceof UpgradeRequiredError) return this.upgradeRequired(error);
        throw error;
      });
      if (this.stopped || up === 'refused') return;
      if (up) void this.maybeReport(credentials);
      if (this.status.state === 'offline' && up) {
        this.update({ online: true });
        void this.trigger();
      } else if (!up && !this.running && this.status.state !== 'offline' && this.status.state !== 'unauthorized') {
        this.wentOffline();
      }
    } finally {
      this.probing = false;
      this.armConnectivityCheck();
    }
  }

  /** A status report on its own, when the office answers and none went lately. Best effort: a failure waits for the next. */
  private async maybeReport(credentials: DeviceIdentity): Promise<void> {
    const read = this.deps.deviceStatus;
    if (!read || this.reporting || this.deps.now().getTime() - this.lastReportAt < (this.deps.statusReportMs ?? 60_000)) return;
    this.reporting = true;
    try {
      const report = await read().catch(() => null);
      if (!report) return;
      const response = await this.request(
        new URL('/v1/devices/status', credentials.apiUrl ?? this.deps.apiUrl),
        { method: 'POST', headers: { 'Content-Type': 'application/json', ...authHeaders(credentials) }, body: JSON.stringify(report) },
        undefined,
        this.deps.probeTimeoutMs ?? Math.min(1500, this.deps.requestTimeoutMs),
      );
      if (response.ok) this.lastReportAt = this.deps.now().getTime();
    } catch (error) {
      // No answer: the next probe or push reports again.
      if (error instanceof UpgradeRequiredError) this.upgradeRequired(error);
    } finally {
      this.reporting = false;
    }
  }

  /**
   * The office refuses this kiosk's version: nothing was taken (the cursor has not moved), so every record stays
   * pending until the kiosk is updated. Say so, ask the host for an update check, and ask the office again only
   * seldom instead of backing off towards a hammering retry.
   */
  private upgradeRequired(error: UpgradeRequiredError): 'refused' {
    this.abandonInFlight();
    const first = !this.upgradeAsked;
    this.upgradeAsked = true;
    this.update({ state: 'upgrade_required', online: true, message: error.message, text: error.text, upgrade: error.needed, progress: null, sending: null, waitingSince: null, nextRetryAt: this.deps.now().getTime() + this.upgradeRecheckMs });
    if (this.probeTimer !== null) this.deps.clearTimer(this.probeTimer);
    this.probeTimer = null;
    this.schedule(this.upgradeRecheckMs);
    if (first) this.deps.onUpgradeRequired?.(error.needed);
    return 'refused';
  }

  private get upgradeRecheckMs(): number {
    return this.deps.upgradeRecheckMs ?? DEFAULT_UPGRADE_RECHECK_MS;
  }

  private wentOffline(): void {
    this.update({ state: 'offline', online: false, ...UNREACHABLE, progress: null, sending: null, waitingSince: null });
    this.armConnectivityCheck();
  }

  /**
   * Sends one quarantined event again (after its cause was fixed centrally). Returns the server's answer; the caller
   * records the resolution. The sync cursor does not move: the event was already answered once.
   */
  async retryRejected(seq: number): Promise<RetryAnswer> {
    const credentials = await this.deps.getCredentials();
    if (!credentials) throw new SyncError(NOT_ENROLLED);
    const [event] = await readOutboxBatch(this.deps.db, seq - 1, 1);
    if (!event || event.seq !== seq) throw new SyncError(said('errors.sync.no_event', `No event with seq ${seq}.`, { seq }));
    const answer = await this.deps.withLock(() => this.post(credentials, credentials.apiUrl ?? this.deps.apiUrl, [event])).catch((error: unknown) => {
      // No answer at all (the network, a timeout): say so, as a round would.
      throw error instanceof SyncError ? error : new SyncError(UNREACHABLE);
    });
    const result = answer.results[0];
    if (!result || result.id !== event.id) throw new SyncError(said('errors.sync.other_event', 'The server answered for a different event.'));
    if (result.status === 'rejected') {
      await this.deps.db.quarantine.update(seq, { code: result.code, message: result.message, rejectedAt: this.deps.now().toISOString() });
      return result;
    }
    return result;
  }

  /** Asks for a sync. A call while one runs is coalesced into one more round after it. */
  async trigger(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.rerun = false;
        await this.deps.withLock(() =>
          this.drain().catch((error: unknown) => {
            // A local failure (IndexedDB quota, a transient storage error) must not stop the loop for good.
            const reason = error instanceof Error ? error.message : String(error);
            this.retryLater({ kind: 'retry', state: 'error', ...said('errors.sync.stopped_here', `Sync stopped on this kiosk: ${reason}`, { reason }), retryAfterMs: null });
          }),
        );
      } while (this.rerun && !this.stopped);
    } finally {
      this.running = false;
    }
  }

  /** The host was asked for an update since the office last took this kiosk's version. */
  private upgradeAsked = false;

  private update(patch: Partial<SyncStatus>): void {
    if (patch.state === 'idle') this.upgradeAsked = false;
    this.status = { ...this.status, ...(patch.state && patch.state !== 'upgrade_required' ? { upgrade: null } : {}), ...patch };
    this.deps.onStatus(this.status);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      void this.trigger();
    }, ms);
  }

  private async drain(): Promise<void> {
    this.knownCursor = null;
    try {
      await this.drainRound();
    } catch (error) {
      if (!(error instanceof UpgradeRequiredError)) throw error;
      this.upgradeRequired(error);
      await this.log(this.deps.now(), 'upgrade_required', 0, 0, error);
    } finally {
      // Whatever ended the round, nothing stays on the wire into the next one: its events go again from the cursor.
      this.abandonInFlight();
      // Nor is a cursor write left running past the round (and its lock): one that failed only leaves events to send again.
      await this.settleCursorWrites().catch(() => false);
      this.knownCursor = null;
    }
  }

  /**
   * Waits for every chained cursor write. True when one found the store restored (the cursor was moved back: what is
   * on the wire no longer follows on); throws when one failed (the cursor did not move past it).
   */
  private async settleCursorWrites(): Promise<boolean> {
    const chain = this.cursorWrites;
    try {
      return await chain;
    } finally {
      if (this.cursorWrites === chain) {
        this.cursorWrites = Promise.resolve(false);
        this.cursorRewound = false;
        this.cursorWriteFailed = false;
      }
    }
  }

  private async drainRound(): Promise<void> {
    const credentials = await this.deps.getCredentials();
    if (!credentials) {
      this.update({ state: 'unauthorized', ...NOT_ENROLLED, progress: null, sending: null, waitingSince: null });
      return;
    }
    const apiUrl = credentials.apiUrl ?? this.deps.apiUrl;
    const startedAt = this.deps.now();
    const { db } = this.deps;
    const cursor = await getSyncCursor(db);
    const total = await db.events.where('seq').above(cursor).count();
    if (this.status.state === 'offline' && !(await this.reachable(apiUrl))) {
      this.retryLater({ kind: 'retry', state: 'offline', ...UNREACHABLE, retryAfterMs: null });
      await this.log(startedAt, 'offline', 0, 0, UNREACHABLE);
      return;
    }
    let done = 0;
    let rejected = 0;
    // The plan needs seqs and transaction ids only: the events stay sealed.
    const plan = total > 0 && total <= ROUND_PLAN_LIMIT ? RoundPlan.of(await readOutboxSealed(db, cursor, ROUND_PLAN_LIMIT)) : null;
    this.roundPlan = plan;
    this.roundReport = total > 0 && this.deps.deviceStatus ? await this.deps.deviceStatus().catch(() => null) : null;
    if (total > 0) {
      this.update({ state: 'syncing', progress: { done, total }, sending: plan?.at(cursor) ?? null, waitingSince: this.deps.now().getTime(), message: null, text: null, nextRetryAt: null });
    }
    for (;;) {
      const outcome = await this.pushOneBatch(credentials, apiUrl, (n, r, lastSeq) => {
        done += n;
        rejected += r;
        this.update({ progress: { done, total: Math.max(total, done) }, sending: plan?.at(lastSeq) ?? null, waitingSince: this.deps.now().getTime() });
      });
      if (outcome.kind === 'more') continue;
      if (outcome.kind === 'done') {
        const pulled = await this.pull(credentials, apiUrl);
        // The pull found the store restored and moved the cursor back: push again what it lost.
        if (pulled === 'rewound') {
          this.knownCursor = null;
          continue;
        }
        if (pulled !== true) {
          this.retryLater(pulled);
          await this.log(startedAt, pulled.state, done, rejected, pulled);
          return;
        }
        this.failures = 0;
        if (this.roundReport && done > 0) this.lastReportAt = this.deps.now().getTime();
        this.update({ state: 'idle', online: true, message: null, text: null, progress: null, nextRetryAt: null, sending: null, waitingSince: null });
        if (done === 0) void this.maybeReport(credentials);
        if (done > 0) await this.log(startedAt, 'ok', done, rejected, null);
        this.schedule(this.deps.idlePollMs);
        return;
      }
      if (outcome.kind === 'stop') {
        this.update({ state: outcome.state, online: true, message: outcome.message, text: outcome.text, progress: null, nextRetryAt: null, sending: null, waitingSince: null });
        await this.log(startedAt, 'unauthorized', done, rejected, outcome);
        return;
      }
      this.retryLater(outcome);
      await this.log(startedAt, outcome.state, done, rejected, outcome);
      return;
    }
  }

  /** Pull after push: the catalogue (ETag) and this device's changes feed. */
  private async pull(credentials: DeviceIdentity, apiUrl: string): Promise<true | 'rewound' | Extract<BatchOutcome, { kind: 'retry' }>> {
    const fetcher = (url: URL, init: RequestInit) => this.request(url, init);
    try {
      await pullCatalogue(this.deps.db, apiUrl, credentials, fetcher, this.deps.now, this.deps.sealCatalogue);
      const { rewound } = await pullChanges(this.deps.db, apiUrl, credentials, fetcher);
      return rewound ? 'rewound' : true;
    } catch (error) {
      if (error instanceof UpgradeRequiredError) throw error;
      if (error instanceof PullError) return { kind: 'retry', state: 'error', message: error.message, text: error.text, retryAfterMs: null };
      return { kind: 'retry', state: 'offline', ...UNREACHABLE, retryAfterMs: null };
    }
  }

  private async log(startedAt: Date, outcome: SyncLogEntry['outcome'], pushed: number, rejected: number, said: Said | null): Promise<void> {
    const { db } = this.deps;
    const words = said ? { message: said.message, text: said.text } : { message: null, text: null };
    await db.syncLog.add({ startedAt: startedAt.toISOString(), durationMs: this.deps.now().getTime() - startedAt.getTime(), outcome, pushed, rejected, ...words });
    // Keep the last 200 rounds.
    const count = await db.syncLog.count();
    if (count > 200) {
      const oldest = await db.syncLog.orderBy('id').limit(count - 200).primaryKeys();
      await db.syncLog.bulkDelete(oldest);
    }
  }

  private retryLater(outcome: Extract<BatchOutcome, { kind: 'retry' }>): void {
    this.failures++;
    const delay = outcome.retryAfterMs ?? backoffDelay(this.failures - 1, this.deps.retryBaseMs, this.deps.retryMaxMs, this.deps.random);
    const wasOffline = this.status.state === 'offline';
    this.update({
      state: outcome.state,
      online: outcome.state !== 'offline',
      message: outcome.message,
      text: outcome.text,
      progress: null,
      sending: null,
      waitingSince: null,
      nextRetryAt: this.deps.now().getTime() + delay,
    });
    this.schedule(delay);
    // Going offline starts the probe schedule now; staying offline keeps the one that runs.
    if (outcome.state === 'offline' && !wasOffline) this.armConnectivityCheck();
  }

  /** A cheap GET /healthz (no credentials, no custom headers: no CORS preflight either). */
  private async reachable(apiUrl: string, timeoutMs?: number): Promise<boolean> {
    try {
      return (await this.request(new URL('/healthz', apiUrl), { method: 'GET' }, undefined, timeoutMs)).ok;
    } catch (error) {
      if (error instanceof UpgradeRequiredError) throw error;
      return false;
    }
  }

  /** Every request, headers and body alike, finishes within requestTimeoutMs: a stalled body must not hang the loop. */
  private async request(url: URL, init: RequestInit, cancel?: AbortSignal, timeoutMs = this.deps.requestTimeoutMs, timing: BatchTiming | null = null): Promise<Response> {
    const clock = this.deps.trace?.clock;
    const sentAt = clock?.() ?? 0;
    const controller = new AbortController();
    const timeout = this.deps.setTimer(() => controller.abort(), timeoutMs);
    const onCancel = () => controller.abort();
    cancel?.addEventListener('abort', onCancel);
    try {
      const version = await this.kioskVersion();
      let headers = init.headers as Record<string, string> | undefined;
      if (version !== null && url.pathname === '/healthz') url.searchParams.set(KIOSK_VERSION_QUERY, version);
      else if (version !== null) headers = { ...headers, [KIOSK_VERSION_HEADER]: version };
      const response = await this.deps.fetch(url, { ...init, ...(headers ? { headers } : {}), signal: controller.signal });
      const headersAt = clock?.() ?? 0;
      // Read every answer to its end, a 304's empty body too: Chromium cancels a request whose body is left unread
      // (seen as ERR_ABORTED on every conditional GET /v1/catalogue that came back 304).
      const bytes = await response.arrayBuffer();
      if (timing && clock) {
        timing.headersMs = headersAt - sentAt;
        timing.bodyMs = clock() - headersAt;
      }
      const body = [204, 205, 304].includes(response.status) ? null : bytes;
      if (response.status === UPGRADE_REQUIRED_STATUS) throw upgradeErrorOf(bytes, version);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      this.deps.clearTimer(timeout);
      cancel?.removeEventListener('abort', onCancel);
    }
  }

  private versionRead: Promise<string | null> | null = null;

  /** Read once from the host; a host that cannot say sends no version (and an API with a minimum refuses it, plainly). */
  private kioskVersion(): Promise<string | null> {
    const read = this.deps.kioskVersion;
    this.versionRead ??= read ? read().catch(() => null) : Promise.resolve(null);
    return this.versionRead;
  }

  /**
   * Keeps up to pipelineDepth batches on the wire, each the events right after the previous one, then applies the
   * oldest answer. The cursor moves only on that answer, batch by batch in seq order; when a batch fails, the batches
   * sent after it are abandoned unapplied and go again from the cursor (the server answers `duplicate` for any it
   * already stored).
   */
  private async pushOneBatch(credentials: DeviceIdentity, apiUrl: string, onProgress: (n: number, rejected: number, lastSeq: number) => void): Promise<BatchOutcome> {
    const { db } = this.deps;
    const clock = this.deps.trace?.clock;
    if ((this.cursorRewound || this.cursorWriteFailed) && (await this.settleCursorWrites())) return this.rewind();
    const cursor = this.knownCursor ?? (await getSyncCursor(db));
    if (this.inFlight.length > 0 && this.inFlight[0]!.after !== cursor) this.abandonInFlight();
    await this.fillPipeline(credentials, apiUrl, cursor);
    const head = this.inFlight.shift();
    // Done only once every cursor write is on disk and none found the store restored.
    if (!head) return (await this.settleCursorWrites()) ? this.rewind() : { kind: 'done' };
    const { batch, lastSeq, timing } = head;
    this.awaiting = head;
    const waitFrom = clock?.() ?? 0;
    const result = await head.answer.finally(() => (this.awaiting = null));
    if (timing && clock) timing.waitedMs = clock() - waitFrom;
    if (!result.ok) {
      // A batch sent after this one may already have been told to wait as well: the longest wait wins, even though
      // that batch's answer is not applied.
      const waits = [result, ...this.inFlight.map((entry) => entry.settled)].flatMap(retryAfterOf);
      const retryAfterMs = waits.length > 0 ? Math.max(...waits) : null;
      this.abandonInFlight();
      // What was answered before this batch is written before the round reports the failure.
      await this.settleCursorWrites();
      const error = result.error;
      if (error instanceof UpgradeRequiredError) throw error;
      if (error instanceof SyncHttpError) {
        if (error.status === 401) {
          return { kind: 'stop', state: 'unauthorized', ...said('errors.sync.device_refused', 'The central office no longer accepts this device. Enrol it again.') };
        }
        return { kind: 'retry', state: 'error', message: error.message, text: error.text, retryAfterMs };
      }
      return { kind: 'retry', state: 'offline', ...UNREACHABLE, retryAfterMs };
    }
    const answer = result.answer;
    const bySeq = new Map(answer.results.map((r) => [r.seq, r]));
    for (const event of batch) {
      const r = bySeq.get(event.seq);
      if (!r || r.id !== event.id) {
        this.abandonInFlight();
        await this.settleCursorWrites();
        return { kind: 'retry', state: 'error', ...said('errors.sync.other_events', 'The server answered for different events; will retry.'), retryAfterMs: null };
      }
    }
    const rejectedAt = this.deps.now().toISOString();
    const quarantined: QuarantinedEvent[] = [];
    for (const r of answer.results) {
      if (r.status === 'rejected') {
        const event = batch.find((e) => e.seq === r.seq);
        quarantined.push({ seq: r.seq, id: r.id, type: event?.type ?? 'unknown', code: r.code, message: r.message, rejectedAt });
      }
    }
    // One write for the cursor per batch; rejected events are copied to quarantine in the same transaction.
    const writeFrom = () => clock?.() ?? 0;
    const writeCursor = (from: number) =>
      db
        .transaction('rw', [db.meta, db.quarantine], async () => {
          if (quarantined.length > 0) await db.quarantine.bulkPut(quarantined);
          await db.meta.bulkPut([
            { key: 'syncCursor', value: lastSeq },
            { key: 'lastSyncAt', value: rejectedAt },
            // What a verified central backup holds: the retention purge never touches a record above it.
            ...(answer.backedUpSeq === undefined ? [] : [{ key: 'backedUpSeq' as const, value: answer.backedUpSeq }]),
          ]);
          // A store restored from an older backup: send again what it no longer holds.
          return noteStoreEpoch(db, answer.storeEpoch, answer.highestContiguousSeq);
        })
        .finally(() => {
          if (timing && clock) timing.cursorWriteMs = clock() - from;
        });
    const written = () => {
      if (timing) this.deps.trace?.batch(timing);
      onProgress(batch.length, quarantined.length, lastSeq);
    };
    if (this.pipelineDepth === 1) {
      // Depth 1 keeps its strict order: answer, cursor, then the next batch.
      if (await writeCursor(writeFrom())) return this.rewind();
      this.knownCursor = lastSeq;
      written();
      return { kind: 'more' };
    }
    // With a pipeline, the loop does not wait for this write: it applies the next answer and reads and sends the next
    // batches meanwhile. The writes are chained, so the cursor still moves only forward, over answered batches in seq
    // order; a write that finds the store restored turns the ones after it into nothing, and the next batch sees it.
    // Should the kiosk stop before a write is on disk, its batch is sent again and answered `duplicate`.
    this.knownCursor = lastSeq;
    this.pendingCursorWrites++;
    const link = this.cursorWrites.then(async (rewound) => {
      if (rewound) return true;
      const restored = await writeCursor(writeFrom());
      if (!restored) written();
      return restored;
    });
    this.cursorWrites = link;
    link.then(
      (restored) => {
        this.pendingCursorWrites--;
        if (restored) this.cursorRewound = true;
      },
      () => {
        this.pendingCursorWrites--;
        this.cursorWriteFailed = true;
      },
    );
    await this.fillPipeline(credentials, apiUrl, lastSeq);
    // The writes keep up with the answers: never more of them waiting than batches on the wire.
    if (this.pendingCursorWrites > this.pipelineDepth) await link.catch(() => false);
    // Go round again even after a short batch: an event recorded during this push goes out now, not on the next trigger.
    return { kind: 'more' };
  }

  /** A cursor write moved the cursor back (a restored store): what is on the wire is given up and read again. */
  private rewind(): BatchOutcome {
    this.knownCursor = null;
    this.abandonInFlight();
    return { kind: 'more' };
  }

  /** Reads and sends the batches after the last one on the wire (or after the cursor) until the pipeline is full. */
  private async fillPipeline(credentials: DeviceIdentity, apiUrl: string, cursor: number): Promise<void> {
    const depth = this.pipelineDepth;
    const generation = this.pipelineGeneration;
    while (this.inFlight.length < depth) {
      const last = this.inFlight.at(-1);
      // A short batch was everything there was when it was read: newer events are read after its answer.
      if (last && last.batch.length < this.deps.batchSize) return;
      const after = last?.lastSeq ?? cursor;
      const clock = this.deps.trace?.clock;
      const readFrom = clock?.() ?? 0;
      const batch = await this.readBatch(after);
      if (batch.length === 0) return;
      // What was on the wire was abandoned while this read ran (a lost network): this batch no longer follows on.
      if (generation !== this.pipelineGeneration) return;
      const timing: BatchTiming | null = clock
        ? { events: batch.length, bodyChars: 0, alreadyInFlight: this.inFlight.length, readMs: clock() - readFrom, serialiseMs: 0, headersMs: 0, bodyMs: 0, parseMs: 0, waitedMs: 0, cursorWriteMs: 0 }
        : null;
      const abort = new AbortController();
      const entry: InFlight = {
        after,
        lastSeq: batch[batch.length - 1]!.seq,
        batch,
        abort,
        settled: null,
        timing,
        answer: this.post(credentials, apiUrl, batch, abort.signal, this.reportAfter(batch[batch.length - 1]!.seq), timing).then(
          (answer): PostResult => (entry.settled = { ok: true, answer }),
          (error: unknown): PostResult => (entry.settled = { ok: false, error }),
        ),
      };
      this.inFlight.push(entry);
    }
  }

  /**
   * The events right after `after`, a batch of them, as readOutboxBatch reads them. Seqs are gap-free, so while
   * batches come back full the next one starts at `after + batchSize`: that read is started now, beside this one, so
   * the two overlap their IndexedDB and decryption work. It is used only when a batch did end there; any other read
   * ahead is dropped, and the batch is read from where the last one really ended. A read ahead is what a read made
   * at that moment would have returned, so nothing is skipped or sent out of order, and one that came back short was
   * everything there was then (newer events are read after its answer, as for any short batch).
   */
  private readBatch(after: number): Promise<StoredEvent[]> {
    if (this.readsAheadGeneration !== this.pipelineGeneration) this.dropReadsAhead();
    const { db, batchSize } = this.deps;
    const started = this.readsAhead.get(after);
    for (const key of this.readsAhead.keys()) if (key <= after) this.readsAhead.delete(key);
    const batch = started ?? readOutboxBatch(db, after, batchSize);
    const next = after + batchSize;
    if (!this.readsAhead.has(next)) {
      const ahead = readOutboxBatch(db, next, batchSize);
      // A read ahead that is never used must not surface as an unhandled rejection (the database closed meanwhile).
      ahead.catch(() => {});
      this.readsAhead.set(next, ahead);
    }
    return batch;
  }

  private dropReadsAhead(): void {
    this.readsAhead.clear();
    this.readsAheadGeneration = this.pipelineGeneration;
  }

  private abandonInFlight(): void {
    this.pipelineGeneration++;
    this.dropReadsAhead();
    this.awaiting?.abort.abort();
    for (const entry of this.inFlight) entry.abort.abort();
    this.inFlight = [];
  }

  /**
   * The round's status as it will be once this batch is stored: what it carries no longer counts as pending (when the
   * round was counted up front). The oldest age stays the round's, an overstatement until the next report.
   */
  private reportAfter(lastSeq: number): DeviceStatusReport | null {
    const report = this.roundReport;
    if (!report || !this.roundPlan) return report;
    const { transactions, otherRecords } = this.roundPlan.at(lastSeq);
    const pendingTransactions = Math.max(0, report.pendingTransactions - transactions.done);
    const pendingOtherRecords = Math.max(0, report.pendingOtherRecords - otherRecords.done);
    const oldestPendingAgeSeconds = pendingTransactions + pendingOtherRecords === 0 ? null : report.oldestPendingAgeSeconds;
    return { ...report, pendingTransactions, pendingOtherRecords, oldestPendingAgeSeconds };
  }

  private async post(
    credentials: DeviceIdentity,
    apiUrl: string,
    events: readonly unknown[],
    cancel?: AbortSignal,
    status: DeviceStatusReport | null = null,
    timing: BatchTiming | null = null,
  ): Promise<PushResponse> {
    const clock = this.deps.trace?.clock;
    const serialiseFrom = clock?.() ?? 0;
    const text = JSON.stringify(status ? { events, status } : { events });
    if (timing && clock) {
      timing.serialiseMs = clock() - serialiseFrom;
      timing.bodyChars = text.length;
    }
    const response = await this.request(
      new URL('/v1/sync/push', apiUrl),
      // A Blob, not the string: Chromium hands a string body over as a byte stream, a Blob in one piece. Measured with
      // the bench page's fetch loop (20,000 events, 500 a request): renderer 10.4 -> 6.7 ms and browser 6.3 -> 3.2 ms of
      // CPU per request; bench:sync's kiosk drain went from 0.55-0.61x to 0.76-0.82x of the Node client with this and
      // the outbox read that opens outside Dexie.
      { method: 'POST', headers: { 'Content-Type': 'application/json', ...authHeaders(credentials) }, body: new Blob([text], { type: 'application/json' }) },
      cancel,
      undefined,
      timing,
    );
    const parseFrom = clock?.() ?? 0;
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = apiErrorSchema.safeParse(body);
      const answered = said('errors.office.answered', `the server answered ${response.status}`, { status: response.status });
      const answer = error.success ? { message: error.data.error.message, text: { key: `errors.office.${error.data.error.code}`, params: { status: response.status }, orElse: answered.text } } : answered;
      throw new SyncHttpError(response.status, answer, parseRetryAfter(response.headers.get('Retry-After'), this.deps.now()));
    }
    const parsed = pushResponseSchema.safeParse(body);
    if (timing && clock) timing.parseMs = clock() - parseFrom;
    if (!parsed.success) throw new SyncHttpError(502, said('errors.office.unreadable', 'The server sent an answer this kiosk does not understand.'), null);
    return parsed.data;
  }
}

/** The 426 answer read for its minimum version; one that cannot be read still stops the kiosk, with what it knows. */
function upgradeErrorOf(bytes: ArrayBuffer, kioskVersion: string | null): UpgradeRequiredError {
  let body: unknown = null;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // not JSON: the status alone says it
  }
  const parsed = upgradeRequiredErrorSchema.safeParse(body);
  if (parsed.success) return new UpgradeRequiredError(parsed.data.error.message, { minVersion: parsed.data.error.minVersion, kioskVersion: parsed.data.error.kioskVersion });
  return new UpgradeRequiredError('The office needs a newer version of this kiosk app.', { minVersion: 'unknown', kioskVersion });
}
