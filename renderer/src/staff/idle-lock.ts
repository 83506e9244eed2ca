/** What counts as a clerk using the staff window. */
export const STAFF_ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'input', 'touchstart'] as const;

export interface IdleLockDeps {
  idleMs: number;
  now: () => number;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  onIdle: () => void;
}

/**
 * Calls `onIdle` once `idleMs` pass with no activity. Activity only moves a timestamp (it comes many times a second);
 * the single timer, when it fires early, waits again for the rest.
 */
export class IdleLock {
  private lastActivity: number;
  private timer: unknown = null;
  private fired = false;

  constructor(
    private readonly deps: IdleLockDeps,
    lastActivity = deps.now(),
  ) {
    this.lastActivity = lastActivity;
  }

  start(): void {
    this.stop();
    this.fired = false;
    this.arm(this.lastActivity + this.deps.idleMs - this.deps.now());
  }

  /** Someone used the window. */
  poke(): void {
    if (!this.fired) this.lastActivity = this.deps.now();
  }

  stop(): void {
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.timer = this.deps.setTimeout(() => this.check(), Math.max(0, ms));
  }

  private check(): void {
    this.timer = null;
    const left = this.lastActivity + this.deps.idleMs - this.deps.now();
    if (left > 0) return this.arm(left);
    this.fired = true;
    this.deps.onIdle();
  }
}
