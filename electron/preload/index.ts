import { contextBridge, ipcRenderer } from 'electron';
import type { KioskHost } from '../../shared/host';
import type { IpcContract, IpcRequest, IpcResponse } from '../../shared/ipc';
import { IpcChannel } from '../../shared/ipc-channels';
import { disablePagePrint } from './print-guard';

/**
 * One typed call per channel, its request and answer types taken from the channel contract (shared/ipc.ts, imported
 * for its types only, so no library enters the sandboxed preload). A channel that takes no request takes no argument.
 * Main validates every request and every answer against the same contract.
 */
function invoke<C extends keyof IpcContract>(channel: C, ...request: IpcRequest<C> extends undefined ? [] : [IpcRequest<C>]): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, ...request);
}

/**
 * The typed bridge: the page gets exactly these calls and no Electron or Node API. Main validates every payload.
 * There is no call that returns the device token: main adds it to API requests itself.
 */
const kioskHost: KioskHost = {
  kind: 'electron',
  getConfig: () => invoke(IpcChannel.GetConfig),
  getCredentials: () => invoke(IpcChannel.GetCredentials),
  enrol: (request) => invoke(IpcChannel.Enrol, request),
  printHtml: (html) => invoke(IpcChannel.PrintHtml, { html }),
  appVersion: () => invoke(IpcChannel.AppVersion),
  getSettings: () => invoke(IpcChannel.GetSettings),
  saveSettings: (settings) => invoke(IpcChannel.SaveSettings, settings),
  getDataKey: () => invoke(IpcChannel.GetDataKey),
  reportReadiness: (state) => invoke(IpcChannel.ReportReadiness, state),
  checkForUpdate: () => invoke(IpcChannel.CheckForUpdate),
};

contextBridge.exposeInMainWorld('kioskHost', kioskHost);
contextBridge.executeInMainWorld({ func: disablePagePrint });
