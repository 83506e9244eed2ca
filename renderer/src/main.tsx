import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { KioskContext, type Kiosk } from './context';
import { KioskDb } from './db/db';
import { resolveHost } from './host';
import { startSync } from './sync/start';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const host = resolveHost();
    const config = await host.getConfig();
    const credentials = await host.getCredentials();
    if (!credentials) throw new Error('This kiosk is not enrolled with the central office yet.');
    const db = new KioskDb();
    await db.open();
    const sync = startSync(db, host, config);
    const kiosk: Kiosk = { db, host, config, credentials, sync };
    root.render(
      <StrictMode>
        <KioskContext.Provider value={kiosk}>
          <App />
        </KioskContext.Provider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="boot-error" role="alert">
        <h1>The kiosk could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  }
}

void boot();
