import { create } from 'zustand';
import type { SyncStatus } from './engine';

/** UI state only: what the sync loop last reported. Counts and times live in Dexie. */
export const useSyncStatus = create<SyncStatus>(() => ({
  state: 'idle',
  online: null,
  message: null,
  progress: null,
  nextRetryAt: null,
}));
