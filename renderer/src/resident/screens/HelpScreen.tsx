import { useTranslation } from 'react-i18next';
import { DoneButton, ScreenHeading } from '../parts';
import { useResident, type ResidentScreen } from '../store';

/** A staff member has been called; Done goes back to where the resident was. */
export function HelpSentScreen(props: { from: ResidentScreen }) {
  const { t } = useTranslation();
  const go = useResident((s) => s.go);
  return (
    <section className="r-screen r-done" data-screen="help-sent">
      <ScreenHeading title={t('help.title')} prompt={t('help.sent')} testId="help-title" />
      <div className="r-actions">
        <DoneButton onClick={() => go(props.from.name === 'start' ? { name: 'home' } : props.from)} />
      </div>
    </section>
  );
}
