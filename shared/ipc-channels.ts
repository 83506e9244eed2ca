/** Every IPC channel between the kiosk page and the Electron main process. Names only: no libraries, so the sandboxed preload stays small. */
export const IpcChannel = {
  GetConfig: 'host:get-config',
  GetCredentials: 'host:get-credentials',
  SetCredentials: 'host:set-credentials',
  PrintHtml: 'host:print-html',
  AppVersion: 'host:app-version',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];
