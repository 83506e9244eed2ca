import type { App, PowerSaveBlocker } from 'electron';

/**
 * One kiosk per machine: a second launch (a double-tap on the icon, an autostart racing a manual start) quits at once
 * and brings the running kiosk's window forward instead. Returns false when this process must quit.
 */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focusExisting());
  return true;
}

/** Keeps the display awake for as long as the kiosk runs: a resident touchscreen must never go dark. */
export function keepDisplayAwake(blocker: Pick<PowerSaveBlocker, 'start' | 'isStarted' | 'stop'>): { id: number; release: () => void } {
  const id = blocker.start('prevent-display-sleep');
  return {
    id,
    release: () => {
      if (blocker.isStarted(id)) blocker.stop(id);
    },
  };
}
