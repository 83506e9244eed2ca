import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KioskRoot } from './KioskRoot';
import { KioskDb } from './db/db';
import { requestPersistentStorage } from './db/storage';
import { resolveHost } from './host';
import { dataKeyFor } from './host/data-key';
import { staffT } from './i18n/staff';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const host = resolveHost();
    const config = await host.getConfig();
    // Personal fields are sealed at rest with the key the host keeps for this device.
    const db = new KioskDb(undefined, { dataKey: () => dataKeyFor(host) });
    try {
      await db.open();
    } catch (error) {
      // Only when the database would not open: its code is not on the first screen's path.
      const { StorageRecovery } = await import('./screens/StorageRecovery');
      root.render(<StorageRecovery error={error} host={host} config={config} dbName={db.name} />);
      return;
    }
    // Ask once that the browser never evicts the kiosk's records; the supervisor's Sync tab shows the answer.
    void requestPersistentStorage(navigator.storage);
    const credentials = await host.getCredentials();
    root.render(
      <StrictMode>
        <KioskRoot host={host} config={config} db={db} initialCredentials={credentials} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="boot-error" role="alert">
        <h1>{staffT('boot.failed')}</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  }
}

void boot();
