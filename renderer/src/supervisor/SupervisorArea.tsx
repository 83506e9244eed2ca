import { useState } from 'react';
import { CloseOut } from './CloseOut';
import { Dashboard } from './Dashboard';
import { StoragePanel } from './StoragePanel';
import { Settings } from './Settings';
import { SyncControl } from './SyncControl';

const TABS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'sync', label: 'Sync' },
  { id: 'close', label: 'Close the day' },
  { id: 'settings', label: 'Settings' },
] as const;

/** The supervisor's screens, reached only with a supervisor PIN. */
export function SupervisorArea() {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('dashboard');
  return (
    <div className="supervisor">
      <div role="tablist" aria-label="Supervisor" className="tabs">
        {TABS.map((t) => (
          <button key={t.id} role="tab" type="button" aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} id={`tab-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'dashboard' && <Dashboard />}
        {tab === 'sync' && (
          <>
            <SyncControl />
            <StoragePanel />
          </>
        )}
        {tab === 'close' && <CloseOut />}
        {tab === 'settings' && <Settings />}
      </div>
    </div>
  );
}
