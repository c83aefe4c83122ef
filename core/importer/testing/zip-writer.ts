/**
 * Test helper: writes ZIP archives (stored or deflated with node:zlib), with knobs to make hostile ones: lying sizes,
 * path-traversal names, encrypted flags, CP437 names.
 */
import { deflateRawSync } from 'node:zlib';
import { concat, type Bytes } from './der';

export interface TestZipEntry {
  name: string | Bytes;
  bytes: Bytes;
  deflate?: boolean;
  /** Written in the headers instead of the real uncompressed size. */
  declaredSize?: number;
  encrypted?: boolean;
  /** Set the UTF-8 flag (default: true for string names). */
  utf8?: boolean;
}

let table: Int32Array | undefined;
export function crc32(b: Bytes): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < b.length; i++) c = table[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function header(size: number): { buf: Uint8Array; view: DataView } {
  const buf = new Uint8Array(size);
  return { buf, view: new DataView(buf.buffer) };
}

export function writeZip(entries: readonly TestZipEntry[]): Bytes {
  const locals: Bytes[] = [];
  const centrals: Bytes[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? new TextEncoder().encode(e.name) : e.name;
    const data = e.deflate ? new Uint8Array(deflateRawSync(e.bytes)) : e.bytes;
    const crc = crc32(e.bytes);
    const size = e.declaredSize ?? e.bytes.length;
    const flags = (e.encrypted ? 1 : 0) | ((e.utf8 ?? typeof e.name === 'string') ? 0x800 : 0);
    const method = e.deflate ? 8 : 0;
    const l = header(30);
    l.view.setUint32(0, 0x04034b50, true);
    l.view.setUint16(4, 20, true);
    l.view.setUint16(6, flags, true);
    l.view.setUint16(8, method, true);
    l.view.setUint32(14, crc, true);
    l.view.setUint32(18, data.length, true);
    l.view.setUint32(22, size, true);
    l.view.setUint16(26, name.length, true);
    locals.push(l.buf, name, data);
    const c = header(46);
    c.view.setUint32(0, 0x02014b50, true);
    c.view.setUint16(4, 20, true);
    c.view.setUint16(6, 20, true);
    c.view.setUint16(8, flags, true);
    c.view.setUint16(10, method, true);
    c.view.setUint32(16, crc, true);
    c.view.setUint32(20, data.length, true);
    c.view.setUint32(24, size, true);
    c.view.setUint16(28, name.length, true);
    c.view.setUint32(42, offset, true);
    centrals.push(c.buf, name);
    offset += 30 + name.length + data.length;
  }
  const cd = concat(...centrals);
  const end = header(22);
  end.view.setUint32(0, 0x06054b50, true);
  end.view.setUint16(8, entries.length, true);
  end.view.setUint16(10, entries.length, true);
  end.view.setUint32(12, cd.length, true);
  end.view.setUint32(16, offset, true);
  return concat(...locals, cd, end.buf);
}
