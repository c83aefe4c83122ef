/**
 * A streaming ZIP writer for the accountant's export: entries go straight to the file as they are added (nothing is
 * held in memory but the central directory), deflated with node:zlib when that makes them smaller (PDFs, XML) and
 * stored otherwise, with UTF-8 names in folders. ZIP64 records are written when the archive passes 65,535 entries or
 * 4 GB, so a year of a busy company still opens. The file is written under a temporary name and renamed into place
 * only when complete: a cancelled or failed export leaves nothing behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const UTF8_NAMES = 0x0800;

interface CentralEntry {
  name: Buffer;
  crc: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return { date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(), time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2) };
}

/** Only relative paths of plain segments: no drive letters, no `..`, no backslashes. */
function checkName(name: string): void {
  if (name === '' || name.length > 400 || name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`Nome non ammesso in un archivio: ${name.slice(0, 80)}`);
  }
}

export class ZipFileWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private readonly names = new Set<string>();
  private readonly stamp: { date: number; time: number };
  private done = false;

  constructor(
    private readonly path: string,
    when: Date = new Date(),
  ) {
    this.tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    this.fd = openSync(this.tmp, 'wx', 0o644);
    this.stamp = dosDateTime(when);
  }

  get bytesWritten(): number {
    return this.offset;
  }

  private write(buf: Uint8Array): void {
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.offset += buf.length;
  }

  add(name: string, data: Uint8Array): void {
    if (this.done) throw new Error('Archivio già chiuso');
    checkName(name);
    if (this.names.has(name)) throw new Error(`File ripetuto nell’archivio: ${name}`);
    this.names.add(name);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const deflated = data.length > 64 ? deflateRawSync(data, { level: 6 }) : undefined;
    const useDeflate = deflated !== undefined && deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    if (body.length >= MAX32 || data.length >= MAX32) throw new Error(`File troppo grande per l’archivio: ${name}`);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(UTF8_NAMES, 6);
    h.writeUInt16LE(useDeflate ? 8 : 0, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(body.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(nameBuf.length, 26);
    h.writeUInt16LE(0, 28);
    const offset = this.offset;
    this.write(h);
    this.write(nameBuf);
    this.write(body);
    this.entries.push({ name: nameBuf, crc, method: useDeflate ? 8 : 0, compressed: body.length, size: data.length, offset });
  }

  /** Writes the central directory, syncs the file and renames it into place. */
  close(): void {
    if (this.done) return;
    const cdStart = this.offset;
    for (const e of this.entries) {
      const zip64 = e.offset >= MAX32;
      const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
      if (zip64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(e.offset), 4);
      }
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
      c.writeUInt16LE(zip64 ? 45 : 20, 6);
      c.writeUInt16LE(UTF8_NAMES, 8);
      c.writeUInt16LE(e.method, 10);
      c.writeUInt16LE(this.stamp.time, 12);
      c.writeUInt16LE(this.stamp.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt16LE(extra.length, 30);
      c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
      c.writeUInt32LE(zip64 ? MAX32 : e.offset, 42);
      this.write(c);
      this.write(e.name);
      this.write(extra);
    }
    const cdSize = this.offset - cdStart;
    const needs64 = this.entries.length >= MAX16 || cdStart >= MAX32 || cdSize >= MAX32;
    if (needs64) {
      const eocd64At = this.offset;
      const r = Buffer.alloc(56);
      r.writeUInt32LE(0x06064b50, 0);
      r.writeBigUInt64LE(44n, 4);
      r.writeUInt16LE(45, 12);
      r.writeUInt16LE(45, 14);
      r.writeBigUInt64LE(BigInt(this.entries.length), 24);
      r.writeBigUInt64LE(BigInt(this.entries.length), 32);
      r.writeBigUInt64LE(BigInt(cdSize), 40);
      r.writeBigUInt64LE(BigInt(cdStart), 48);
      this.write(r);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeBigUInt64LE(BigInt(eocd64At), 8);
      loc.writeUInt32LE(1, 16);
      this.write(loc);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(this.entries.length, MAX16), 8);
    end.writeUInt16LE(Math.min(this.entries.length, MAX16), 10);
    end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    end.writeUInt32LE(Math.min(cdStart, MAX32), 16);
    this.write(end);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.done = true;
    renameSync(this.tmp, this.path);
  }

  /** Drops the partial file. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } finally {
      try {
        unlinkSync(this.tmp);
      } catch {
        // already gone
      }
    }
  }
}
