import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcContract, type IpcContract, type IpcRequest, type IpcResponse } from '../../shared';

export type HostHandlers = { [C in keyof IpcContract]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

export class IpcRejection extends Error {
  constructor(
    readonly code: 'untrusted_sender' | 'invalid_request',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Registers every host channel with one wrapper that checks the sending frame and validates the payload before the
 * handler sees it. A bad request is refused with a specific error and reaches no handler.
 */
export function registerHostIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: HostHandlers,
  isTrustedFrameUrl: (url: string) => boolean,
): void {
  for (const channel of Object.keys(ipcContract) as (keyof IpcContract)[]) {
    const contract = ipcContract[channel];
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const frameUrl = event.senderFrame?.url;
      if (!frameUrl || !isTrustedFrameUrl(frameUrl)) {
        throw new IpcRejection('untrusted_sender', `${channel}: refused a call from an untrusted frame`);
      }
      const request = contract.request.safeParse(payload);
      if (!request.success) {
        throw new IpcRejection('invalid_request', `${channel}: ${request.error.issues[0]?.message ?? 'invalid request'}`);
      }
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return contract.response.parse(await handler(request.data));
    });
  }
}
