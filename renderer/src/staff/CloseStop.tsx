import { useState } from 'react';
import { closeStop } from '../db/actions';
import { useCarriedOverOrderCount, useStopCloseEffects } from '../db/hooks';
import type { LocalStop } from '../db/db';
import { useRecordContext } from '../hooks';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/** "Close this stop", confirmed: it says what closing will end (tickets still queued are cancelled, not dropped). */
export function CloseStop(props: { stop: LocalStop; onFailed: (message: string) => void }) {
  const ctx = useRecordContext();
  const t = useStaffT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const queued = useStopCloseEffects(props.stop.id);
  const carried = useCarriedOverOrderCount(props.stop.id);

  const close = async () => {
    setBusy(true);
    try {
      await closeStop(ctx, props.stop.id);
    } catch (error) {
      props.onFailed(staffErrorText(t, error));
      setBusy(false);
    }
  };

  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {t('closeStop.open')}
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="close-stop-title" className="confirm">
      <h3 id="close-stop-title">{t('closeStop.title', { place: props.stop.place })}</h3>
      <ul data-testid="close-stop-effects">
        <li>{t('closeStop.effectIntake')}</li>
        {queued && queued.length > 0 ? (
          <li>
            {t('closeStop.effectQueued', { count: queued.length, numbers: queued.map((q) => q.number).join(', ') })}
          </li>
        ) : (
          <li>{t('closeStop.effectNoQueue')}</li>
        )}
        {carried !== undefined && carried > 0 && <li>{t('closeStop.effectCarried', { count: carried })}</li>}
        <li>{t('closeStop.effectRecords')}</li>
      </ul>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void close()}>
          {t('closeStop.confirm')}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('closeStop.keepOpen')}
        </button>
      </div>
    </div>
  );
}
