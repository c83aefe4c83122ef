/**
 * The one entry point every transport uses: looks the method up in the contract, validates the arguments with its
 * schema, checks its scope, runs mutations one at a time (single writer) and turns any error into AppErrorData.
 * A malformed call never reaches a handler and never writes.
 */
import type { z } from 'zod';
import { AppError, toErrorData } from '../errors';
import type { ApiResponse } from './define';
import { apiContract, type ApiContract, type ApiMethod, type ApiResult } from './contract';

export type HandlerFn<M extends ApiMethod, Ctx> = (
  args: z.output<ApiContract[M]['args']>,
  ctx: Ctx,
) => ApiResult<M> | Promise<ApiResult<M>>;

export type Handlers<Ctx> = { [M in ApiMethod]: HandlerFn<M, Ctx> };

export interface DispatchContext {
  /** True when a company file is open in this session. */
  hasCompany(): boolean;
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);
}

export function validateArgs<M extends ApiMethod>(method: M, raw: unknown): z.output<ApiContract[M]['args']> {
  const def = apiContract[method];
  let parsed: ReturnType<typeof def.args.safeParse>;
  try {
    parsed = def.args.safeParse(raw ?? {});
  } catch {
    // zod itself can throw on hostile shapes (e.g. a `length` that is an object whose valueOf and toString are not
    // functions, compared with a number): that is invalid input too, never an internal error.
    throw new AppError({
      code: 'ARGOMENTI_NON_VALIDI',
      message: `Dati non validi per ${method}: struttura dei dati non ammessa.`,
      fix: 'Correggi i campi indicati e riprova.',
    });
  }
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first?.path.map(String).join('.') || undefined;
    throw new AppError({
      code: 'ARGOMENTI_NON_VALIDI',
      message: `Dati non validi per ${method}: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
        .join('; ')}`,
      fix: 'Correggi i campi indicati e riprova.',
      field,
      details: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  return parsed.data as z.output<ApiContract[M]['args']>;
}

export function createDispatcher<Ctx extends DispatchContext>(handlers: Handlers<Ctx>) {
  let writeQueue: Promise<unknown> = Promise.resolve();

  async function call(method: unknown, raw: unknown, ctx: Ctx): Promise<ApiResponse<unknown>> {
    try {
      if (!isApiMethod(method)) {
        throw new AppError({
          code: 'METODO_SCONOSCIUTO',
          message: `Operazione sconosciuta: ${String(method).slice(0, 80)}`,
          fix: 'Controlla il nome dell’operazione (fatturadesk call --help le elenca tutte).',
        });
      }
      const def = apiContract[method];
      const args = validateArgs(method, raw);
      if (def.scope === 'company' && !ctx.hasCompany()) {
        throw new AppError({
          code: 'NESSUNA_AZIENDA_APERTA',
          message: 'Nessuna azienda aperta.',
          fix: 'Apri o crea un’azienda dal menu File.',
        });
      }
      const handler = handlers[method] as (a: unknown, c: Ctx) => unknown;
      if (!def.mutates) return { ok: true, result: await handler(args, ctx) };
      const run = writeQueue.then(() => handler(args, ctx));
      writeQueue = run.catch(() => undefined);
      return { ok: true, result: await run };
    } catch (e) {
      return { ok: false, error: toErrorData(e) };
    }
  }

  return { call };
}
