import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { useKiosk } from '../context';
import { requestHelp } from '../db/actions';
import { helpCallInPlay } from '../db/queries';
import { useRecordContext } from '../hooks';
import { createI18n, languageOf } from '../i18n';
import { Icon, type IconName } from './icons';
import { useIdleTimer } from './idle';
import { ScrollCue, useDockHeight } from './layout';
import { IdleDialog } from './screens/IdleDialog';
import { CertificateDoneScreen, CertificateScreen } from './screens/CertificateScreens';
import { HelpSentScreen } from './screens/HelpScreen';
import { HomeScreen } from './screens/HomeScreen';
import { FollowUpScreen } from './screens/FollowUpScreen';
import { Request311DoneScreen, Request311Screen } from './screens/Request311Screens';
import { StartScreen } from './screens/StartScreen';
import { TellCityScreen, TellCityThanksScreen } from './screens/TellCityScreens';
import { SurveyScreen, SurveyThanksScreen } from './screens/SurveyScreens';
import { TicketCategoryScreen, TicketShownScreen } from './screens/TicketScreens';
import { speak, speechAvailable, stopSpeaking } from './speech';
import { isPristine, useResident, type ResidentScreen } from './store';
import './fonts';
import './resident.css';

/**
 * The resident touchscreen (#/resident). It has no way to the staff or supervisor screens, and it forgets the resident
 * once they walk away: after `residentIdleMs` without activity a warning counts down `residentWarningMs`, then the
 * whole session — language, display options, forms, references — is dropped and the tree remounts from scratch.
 */
export function ResidentApp() {
  // Read before any child sets them: the page's own language and direction, put back when the screen goes away.
  const [original] = useState(() => {
    useResident.getState().reset();
    const root = document.documentElement;
    return { lang: root.getAttribute('lang'), dir: root.getAttribute('dir') };
  });
  const [session, setSession] = useState(0);

  const endSession = useCallback(() => {
    stopSpeaking();
    useResident.getState().reset();
    setSession((n) => n + 1);
  }, []);

  useEffect(
    () => () => {
      stopSpeaking();
      useResident.getState().reset();
      const root = document.documentElement;
      for (const [name, value] of Object.entries(original)) {
        if (value === null) root.removeAttribute(name);
        else root.setAttribute(name, value);
      }
    },
    [original],
  );

  return <ResidentSession key={session} onEnd={endSession} />;
}

function ResidentSession(props: { onEnd: () => void }) {
  const { config } = useKiosk();
  const state = useResident();
  const language = languageOf(state.language);
  const i18n = useMemo(() => createI18n(language.code), [language.code]);

  useLayoutEffect(() => {
    document.documentElement.setAttribute('lang', language.code);
    document.documentElement.setAttribute('dir', language.dir);
  }, [language]);

  const root = useRef<HTMLDivElement>(null);
  useDockHeight(root);

  const idle = useIdleTimer({ enabled: !isPristine(state), idleMs: config.residentIdleMs, warningMs: config.residentWarningMs, onTimeout: props.onEnd });

  const classes = ['resident', state.largeText ? 'large-text' : '', state.highContrast ? 'high-contrast' : ''].filter(Boolean).join(' ');
  return (
    <I18nextProvider i18n={i18n}>
      <div ref={root} className={classes} lang={language.code} dir={language.dir} data-testid="resident" data-language={language.code}>
        <ResidentHeader />
        <ReadAloud warningOpen={idle.secondsLeft !== null} />
        <main className="r-main" id="resident-main">
          <Screen screen={state.screen} onStartOver={props.onEnd} />
        </main>
        <ScrollCue watch={`${state.screen.name}|${state.largeText}|${language.code}`} />
        {idle.secondsLeft !== null && <IdleDialog secondsLeft={idle.secondsLeft} onKeepGoing={idle.keepGoing} />}
      </div>
    </I18nextProvider>
  );
}

function Screen(props: { screen: ResidentScreen; onStartOver: () => void }) {
  const { screen } = props;
  switch (screen.name) {
    case 'start':
      return <StartScreen />;
    case 'home':
      return <HomeScreen onStartOver={props.onStartOver} />;
    case 'ticket':
      return <TicketCategoryScreen />;
    case 'ticketShown':
      return <TicketShownScreen ticketId={screen.ticketId} />;
    case 'request311':
      return <Request311Screen />;
    case 'request311Done':
      return <Request311DoneScreen {...screen} />;
    case 'followUp':
      return <FollowUpScreen />;
    case 'tellCity':
      return <TellCityScreen />;
    case 'tellCityThanks':
      return <TellCityThanksScreen contact={screen.contact} />;
    case 'certificate':
      return <CertificateScreen />;
    case 'certificateDone':
      return <CertificateDoneScreen {...screen} />;
    case 'survey':
      return <SurveyScreen />;
    case 'surveyThanks':
      return <SurveyThanksScreen />;
    case 'helpSent':
      return <HelpSentScreen from={screen.from} requestId={screen.requestId} />;
  }
}

