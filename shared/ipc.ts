import { z } from 'zod';
import { deviceCredentialsSchema, kioskConfigSchema, printRequestSchema } from './host';
import { IpcChannel } from './ipc-channels';

/** Request and response schemas for each channel; main validates every request against these. */
export const ipcContract = {
  [IpcChannel.GetConfig]: { request: z.undefined(), response: kioskConfigSchema },
  [IpcChannel.GetCredentials]: { request: z.undefined(), response: deviceCredentialsSchema.nullable() },
  [IpcChannel.SetCredentials]: { request: deviceCredentialsSchema.nullable(), response: z.void() },
  [IpcChannel.PrintHtml]: { request: printRequestSchema, response: z.void() },
  [IpcChannel.AppVersion]: { request: z.undefined(), response: z.string() },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcRequest<C extends keyof IpcContract> = z.infer<IpcContract[C]['request']>;
export type IpcResponse<C extends keyof IpcContract> = z.infer<IpcContract[C]['response']>;
