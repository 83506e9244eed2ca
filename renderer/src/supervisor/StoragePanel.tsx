import { useEffect, useId, useState } from 'react';
import { formatCityDateTime, MIN_EXPORT_PASSPHRASE_LENGTH } from '../../../shared';
import { useKiosk } from '../context';
import { DomainError } from '../db/actions';
import { useLastPurge, usePendingCount } from '../db/hooks';
import { exportUnsentRecords } from '../db/records-export';
import { useCityTimeZone } from '../hooks';
import { formatBytes, readStorageHealth, type StorageHealth } from '../db/storage';

/** How full this van's storage is, whether the browser keeps it, and the last resort of carrying unsent records. */
export function StoragePanel(props: { storage?: StorageManager | undefined }) {
  const manager = props.storage ?? navigator.storage;
  const [health, setHealth] = useState<StorageHealth | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const read = () => void readStorageHealth(manager).then((h) => live && setHealth(h), () => live && setHealth(null));
    read();
    const timer = window.setInterval(read, 30_000);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [manager]);

  return (
    <section className="card" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage on this van</h2>
      {health === null && <p>This browser does not say how much storage is used.</p>}
      {health && (
        <>
          <p data-testid="storage-use" className={health.level === 'ok' ? '' : 'pill warn'}>
            {formatBytes(health.usageBytes)} used of {formatBytes(health.quotaBytes)} ({health.quotaBytes > 0 ? Math.round((health.usageBytes / health.quotaBytes) * 100) : 0}%).
            {health.level === 'warn' && ' Storage is filling up: sync as soon as the van is online.'}
            {health.level === 'critical' && ' Storage is nearly full: new records may fail. Sync now, or carry the unsent records to the office.'}
          </p>
          <p data-testid="storage-persisted">
            {health.persisted
              ? 'The browser keeps this data: it will not delete it to make room.'
              : 'The browser has not promised to keep this data under storage pressure. Keep the van syncing.'}
          </p>
        </>
      )}
      <Retention />
      <CarryRecords />
    </section>
  );
}

/** How long personal details stay on the van, and the last time the retention purge removed some. */
function Retention() {
  const { config } = useKiosk();
  const timeZone = useCityTimeZone();
  const last = useLastPurge();
  if (last === undefined) return null;
  const days = `${config.retentionDays} ${config.retentionDays === 1 ? 'day' : 'days'}`;
  return (
    <p data-testid="retention">
      Personal details are removed {days} after a day is closed, once the office has them and a backup holds them;{' '}
      {last ? `last removal: ${formatCityDateTime(last.at, timeZone)}, ${last.records} ${last.records === 1 ? 'record' : 'records'}.` : 'no removal yet.'}
    </p>
  );
}

/** Exports every unsent record to a file locked with a passphrase, for the office to import when the van cannot sync. */
function CarryRecords() {
  const { db, config, credentials } = useKiosk();
  const pending = usePendingCount();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const passId = useId();
  const againId = useId();

  const exportFile = async () => {
    setMessage(null);
    if (passphrase.length < MIN_EXPORT_PASSPHRASE_LENGTH) return setMessage({ tone: 'error', text: `Choose a passphrase of at least ${MIN_EXPORT_PASSPHRASE_LENGTH} characters.` });
    if (passphrase !== again) return setMessage({ tone: 'error', text: 'The two passphrases differ.' });
    setBusy(true);
    try {
      const now = new Date();
      const file = await exportUnsentRecords(db, { deviceId: credentials.deviceId, vanName: config.vanName, passphrase, now });
      const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `unsent-records-${credentials.deviceId}-${file.fromSeq}-${file.toSeq}.json`;
      a.click();
      URL.revokeObjectURL(url);
      setPassphrase('');
      setAgain('');
      setMessage({
        tone: 'ok',
        text: `Saved ${file.count} unsent ${file.count === 1 ? 'record' : 'records'} to a file. Give the file and, separately, the passphrase to the office. The records stay on this van and still sync: nothing is counted twice.`,
      });
    } catch (error) {
      setMessage({ tone: 'error', text: error instanceof DomainError ? error.message : `The file could not be made: ${String(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="checklist-group">
      <h3>Carry unsent records to the office</h3>
      <p>
        Only when this van cannot sync for a long time: {pending ?? '…'} {pending === 1 ? 'record has' : 'records have'} not reached the office. The file is locked
        with a passphrase you choose.
      </p>
      <div className="field">
        <label htmlFor={passId}>Passphrase (at least {MIN_EXPORT_PASSPHRASE_LENGTH} characters)</label>
        <input id={passId} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={againId}>The same passphrase again</label>
        <input id={againId} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      <button type="button" disabled={busy || !pending} onClick={() => void exportFile()}>
        Save unsent records to a file
      </button>
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'field-error' : 'pill ok'} data-testid="carry-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
