import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalHelpRequest } from '../../renderer/src/db/db';
import { createChime, HelpAlarm, msUntilNextFlag, overdueHelpCalls, type ChimeAudio } from '../../renderer/src/staff/help-alert';

const START = Date.parse('2026-12-01T15:00:00.000Z');
const call = (id: string, requestedAt: number, over: Partial<LocalHelpRequest> = {}): LocalHelpRequest => ({
  id,
  stopId: null,
  language: 'es',
  requestedAt: new Date(requestedAt).toISOString(),
  answeredAt: null,
  answeredBy: null,
  cancelledAt: null,
  ...over,
});

/** A Web Audio stand-in that writes down every tone started. */
function fakeAudio(state = 'running') {
  const tones: { frequency: number; at: number }[] = [];
  const audio: ChimeAudio & { resumed: number } = {
    currentTime: 10,
    state,
    destination: {},
    resumed: 0,
    resume: async () => {
      audio.resumed++;
    },
    createOscillator: () => {
      let frequency = 0;
      return {
        type: 'sine',
        frequency: { setValueAtTime: (v: number) => (frequency = v) },
        connect: () => undefined,
        start: (at: number) => tones.push({ frequency, at }),
        stop: () => undefined,
      };
    },
    createGain: () => ({ gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: () => undefined }),
  };
  return { audio, tones };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the chime', () => {
  it('plays two notes through Web Audio, and wakes a suspended context', () => {
    const { audio, tones } = fakeAudio('suspended');
    expect(createChime(() => audio).play()).toBe(true);
    expect(tones.map((t) => Math.round(t.frequency))).toEqual([659, 523]);
    expect(tones[1]!.at).toBeGreaterThan(tones[0]!.at);
    expect(audio.resumed).toBe(1);
  });
  it('says so when the window has no audio, and does not throw', () => {
    expect(createChime(() => null).play()).toBe(false);
    expect(
      createChime(() => {
        throw new Error('no audio device');
      }).play(),
    ).toBe(false);
  });
});

describe('the alarm rings until every call is answered', () => {
  const timers = { setInterval: (run: () => void, ms: number) => setInterval(run, ms), clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout) };

  it('chimes at once for a new call, repeats, and stops when answered', () => {
    const chime = { play: vi.fn(() => true) };
    const alarm = new HelpAlarm(chime, 20_000, timers);
    alarm.update(['a']);
    expect(chime.play).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(40_000);
    expect(chime.play).toHaveBeenCalledTimes(3);
    alarm.update([]);
    vi.advanceTimersByTime(60_000);
    expect(chime.play).toHaveBeenCalledTimes(3);
  });

  it('a second call chimes at once; the same call seen again does not', () => {
    const chime = { play: vi.fn(() => true) };
    const alarm = new HelpAlarm(chime, 20_000, timers);
    alarm.update(['a']);
    alarm.update(['a']);
    expect(chime.play).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    alarm.update(['a', 'b']);
    expect(chime.play).toHaveBeenCalledTimes(2);
    alarm.stop();
  });
});

describe('a call unanswered for the configured time is flagged to the supervisor', () => {
  const FLAG_MS = 2 * 60_000;

  it('flags at the configured time, not before, and not answered or cancelled calls', () => {
    const calls = [call('a', START), call('b', START - 10 * 60_000, { answeredAt: new Date(START).toISOString() }), call('c', START - 10 * 60_000, { cancelledAt: new Date(START).toISOString() })];
    vi.advanceTimersByTime(FLAG_MS - 1);
    expect(overdueHelpCalls(calls, Date.now(), FLAG_MS)).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(overdueHelpCalls(calls, Date.now(), FLAG_MS).map((h) => h.id)).toEqual(['a']);
  });

  it('says when to look again: the next open call to become overdue', () => {
    const calls = [call('a', START - 30_000), call('b', START - 90_000), call('c', START - 10 * 60_000)];
    expect(msUntilNextFlag(calls, START, FLAG_MS)).toBe(30_000);
    expect(msUntilNextFlag([call('c', START - 10 * 60_000)], START, FLAG_MS)).toBeNull();
    expect(msUntilNextFlag([], START, FLAG_MS)).toBeNull();
  });
});
