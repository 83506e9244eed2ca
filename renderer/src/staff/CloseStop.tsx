import { useState } from 'react';
import { closeStop, DomainError } from '../db/actions';
import { useCarriedOverOrderCount, useStopCloseEffects } from '../db/hooks';
import type { LocalStop } from '../db/db';
import { useRecordContext } from '../hooks';

/** "Close this stop", confirmed: it says what closing will end (tickets still queued are cancelled, not dropped). */
export function CloseStop(props: { stop: LocalStop; onFailed: (message: string) => void }) {
  const ctx = useRecordContext();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const queued = useStopCloseEffects(props.stop.id);
  const carried = useCarriedOverOrderCount(props.stop.id);

  const close = async () => {
    setBusy(true);
    try {
      await closeStop(ctx, props.stop.id);
    } catch (error) {
      props.onFailed(error instanceof DomainError ? error.message : String(error));
      setBusy(false);
    }
  };

  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        Close this stop
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="close-stop-title" className="confirm">
      <h3 id="close-stop-title">Close the stop at {props.stop.place}?</h3>
      <ul data-testid="close-stop-effects">
        <li>The counter and the touchscreen stop taking tickets and orders here.</li>
        {queued && queued.length > 0 ? (
          <li>
            {queued.length === 1 ? '1 ticket is' : `${queued.length} tickets are`} still in the queue and will be cancelled: {queued.map((t) => t.number).join(', ')}.
          </li>
        ) : (
          <li>No ticket is waiting.</li>
        )}
        {carried !== undefined && carried > 0 && <li>{carried === 1 ? '1 unpaid order waits' : `${carried} unpaid orders wait`} for the next stop.</li>}
        <li>Records not yet sent stay on this van and go to the office when it is online.</li>
      </ul>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void close()}>
          Yes, close the stop
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Keep it open
        </button>
      </div>
    </div>
  );
}
