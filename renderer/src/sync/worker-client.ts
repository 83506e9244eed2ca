import type { KioskConfig } from '../../../shared';
import type { BatchTiming, RetryAnswer, SyncHandle, SyncStatus, UpgradeNeeded } from './engine';
import { initialSyncStatus } from './initial-status';
import type { EngineTuning } from './kiosk-engine';
import { isStaffText, type StaffText } from '../error-text';
import { runCommand, type FromWorker, type HostCall, type HostCalls, type SyncCommand, type ToWorker } from './worker-protocol';

/** A command the sync worker could not carry out: its English message, and the staff catalogue's words when it sent them. */
class CommandFailed extends Error {
  readonly text?: StaffText;

  constructor(message: string, text: unknown) {
    super(message);
    if (isStaffText(text)) this.text = text;
  }
}

/** The worker as the client uses it (a Worker; a fake in the tests). */
export interface SyncWorkerPort {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface WorkerSyncOptions {
  /** The kiosk's Dexie database name: the worker opens its own connection to it. */
  dbName: string;
  config: KioskConfig;
  createWorker: () => SyncWorkerPort;
  /** What the worker asks the page for. */
  answers: { [K in HostCall]: () => Promise<HostCalls[K]> };
  onStatus: (status: SyncStatus) => void;
  onUpgradeRequired: (needed: UpgradeNeeded) => void;
  /** The in-page engine, built only if the worker cannot load (no module workers, a blocked script). */
  fallback: () => SyncHandle;
  /** The page's clock (pinned in the tests), sent to the worker with every command and once a second. */
  now?: () => number;
  /** The benchmark's settings and its per-batch timing sink. */
  tuning?: Partial<EngineTuning>;
  deviceStatus?: boolean;
  onBatch?: (timing: BatchTiming) => void;
}

interface PendingCommand {
  command: SyncCommand;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const CLOCK_SYNC_MS = 1000;

/**
 * The page's SyncHandle for the engine in the sync worker: commands go over postMessage, the worker's status comes
 * back into `onStatus`, and the worker's calls for the host's enrolment, version and data key are answered here. If
 * the worker fails to load, the in-page engine takes over and any command still unanswered runs there.
 */
export class WorkerSync implements SyncHandle {
  private readonly worker: SyncWorkerPort;
  private status: SyncStatus = initialSyncStatus();
  private nextId = 1;
  private readonly pending = new Map<number, PendingCommand>();
  private ready = false;
  private fallen: SyncHandle | null = null;
  private stopped = false;
  private readonly clock: ReturnType<typeof setInterval>;
  private readonly now: () => number;
  private markOpened: () => void = () => {};
  /** Resolves once the worker's database connection is open (or the engine fell back to the page). */
  readonly opened = new Promise<void>((resolve) => (this.markOpened = resolve));

  constructor(private readonly options: WorkerSyncOptions) {
    this.now = options.now ?? (() => Date.now());
    this.worker = options.createWorker();
    this.worker.addEventListener('message', (event) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => {
      // An error before the worker's script ran is a worker that could not load; later ones are the engine's own
      // (it reports them in its status) and are left to the console.
      if (this.ready || this.fallen) return;
      event.preventDefault?.();
      this.fallBack();
    });
    this.worker.postMessage({
      type: 'init',
      dbName: options.dbName,
      config: options.config,
      pageNow: this.now(),
      ...(options.onBatch ? { trace: true } : {}),
      ...(options.tuning ? { tuning: options.tuning } : {}),
      ...(options.deviceStatus === false ? { deviceStatus: false } : {}),
    });
    this.clock = setInterval(() => this.worker.postMessage({ type: 'clock', pageNow: this.now() }), CLOCK_SYNC_MS);
  }

  /** True while the engine runs in the worker (false once it fell back to the page). */
  get inWorker(): boolean {
    return this.fallen === null;
  }

  getStatus(): SyncStatus {
    return this.fallen ? this.fallen.getStatus() : this.status;
  }

  start(): void {
    this.stopped = false;
    void this.send({ command: 'start' });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.clock);
    if (this.fallen) return this.fallen.stop();
    // The engine stops its timers; then the worker goes, its Web Lock and database connection with it. A push on the
    // wire is abandoned unapplied: its events go again from the cursor next time (answered `duplicate`).
    void this.send({ command: 'stop' }).finally(() => this.worker.terminate());
  }

  trigger(): Promise<void> {
    return this.send({ command: 'trigger' }).then(() => undefined);
  }

  retryRejected(seq: number): Promise<RetryAnswer> {
    return this.send({ command: 'retryRejected', seq }) as Promise<RetryAnswer>;
  }

  networkLost(): void {
    void this.send({ command: 'networkLost' });
  }

  networkBack(): void {
    void this.send({ command: 'networkBack' });
  }

  private send(command: SyncCommand): Promise<unknown> {
    if (this.fallen) return runCommand(this.fallen, command);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { command, resolve, reject });
      this.worker.postMessage({ type: 'command', id, pageNow: this.now(), ...command });
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return;
      case 'opened':
        this.markOpened();
        return;
      case 'status':
        this.status = message.status;
        this.options.onStatus(message.status);
        return;
      case 'done': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!pending) return;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new CommandFailed(message.message, message.text));
        return;
      }
      case 'call':
        void this.answer(message.id, message.call);
        return;
      case 'upgradeRequired':
        this.options.onUpgradeRequired(message.needed);
        return;
      case 'batch':
        this.options.onBatch?.(message.timing);
        return;
    }
  }

  private async answer(id: number, call: HostCall): Promise<void> {
    try {
      const value: unknown = await this.options.answers[call]();
      this.worker.postMessage({ type: 'reply', id, ok: true, value });
    } catch (error) {
      this.worker.postMessage({ type: 'reply', id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The worker could not load: the engine runs in the page, and what was asked of the worker is done there. */
  private fallBack(): void {
    this.worker.terminate();
    const engine = this.options.fallback();
    this.fallen = engine;
    this.markOpened();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { command, resolve, reject } of waiting) {
      if (this.stopped && command.command !== 'stop') resolve(undefined);
      else runCommand(engine, command).then(resolve, reject);
    }
  }
}
