import { useLiveQuery } from 'dexie-react-hooks';
import { countPending, oldestPending } from '../db/db';
import { useKiosk } from '../context';
import { useSyncStatus } from '../sync/status-store';
import { useUi } from '../ui-store';

function formatTime(iso: string | undefined): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** Always visible: is the central office reachable, how much is waiting and for how long, when did the last sync succeed. */
export function SyncStatusBar() {
  const { db, sync } = useKiosk();
  const status = useSyncStatus();
  const setReenrolOpen = useUi((s) => s.setReenrolOpen);
  const pending = useLiveQuery(() => countPending(db), [db]);
  const oldest = useLiveQuery(() => oldestPending(db), [db]);
  const rejected = useLiveQuery(() => db.quarantine.count(), [db]);
  const lastSync = useLiveQuery(() => db.meta.get('lastSyncAt'), [db]);
  const connection = status.state === 'unauthorized' ? 'Not enrolled' : status.online === null ? 'Checking…' : status.online ? 'Online' : 'Offline';
  return (
    <section className="sync-bar" aria-label="Sync status">
      <span className={`pill ${status.online && status.state !== 'unauthorized' ? 'ok' : status.online === null ? '' : 'warn'}`} data-testid="connection">
        {connection}
      </span>
      <span data-testid="pending-count" aria-live="polite">
        Pending: <strong>{pending ?? '…'}</strong>
        {oldest && pending ? <span className="muted"> (oldest {formatAge(Date.now() - Date.parse(oldest.occurredAt))})</span> : null}
      </span>
      {rejected ? (
        <span className="pill warn" data-testid="rejected-count">
          Rejected: {rejected}
        </span>
      ) : null}
      <span>
        Last sync: <span data-testid="last-sync">{formatTime(typeof lastSync?.value === 'string' ? lastSync.value : undefined)}</span>
      </span>
      {status.state === 'syncing' && status.progress && (
        <span role="status" className="progress">
          <progress max={status.progress.total} value={status.progress.done} aria-label="Sync progress" /> {status.progress.done}/{status.progress.total}
        </span>
      )}
      {status.message && <span className="sync-message">{status.message}</span>}
      {status.state === 'unauthorized' ? (
        <button type="button" onClick={() => setReenrolOpen(true)}>
          Enrol again
        </button>
      ) : (
        <button type="button" onClick={() => void sync.trigger()}>
          Sync now
        </button>
      )}
    </section>
  );
}
