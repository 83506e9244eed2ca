import { contextBridge, ipcRenderer } from 'electron';
import type { DeviceCredentials, KioskConfig, KioskHost } from '../../shared/host';
import { IpcChannel } from '../../shared/ipc-channels';

/** The typed bridge: the page gets exactly these calls and no Electron or Node API. Main validates every payload. */
const kioskHost: KioskHost = {
  kind: 'electron',
  getConfig: () => ipcRenderer.invoke(IpcChannel.GetConfig) as Promise<KioskConfig>,
  getCredentials: () => ipcRenderer.invoke(IpcChannel.GetCredentials) as Promise<DeviceCredentials | null>,
  setCredentials: (credentials) => ipcRenderer.invoke(IpcChannel.SetCredentials, credentials) as Promise<void>,
  printHtml: (html) => ipcRenderer.invoke(IpcChannel.PrintHtml, { html }) as Promise<void>,
  appVersion: () => ipcRenderer.invoke(IpcChannel.AppVersion) as Promise<string>,
};

contextBridge.exposeInMainWorld('kioskHost', kioskHost);
