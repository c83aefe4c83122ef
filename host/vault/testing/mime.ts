/**
 * Just enough MIME to check what the tests' SMTP server received: headers (unfolded, RFC 2047 encoded words decoded),
 * multipart bodies, base64 / quoted-printable parts, attachment names (RFC 2231 and RFC 2047 forms).
 */

export interface MimePart {
  headers: Map<string, string>;
  body: Buffer;
  parts: MimePart[];
}

export interface ParsedMail {
  subject: string;
  from: string;
  to: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

function decodeQ(s: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes).toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
}

/** "=?UTF-8?Q?...?= =?UTF-8?B?...?=" -> text (whitespace between adjacent encoded words dropped). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1') : decodeQ(data, charset),
    );
}

function parseHeaders(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

/** Parameters of a structured header, with RFC 2231 continuations (name*0*=, name*1*=) and charsets joined. */
export function headerParams(value: string): { value: string; params: Map<string, string> } {
  const [first, ...rest] = value.split(';');
  const raw = new Map<string, string>();
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    const k = p.slice(0, i).trim().toLowerCase();
    let v = p.slice(i + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    raw.set(k, v);
  }
  const params = new Map<string, string>();
  const continued = new Map<string, { idx: number; v: string; enc: boolean }[]>();
  for (const [k, v] of raw) {
    const m = /^([^*]+)\*(\d+)?(\*)?$/.exec(k);
    if (!m) {
      params.set(k, decodeWords(v));
      continue;
    }
    const list = continued.get(m[1]!) ?? [];
    list.push({ idx: m[2] === undefined ? 0 : Number(m[2]), v, enc: m[3] === '*' || (m[2] === undefined && k.endsWith('*')) });
    continued.set(m[1]!, list);
  }
  for (const [name, list] of continued) {
    list.sort((a, b) => a.idx - b.idx);
    let charset = 'utf-8';
    const bytes: number[] = [];
    list.forEach((seg, i) => {
      let v = seg.v;
      if (i === 0 && seg.enc) {
        const m = /^([^']*)'[^']*'(.*)$/.exec(v);
        if (m) {
          charset = m[1] || 'utf-8';
          v = m[2]!;
        }
      }
      if (seg.enc) for (let j = 0; j < v.length; j++) {
        if (v[j] === '%') {
          bytes.push(parseInt(v.slice(j + 1, j + 3), 16));
          j += 2;
        } else bytes.push(v.charCodeAt(j));
      }
      else for (const b of Buffer.from(v, 'utf8')) bytes.push(b);
    });
    params.set(name, Buffer.from(bytes).toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1'));
  }
  return { value: first!.trim().toLowerCase(), params };
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (enc === 'quoted-printable') {
    const s = body.toString('latin1').replace(/=\r?\n/g, '');
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        out.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else out.push(s.charCodeAt(i));
    }
    return Buffer.from(out);
  }
  return body;
}

export function parseMime(raw: Buffer): MimePart {
  const s = raw.toString('latin1');
  const sep = s.search(/\r?\n\r?\n/);
  const headerBlock = sep < 0 ? s : s.slice(0, sep);
  const bodyStart = sep < 0 ? s.length : sep + (s.slice(sep).startsWith('\r\n\r\n') ? 4 : 2);
  const headers = parseHeaders(headerBlock);
  const ct = headerParams(headers.get('content-type') ?? 'text/plain');
  const rawBody = raw.subarray(bodyStart);
  const parts: MimePart[] = [];
  if (ct.value.startsWith('multipart/')) {
    const boundary = ct.params.get('boundary')!;
    const text = rawBody.toString('latin1');
    const pieces = text.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?\\r?\\n?`));
    for (const p of pieces.slice(1)) if (p.trim() !== '') parts.push(parseMime(Buffer.from(p, 'latin1')));
    return { headers, body: Buffer.alloc(0), parts };
  }
  return { headers, body: decodeBody(rawBody, headers.get('content-transfer-encoding')), parts };
}

function leaves(p: MimePart): MimePart[] {
  return p.parts.length ? p.parts.flatMap(leaves) : [p];
}

export function parseMail(raw: Buffer): ParsedMail {
  const root = parseMime(raw);
  const out: ParsedMail = {
    subject: decodeWords(root.headers.get('subject') ?? ''),
    from: decodeWords(root.headers.get('from') ?? ''),
    to: decodeWords(root.headers.get('to') ?? ''),
    text: '',
    attachments: [],
  };
  for (const leaf of leaves(root)) {
    const disp = headerParams(leaf.headers.get('content-disposition') ?? 'inline');
    const ct = headerParams(leaf.headers.get('content-type') ?? 'text/plain');
    const filename = disp.params.get('filename') ?? ct.params.get('name');
    if (disp.value === 'attachment' || filename) out.attachments.push({ filename: filename ?? '', contentType: ct.value, content: leaf.body });
    else if (ct.value === 'text/plain') out.text += leaf.body.toString((ct.params.get('charset') ?? 'utf-8').toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
  }
  return out;
}
