import { createInstance, type FormatterModule, type i18n as I18n } from 'i18next';
import { LANGUAGES, languageOf, type LanguageCode } from './languages';
import { messages } from './messages';

export { LANGUAGES, isLanguageCode, languageOf, type Language, type LanguageCode } from './languages';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as people of that language write it (Arabic-Indic digits where the locale uses them). */
export function formatNumber(value: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** Formats every number interpolated into a message for the message's language; other values pass through. */
const localeNumbers: FormatterModule = {
  type: 'formatter',
  init: () => {},
  add: () => {},
  addCached: () => {},
  format: (value: unknown, _format, lng) => (typeof value === 'number' && Number.isFinite(value) ? formatNumber(value, languageOf(lng).locale) : (value as string)),
};

const resources = Object.fromEntries(Object.entries(messages).map(([code, translation]) => [code, { translation }]));

/**
 * An i18next instance for the resident touchscreen, already initialised in `language` (resources are bundled, so
 * this is synchronous). Every number interpolated into a message ({{count}}, {{minutes}}, {{seconds}}) is formatted
 * for the language's locale; strings (money, times, reference numbers) are formatted by the caller and left alone.
 * React escapes what it renders, so i18next does not escape again.
 */
export function createI18n(language: LanguageCode = 'en'): I18n {
  const instance = createInstance().use(localeNumbers);
  void instance.init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    load: 'currentOnly',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false, alwaysFormat: true },
    react: { useSuspense: false },
  });
  return instance;
}
