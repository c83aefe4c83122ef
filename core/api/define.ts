/**
 * The building blocks of the API contract: one entry per method with its scope, argument schema (zod, validated at every
 * boundary) and result type. Electron IPC, the local web host, the CLI and the renderer client are all derived from the
 * contract in ./contract.ts, so a renamed method or a changed argument breaks the build, not the user.
 */
import { z } from 'zod';

z.config(z.locales.it());
// No `new Function` probing: the renderer's CSP forbids eval, and zod works the same without it.
z.config({ jitless: true });

/** 'app': works without an open company (company list, file checks). 'company': needs the company file open. */
export type MethodScope = 'app' | 'company';

export interface MethodDef<A extends z.ZodType, R> {
  scope: MethodScope;
  args: A;
  /** One line, Italian, shown by `fatturadesk call --help`. */
  doc: string;
  /** Writes to the company file: hosts run these one at a time (single writer). */
  mutates: boolean;
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: R;
}

/** `method<ResultType>()({ scope, args, doc, mutates })`: the curried form lets TS infer the args schema. */
export function method<R>() {
  return <A extends z.ZodType>(def: { scope: MethodScope; args: A; doc: string; mutates?: boolean }): MethodDef<A, R> => ({
    scope: def.scope,
    args: def.args,
    doc: def.doc,
    mutates: def.mutates ?? false,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethodDef = MethodDef<z.ZodType, any>;
export type Contract = Record<string, AnyMethodDef>;

export type ArgsOf<D> = D extends MethodDef<infer A, unknown> ? z.input<A> : never;
export type ParsedArgsOf<D> = D extends MethodDef<infer A, unknown> ? z.output<A> : never;
export type ResultOf<D> = D extends MethodDef<z.ZodType, infer R> ? R : never;

/** What every transport returns: the result, or an error the UI can show next to its cause. */
export type ApiResponse<R> = { ok: true; result: R } | { ok: false; error: import('../errors').AppErrorData };
