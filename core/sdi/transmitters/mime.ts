/**
 * A small MIME reader (RFC 2045-2047, 2231) for what the SdI channels receive: PEC messages (a signed envelope holding
 * daticert.xml and postacert.eml, which holds the SdI's files) and MTOM/XOP SOAP answers (multipart/related). It works
 * on bytes (no Node Buffer: core also type-checks for the renderer), never throws on a malformed message (problems are
 * collected on the part), and bounds nesting and part counts so a hostile message cannot make it loop or blow up.
 */

export interface MimeHeader {
  /** Lower-cased. */
  name: string;
  /** Unfolded, as it came (encoded words not decoded). */
  value: string;
}

export interface MimePart {
  headers: MimeHeader[];
  /** Lower-cased "type/subtype"; text/plain when absent. */
  contentType: string;
  /** Content-Type parameters, names lower-cased, RFC 2231 continuations and charsets decoded. */
  params: Record<string, string>;
  disposition?: string;
  dispositionParams: Record<string, string>;
  /** filename of Content-Disposition, else name of Content-Type (encoded words decoded). */
  fileName?: string;
  /** Lower-cased Content-Transfer-Encoding (7bit when absent). */
  transferEncoding: string;
  /** Body bytes as they are on the wire (still transfer-encoded). */
  raw: Uint8Array;
  /** Children of a multipart. */
  parts: MimePart[];
  /** The message inside a message/rfc822 part. */
  message?: MimePart;
  /** What could not be read (bad base64, missing boundary, too deep). */
  problems: string[];
}

export interface MimeLimits {
  maxDepth?: number;
  maxParts?: number;
}

const CR = 13;
const LF = 10;
const DASH = 45;

/** Latin-1 view of bytes, byte for byte (TextDecoder's "latin1" is windows-1252, which is not). */
export function bytesToBinary(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = start; i < end; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + CHUNK)));
  return s;
}

export function binaryToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const n = needle.length;
  if (n === 0) return from;
  const first = needle[0]!;
  const last = hay.length - n;
  outer: for (let i = from; i <= last; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** End of the header block: index of the first byte of the body, and where the headers stop. */
function splitHeaderBlock(bytes: Uint8Array): { headerEnd: number; bodyStart: number } {
  // A part may start directly with an empty line (no headers).
  if (bytes[0] === LF) return { headerEnd: 0, bodyStart: 1 };
  if (bytes[0] === CR && bytes[1] === LF) return { headerEnd: 0, bodyStart: 2 };
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== LF) continue;
    if (bytes[i + 1] === LF) return { headerEnd: i + 1, bodyStart: i + 2 };
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return { headerEnd: i + 1, bodyStart: i + 3 };
  }
  return { headerEnd: bytes.length, bodyStart: bytes.length };
}

export function parseHeaderLines(text: string): MimeHeader[] {
  const out: MimeHeader[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && out.length > 0) {
      out[out.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return out;
}

export function headerValue(part: Pick<MimePart, 'headers'>, name: string): string | undefined {
  const n = name.toLowerCase();
  return part.headers.find((h) => h.name === n)?.value;
}

function decodeCharset(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase() || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function percentDecode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return new Uint8Array(out);
}

/** "=?utf-8?B?...?=" and "=?iso-8859-1?Q?...?=" words (RFC 2047); anything else stays as it is. */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two encoded words is not part of the text.
  return value.replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?)/g, '$1').replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (whole, charset: string, enc: string, text: string) => {
    try {
      const bytes = enc.toUpperCase() === 'B' ? decodeBase64Strict(text) : decodeQuotedPrintable(binaryToBytes(text.replace(/_/g, ' ')));
      if (!bytes) return whole;
      return decodeCharset(bytes, charset.split('*')[0]!);
    } catch {
      return whole;
    }
  });
}

