import type { KioskHost, UpdateCheckAnswer } from '../../../shared';
import { useUpdateCheck } from './status-store';
import { staffT } from '../i18n/staff';

/** What the host's updater did, in the staff catalogue's words by its kind (the host's own message is English, for its log). */
export function updateCheckWords(answer: Pick<UpdateCheckAnswer, 'kind' | 'version'>): string {
  return staffT(`syncBar.update.${answer.kind}`, { version: answer.version ?? '' });
}

/**
 * Asks the host's app updater to look for an update now (the office refused this kiosk's version) and keeps its answer
 * for the status bar. The browser build has no updater: it is reloaded instead.
 */
export async function askHostForUpdate(host: KioskHost): Promise<void> {
  if (!host.checkForUpdate) return;
  useUpdateCheck.setState({ answer: { kind: 'idle', version: null, message: staffT('syncBar.lookingForUpdate') } });
  try {
    const answer = await host.checkForUpdate();
    useUpdateCheck.setState({ answer: { ...answer, message: updateCheckWords(answer) } });
  } catch (error) {
    // Why asking failed is for IT (the console has it); the bar says whom to call.
    console.error(error);
    useUpdateCheck.setState({ answer: { kind: 'failed', version: null, message: updateCheckWords({ kind: 'failed', version: null }) } });
  }
}
