/**
 * One IPC handler per API method, on channel `api:<method>`: checks that the call comes from the app's own frame, then
 * hands the single argument to the host's `api.call`, which validates it against the contract, checks the scope and
 * serialises writes. What comes back is always an ApiResponse; a refused sender gets one too, and never reaches the API.
 */
import { apiMethods } from '../core/api/contract';
import type { ApiResponse } from '../core/api/define';
import { apiChannel } from './bridge';
import { isTrustedSender, type SenderFrameLike } from './security/ipc-sender';

export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcApi {
  call(method: string, args: unknown): Promise<ApiResponse<unknown>>;
}

export interface RegisterApiIpcOptions {
  ipcMain: IpcMainLike;
  api: IpcApi;
  methods?: readonly string[];
  isTrusted?: (frame: SenderFrameLike | null) => boolean;
  /** Runs after each served call (e.g. to refresh the recent-companies menu after companies.open). */
  afterCall?: (method: string, response: ApiResponse<unknown>) => void;
}

export const REFUSED_SENDER: ApiResponse<never> = Object.freeze({
  ok: false,
  error: Object.freeze({
    code: 'MITTENTE_NON_AUTORIZZATO',
    message: 'Richiesta rifiutata: non proviene da una pagina di FatturaDesk.',
    fix: 'Riavvia FatturaDesk; se si ripete, contatta l’assistenza.',
  }),
}) as ApiResponse<never>;

/** Registers the handlers; returns the function that removes them. */
export function registerApiIpc(opts: RegisterApiIpcOptions): () => void {
  const methods = opts.methods ?? apiMethods;
  const isTrusted = opts.isTrusted ?? isTrustedSender;
  const channels: string[] = [];
  for (const method of methods) {
    const channel = apiChannel(method);
    opts.ipcMain.handle(channel, async (event, args) => {
      if (!isTrusted(event?.senderFrame ?? null)) return REFUSED_SENDER;
      const response = await opts.api.call(method, args);
      opts.afterCall?.(method, response);
      return response;
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) opts.ipcMain.removeHandler(channel);
  };
}
