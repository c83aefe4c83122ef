/**
 * Small helpers shared by the repositories: paging bounds, NULL <-> undefined, LIKE escaping, timestamps, and named
 * placeholders for drizzle prepared statements (building a drizzle query costs a few hundred microseconds; a prepared
 * one runs in about the time of the raw statement, so every query on the registration path is prepared once).
 */
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Page, Paging } from '../../core/ports';

/** `{ a: sql.placeholder('a'), b: sql.placeholder('b') }` for drizzle's values()/set(). */
export function placeholders<K extends string>(...keys: K[]): { [P in K]: Placeholder<P> } {
  const out = {} as { [P in K]: Placeholder<P> };
  for (const k of keys) (out as Record<string, Placeholder>)[k] = sql.placeholder(k);
  return out;
}

/** The same for update().set(), whose types take SQL rather than bare placeholders. */
export function setPlaceholders<K extends string>(...keys: K[]): { [P in K]: SQL } {
  const out = {} as { [P in K]: SQL };
  for (const k of keys) (out as Record<string, SQL>)[k] = sql`${sql.placeholder(k)}`;
  return out;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageBounds(p: Paging): { offset: number; limit: number } {
  const offset = Number.isSafeInteger(p.offset) && p.offset! > 0 ? p.offset! : 0;
  const limit = Number.isSafeInteger(p.limit) && p.limit! > 0 ? Math.min(p.limit!, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return { offset, limit };
}

export function page<T>(rows: T[], total: number, bounds: { offset: number; limit: number }): Page<T> {
  return { rows, total, offset: bounds.offset, limit: bounds.limit };
}

/** SQL NULL becomes a missing property, so stored objects look like the ones the services passed in. */
export function opt<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

/** Empty strings and undefined are stored as NULL. */
export function nul(v: string | undefined | null): string | null {
  return v === undefined || v === null || v === '' ? null : v;
}

/** Drops properties whose value is undefined (keeps objects comparable and JSON small). */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Escapes %, _ and \ for `LIKE ... ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function parseJson<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
}
