import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n';
import { ScreenHeading } from '../parts';
import { useResident } from '../store';

/** The first screen: every language, each written in itself. */
export function StartScreen() {
  const { t } = useTranslation();
  const language = useResident((s) => s.language);
  const setLanguage = useResident((s) => s.setLanguage);
  const go = useResident((s) => s.go);
  return (
    <section className="r-screen" data-screen="start">
      <p className="r-welcome" data-speak>
        {t('home.welcome')}
      </p>
      <ScreenHeading title={t('language.choose')} testId="start-title" />
      <ul className="r-languages" data-testid="language-picker">
        {LANGUAGES.map((l) => (
          <li key={l.code}>
            <button
              type="button"
              className={`r-btn r-language ${l.code === language ? 'r-language-current' : ''}`}
              lang={l.code}
              dir={l.dir}
              aria-current={l.code === language ? 'true' : undefined}
              onClick={() => {
                setLanguage(l.code);
                go({ name: 'home' });
              }}
            >
              {l.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
