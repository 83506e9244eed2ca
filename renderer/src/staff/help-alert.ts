import type { LocalHelpRequest } from '../db/db';

/** The part of Web Audio the chime uses, so a test can hand in its own and hear what was played. */
export interface ChimeAudio {
  readonly currentTime: number;
  readonly state: string;
  readonly destination: unknown;
  resume(): Promise<void>;
  createOscillator(): { type: string; frequency: { setValueAtTime(value: number, at: number): unknown }; connect(node: unknown): unknown; start(at: number): void; stop(at: number): void };
  createGain(): { gain: { setValueAtTime(value: number, at: number): unknown; exponentialRampToValueAtTime(value: number, at: number): unknown }; connect(node: unknown): unknown };
}

export interface Chime {
  /** Plays the two-note chime; false when this window has no audio. */
  play(): boolean;
}

/** A soft two-note chime (E5 then C5) made with Web Audio: no sound file to ship, nothing to load. */
export function createChime(makeAudio: () => ChimeAudio | null): Chime {
  let audio: ChimeAudio | null | undefined;
  return {
    play() {
      if (audio === undefined) {
        try {
          audio = makeAudio();
        } catch {
          audio = null;
        }
      }
      if (!audio) return false;
      // A window that has not been clicked yet starts suspended; the staff window has been (the sign-in).
      if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
      const start = audio.currentTime + 0.01;
      for (const [i, frequency] of [659.25, 523.25].entries()) {
        const at = start + i * 0.35;
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.type = 'sine';
        tone.frequency.setValueAtTime(frequency, at);
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
        tone.connect(gain);
        gain.connect(audio.destination);
        tone.start(at);
        tone.stop(at + 0.65);
      }
      return true;
    },
  };
}

/** The browser's own Web Audio, when the window has it. */
export const browserChime = createChime(() => (typeof AudioContext === 'undefined' ? null : (new AudioContext() as unknown as ChimeAudio)));

export interface AlarmTimers {
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

/**
 * Rings while any help call is open: at once when a new call arrives, then again every `repeatMs` until every call is
 * answered or cancelled.
 */
export class HelpAlarm {
  private ringing: unknown = null;
  private known = new Set<string>();

  constructor(
    private readonly chime: Chime,
    private readonly repeatMs: number,
    private readonly timers: AlarmTimers,
  ) {}

  /** Tells the alarm which calls are open now. */
  update(openIds: readonly string[]): void {
    const fresh = openIds.some((id) => !this.known.has(id));
    this.known = new Set(openIds);
    if (openIds.length === 0) {
      this.stop();
      return;
    }
    if (fresh) this.chime.play();
    if (this.ringing === null) this.ringing = this.timers.setInterval(() => this.chime.play(), this.repeatMs);
  }

  stop(): void {
    if (this.ringing !== null) this.timers.clearInterval(this.ringing);
    this.ringing = null;
    this.known.clear();
  }
}

export const isOpenHelpCall = (h: LocalHelpRequest) => h.answeredAt === null && !h.cancelledAt;

/** Open calls that have waited `flagMs` or more: these are flagged to the supervisor too. */
export function overdueHelpCalls(requests: readonly LocalHelpRequest[], nowMs: number, flagMs: number): LocalHelpRequest[] {
  return requests.filter((h) => isOpenHelpCall(h) && nowMs - Date.parse(h.requestedAt) >= flagMs);
}

/** How long until the next open call becomes overdue; null when none will. */
export function msUntilNextFlag(requests: readonly LocalHelpRequest[], nowMs: number, flagMs: number): number | null {
  const waits = requests
    .filter((h) => isOpenHelpCall(h))
    .map((h) => Date.parse(h.requestedAt) + flagMs - nowMs)
    .filter((ms) => ms > 0);
  return waits.length === 0 ? null : Math.min(...waits);
}
