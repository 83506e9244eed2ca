import { z } from 'zod';
import { bridgeDeviceSchema, dataKeySchema, hostEnrolRequestSchema, enrolResultSchema, kioskConfigSchema, kioskSettingsSchema, printRequestSchema, settingsViewSchema, updateCheckAnswerSchema, updateReadinessSchema } from './host';
import { IpcChannel } from './ipc-channels';

/**
 * Request and response schemas for each channel; main validates every request against these, and every answer too:
 * the device answer's schema has no token field, so a token handed to it by mistake is stripped, never sent.
 */
export const ipcContract = {
  [IpcChannel.GetConfig]: { request: z.undefined(), response: kioskConfigSchema },
  [IpcChannel.GetCredentials]: { request: z.undefined(), response: bridgeDeviceSchema.nullable() },
  [IpcChannel.Enrol]: { request: hostEnrolRequestSchema, response: enrolResultSchema },
  [IpcChannel.PrintHtml]: { request: printRequestSchema, response: z.void() },
  [IpcChannel.AppVersion]: { request: z.undefined(), response: z.string() },
  [IpcChannel.GetSettings]: { request: z.undefined(), response: settingsViewSchema },
  [IpcChannel.SaveSettings]: { request: kioskSettingsSchema, response: z.void() },
  [IpcChannel.GetDataKey]: { request: z.undefined(), response: dataKeySchema },
  [IpcChannel.ReportReadiness]: { request: updateReadinessSchema, response: z.void() },
  [IpcChannel.CheckForUpdate]: { request: z.undefined(), response: updateCheckAnswerSchema },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcRequest<C extends keyof IpcContract> = z.infer<IpcContract[C]['request']>;
export type IpcResponse<C extends keyof IpcContract> = z.infer<IpcContract[C]['response']>;
