import { create } from 'zustand';
import { initialSyncStatus, type SyncStatus } from './engine';

/** UI state only: what the sync loop last reported. Counts and times live in Dexie. */
export const useSyncStatus = create<SyncStatus>(() => initialSyncStatus());
