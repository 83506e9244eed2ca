import { create } from 'zustand';
import type { UpdateCheckAnswer } from '../../../shared';
import { initialSyncStatus, type SyncStatus } from './engine';

/** UI state only: what the sync loop last reported. Counts and times live in Dexie. */
export const useSyncStatus = create<SyncStatus>(() => initialSyncStatus());

/** UI state only: what the host's app updater said after the last check the kiosk asked for (null: none asked). */
export const useUpdateCheck = create<{ answer: UpdateCheckAnswer | null }>(() => ({ answer: null }));
