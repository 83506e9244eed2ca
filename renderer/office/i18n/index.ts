import { useTranslation } from 'react-i18next';
import { createNamespaceI18n } from '../../src/i18n/namespace';
import en from './en.json';

/**
 * The office console's words: one i18next namespace, `office`, made like the staff window's (createNamespaceI18n).
 * English only for now; a language for the office is one more catalogue in `OFFICE_MESSAGES`.
 */
export const OFFICE_MESSAGES: Record<string, Record<string, unknown>> = { en };

export const OFFICE_NAMESPACE = 'office';

export const officeI18n = createNamespaceI18n(OFFICE_NAMESPACE, OFFICE_MESSAGES);

/** The office text outside React (captions and lines assembled in code). */
export const officeT = officeI18n.getFixedT(null, OFFICE_NAMESPACE);

/** The office text in a component; it renders again if the console's language changes. */
export function useOfficeT() {
  return useTranslation(OFFICE_NAMESPACE, { i18n: officeI18n }).t;
}
