/**
 * Types only: the shape of `window.fatturadesk`, derived from the API contract, for the renderer's Electron transport.
 * One function per contract method (argument optional when the method needs none) plus `onEvent`.
 */
import type { ApiArgs, ApiMethod, ApiResult } from '../core/api/contract';
import type { ApiResponse } from '../core/api/define';
import type { AppEventName, AppEventPayloads } from './app-events';

export type { AppEventName, AppEventPayloads };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type ArgsTuple<M extends ApiMethod> = {} extends ApiArgs<M> ? [args?: ApiArgs<M>] : [args: ApiArgs<M>];

export type BridgeMethod<M extends ApiMethod> = (...args: ArgsTuple<M>) => Promise<ApiResponse<ApiResult<M>>>;

export type FatturaDeskBridge = { readonly [M in ApiMethod]: BridgeMethod<M> } & {
  /** Subscribes to one of the allowed events; returns the function that unsubscribes. */
  onEvent<E extends AppEventName>(name: E, listener: (data: AppEventPayloads[E]) => void): () => void;
};

/** The global the preload defines: `window.fatturadesk`. */
export type BridgeGlobalName = 'fatturadesk';
