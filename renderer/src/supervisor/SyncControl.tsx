import { useId, useState } from 'react';
import { containsCardNumber, formatCityTime } from '../../../shared';
import { formatAge } from '../components/SyncStatusBar';
import { DomainError, resolveRejection } from '../db/actions';
import { useKiosk } from '../context';
import { useRecentSyncAttempts, useRejectedEvents } from '../db/hooks';
import { useRecordContext } from '../hooks';
import { useCityTimeZone, useSyncView } from '../sync/hooks';
import { formatClock, watermarkWords } from '../sync/status-model';

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

  async function retry(seq: number) {
    setMessage(null);
    try {
      const result = await sync.retryRejected(seq);
      if (result.status === 'rejected') setMessage(`Still refused: ${result.message ?? result.code}`);
      else {
        await resolveRejection(ctx, seq, `Accepted on retry (${result.status})`);
        setMessage(`Event ${seq} was accepted on retry.`);
      }
    } catch (error) {
      setMessage(`Retry failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function resolve() {
    if (resolving === null) return;
    if (!note.trim()) return setMessage('Write what was done about it.');
    if (containsCardNumber(note)) return setMessage('Never type card numbers.');
    try {
      await resolveRejection(ctx, resolving, note);
      setResolving(null);
      setNote('');
    } catch (error) {
      setMessage(error instanceof DomainError ? error.message : String(error));
    }
  }

  return (
    <div className="sync-control">
      <p className="watermark" data-testid="sync-watermark">
        {picture ? watermarkWords(picture.watermark, now, timeZone) : '…'}
      </p>
      <dl className="tiles">
        <div className="tile">
          <dt>Transactions not yet sent</dt>
          <dd data-testid="sync-pending">{picture?.pending.transactions ?? '…'}</dd>
        </div>
        <div className="tile">
          <dt>Other records not yet sent</dt>
          <dd data-testid="sync-pending-other">{picture?.pending.otherRecords ?? '…'}</dd>
        </div>
        <div className="tile">
          <dt>Oldest unsent</dt>
          <dd>{oldest ? formatAge(now - Date.parse(oldest)) : '—'}</dd>
        </div>
        <div className="tile">
          <dt>Last answer from the office</dt>
          <dd>{picture?.lastAnsweredAt ? formatClock(picture.lastAnsweredAt, now, timeZone) : 'never'}</dd>
        </div>
        <div className="tile">
          <dt>Rejected</dt>
          <dd data-testid="sync-rejected">{rejected?.filter((r) => !r.resolvedAt).length ?? '…'}</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void sync.trigger()}>
          Sync now
        </button>
        <span data-testid="sync-panel-state">
          <strong>{view.headline}</strong>
          {view.detail ? ` ${view.detail}` : null}
        </span>
        {view.progress ? <progress max={view.progress.total} value={view.progress.done} aria-label="Sending progress" /> : null}
      </div>
      {message && <p role="status">{message}</p>}
      <section className="card" aria-labelledby="rejected-title">
        <h3 id="rejected-title">Refused by the central office</h3>
        {rejected?.length === 0 && <p>Nothing was refused.</p>}
        <ul className="rejected">
          {rejected?.map((r) => (
            <li key={r.seq}>
              <strong>
                #{r.seq} {r.type}
              </strong>{' '}
              <code>{r.code}</code> {r.message}
              {r.resolvedAt ? (
                <span className="pill ok">Resolved: {r.resolutionNote}</span>
              ) : (
                <span className="actions">
                  <button type="button" onClick={() => void retry(r.seq)}>
                    Retry
                  </button>
                  <button type="button" onClick={() => setResolving(r.seq)}>
                    Mark resolved
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
        {resolving !== null && (
          <div className="void-box">
            <div className="field">
              <label htmlFor={noteId}>What was done about event #{resolving}?</label>
              <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
            </div>
            <div className="actions">
              <button type="button" className="primary" onClick={() => void resolve()}>
                Save resolution
              </button>
              <button type="button" onClick={() => setResolving(null)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="log-title">
        <h3 id="log-title">Last sync attempts</h3>
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Outcome</th>
              <th scope="col">Sent</th>
              <th scope="col">Refused</th>
              <th scope="col">Took</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {log?.map((entry) => (
              <tr key={entry.id}>
                <td>{formatCityTime(entry.startedAt, timeZone)}</td>
                <td>{entry.outcome}</td>
                <td>{entry.pushed}</td>
                <td>{entry.rejected}</td>
                <td>{entry.durationMs} ms</td>
                <td>{entry.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
