import { createInstance, type i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from './en.json';

/**
 * The staff window's words (counter, supervisor, the shell, sign-in, sync bar, receipts and reports on screen): one
 * i18next namespace, `staff`, beside the resident touchscreen's catalogues. English only for now; a language for staff
 * is one more `<code>.json` here, added to `STAFF_MESSAGES` (and so to `supportedLngs`).
 */
export const STAFF_MESSAGES: Record<string, Record<string, unknown>> = { en };

export const STAFF_NAMESPACE = 'staff';

/** An i18next instance for the staff window in `language`, synchronous like the resident's (resources are bundled). */
export function createStaffI18n(language = 'en'): I18n {
  const instance = createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(STAFF_MESSAGES).map(([code, messages]) => [code, { [STAFF_NAMESPACE]: messages }])),
    lng: language,
    fallbackLng: 'en',
    supportedLngs: Object.keys(STAFF_MESSAGES),
    ns: [STAFF_NAMESPACE],
    defaultNS: STAFF_NAMESPACE,
    load: 'currentOnly',
    initAsync: false,
    returnNull: false,
    // React escapes what it renders; numbers are interpolated as they are, money and dates come formatted by the caller.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return instance;
}

export const staffI18n = createStaffI18n();

/** The staff text outside React (receipt and report text assembled in code). */
export const staffT = staffI18n.getFixedT(null, STAFF_NAMESPACE);

/** The staff text in a component; it renders again if the staff window's language changes. */
export function useStaffT() {
  return useTranslation(STAFF_NAMESPACE, { i18n: staffI18n }).t;
}
