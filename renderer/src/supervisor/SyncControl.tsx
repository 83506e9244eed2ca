import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { containsCardNumber, formatCityTime } from '../../../shared';
import { formatAge } from '../components/SyncStatusBar';
import { resolveRejection } from '../db/actions';
import { useKiosk } from '../context';
import { useRecentSyncAttempts, useRejectedEvents } from '../db/hooks';
import { useRecordContext } from '../hooks';
import { useCityTimeZone, useSyncView } from '../sync/hooks';
import { formatClock, watermarkWords } from '../sync/status-model';
import { useStaffT } from '../i18n/staff';
import { codeText, staffErrorText, staffText } from '../error-text';

/**
 * Why the office refused a record, in the supervisor's language, by the code it sent (the office's own message is
 * English detail for IT); a code this kiosk has no words for still says the record was refused, and names the code.
 */
export function refusalWords(t: TFunction<'staff'>, code: string | undefined): string {
  return staffText(t, codeText('errors.refused', code));
}

/** What is waiting, what was refused and why, and the last sync attempts; "Sync now" is always there. */
export function SyncControl() {
  const { sync } = useKiosk();
  const ctx = useRecordContext();
  const { view, picture, now } = useSyncView();
  const timeZone = useCityTimeZone();
  const oldest = picture?.pending.oldestPendingAt ?? null;
  const rejected = useRejectedEvents();
  const log = useRecentSyncAttempts(20);
  const [resolving, setResolving] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const noteId = useId();
  const t = useStaffT();

  async function retry(seq: number) {
    setMessage(null);
    try {
      const result = await sync.retryRejected(seq);
      if (result.status === 'rejected') setMessage(t('syncControl.stillRefused', { reason: refusalWords(t, result.code) }));
      else {
        // The note is kept with the record: in the supervisor's words, as a note they typed would be.
        await resolveRejection(ctx, seq, t('syncControl.acceptedOnRetry'));
        setMessage(t('syncControl.accepted', { seq }));
      }
    } catch (error) {
      setMessage(t('syncControl.retryFailed', { reason: staffErrorText(t, error) }));
    }
  }

  async function resolve() {
    if (resolving === null) return;
    if (!note.trim()) return setMessage(t('syncControl.noteMissing'));
    if (containsCardNumber(note)) return setMessage(t('history.noCardNumbers'));
    try {
      await resolveRejection(ctx, resolving, note);
      setResolving(null);
      setNote('');
    } catch (error) {
      setMessage(staffErrorText(t, error));
    }
  }

  return (
    <div className="sync-control">
      <p className="watermark" data-testid="sync-watermark">
        {picture ? watermarkWords(picture.watermark, now, timeZone) : '…'}
      </p>
      <dl className="tiles">
        <div className="tile">
          <dt>{t('syncControl.pendingTransactions')}</dt>
          <dd data-testid="sync-pending">{picture?.pending.transactions ?? '…'}</dd>
        </div>
        <div className="tile">
          <dt>{t('syncControl.pendingOther')}</dt>
          <dd data-testid="sync-pending-other">{picture?.pending.otherRecords ?? '…'}</dd>
        </div>
        <div className="tile">
          <dt>{t('syncControl.oldest')}</dt>
          <dd>{oldest ? formatAge(now - Date.parse(oldest)) : '—'}</dd>
        </div>
        <div className="tile">
          <dt>{t('syncControl.lastAnswer')}</dt>
          <dd>{picture?.lastAnsweredAt ? formatClock(picture.lastAnsweredAt, now, timeZone) : t('syncControl.never')}</dd>
        </div>
        <div className="tile">
          <dt>{t('syncControl.rejected')}</dt>
          <dd data-testid="sync-rejected">{rejected?.filter((r) => !r.resolvedAt).length ?? '…'}</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void sync.trigger()}>
          {t('syncControl.syncNow')}
        </button>
        <span data-testid="sync-panel-state">
          <strong>{view.headline}</strong>
          {view.detail ? ` ${view.detail}` : null}
        </span>
        {view.progress ? <progress max={view.progress.total} value={view.progress.done} aria-label={t('syncControl.progress')} /> : null}
      </div>
      {message && <p role="status">{message}</p>}
      <section className="card" aria-labelledby="rejected-title">
        <h3 id="rejected-title">{t('syncControl.refusedTitle')}</h3>
        {rejected?.length === 0 && <p>{t('syncControl.nothingRefused')}</p>}
        <ul className="rejected">
          {rejected?.map((r) => (
            <li key={r.seq}>
              <strong>{t('syncControl.refusedRecord', { seq: r.seq, kind: staffText(t, codeText('recordKind', r.type)) })}</strong>{' '}
              {refusalWords(t, r.code)}
              {r.message ? (
                <details className="office-words">
                  <summary>{t('syncControl.officeWords')}</summary>
                  {/* The office's own technical words, for IT: as it sent them, in English. */}
                  <code>{r.code}</code> <span lang="en">{r.message}</span>
                </details>
              ) : null}
              {r.resolvedAt ? (
                <span className="pill ok">{t('syncControl.resolved', { note: r.resolutionNote })}</span>
              ) : (
                <span className="actions">
                  <button type="button" onClick={() => void retry(r.seq)}>
                    {t('syncControl.retry')}
                  </button>
                  <button type="button" onClick={() => setResolving(r.seq)}>
                    {t('syncControl.markResolved')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
        {resolving !== null && (
          <div className="void-box">
            <div className="field">
              <label htmlFor={noteId}>{t('syncControl.noteLabel', { seq: resolving })}</label>
              <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
            </div>
            <div className="actions">
              <button type="button" className="primary" onClick={() => void resolve()}>
                {t('syncControl.saveResolution')}
              </button>
              <button type="button" onClick={() => setResolving(null)}>
                {t('syncControl.cancel')}
              </button>
            </div>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="log-title">
        <h3 id="log-title">{t('syncControl.logTitle')}</h3>
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t('syncControl.when')}</th>
              <th scope="col">{t('syncControl.outcome')}</th>
              <th scope="col">{t('syncControl.sent')}</th>
              <th scope="col">{t('syncControl.refused')}</th>
              <th scope="col">{t('syncControl.took')}</th>
              <th scope="col">{t('syncControl.note')}</th>
            </tr>
          </thead>
          <tbody>
            {log?.map((entry) => (
              <tr key={entry.id}>
                <td>{formatCityTime(entry.startedAt, timeZone)}</td>
                <td>{staffText(t, codeText('syncControl.outcomes', entry.outcome))}</td>
                <td>{entry.pushed}</td>
                <td>{entry.rejected}</td>
                <td>{t('syncControl.duration', { ms: entry.durationMs })}</td>
                <td>{entry.text ? staffText(t, entry.text) : entry.message ? t('errors.sync.earlier') : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
