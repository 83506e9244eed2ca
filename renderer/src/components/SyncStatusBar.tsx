import { useKiosk } from '../context';
import { useCityTimeZone, useSyncView } from '../sync/hooks';
import { formatClock } from '../sync/status-model';
import { useUi } from '../ui-store';
import { askHostForUpdate } from '../sync/update-check';
import { staffT, useStaffT } from '../i18n/staff';

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return staffT('syncBar.age.underAMinute');
  if (minutes < 60) return staffT('syncBar.age.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return staffT('syncBar.age.hours', { hours, minutes: minutes % 60 });
  return staffT('syncBar.age.days', { days: Math.floor(hours / 24) });
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
  const t = useStaffT();
  return (
    <section className="sync-bar" aria-label={t('syncBar.label')} data-state={view.kind}>
      {/* The chip is the live region: it changes with the state, not with every second counted or record sent. */}
      <span className={`pill ${view.tone}`} data-testid="sync-chip" role="status">
        {view.chip}
      </span>
      <span data-testid="sync-state">
        <strong>{view.headline}</strong>
        {view.detail ? <span className="sync-detail"> {view.detail}</span> : null}
      </span>
      {view.progress ? (
        <progress max={view.progress.total} value={view.progress.done} aria-label={t('syncBar.progress')} data-testid="sync-progress" />
      ) : null}
      {oldest && view.kind !== 'up-to-date' ? <span className="muted">{t('syncBar.oldestUnsent', { age: formatAge(now - Date.parse(oldest)) })}</span> : null}
      <span>
        {t('syncBar.lastAnswer')}{' '}
        <span data-testid="last-sync">{picture?.lastAnsweredAt ? formatClock(picture.lastAnsweredAt, now, timeZone) : t('syncBar.never')}</span>
      </span>
      {/* Each action its own button (a key apiece): when the action changes, the old button goes and a new one comes, so a
          tap aimed at "Enrol again" can never land on the "Sync now" that took its place in the same element. */}
      {view.action === 'enrol-again' ? (
        <button type="button" key="enrol-again" onClick={() => setReenrolOpen(true)}>
          {t('syncBar.enrolAgain')}
        </button>
      ) : view.action === 'check-update' ? (
        <button type="button" key="check-update" onClick={() => void askHostForUpdate(host)}>
          {t('syncBar.checkUpdate')}
        </button>
      ) : view.action === 'reload' ? (
        <button type="button" key="reload" onClick={() => window.location.reload()}>
          {t('syncBar.reload')}
        </button>
      ) : (
        <button type="button" key="sync-now" onClick={() => void sync.trigger()}>
          {t('syncBar.syncNow')}
        </button>
      )}
    </section>
  );
}