function ToggleButton(props: { pressed: boolean; label: string; icon: IconName; onClick: () => void; testId: string }) {
  return (
    <button type="button" className="r-btn r-tool" aria-pressed={props.pressed} onClick={props.onClick} data-testid={props.testId}>
      <Icon name={props.icon} />
      <span>{props.label}</span>
    </button>
  );
}

/** A clerk who answered a call is taken to be on the way for this long: another press shows that call again. */
const HELP_ON_THE_WAY_MS = 5 * 60_000;

/** Always on screen: the language, the display options, and a button that calls a staff member. */
function ResidentHeader() {
  const { t } = useTranslation();
  const { config, db } = useKiosk();
  const ctx = useRecordContext(true);
  const state = useResident();
  const language = languageOf(state.language);
  const [helpFailed, setHelpFailed] = useState(false);

  const callHelp = async () => {
    setHelpFailed(false);
    const from = state.screen.name === 'helpSent' ? state.screen.from : state.screen;
    try {
      // One call is enough: while a call is open (waiting, or a clerk is on the way), another press shows that call.
      const open = await helpCallInPlay(db, Date.now(), HELP_ON_THE_WAY_MS);
      const requestId = open?.id ?? (await requestHelp(ctx, language.code));
      state.go({ name: 'helpSent', from, requestId });
    } catch {
      setHelpFailed(true);
    }
  };

  return (
    <header className="r-header">
      <p className="r-brand">{config.cityName}</p>
      <button type="button" className="r-btn r-help" onClick={() => void callHelp()} data-testid="call-help">
        <Icon name="help" />
        <span>{t('home.help')}</span>
      </button>
      <div className="r-toolbar" role="group" aria-label={t('a11y.toolbar')}>
        {state.screen.name !== 'start' && (
          <button type="button" className="r-btn r-tool" onClick={() => state.go({ name: 'start' })} data-testid="change-language">
            <Icon name="globe" />
            <span>{t('language.change')}</span>
            <span className="r-tool-value" lang={language.code} dir={language.dir}>
              {language.name}
            </span>
          </button>
        )}
        <ToggleButton pressed={state.largeText} label={t('a11y.largeText')} icon="text" onClick={() => state.toggle('largeText')} testId="toggle-large-text" />
        <ToggleButton pressed={state.highContrast} label={t('a11y.highContrast')} icon="contrast" onClick={() => state.toggle('highContrast')} testId="toggle-high-contrast" />
        <ToggleButton pressed={state.readAloud} label={t('a11y.readAloud')} icon="speaker" onClick={() => state.toggle('readAloud')} testId="toggle-read-aloud" />
      </div>
      {helpFailed && (
        <p className="r-notice r-notice-error" role="alert">
          {t('errors.notSaved')}
        </p>
      )}
    </header>
  );
}

/** Reads the screen's main prompt (or the idle warning) aloud while "Read aloud" is on, in the resident's language. */
function ReadAloud(props: { warningOpen: boolean }) {
  const { t } = useTranslation();
  const state = useResident();
  const language = languageOf(state.language);
  const [unavailable, setUnavailable] = useState(false);
  const toggle = useResident((s) => s.toggle);
  const probe = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!state.readAloud) {
      stopSpeaking();
      return;
    }
    const fail = () => {
      setUnavailable(true);
      if (useResident.getState().readAloud) toggle('readAloud');
    };
    if (!speechAvailable()) {
      fail();
      return;
    }
    setUnavailable(false);
    // A moment after the screen changes, so what it loads (a ticket's wait) is there to be read.
    const timer = window.setTimeout(() => {
      const root = probe.current?.closest('.resident');
      const scope = (props.warningOpen ? root?.querySelector('dialog') : root?.querySelector('main')) ?? root;
      const text = [...(scope?.querySelectorAll('[data-speak]') ?? [])]
        .map((el) => el.textContent?.trim() ?? '')
        .filter(Boolean)
        .join('. ');
      speak(text, language, fail);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [state.readAloud, state.screen, language, props.warningOpen, toggle]);

  return (
    <span ref={probe} className="r-live" role="status" data-testid="read-aloud-status">
      {unavailable ? t('a11y.readAloudUnavailable') : ''}
    </span>
  );
}
