import { createContext, useContext } from 'react';
import type { DeviceCredentials, KioskConfig, KioskHost } from '../../shared';
import type { KioskDb } from './db/db';
import type { SyncEngine } from './sync/engine';

export interface Kiosk {
  db: KioskDb;
  host: KioskHost;
  config: KioskConfig;
  credentials: DeviceCredentials;
  sync: SyncEngine;
}

export const KioskContext = createContext<Kiosk | null>(null);

export function useKiosk(): Kiosk {
  const kiosk = useContext(KioskContext);
  if (!kiosk) throw new Error('useKiosk outside KioskContext');
  return kiosk;
}
