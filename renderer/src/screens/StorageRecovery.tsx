import { useId, useState } from 'react';
import { MIN_EXPORT_PASSPHRASE_LENGTH, type KioskConfig, type KioskHost } from '../../../shared';
import { DomainError } from '../db/actions/errors';
import { sealRecords } from '../db/records-export';
import { RecordSealer } from '../db/at-rest';
import { dataKeyFor } from '../host/data-key';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/** Reads the events store as it is, without the app's schema: whatever a damaged database still gives. */
export async function readEventsAsStored(name: string, factory: IDBFactory = indexedDB): Promise<{ seq: number }[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('the database could not be opened'));
    // Never create or change anything here: a database that is not there stays absent.
    open.onupgradeneeded = () => open.transaction?.abort();
  });
  try {
    if (!db.objectStoreNames.contains('events')) return [];
    return await new Promise<{ seq: number }[]>((resolve, reject) => {
      const read = db.transaction('events', 'readonly').objectStore('events').getAll();
      read.onsuccess = () => resolve((read.result as { seq: number }[]).filter((e) => typeof e?.seq === 'number').sort((a, b) => a.seq - b.seq));
      read.onerror = () => reject(read.error ?? new Error('the events could not be read'));
    });
  } finally {
    db.close();
  }
}

/**
 * The kiosk's database would not open (a damaged backing store, say). The app does not start empty and deletes
 * nothing: it says so, keeps the stored copy for recovery, and offers to save whatever records can still be read to a
 * file locked with a passphrase, which the office imports like a push (nothing is counted twice).
 */
export function StorageRecovery(props: { error: unknown; host: KioskHost; config: KioskConfig; dbName: string }) {
  const [passphrase, setPassphrase] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const passId = useId();
  const t = useStaffT();
  const reason = props.error instanceof Error ? `${props.error.name}: ${props.error.message}` : String(props.error);

  const save = async () => {
    setMessage(null);
    setBusy(true);
    try {
      const credentials = await props.host.getCredentials();
      if (!credentials) throw new DomainError('not_enrolled', 'This kiosk has no device identity, so its records cannot be told apart at the office.', { key: 'recovery.notEnrolled' });
      // Stored with their personal fields sealed: opened with the device key, so the office gets them as a push would.
      const events = await new RecordSealer(() => dataKeyFor(props.host)).openAll('events', await readEventsAsStored(props.dbName));
      if (events.length === 0) throw new DomainError('nothing_readable', 'No record could be read from the stored copy. Keep this laptop as it is and call the office.', { key: 'recovery.nothingReadable' });
      const file = await sealRecords({ deviceId: credentials.deviceId, vanName: props.config.vanName, events, passphrase, now: new Date() });
      const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `recovered-records-${credentials.deviceId}.json`;
      a.click();
      URL.revokeObjectURL(url);
      setMessage({ tone: 'ok', text: t('recovery.saved', { count: file.count, from: file.fromSeq, to: file.toSeq }) });
    } catch (error) {
      setMessage({ tone: 'error', text: staffErrorText(t, error, t('recovery.failed', { reason: error instanceof Error ? error.message : String(error) })) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="boot-error card" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('recovery.title')}</h1>
      <p role="alert" data-testid="recovery-reason">
        {t('recovery.reason', { reason })}
      </p>
      <p>{t('recovery.kept')}</p>
      <h2>{t('recovery.saveHeading')}</h2>
      <div className="field">
        <label htmlFor={passId}>{t('recovery.passphrase', { min: MIN_EXPORT_PASSPHRASE_LENGTH })}</label>
        <input id={passId} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </div>
      <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
        {t('recovery.save')}
      </button>
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'field-error' : 'pill ok'} data-testid="recovery-message">
          {message.text}
        </p>
      )}
    </main>
  );
}
