/**
 * Every migration the app knows, in order. Append only: an applied migration is never edited (its checksum is recorded
 * in each company file, and a changed checksum makes the file refuse to open).
 */
import { migration0001 } from './0001-initial';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration0001];
