import type { Display, Screen } from 'electron';
import { applySettings, IpcChannel, type KioskConfig, type UpdateCheckAnswer, type UpdateReadiness } from '../../shared';
import { originOf } from './app-protocol';
import type { CredentialStore } from './credential-store';
import type { DeviceSession } from './device';
import type { HostHandlers } from './ipc';
import type { SettingsStore } from './settings-store';

export interface HostHandlerDeps {
  launchConfig: KioskConfig;
  settings: SettingsStore;
  credentials: Pick<CredentialStore, 'get'>;
  device: Pick<DeviceSession, 'identity' | 'enrol'>;
  dataKey: { get(): Promise<Uint8Array> };
  print: (html: string) => Promise<void>;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  /** The printers the first window can see (Electron asks a webContents). */
  printers: () => Promise<{ name: string; displayName: string }[]>;
  appVersion: () => string;
  /** The page says whether an update may be installed now (no open transaction, day closed). */
  readinessChanged: (state: UpdateReadiness) => void;
  /** The page asks for an update check now (the office refused this kiosk's version). */
  checkForUpdate: () => Promise<UpdateCheckAnswer>;
}

/** What main answers on each host channel. Wiring lives in index.ts; the answers live here, tested with fakes. */
export function createHostHandlers(deps: HostHandlerDeps): HostHandlers {
  const { settings, device } = deps;
  return {
    [IpcChannel.GetConfig]: async () => applySettings(deps.launchConfig, settings.get()),
    [IpcChannel.GetCredentials]: async () => {
      await deps.credentials.get(); // surfaces a refused keychain to the page with its reason
      return device.identity();
    },
    [IpcChannel.Enrol]: async (request) => {
      const result = await device.enrol(request);
      // Enrolled with another office: the settings follow, which reloads the windows for the CSP to name it.
      if (result.ok && result.device.apiUrl && originOf(settings.get().apiUrl) !== result.device.apiUrl) await settings.save({ ...settings.get(), apiUrl: result.device.apiUrl });
      return result;
    },
    [IpcChannel.PrintHtml]: ({ html }) => deps.print(html),
    [IpcChannel.AppVersion]: async () => deps.appVersion(),
    [IpcChannel.GetSettings]: async () => ({
      // The address shown is the one the device talks to.
      settings: { ...settings.get(), apiUrl: device.identity()?.apiUrl ?? settings.get().apiUrl },
      displays: deps.screen.getAllDisplays().map((d: Display, i: number) => ({ id: d.id, label: `Display ${i + 1} (${d.size.width}×${d.size.height})`, primary: d.id === deps.screen.getPrimaryDisplay().id })),
      printers: (await deps.printers().catch(() => [])).map((p) => ({ name: p.name, label: p.displayName || p.name })),
    }),
    [IpcChannel.SaveSettings]: async (next) => {
      await settings.save(next);
    },
    [IpcChannel.GetDataKey]: () => deps.dataKey.get(),
    [IpcChannel.ReportReadiness]: async (state) => deps.readinessChanged(state),
    [IpcChannel.CheckForUpdate]: () => deps.checkForUpdate(),
  };
}
