import type { KioskHost } from '../../../shared';
import { useUpdateCheck } from './status-store';
import { staffT } from '../i18n/staff';

/**
 * Asks the host's app updater to look for an update now (the office refused this kiosk's version) and keeps its answer
 * for the status bar. The browser build has no updater: it is reloaded instead.
 */
export async function askHostForUpdate(host: KioskHost): Promise<void> {
  if (!host.checkForUpdate) return;
  useUpdateCheck.setState({ answer: { kind: 'idle', version: null, message: staffT('syncBar.lookingForUpdate') } });
  try {
    useUpdateCheck.setState({ answer: await host.checkForUpdate() });
  } catch (error) {
    useUpdateCheck.setState({ answer: { kind: 'failed', version: null, message: staffT('syncBar.updateCheckFailed', { reason: error instanceof Error ? error.message : String(error) }) } });
  }
}
