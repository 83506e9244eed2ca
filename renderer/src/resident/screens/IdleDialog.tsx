import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n';
import { useLanguage } from '../parts';

/** "Are you still there?": a modal warning with a live countdown before the screen forgets everything. */
export function IdleDialog(props: { secondsLeft: number; onKeepGoing: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="r-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      data-testid="idle-warning"
      onCancel={(event) => {
        // Escape means "I am still here".
        event.preventDefault();
        props.onKeepGoing();
      }}
    >
      <h2 id={`${id}-title`} data-speak>
        {t('idle.title')}
      </h2>
      <p className="r-countdown" aria-hidden="true" data-testid="idle-countdown">
        {formatNumber(props.secondsLeft, language.locale)}
      </p>
      <p id={`${id}-message`} role="timer" data-speak data-testid="idle-message">
        {t('idle.message', { count: props.secondsLeft })}
      </p>
      <button type="button" className="r-btn r-primary" autoFocus onClick={props.onKeepGoing} data-testid="keep-going">
        {t('idle.keepGoing')}
      </button>
    </dialog>
  );
}
