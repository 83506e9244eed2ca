import { create } from 'zustand';

/** Session and screen state only; stored data lives in Dexie. */
interface UiState {
  reenrolOpen: boolean;
  setReenrolOpen: (open: boolean) => void;
}

export const useUi = create<UiState>((set) => ({
  reenrolOpen: false,
  setReenrolOpen: (open) => set({ reenrolOpen: open }),
}));