/** `type/subtype; a=b; c="d e"` -> value and parameters (RFC 2231 continuations and charsets joined). */
export function parseHeaderParams(value: string): { value: string; params: Record<string, string> } {
  const segments: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"' ) quoted = !quoted;
    if (c === '\\' && quoted && i + 1 < value.length) {
      cur += c + value[++i];
      continue;
    }
    if (c === ';' && !quoted) {
      segments.push(cur);
      cur = '';
    } else cur += c;
  }
  segments.push(cur);
  const main = segments.shift()!.trim().toLowerCase();
  const plain: Record<string, string> = {};
  const pieces: Record<string, { n: number; v: string; encoded: boolean }[]> = {};
  for (const seg of segments) {
    const eq = seg.indexOf('=');
    if (eq <= 0) continue;
    const rawName = seg.slice(0, eq).trim().toLowerCase();
    let v = seg.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    const m = /^([^*]+)\*(\d+)?(\*)?$/.exec(rawName);
    if (m) {
      // name*=charset'lang'value, name*0=..., name*1*=...
      const list = (pieces[m[1]!] ??= []);
      list.push({ n: m[2] === undefined ? 0 : Number(m[2]), v, encoded: m[3] === '*' || (m[2] === undefined && rawName.endsWith('*')) });
    } else plain[rawName] = v;
  }
  for (const [name, list] of Object.entries(pieces)) {
    list.sort((a, b) => a.n - b.n);
    let charset = 'utf-8';
    const bytes: number[] = [];
    list.forEach((p, i) => {
      let v = p.v;
      if (i === 0 && p.encoded) {
        const q = /^([^']*)'[^']*'(.*)$/.exec(v);
        if (q) {
          charset = q[1] || 'utf-8';
          v = q[2]!;
        }
      }
      const b = p.encoded ? percentDecode(v) : binaryToBytes(v);
      for (const x of b) bytes.push(x);
    });
    plain[name] = decodeCharset(new Uint8Array(bytes), charset);
  }
  return { value: main, params: plain };
}

const B64 = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

/** Base64 with line breaks and spaces allowed; undefined when any other character or a bad length appears. */
export function decodeBase64Strict(text: string | Uint8Array): Uint8Array | undefined {
  const src = typeof text === 'string' ? binaryToBytes(text) : text;
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let acc = 0;
  let bits = 0;
  let n = 0;
  let count = 0;
  let padding = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 13 || c === 10 || c === 32 || c === 9) continue;
    if (c === 61) {
      padding++;
      continue;
    }
    if (padding > 0) return undefined; // data after "="
    const v = B64[c]!;
    if (v < 0) return undefined;
    count++;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (count % 4 === 1 || padding > 2 || (padding > 0 && (count + padding) % 4 !== 0)) return undefined;
  return out.subarray(0, n);
}

export function decodeQuotedPrintable(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  let n = 0;
  const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c !== 61) {
      out[n++] = c;
      continue;
    }
    // Soft line break: "=" then optional spaces then CRLF / LF.
    let j = i + 1;
    while (src[j] === 32 || src[j] === 9) j++;
    if (src[j] === CR && src[j + 1] === LF) {
      i = j + 1;
      continue;
    }
    if (src[j] === LF) {
      i = j;
      continue;
    }
    if (j >= src.length) {
      i = j;
      continue;
    }
    const h = hex(src[i + 1] ?? 0);
    const l = hex(src[i + 2] ?? 0);
    if (h >= 0 && l >= 0) {
      out[n++] = h * 16 + l;
      i += 2;
    } else out[n++] = c; // not an escape: kept, as decoders commonly do
  }
  return out.subarray(0, n);
}

/** The part's body, transfer decoding undone; undefined (and a problem noted) when it cannot be decoded. */
export function partBody(part: MimePart): Uint8Array | undefined {
  switch (part.transferEncoding) {
    case 'base64': {
      const b = decodeBase64Strict(part.raw);
      if (!b) part.problems.push('contenuto base64 non valido');
      return b;
    }
    case 'quoted-printable':
      return decodeQuotedPrintable(part.raw);
    default:
      return part.raw;
  }
}

