/**
 * Turns a subtree parsed by fast-xml-parser (preserveOrder, entities left as written) back into XML text. Used for
 * ds:Signature, which the model carries as an opaque fragment: text and attribute values are emitted exactly as they
 * were in the file (still escaped), element and attribute order is kept. Namespace prefixes the fragment uses but that
 * were declared on an ancestor (usually xmlns:ds on the root) are declared on the fragment itself, so it stays
 * well-formed wherever it is written.
 */
import { splitQName } from '../xml';

export type ParsedNode = Record<string, unknown>;
type Attributes = Record<string, string>;

export function tagOf(node: ParsedNode): string | undefined {
  for (const k in node) return k;
  return undefined;
}

export function serializeFragment(node: ParsedNode, inheritedDeclarations: Attributes): string {
  const tag = tagOf(node)!;
  const used = new Set<string>();
  const declared = new Set<string>();
  const attrs = node[':@'] as Attributes | undefined;
  noteNames(tag, attrs, used, declared);
  const body = children(node[tag] as ParsedNode[], used, declared);
  let start = `<${tag}${attributes(attrs)}`;
  for (const prefix of used) {
    if (declared.has(prefix) || prefix === 'xml') continue;
    const uri = inheritedDeclarations[prefix === '' ? 'xmlns' : `xmlns:${prefix}`];
    if (uri !== undefined) start += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${attributeValue(uri)}"`;
  }
  return body === '' ? `${start}/>` : `${start}>${body}</${tag}>`;
}

function children(nodes: ParsedNode[], used: Set<string>, declared: Set<string>): string {
  let out = '';
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === undefined) continue;
    if (tag === '#text') out += n['#text'] as string;
    else if (tag === '#cdata') out += `<![CDATA[${((n['#cdata'] as ParsedNode[])[0]?.['#text'] as string | undefined) ?? ''}]]>`;
    else if (tag[0] !== '?') {
      const attrs = n[':@'] as Attributes | undefined;
      noteNames(tag, attrs, used, declared);
      const body = children(n[tag] as ParsedNode[], used, declared);
      out += body === '' ? `<${tag}${attributes(attrs)}/>` : `<${tag}${attributes(attrs)}>${body}</${tag}>`;
    }
  }
  return out;
}

function noteNames(tag: string, attrs: Attributes | undefined, used: Set<string>, declared: Set<string>): void {
  used.add(splitQName(tag)[0]);
  if (!attrs) return;
  for (const name in attrs) {
    if (name === 'xmlns') declared.add('');
    else if (name.startsWith('xmlns:')) declared.add(name.slice(6));
    else {
      const prefix = splitQName(name)[0];
      if (prefix !== '') used.add(prefix);
    }
  }
}

function attributes(attrs: Attributes | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const name in attrs) out += ` ${name}="${attributeValue(attrs[name]!)}"`;
  return out;
}

/** Raw values keep their references; only what would break double quotes (a quote, a '<') is escaped. */
function attributeValue(raw: string): string {
  return /["<]/.test(raw) ? raw.replace(/"/g, '&quot;').replace(/</g, '&lt;') : raw;
}
