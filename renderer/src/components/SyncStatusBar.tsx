import { useKiosk } from '../context';
import { useCityTimeZone, useSyncView } from '../sync/hooks';
import { formatClock } from '../sync/status-model';
import { useUi } from '../ui-store';
import { askHostForUpdate } from '../sync/update-check';

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * Always visible: one plain state in the clerk's units (Up to date · Sending N of M · Waiting for the office · Offline —
 * N transactions saved on this van · refused records · Enrol again), the bar only while sending, and when the office
 * last answered.
 */
export function SyncStatusBar() {
  const { sync, host } = useKiosk();
  const setReenrolOpen = useUi((s) => s.setReenrolOpen);
  const { view, picture, now } = useSyncView();
  const timeZone = useCityTimeZone();
  const oldest = picture?.pending.oldestPendingAt;
  return (
    <section className="sync-bar" aria-label="Sync status" data-state={view.kind}>
      {/* The chip is the live region: it changes with the state, not with every second counted or record sent. */}
      <span className={`pill ${view.tone}`} data-testid="sync-chip" role="status">
        {view.chip}
      </span>
      <span data-testid="sync-state">
        <strong>{view.headline}</strong>
        {view.detail ? <span className="sync-detail"> {view.detail}</span> : null}
      </span>
      {view.progress ? (
        <progress max={view.progress.total} value={view.progress.done} aria-label="Sending progress" data-testid="sync-progress" />
      ) : null}
      {oldest && view.kind !== 'up-to-date' ? <span className="muted">Oldest unsent: {formatAge(now - Date.parse(oldest))}</span> : null}
      <span>
        Last answer from the office:{' '}
        <span data-testid="last-sync">{picture?.lastAnsweredAt ? formatClock(picture.lastAnsweredAt, now, timeZone) : 'never'}</span>
      </span>
      {view.action === 'enrol-again' ? (
        <button type="button" onClick={() => setReenrolOpen(true)}>
          Enrol again
        </button>
      ) : view.action === 'check-update' ? (
        <button type="button" onClick={() => void askHostForUpdate(host)}>
          Check for the update
        </button>
      ) : view.action === 'reload' ? (
        <button type="button" onClick={() => window.location.reload()}>
          Reload the kiosk
        </button>
      ) : (
        <button type="button" onClick={() => void sync.trigger()}>
          Sync now
        </button>
      )}
    </section>
  );
}
