import { createContext, useContext } from 'react';
import type { DeviceIdentity, KioskConfig, KioskHost } from '../../shared';
import type { KioskDb } from './db/db';
import type { SyncHandle } from './sync/engine';

export interface Kiosk {
  db: KioskDb;
  host: KioskHost;
  config: KioskConfig;
  credentials: DeviceIdentity;
  sync: SyncHandle;
  /** Reads the host's configuration again, after a supervisor changed a setting. */
  refreshConfig: () => Promise<void>;
}

export const KioskContext = createContext<Kiosk | null>(null);

export function useKiosk(): Kiosk {
  const kiosk = useContext(KioskContext);
  if (!kiosk) throw new Error('useKiosk outside KioskContext');
  return kiosk;
}
