import { createInstance, type i18n as I18n } from 'i18next';

/**
 * An i18next instance for one window's words in one namespace (the staff window's `staff`, the office console's
 * `office`), in `language`, synchronous like the resident's (resources are bundled). `messages` has one catalogue per
 * language code; a language is one more catalogue. React escapes what it renders; numbers are interpolated as they
 * are, money and dates come formatted by the caller.
 */
export function createNamespaceI18n(namespace: string, messages: Record<string, Record<string, unknown>>, language = 'en'): I18n {
  const instance = createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(messages).map(([code, catalogue]) => [code, { [namespace]: catalogue }])),
    lng: language,
    fallbackLng: 'en',
    supportedLngs: Object.keys(messages),
    ns: [namespace],
    defaultNS: namespace,
    load: 'currentOnly',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return instance;
}
