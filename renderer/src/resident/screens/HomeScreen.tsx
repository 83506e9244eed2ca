import { useTranslation } from 'react-i18next';
import type { PlannedStop } from '../../../../shared';
import { useCatalogue, useCounterState } from '../../hooks';
import { Icon, type IconName } from '../icons';
import { ScreenHeading, useLanguage } from '../parts';
import { useResident, type ResidentScreen } from '../store';
import { useCityQuestion } from './TellCityScreens';

const CHOICES: { screen: ResidentScreen; label: string; hint: string; icon: IconName; testId: string; needsCounter?: boolean }[] = [
  { screen: { name: 'ticket' }, label: 'home.takeTicket', hint: 'home.takeTicketHint', icon: 'ticket', testId: 'home-ticket', needsCounter: true },
  { screen: { name: 'request311' }, label: 'home.file311', hint: 'home.file311Hint', icon: 'problem', testId: 'home-311' },
  { screen: { name: 'followUp' }, label: 'home.followUp', hint: 'home.followUpHint', icon: 'search', testId: 'home-follow-up' },
  { screen: { name: 'certificate' }, label: 'home.orderCertificate', hint: 'home.orderCertificateHint', icon: 'certificate', testId: 'home-certificate', needsCounter: true },
  { screen: { name: 'survey' }, label: 'home.survey', hint: 'home.surveyHint', icon: 'star', testId: 'home-survey' },
];

const TELL_CITY: (typeof CHOICES)[number] = { screen: { name: 'tellCity' }, label: 'home.tellCity', hint: 'home.tellCityHint', icon: 'speech', testId: 'home-tell-city' };

/** What the resident can do here, as large choices. */
export function HomeScreen(props: { onStartOver: () => void }) {
  const { t } = useTranslation();
  const go = useResident((s) => s.go);
  const counter = useCounterState();
  // Once the day is closed the counter takes no tickets or orders; reporting a problem and the survey stay.
  const closed = counter?.kind === 'closedToday';
  // "Tell the city" shows where the office has published a question for this stop or neighbourhood.
  const question = useCityQuestion();
  const choices = [...CHOICES.filter((choice) => !(closed && choice.needsCounter)), ...(question ? [TELL_CITY] : [])];
  return (
    <section className="r-screen" data-screen="home">
      <ScreenHeading title={t('home.welcome')} prompt={t('home.prompt')} testId="home-title" />
      {counter?.kind === 'closedToday' && <ClosedForToday next={counter.next} />}
      <ul className="r-tiles">
        {choices.map((choice) => (
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

/** "Closed for today", in the resident's language, with where and when the van will be next if that is planned. */
export function ClosedForToday(props: { next: PlannedStop | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const catalogue = useCatalogue();
  const timeZone = catalogue?.city.timeZone;
  const when = (iso: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(language.locale, { timeZone, ...options }).format(new Date(iso));
  const next = props.next;
  return (
    <div className="r-notice r-closed" role="status" data-testid="counter-closed">
      <h2 data-speak>{t('closed.title')}</h2>
      <p data-speak>{t('closed.body')}</p>
      {next ? (
        <p data-speak data-testid="next-stop">
          {t('closed.next', {
            place: next.place,
            neighbourhood: next.neighbourhood,
            day: when(next.start, { weekday: 'long', day: 'numeric', month: 'long' }),
            from: when(next.start, { hour: 'numeric', minute: '2-digit' }),
            to: when(next.end, { hour: 'numeric', minute: '2-digit' }),
          })}
        </p>
      ) : (
        <p data-speak>{t('closed.noNext')}</p>
      )}
    </div>
  );
}
