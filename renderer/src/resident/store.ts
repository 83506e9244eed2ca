import { create } from 'zustand';
import type { LanguageCode } from '../i18n';

/**
 * Everything the touchscreen remembers about the person in front of it, in memory only. `reset()` (the idle timeout,
 * or "Start over") puts every field back to its initial value; form drafts live in component state, which the reset
 * throws away by remounting the tree.
 */
export type ResidentScreen =
  | { name: 'start' }
  | { name: 'home' }
  | { name: 'ticket' }
  | { name: 'ticketShown'; ticketId: string }
  | { name: 'request311' }
  | { name: 'request311Done'; reference: string; serviceCode: string; description: string; address: string; email: string | null; phone: string | null; filedAt: string }
  | { name: 'followUp' }
  | { name: 'tellCity' }
  | { name: 'tellCityThanks'; contact: string | null }
  | { name: 'certificate' }
  | { name: 'certificateDone'; reference: string; amountCents: number; copies: number; unitFeeCents: number }
  | { name: 'survey' }
  | { name: 'surveyThanks' }
  | { name: 'helpSent'; from: ResidentScreen; requestId: string };

export interface ResidentData {
  language: LanguageCode;
  largeText: boolean;
  highContrast: boolean;
  readAloud: boolean;
  screen: ResidentScreen;
  /** The ticket this resident took, linked to their survey answer. */
  ticketId: string | null;
}

interface ResidentActions {
  go: (screen: ResidentScreen) => void;
  setLanguage: (language: LanguageCode) => void;
  toggle: (option: 'largeText' | 'highContrast' | 'readAloud') => void;
  setTicket: (ticketId: string) => void;
  reset: () => void;
}

export const initialResidentData: Readonly<ResidentData> = Object.freeze<ResidentData>({
  language: 'en',
  largeText: false,
  highContrast: false,
  readAloud: false,
  screen: { name: 'start' },
  ticketId: null,
});

export const useResident = create<ResidentData & ResidentActions>((set) => ({
  ...initialResidentData,
  go: (screen) => set({ screen }),
  setLanguage: (language) => set({ language }),
  toggle: (option) => set((state) => ({ [option]: !state[option] })),
  setTicket: (ticketId) => set({ ticketId }),
  reset: () => set({ ...initialResidentData }),
}));

/** True while nothing about this session differs from a fresh start: then there is nothing to forget. */
export function isPristine(state: ResidentData): boolean {
  return (
    state.screen.name === 'start' &&
    state.language === initialResidentData.language &&
    !state.largeText &&
    !state.highContrast &&
    !state.readAloud &&
    state.ticketId === null
  );
}
