/** Every IPC channel between the kiosk page and the Electron main process. Names only: no libraries, so the sandboxed preload stays small. */
export const IpcChannel = {
  GetConfig: 'host:get-config',
  GetCredentials: 'host:get-credentials',
  Enrol: 'host:enrol',
  PrintHtml: 'host:print-html',
  AppVersion: 'host:app-version',
  GetSettings: 'host:get-settings',
  SaveSettings: 'host:save-settings',
  GetDataKey: 'host:get-data-key',
  ReportReadiness: 'host:report-readiness',
  CheckForUpdate: 'host:check-for-update',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];
