import { describe, expect, it } from 'vitest';
import type { KioskHost } from '../../shared';
import { askHostForUpdate } from '../../renderer/src/sync/update-check';
import { useUpdateCheck } from '../../renderer/src/sync/status-store';

/** The words the status bar shows while the host's updater is asked, and when asking fails (staff catalogue, issue #16). */
describe('asking the host for the update', () => {
  it('says it is looking, then what the host answered', async () => {
    let seen: string | undefined;
    const host = { checkForUpdate: async () => ((seen = useUpdateCheck.getState().answer?.message), { kind: 'idle', version: null, message: 'ok' }) } as unknown as KioskHost;
    await askHostForUpdate(host);
    expect(seen).toBe('Looking for the update now…');
    expect(useUpdateCheck.getState().answer?.message).toBe('ok');
  });

  it('says why the check failed and whom to call', async () => {
    const host = { checkForUpdate: () => Promise.reject(new Error('no network')) } as unknown as KioskHost;
    await askHostForUpdate(host);
    expect(useUpdateCheck.getState().answer).toMatchObject({ kind: 'failed', message: 'The update check failed (no network); call IT if this stays.' });
  });
});
