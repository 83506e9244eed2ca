import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restoreSession, SESSION_MAX_MS } from '../../renderer/src/session';
import { IdleLock } from '../../renderer/src/staff/idle-lock';

const START = Date.parse('2026-12-01T15:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

function idleLock(idleMs: number, lastActivity?: number) {
  const onIdle = vi.fn();
  const lock = new IdleLock(
    { idleMs, now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout), onIdle },
    lastActivity,
  );
  return { lock, onIdle };
}

describe('the staff window locks after the configured idle time', () => {
  it('locks exactly when the idle time has passed with no activity', () => {
    const { lock, onIdle } = idleLock(5 * 60_000);
    lock.start();
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('activity moves the deadline: the lock comes idleMs after the last activity', () => {
    const { lock, onIdle } = idleLock(60_000);
    lock.start();
    vi.advanceTimersByTime(50_000);
    lock.poke();
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('a reload resumes the count from the last activity: idle long enough before it, it locks at once', () => {
    const { lock, onIdle } = idleLock(60_000, START - 61_000);
    lock.start();
    vi.advanceTimersByTime(0);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('a stopped lock (signed out, or already locked) never fires', () => {
    const { lock, onIdle } = idleLock(60_000);
    lock.start();
    lock.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('a staff session survives a reload, safely', () => {
  const ana = { id: 'clerk-ana', name: 'Ana Clerk', role: 'clerk' as const };
  const saved = (over: Record<string, unknown> = {}) => ({ staff: ana, locked: false, signedInAt: START - 3_600_000, lastActiveAt: START - 1000, ...over });

  it('a fresh session comes back as it was, locked or not', () => {
    expect(restoreSession(saved(), START)).toEqual(saved());
    expect(restoreSession(saved({ locked: true }), START).locked).toBe(true);
  });

  it.each([
    ['expired after a long shift', saved({ signedInAt: START - SESSION_MAX_MS - 1 })],
    ['signed in in the future', saved({ signedInAt: START + 3_600_000 })],
    ['a malformed staff id', saved({ staff: { ...ana, id: 'x y' } })],
    ['an unknown role', saved({ staff: { ...ana, role: 'admin' } })],
    ['no lock flag', { staff: ana, signedInAt: START, lastActiveAt: START }],
    ['not an object', 'clerk-ana'],
    ['nothing', null],
  ])('%s signs out', (_why, stored) => {
    expect(restoreSession(stored, START)).toEqual({ staff: null, locked: false, signedInAt: 0, lastActiveAt: 0 });
  });

  it('keeps nothing but who, the lock and two times: never a PIN', () => {
    const restored = restoreSession({ ...saved(), pin: '246810' }, START);
    expect(Object.keys(restored).sort()).toEqual(['lastActiveAt', 'locked', 'signedInAt', 'staff']);
    expect(JSON.stringify(restored)).not.toContain('246810');
  });
});
