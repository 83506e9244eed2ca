import { useEffect, useId, useState } from 'react';
import { formatCityDateTime, MIN_EXPORT_PASSPHRASE_LENGTH } from '../../../shared';
import { useKiosk } from '../context';
import { useLastPurge, usePendingCount } from '../db/hooks';
import { exportUnsentRecords } from '../db/records-export';
import { useCityTimeZone } from '../hooks';
import { formatBytes, readStorageHealth, type StorageHealth } from '../db/storage';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/** How full this van's storage is, whether the browser keeps it, and the last resort of carrying unsent records. */
export function StoragePanel(props: { storage?: StorageManager | undefined }) {
  const manager = props.storage ?? navigator.storage;
  const t = useStaffT();
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
      <h2 id="storage-title">{t('storage.title')}</h2>
      {health === null && <p>{t('storage.unknown')}</p>}
      {health && (
        <>
          <p data-testid="storage-use" className={health.level === 'ok' ? '' : 'pill warn'}>
            {t('storage.use', {
              used: formatBytes(health.usageBytes),
              quota: formatBytes(health.quotaBytes),
              percent: health.quotaBytes > 0 ? Math.round((health.usageBytes / health.quotaBytes) * 100) : 0,
            })}
            {health.level === 'warn' && t('storage.warn')}
            {health.level === 'critical' && t('storage.critical')}
          </p>
          <p data-testid="storage-persisted">
            {health.persisted ? t('storage.persisted') : t('storage.notPersisted')}
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
  const t = useStaffT();
  if (last === undefined) return null;
  return (
    <p data-testid="retention">
      {t('storage.retention', {
        days: t('storage.days', { count: config.retentionDays }),
        last: last ? t('storage.lastRemoval', { at: formatCityDateTime(last.at, timeZone), count: last.records }) : t('storage.noRemoval'),
      })}
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
  const t = useStaffT();

  const exportFile = async () => {
    setMessage(null);
    if (passphrase.length < MIN_EXPORT_PASSPHRASE_LENGTH) return setMessage({ tone: 'error', text: t('storage.tooShort', { min: MIN_EXPORT_PASSPHRASE_LENGTH }) });
    if (passphrase !== again) return setMessage({ tone: 'error', text: t('storage.differ') });
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
        text: t('storage.saved', { count: file.count }),
      });
    } catch (error) {
      setMessage({ tone: 'error', text: staffErrorText(t, error, t('storage.failed', { reason: String(error) })) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="checklist-group">
      <h3>{t('storage.carryTitle')}</h3>
      <p>{t('storage.carryIntro', { count: pending ?? 0, pending: pending ?? '…' })}</p>
      <div className="field">
        <label htmlFor={passId}>{t('storage.passphrase', { min: MIN_EXPORT_PASSPHRASE_LENGTH })}</label>
        <input id={passId} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={againId}>{t('storage.again')}</label>
        <input id={againId} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      <button type="button" disabled={busy || !pending} onClick={() => void exportFile()}>
        {t('storage.save')}
      </button>
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'field-error' : 'pill ok'} data-testid="carry-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
