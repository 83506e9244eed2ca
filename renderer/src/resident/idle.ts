import { useCallback, useEffect, useRef, useState } from 'react';

/** What counts as someone being there: any pointer, key, touch, wheel or typed input. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'input'] as const;
const TICK_MS = 250;

export interface IdleState {
  /** Seconds left before the reset while the warning shows; null when it does not. */
  secondsLeft: number | null;
  keepGoing: () => void;
}

/**
 * The privacy timer: after `idleMs` without activity a warning shows for `warningMs`, counting down, then `onTimeout`.
 * Activity restarts the idle time; once the warning shows only `keepGoing` (the button, or Escape) cancels it, so a
 * passer-by brushing the screen does not keep someone else's data up.
 */
export function useIdleTimer(options: { enabled: boolean; idleMs: number; warningMs: number; onTimeout: () => void }): IdleState {
  const { enabled, idleMs, warningMs } = options;
  const lastActivity = useRef(Date.now());
  const deadline = useRef<number | null>(null);
  const onTimeout = useRef(options.onTimeout);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    onTimeout.current = options.onTimeout;
  }, [options.onTimeout]);

  useEffect(() => {
    const bump = () => {
      if (deadline.current === null) lastActivity.current = Date.now();
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, bump, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, bump, { capture: true });
    };
  }, []);

  useEffect(() => {
    lastActivity.current = Date.now();
    deadline.current = null;
    setSecondsLeft(null);
    if (!enabled) return;
    const tick = () => {
      const now = Date.now();
      if (deadline.current === null) {
        if (now - lastActivity.current < idleMs) return;
        deadline.current = now + warningMs;
      }
      const left = deadline.current - now;
      if (left <= 0) {
        deadline.current = null;
        setSecondsLeft(null);
        onTimeout.current();
        return;
      }
      setSecondsLeft(Math.ceil(left / 1000));
    };
    const timer = window.setInterval(tick, TICK_MS);
    return () => window.clearInterval(timer);
  }, [enabled, idleMs, warningMs]);

  const keepGoing = useCallback(() => {
    deadline.current = null;
    lastActivity.current = Date.now();
    setSecondsLeft(null);
  }, []);

  return { secondsLeft, keepGoing };
}
