import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../icons';
import { ScreenHeading } from '../parts';
import { useResident, type ResidentScreen } from '../store';

const CHOICES: { screen: ResidentScreen; label: string; hint: string; icon: IconName; testId: string }[] = [
  { screen: { name: 'ticket' }, label: 'home.takeTicket', hint: 'home.takeTicketHint', icon: 'ticket', testId: 'home-ticket' },
  { screen: { name: 'request311' }, label: 'home.file311', hint: 'home.file311Hint', icon: 'problem', testId: 'home-311' },
  { screen: { name: 'certificate' }, label: 'home.orderCertificate', hint: 'home.orderCertificateHint', icon: 'certificate', testId: 'home-certificate' },
  { screen: { name: 'survey' }, label: 'home.survey', hint: 'home.surveyHint', icon: 'star', testId: 'home-survey' },
];

/** What the resident can do here, as four large choices. */
export function HomeScreen(props: { onStartOver: () => void }) {
  const { t } = useTranslation();
  const go = useResident((s) => s.go);
  return (
    <section className="r-screen" data-screen="home">
      <ScreenHeading title={t('home.welcome')} prompt={t('home.prompt')} testId="home-title" />
      <ul className="r-tiles">
        {CHOICES.map((choice) => (
          <li key={choice.testId}>
            <button type="button" className="r-btn r-tile" onClick={() => go(choice.screen)} data-testid={choice.testId}>
              <Icon name={choice.icon} className="r-tile-icon" />
              <span className="r-tile-text">
                <span className="r-tile-label">{t(choice.label)}</span>
                <span className="r-tile-hint">{t(choice.hint)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="r-actions">
        <button type="button" className="r-btn" onClick={props.onStartOver}>
          {t('common.startOver')}
        </button>
      </div>
    </section>
  );
}
