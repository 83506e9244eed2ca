import { useState } from 'react';
import { CloseOut } from './CloseOut';
import { Dashboard } from './Dashboard';
import { StoragePanel } from './StoragePanel';
import { Settings } from './Settings';
import { SyncControl } from './SyncControl';
import { useStaffT } from '../i18n/staff';

const TABS = [
  { id: 'dashboard', label: 'supervisor.tabs.dashboard' },
  { id: 'sync', label: 'supervisor.tabs.sync' },
  { id: 'close', label: 'supervisor.tabs.close' },
  { id: 'settings', label: 'supervisor.tabs.settings' },
] as const;

/** The supervisor's screens, reached only with a supervisor PIN. */
export function SupervisorArea() {
  const t = useStaffT();
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('dashboard');
  return (
    <div className="supervisor">
      <div role="tablist" aria-label={t('supervisor.tabsLabel')} className="tabs">
        {TABS.map((tab_) => (
          <button key={tab_.id} role="tab" type="button" aria-selected={tab === tab_.id} aria-controls={`panel-${tab_.id}`} id={`tab-${tab_.id}`} onClick={() => setTab(tab_.id)}>
            {t(tab_.label)}
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
