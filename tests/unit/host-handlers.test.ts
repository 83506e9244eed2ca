import { describe, expect, it, vi } from 'vitest';
import { createHostHandlers, type HostHandlerDeps } from '../../electron/main/host-handlers';
import { createSettingsStore } from '../../electron/main/settings-store';
import { IpcChannel, kioskConfigSchema, type DeviceIdentity, type EnrolResult, type UpdateReadiness } from '../../shared';

/** Main's answers on each host channel, with fakes for Electron's screen, the keychain and the device session. */
const launchConfig = kioskConfigSchema.parse({ apiUrl: 'http://127.0.0.1:8787', cityName: 'Springfield', vanName: 'Van 1' });
const DEVICE = 'dev-0123456789abcdef';

function setup(overrides: Partial<HostHandlerDeps> = {}) {
  const written: string[] = [];
  const settings = createSettingsStore({ read: async () => null, write: async (text) => void written.push(text) }, launchConfig);
  let identity: Omit<DeviceIdentity, 'token'> | null = { deviceId: DEVICE, apiUrl: 'http://127.0.0.1:8787' };
  const readiness: UpdateReadiness[] = [];
  const deps: HostHandlerDeps = {
    launchConfig,
    settings,
    credentials: { get: async () => null },
    device: { identity: () => identity, enrol: async () => ({ ok: false, code: 'invalid_code', message: 'That code is not valid.' }) },
    dataKey: { get: async () => new Uint8Array(32).fill(7) },
    print: vi.fn(async () => undefined),
    screen: {
      getAllDisplays: () => [{ id: 1, size: { width: 1920, height: 1080 } }, { id: 2, size: { width: 1080, height: 1920 } }] as never,
      getPrimaryDisplay: () => ({ id: 1 }) as never,
    },
    printers: async () => [{ name: 'receipt-1', displayName: 'Receipt printer' }, { name: 'raw', displayName: '' }],
    appVersion: () => '1.4.2',
    readinessChanged: (state) => void readiness.push(state),
    checkForUpdate: async () => ({ kind: 'unavailable', version: null, message: 'This kiosk has no update server set up: call IT to install the new version.' }),
    ...overrides,
  };
  return { handlers: createHostHandlers(deps), deps, settings, written, readiness, setIdentity: (next: typeof identity) => (identity = next) };
}

describe('host handlers (what main answers the page)', () => {
  it('the page asks for an update check (the office refused its version) and gets the updater\'s answer', async () => {
    const { handlers } = setup({ checkForUpdate: async () => ({ kind: 'downloading', version: '1.5.0', message: 'Downloading version 1.5.0…' }) });
    await expect(handlers[IpcChannel.CheckForUpdate](undefined)).resolves.toEqual({ kind: 'downloading', version: '1.5.0', message: 'Downloading version 1.5.0…' });
  });

  it('answers the settings view with the displays, the printers and the address the device really talks to', async () => {
    const { handlers, setIdentity } = setup();
    setIdentity({ deviceId: DEVICE, apiUrl: 'https://api.city.example' });
    const view = await handlers[IpcChannel.GetSettings](undefined);
    expect(view.settings.apiUrl).toBe('https://api.city.example');
    expect(view.displays).toEqual([
      { id: 1, label: 'Display 1 (1920×1080)', primary: true },
      { id: 2, label: 'Display 2 (1080×1920)', primary: false },
    ]);
    expect(view.printers).toEqual([{ name: 'receipt-1', label: 'Receipt printer' }, { name: 'raw', label: 'raw' }]);
  });

  it('lists no printers rather than failing when Electron cannot list them', async () => {
    const { handlers } = setup({ printers: async () => Promise.reject(new Error('no window yet')) });
    expect((await handlers[IpcChannel.GetSettings](undefined)).printers).toEqual([]);
  });

  it('moves the settings to the office a device was enrolled with, and leaves them when it is the same office', async () => {
    const enrolledElsewhere: EnrolResult = { ok: true, device: { deviceId: DEVICE, apiUrl: 'https://other.city.example' } };
    const moved = setup({ device: { identity: () => null, enrol: async () => enrolledElsewhere } });
    await moved.handlers[IpcChannel.Enrol]({ apiUrl: 'https://other.city.example', code: 'ABC123', deviceId: null });
    expect(moved.settings.get().apiUrl).toBe('https://other.city.example');
    expect(moved.written).toHaveLength(1);

    const same = setup({ device: { identity: () => null, enrol: async () => ({ ok: true, device: { deviceId: DEVICE, apiUrl: 'http://127.0.0.1:8787' } }) } });
    await same.handlers[IpcChannel.Enrol]({ apiUrl: 'http://127.0.0.1:8787', code: 'ABC123', deviceId: null });
    expect(same.written).toHaveLength(0);

    const refused = setup();
    expect(await refused.handlers[IpcChannel.Enrol]({ apiUrl: 'http://127.0.0.1:8787', code: 'nope', deviceId: null })).toMatchObject({ ok: false, code: 'invalid_code' });
    expect(refused.written).toHaveLength(0);
  });

  it('surfaces a refused keychain to the page with its reason instead of answering "not enrolled"', async () => {
    const { handlers } = setup({ credentials: { get: async () => Promise.reject(new Error('The keychain refused: basic_text')) } });
    await expect(handlers[IpcChannel.GetCredentials](undefined)).rejects.toThrow('basic_text');
  });

  it('passes print jobs, the data key, the version and the update readiness through', async () => {
    const { handlers, deps, readiness } = setup();
    await handlers[IpcChannel.PrintHtml]({ html: '<p>Receipt</p>' });
    expect(deps.print).toHaveBeenCalledWith('<p>Receipt</p>');
    expect(await handlers[IpcChannel.GetDataKey](undefined)).toEqual(new Uint8Array(32).fill(7));
    expect(await handlers[IpcChannel.AppVersion](undefined)).toBe('1.4.2');
    const state: UpdateReadiness = { transactionOpen: false, dayClosed: true };
    await handlers[IpcChannel.ReportReadiness](state);
    expect(readiness).toEqual([state]);
  });

  it('applies the supervisor settings over the launch configuration', async () => {
    const { handlers, settings } = setup();
    await handlers[IpcChannel.SaveSettings]({ ...settings.get(), vanName: 'Van 7' });
    expect((await handlers[IpcChannel.GetConfig](undefined)).vanName).toBe('Van 7');
  });
});
