/**
 * The folder between the SDICoop TrasmissioneFatture endpoint (writer) and FatturaDesk (reader): one file per SdI
 * message, named `<sequence, 12 digits>_<NomeFile>` (e.g. `000000000007_IT01234567897_00001_RC_001.xml`), written
 * atomically (temporary name, then rename), so a reader never sees half a file. The sequence gives the reading order
 * and the reader's cursor (the last sequence read); a NomeFile already in the folder is not written again (the SdI
 * repeats a call it believes failed). The folder may be local or a network share; one endpoint process writes it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sdiFileKind } from '../../core/sdi/transmitters/pec-envelope';
import { NOME_FILE_PATTERN } from '../../core/sdi/transmitters/soap';
import type { IncomingFile } from '../../core/sdi/transmitter';

const ENTRY = /^(\d{12})_([a-zA-Z0-9_.]{1,50})$/;
const TEMP_PREFIX = '.tmp-';

export interface FolderEntry {
  seq: number;
  fileName: string;
  path: string;
}

function entries(dir: string): FolderEntry[] {
  const out: FolderEntry[] = [];
  for (const name of readdirSync(dir)) {
    const m = ENTRY.exec(name);
    if (m) out.push({ seq: Number(m[1]), fileName: m[2]!, path: join(dir, name) });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

export class NotificationFolderWriter {
  private next: number;
  private readonly names: Set<string>;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    // Leftovers of a write cut short are not messages: the SdI repeats the call when it got no answer.
    for (const n of readdirSync(dir)) if (n.startsWith(TEMP_PREFIX)) rmSync(join(dir, n), { force: true });
    const all = entries(dir);
    this.next = (all.length ? all[all.length - 1]!.seq : 0) + 1;
    this.names = new Set(all.map((e) => e.fileName));
  }

  /** Writes the file unless its NomeFile is already there; returns whether it was new. */
  write(fileName: string, bytes: Uint8Array): { written: boolean; seq?: number } {
    if (!NOME_FILE_PATTERN.test(fileName)) throw new Error(`NomeFile non valido: ${fileName}`);
    if (this.names.has(fileName)) return { written: false };
    const seq = this.next++;
    const tmp = join(this.dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, join(this.dir, `${String(seq).padStart(12, '0')}_${fileName}`));
    this.names.add(fileName);
    return { written: true, seq };
  }
}

/** Files after `cursor` (a sequence number), oldest first, at most `max`. */
export function readNotificationFolder(dir: string, cursor: string | undefined, max: number): { files: IncomingFile[]; cursor?: string } {
  const after = cursor && /^\d{1,15}$/.test(cursor) ? Number(cursor) : 0;
  const list = entries(dir).filter((e) => e.seq > after).slice(0, max);
  const files: IncomingFile[] = list.map((e) => ({ fileName: e.fileName, bytes: new Uint8Array(readFileSync(e.path)), kind: sdiFileKind(e.fileName) ?? 'notification' }));
  const last = list.length ? String(list[list.length - 1]!.seq) : cursor;
  return last !== undefined ? { files, cursor: last } : { files };
}

/** True when a message about `invoiceBaseName` (e.g. IT01234567897_00001) is in the folder. */
export function folderHasNotificationFor(dir: string, invoiceBaseName: string): boolean {
  return entries(dir).some((e) => e.fileName.startsWith(`${invoiceBaseName}_`));
}
