/**
 * Every migration the app knows, in order. Append only: an applied migration is never edited (its checksum is recorded
 * in each company file, and a changed checksum makes the file refuse to open).
 */
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-sdi-outbox';
import { migration0003 } from './0003-import';
import { migration0004 } from './0004-ipl';
import { migration0005 } from './0005-vault';
import { migration0006 } from './0006-list-indexes';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];
