import { describe, expect, it, vi } from 'vitest';
import { updateCheckAnswerSchema, type KioskHost, type UpdateCheckAnswer } from '../../shared';
import { askHostForUpdate, updateCheckWords } from '../../renderer/src/sync/update-check';
import { useUpdateCheck } from '../../renderer/src/sync/status-store';

/**
 * The words the status bar shows while the host's updater is asked, and what it answered: the staff catalogue's, by
 * the answer's kind (issue #16); the host's own message is English for its log and never shown.
 */
describe('asking the host for the update', () => {
  it('says it is looking, then what the host answered, in the catalogue’s words', async () => {
    let seen: string | undefined;
    const host = {
      checkForUpdate: async () => ((seen = useUpdateCheck.getState().answer?.message), { kind: 'ready', version: '1.4.0', message: 'Version 1.4.0 is downloaded (host English).' }),
    } as unknown as KioskHost;
    await askHostForUpdate(host);
    expect(seen).toBe('Looking for the update now…');
    expect(useUpdateCheck.getState().answer).toMatchObject({ kind: 'ready', version: '1.4.0', message: 'Version 1.4.0 is downloaded: it installs once the day is closed, or at the next start.' });
  });

  it('says the check failed and whom to call; the reason goes to the console for IT', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const host = { checkForUpdate: () => Promise.reject(new Error('no network')) } as unknown as KioskHost;
    await askHostForUpdate(host);
    expect(useUpdateCheck.getState().answer).toMatchObject({ kind: 'failed', message: 'The update check failed; call IT if this stays.' });
    expect(log).toHaveBeenCalledWith(new Error('no network'));
    log.mockRestore();
  });

  it.each<[UpdateCheckAnswer['kind'], string | null, string]>([
    ['idle', null, 'No update is offered to this kiosk yet; call IT if this stays.'],
    ['downloading', '1.4.0', 'Downloading version 1.4.0…'],
    ['ready', '1.4.0', 'Version 1.4.0 is downloaded: it installs once the day is closed, or at the next start.'],
    ['failed', null, 'The update check failed; call IT if this stays.'],
    ['unavailable', null, 'This kiosk has no update server set up: call IT to install the new version.'],
  ])('%s: says what the updater did', (kind, version, words) => {
    expect(updateCheckWords({ kind, version })).toBe(words);
  });

  it('has words for every kind of answer the host may give', () => {
    expect(updateCheckAnswerSchema.shape.kind.options.map((kind) => updateCheckWords({ kind, version: '1.4.0' })).filter((words) => words.startsWith('syncBar.'))).toEqual([]);
  });
});
