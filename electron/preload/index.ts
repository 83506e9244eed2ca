import { contextBridge, ipcRenderer } from 'electron';
import type { EnrolResult, KioskConfig, KioskHost, SettingsView, DeviceIdentity } from '../../shared/host';
import { IpcChannel } from '../../shared/ipc-channels';
import { disablePagePrint } from './print-guard';

/**
 * The typed bridge: the page gets exactly these calls and no Electron or Node API. Main validates every payload.
 * There is no call that returns the device token: main adds it to API requests itself.
 */
const kioskHost: KioskHost = {
  kind: 'electron',
  getConfig: () => ipcRenderer.invoke(IpcChannel.GetConfig) as Promise<KioskConfig>,
  getCredentials: () => ipcRenderer.invoke(IpcChannel.GetCredentials) as Promise<DeviceIdentity | null>,
  enrol: (request) => ipcRenderer.invoke(IpcChannel.Enrol, request) as Promise<EnrolResult>,
  printHtml: (html) => ipcRenderer.invoke(IpcChannel.PrintHtml, { html }) as Promise<void>,
  appVersion: () => ipcRenderer.invoke(IpcChannel.AppVersion) as Promise<string>,
  getSettings: () => ipcRenderer.invoke(IpcChannel.GetSettings) as Promise<SettingsView>,
  saveSettings: (settings) => ipcRenderer.invoke(IpcChannel.SaveSettings, settings) as Promise<void>,
  getDataKey: () => ipcRenderer.invoke(IpcChannel.GetDataKey) as Promise<Uint8Array>,
  reportReadiness: (state) => ipcRenderer.invoke(IpcChannel.ReportReadiness, state) as Promise<void>,
};

contextBridge.exposeInMainWorld('kioskHost', kioskHost);
contextBridge.executeInMainWorld({ func: disablePagePrint });
