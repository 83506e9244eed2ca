import type { LanguageCode } from './languages';
import en from './locales/en.json';
import es from './locales/es.json';
import ht from './locales/ht.json';
import zhHans from './locales/zh-Hans.json';
import zhHant from './locales/zh-Hant.json';
import vi from './locales/vi.json';
import kea from './locales/kea.json';
import ptBR from './locales/pt-BR.json';
import ru from './locales/ru.json';
import ar from './locales/ar.json';
import fr from './locales/fr.json';
import so from './locales/so.json';

/**
 * Message catalogues (i18next JSON v4), one per language, keyed by `LanguageCode`.
 * Every catalogue other than English is a machine-made translation awaiting review
 * by a fluent speaker (see each file's `_meta`).
 */
export const messages: Record<LanguageCode, Record<string, unknown>> = {
  en,
  es,
  ht,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  vi,
  kea,
  'pt-BR': ptBR,
  ru,
  ar,
  fr,
  so,
};
