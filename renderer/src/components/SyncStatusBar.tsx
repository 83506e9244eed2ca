import { useLiveQuery } from 'dexie-react-hooks';
import { countPending } from '../db/db';
import { useKiosk } from '../context';
import { useSyncStatus } from '../sync/status-store';

function formatTime(iso: string | undefined): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** Always visible: is the central office reachable, how much is waiting, when did the last sync succeed. */
export function SyncStatusBar() {
  const { db, sync } = useKiosk();
  const status = useSyncStatus();
  const pending = useLiveQuery(() => countPending(db), [db]);
  const lastSync = useLiveQuery(() => db.meta.get('lastSyncAt'), [db]);
  const connection = status.online === null ? 'Checking…' : status.online ? 'Online' : 'Offline';
  return (
    <section className="sync-bar" aria-label="Sync status">
      <span className={`pill ${status.online ? 'ok' : status.online === false ? 'warn' : ''}`} data-testid="connection">
        {connection}
      </span>
      <span data-testid="pending-count" aria-live="polite">
        Pending: <strong>{pending ?? '…'}</strong>
      </span>
      <span>
        Last sync: <span data-testid="last-sync">{formatTime(typeof lastSync?.value === 'string' ? lastSync.value : undefined)}</span>
      </span>
      {status.state === 'syncing' && status.progress && (
        <span role="status">
          Syncing {status.progress.done}/{status.progress.total}
        </span>
      )}
      {status.message && <span className="sync-message">{status.message}</span>}
      <button type="button" onClick={() => void sync.trigger()}>
        Sync now
      </button>
    </section>
  );
}
