import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { DeviceIdentity, KioskConfig, KioskHost } from '../../shared';
import { App } from './App';
import { KioskContext, type Kiosk } from './context';
import type { KioskDb } from './db/db';
import { SETTINGS_KEY } from './host/browser-host';
import { purgeOnStart } from './db/retention';
import type { SyncHandle } from './sync/engine';
import { startSync } from './sync/start';
import { useUi } from './ui-store';

// Enrolment is shown once per van (and on re-enrolment), never on the sign-in screen's path: fetched when needed.
const EnrolScreen = lazy(() => import('./screens/EnrolScreen').then((m) => ({ default: m.EnrolScreen })));

/** Enrolment first; once the kiosk has credentials, the app and its sync loop. */
export function KioskRoot(props: { host: KioskHost; config: KioskConfig; db: KioskDb; initialCredentials: DeviceIdentity | null }) {
  const { host, db } = props;
  const [config, setConfig] = useState(props.config);
  const [credentials, setCredentials] = useState(props.initialCredentials);
  const [sync, setSync] = useState<SyncHandle | null>(null);
  const reenrolOpen = useUi((s) => s.reenrolOpen);
  const setReenrolOpen = useUi((s) => s.setReenrolOpen);
  const enrolled = credentials !== null;

  useEffect(() => {
    if (!enrolled) return;
    const engine = startSync(db, host, config);
    setSync(engine);
    return () => engine.stop();
  }, [enrolled, db, host, config]);

  // Retention: synced, backed-up personal data of days closed long enough ago is removed (audited) on start.
  const deviceId = credentials?.deviceId ?? null;
  useEffect(() => {
    if (deviceId) void purgeOnStart(db, deviceId, config, () => new Date());
  }, [db, deviceId, config]);

  const refreshConfig = useCallback(async () => setConfig(await host.getConfig()), [host]);
  useEffect(() => {
    // Another window of this kiosk saved settings (the browser host keeps them in localStorage).
    const onStorage = (event: StorageEvent) => {
      if (event.key === SETTINGS_KEY) void refreshConfig();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [refreshConfig]);

  const kiosk = useMemo<Kiosk | null>(
    () => (credentials && sync ? { db, host, config, credentials, sync, refreshConfig } : null),
    [credentials, sync, db, host, config, refreshConfig],
  );

  if (!credentials || (reenrolOpen && kiosk)) {
    return (
      <Suspense fallback={null}>
        <EnrolScreen
          host={host}
          defaultApiUrl={credentials?.apiUrl ?? config.apiUrl}
          existingDeviceId={credentials?.deviceId ?? null}
          onEnrolled={(next) => {
            setCredentials(next);
            setReenrolOpen(false);
            void sync?.trigger();
          }}
          onCancel={credentials ? () => setReenrolOpen(false) : undefined}
        />
      </Suspense>
    );
  }
  if (!kiosk) return null;
  return (
    <KioskContext.Provider value={kiosk}>
      <App />
    </KioskContext.Provider>
  );
}
