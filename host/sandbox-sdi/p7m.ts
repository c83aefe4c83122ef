/**
 * Opens a CAdES envelope (.xml.p7m: CMS SignedData, RFC 5652) and returns the signed content, so the sandbox can check
 * signed FPA12 files. Reads BER as well as DER (signing tools write indefinite lengths and chunked OCTET STRINGs) and
 * base64-wrapped files. The signature itself is not verified: the sandbox is not a certification authority.
 */

interface Node {
  tag: number;
  constructed: boolean;
  /** Content bytes (primitive) */
  content: Uint8Array;
  children: Node[];
}

const SIGNED_DATA_OID = Uint8Array.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
const MAX_DEPTH = 64;

/** Parses one BER element at `at`; returns it and the offset after it. Throws on malformed input. */
function parse(bytes: Uint8Array, at: number, depth: number): [Node, number] {
  if (depth > MAX_DEPTH) throw new Error('troppo annidato');
  if (at + 2 > bytes.length) throw new Error('troncato');
  let tag = bytes[at++]!;
  const constructed = (tag & 0x20) !== 0;
  if ((tag & 0x1f) === 0x1f) {
    // High tag numbers never occur in the structures read here; skip their bytes to stay aligned.
    while (at < bytes.length && bytes[at]! & 0x80) at++;
    at++;
    tag = -1;
  }
  let len = bytes[at++]!;
  if (len === 0x80) {
    if (!constructed) throw new Error('lunghezza indefinita su elemento primitivo');
    const children: Node[] = [];
    for (;;) {
      if (at + 2 > bytes.length) throw new Error('troncato');
      if (bytes[at] === 0 && bytes[at + 1] === 0) return [{ tag, constructed, content: new Uint8Array(0), children }, at + 2];
      const [child, next] = parse(bytes, at, depth + 1);
      children.push(child);
      at = next;
    }
  }
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new Error('lunghezza eccessiva');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[at++]!;
  }
  const end = at + len;
  if (end > bytes.length) throw new Error('troncato');
  const content = bytes.subarray(at, end);
  const children: Node[] = [];
  if (constructed) {
    for (let p = at; p < end; ) {
      const [child, next] = parse(bytes, p, depth + 1);
      children.push(child);
      p = next;
    }
  }
  return [{ tag, constructed, content, children }, end];
}

function octets(node: Node): Uint8Array {
  if (!node.constructed) return node.content;
  const parts = node.children.map(octets);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** The signed document inside a .p7m, or undefined when the bytes are not a CMS SignedData with attached content. */
export function unwrapP7m(bytes: Uint8Array): Uint8Array | undefined {
  let der = bytes;
  if (der[0] !== 0x30) {
    const text = Buffer.from(der).toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
    der = Buffer.from(text, 'base64');
  }
  try {
    const [root] = parse(der, 0, 0);
    const [type, wrapped] = root.children;
    if (root.tag !== 0x30 || !type || type.tag !== 0x06 || !sameBytes(type.content, SIGNED_DATA_OID)) return undefined;
    const signedData = wrapped?.tag === 0xa0 ? wrapped.children[0] : undefined;
    const encap = signedData?.children.find((c, i) => i > 0 && c.tag === 0x30 && c.children[0]?.tag === 0x06);
    const eContent = encap?.children[1];
    if (!eContent || eContent.tag !== 0xa0 || !eContent.children[0]) return undefined;
    const content = octets(eContent.children[0]);
    return content.length > 0 ? content : undefined;
  } catch {
    return undefined;
  }
}