/** Splits a multipart body at its boundary lines. */
function splitMultipart(body: Uint8Array, boundary: string): { parts: Uint8Array[]; closed: boolean } {
  const delim = binaryToBytes(`--${boundary}`);
  const parts: Uint8Array[] = [];
  let pos = 0;
  let partStart = -1;
  let closed = false;
  while (pos <= body.length) {
    const at = indexOfBytes(body, delim, pos);
    if (at < 0) break;
    // A delimiter only counts at the start of a line.
    if (at !== 0 && body[at - 1] !== LF) {
      pos = at + 1;
      continue;
    }
    const after = at + delim.length;
    const isClose = body[after] === DASH && body[after + 1] === DASH;
    // The rest of the delimiter line must be transport padding (spaces) only, unless it is the close delimiter.
    let lineEnd = after + (isClose ? 2 : 0);
    while (lineEnd < body.length && (body[lineEnd] === 32 || body[lineEnd] === 9)) lineEnd++;
    if (!isClose && lineEnd < body.length && body[lineEnd] !== CR && body[lineEnd] !== LF) {
      pos = at + 1; // "--boundaryX": a longer boundary, not ours
      continue;
    }
    if (partStart >= 0) {
      // The line break before the delimiter belongs to the delimiter.
      let end = at;
      if (end > partStart && body[end - 1] === LF) end--;
      if (end > partStart && body[end - 1] === CR) end--;
      parts.push(body.subarray(partStart, Math.max(partStart, end)));
    }
    if (isClose) {
      closed = true;
      break;
    }
    if (body[lineEnd] === CR && body[lineEnd + 1] === LF) lineEnd += 2;
    else if (body[lineEnd] === LF) lineEnd += 1;
    partStart = lineEnd;
    pos = lineEnd;
  }
  if (!closed && partStart >= 0 && partStart < body.length) parts.push(body.subarray(partStart));
  return { parts, closed };
}

interface Budget {
  parts: number;
  maxParts: number;
  maxDepth: number;
}

function parseAt(bytes: Uint8Array, depth: number, budget: Budget, defaultType = 'text/plain'): MimePart {
  budget.parts++;
  const { headerEnd, bodyStart } = splitHeaderBlock(bytes);
  const headers = parseHeaderLines(bytesToBinary(bytes, 0, headerEnd));
  const get = (n: string) => headers.find((h) => h.name === n)?.value;
  const ct = parseHeaderParams(get('content-type') ?? defaultType);
  const cd = get('content-disposition');
  const disp = cd ? parseHeaderParams(cd) : undefined;
  const part: MimePart = {
    headers,
    contentType: /^[\w.+-]+\/[\w.+-]+$/.test(ct.value) ? ct.value : defaultType,
    params: ct.params,
    dispositionParams: disp?.params ?? {},
    transferEncoding: (get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
    raw: bytes.subarray(bodyStart),
    parts: [],
    problems: [],
  };
  if (disp) part.disposition = disp.value;
  const name = disp?.params.filename ?? ct.params.name;
  if (name !== undefined) part.fileName = decodeEncodedWords(name).trim();
  if (part.contentType.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (!boundary) part.problems.push('multipart senza boundary');
    else if (depth >= budget.maxDepth) part.problems.push('struttura MIME troppo annidata');
    else {
      const { parts, closed } = splitMultipart(part.raw, boundary);
      if (!closed) part.problems.push('multipart non chiuso');
      const childDefault = part.contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
      for (const p of parts) {
        if (budget.parts >= budget.maxParts) {
          part.problems.push('troppe parti MIME');
          break;
        }
        part.parts.push(parseAt(p, depth + 1, budget, childDefault));
      }
    }
  } else if (part.contentType === 'message/rfc822') {
    if (depth >= budget.maxDepth) part.problems.push('struttura MIME troppo annidata');
    else {
      const inner = partBody(part);
      if (inner) part.message = parseAt(inner, depth + 1, budget);
    }
  }
  return part;
}

/** Parses a whole message (or a part with its headers). Never throws. */
export function parseMime(bytes: Uint8Array, limits: MimeLimits = {}): MimePart {
  return parseAt(bytes, 0, { parts: 0, maxParts: limits.maxParts ?? 2000, maxDepth: limits.maxDepth ?? 12 });
}

/** Every part of the tree, depth first (messages inside message/rfc822 parts included when `intoMessages`). */
export function walkParts(part: MimePart, intoMessages = false): MimePart[] {
  const out: MimePart[] = [];
  const visit = (p: MimePart) => {
    out.push(p);
    for (const c of p.parts) visit(c);
    if (intoMessages && p.message) visit(p.message);
  };
  visit(part);
  return out;
}

/** "Per conto di: a@b.it" <x@y.it>, a@b.it, <a@b.it> -> lower-cased addresses, in order. */
export function addressesIn(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  const re = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
  for (const m of decodeEncodedWords(value).matchAll(re)) out.push(m[0].toLowerCase());
  return out;
}
