import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelHelp } from '../../db/actions';
import { useHelpCall } from '../../db/hooks';
import { useRecordContext } from '../../hooks';
import { DoneButton, Notice, ScreenHeading } from '../parts';
import { useResident, type ResidentScreen } from '../store';

/**
 * A staff member has been called. The screen follows the call: "someone is coming" once a clerk answers it, and the
 * resident can take it back. Done goes back to where they were.
 */
export function HelpSentScreen(props: { from: ResidentScreen; requestId: string }) {
  const { t } = useTranslation();
  const ctx = useRecordContext(true);
  const go = useResident((s) => s.go);
  const [failed, setFailed] = useState(false);
  const call = useHelpCall(props.requestId);
  const back = () => go(props.from.name === 'start' ? { name: 'home' } : props.from);
  const state = call?.cancelledAt ? 'cancelled' : call?.answeredAt ? 'coming' : 'waiting';

  return (
    <section className="r-screen r-done" data-screen="help-sent" data-help-state={state}>
      <ScreenHeading title={state === 'cancelled' ? t('help.cancelledTitle') : t('help.title')} testId="help-title" />
      {/* The line that changes as the call goes on is a live region, so a screen reader hears "someone is coming". */}
      <Notice testId="help-status">{state === 'cancelled' ? t('help.cancelled') : state === 'coming' ? t('help.coming') : t('help.sent')}</Notice>
      {failed && (
        <Notice tone="error" testId="help-cancel-failed">
          {t('errors.notSaved')}
        </Notice>
      )}
      <div className="r-actions">
        {state !== 'cancelled' && (
          <button
            type="button"
            className="r-btn"
            data-testid="cancel-help"
            onClick={() => {
              setFailed(false);
              void cancelHelp(ctx, props.requestId).catch(() => setFailed(true));
            }}
          >
            {t('help.cancel')}
          </button>
        )}
        <DoneButton onClick={back} />
      </div>
    </section>
  );
}
