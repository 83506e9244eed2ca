import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { createNamespaceI18n } from '../namespace';
import en from './en.json';

/**
 * The staff window's words (counter, supervisor, the shell, sign-in, sync bar, receipts and reports on screen): one
 * i18next namespace, `staff`, beside the resident touchscreen's catalogues. English only for now; a language for staff
 * is one more `<code>.json` here, added to `STAFF_MESSAGES` (and so to `supportedLngs`).
 */
export const STAFF_MESSAGES: Record<string, Record<string, unknown>> = { en };

export const STAFF_NAMESPACE = 'staff';

/** An i18next instance for the staff window in `language` (see createNamespaceI18n). */
export function createStaffI18n(language = 'en'): I18n {
  return createNamespaceI18n(STAFF_NAMESPACE, STAFF_MESSAGES, language);
}

export const staffI18n = createStaffI18n();

/** The staff text outside React (receipt and report text assembled in code). */
export const staffT = staffI18n.getFixedT(null, STAFF_NAMESPACE);

/** The staff text in a component; it renders again if the staff window's language changes. */
export function useStaffT() {
  return useTranslation(STAFF_NAMESPACE, { i18n: staffI18n }).t;
}
