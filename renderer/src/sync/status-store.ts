import { create } from 'zustand';
import type { UpdateCheckAnswer } from '../../../shared';
import type { SyncStatus } from './engine';
import { initialSyncStatus } from './initial-status';

/** UI state only: what the sync loop last reported. Counts and times live in Dexie. */
export const useSyncStatus = create<SyncStatus>(() => initialSyncStatus());

/** UI state only: what the host's app updater said after the last check the kiosk asked for (null: none asked). */
export const useUpdateCheck = create<{ answer: UpdateCheckAnswer | null }>(() => ({ answer: null }));
