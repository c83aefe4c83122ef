/**
 * FatturaPA 1.2.x writer. Walks the schema description, not the object: element order always follows the XSD whatever
 * the key order of the model, so the same document always gives the same bytes. Text is normalised for the Latin-1
 * schema (latin1.ts) and what cannot be fixed is written as is and reported in `textIssues`; decimals are written with
 * the number of decimals their type wants; ds:Signature is copied verbatim.
 *
 * The text is written during the walk, in the layout fast-xml-parser's XMLBuilder gives with
 * `{ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: false }` (the layout of every file
 * written so far, kept byte for byte): two spaces per level, one element per line, empty elements as <X></X>. Going
 * through the builder meant building a second tree of the whole document and walking it again; the hashes of the
 * registered documents must not change, so the layout is fixed here and writer.test.ts compares it with the builder.
 */
import type { Finding } from './findings';
import type { FatturaElettronica } from './schema.generated';
import { disallowedCharacters, needsTextWork, normalizeFieldText, XML_FORBIDDEN_CHARS, type CharRepertoire, type DisallowedChar } from './latin1';
import { escapeXmlAttribute, escapeXmlText, FATTURAPA_NAMESPACE, XMLDSIG_NAMESPACE, XSI_NAMESPACE } from './xml';
import { leafInfo, ROOT_ELEMENT, ROOT_INFO, type ComplexInfo, type ElementInfo, type LeafInfo } from './io/descriptor';
import { PathStack } from './io/path-stack';

export interface WriteResult {
  xml: string;
  /** UTF-8 bytes of `xml`: what is stored, hashed and sent. */
  bytes: Uint8Array;
  /** Characters the schema does not accept in a field (code "00200"): written as they are, for the user to fix. */
  textIssues: Finding[];
}

const ROOT_TAG = `p:${ROOT_ELEMENT}`;
const ROOT_CLOSE = `</${ROOT_TAG}>`;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACES = ` xmlns:ds="${XMLDSIG_NAMESPACE}" xmlns:p="${FATTURAPA_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}"`;
const encoder = new TextEncoder();

/**
 * The writer's view of the schema description: the elements of a complex type written at a depth (the root's children
 * are at depth 1), each with its text made once: a leaf line is then three pieces (start, value, end) and a complex
 * element's lines one each, with no lookup per element. Made on first use for each type and depth (a type can sit at
 * several depths), then kept for the process.
 */
interface WriterElement {
  name: string;
  info: ElementInfo;
  /** `  <Name>` */
  start: string;
  /** `</Name>\n` */
  end: string;
  /** `  <Name>\n` and `  </Name>\n`: the lines around a complex element's children. */
  startLine: string;
  endLine: string;
  /** The element's own children, for a complex element (made on first use). */
  children?: WriterElement[];
}

const writerTypes = new Map<ComplexInfo, WriterElement[][]>();

function writerElements(info: ComplexInfo, depth: number): WriterElement[] {
  let byDepth = writerTypes.get(info);
  if (byDepth === undefined) {
    byDepth = [];
    writerTypes.set(info, byDepth);
  }
  let elements = byDepth[depth];
  if (elements === undefined) {
    const pad = '  '.repeat(depth);
    elements = info.elements.map((el) => ({
      name: el.name,
      info: el,
      start: `${pad}<${el.name}>`,
      end: `</${el.name}>\n`,
      startLine: `${pad}<${el.name}>\n`,
      endLine: `${pad}</${el.name}>\n`,
    }));
    byDepth[depth] = elements;
  }
  return elements;
}

export function writeFattura(f: FatturaElettronica): WriteResult {
  const ctx = new WriteContext();
  const source = f as unknown as Record<string, unknown>;
  let attributes = '';
  for (const a of ROOT_INFO.attributes) {
    const v = source[a.name];
    if (v === undefined || v === null) continue;
    ctx.path.push(a.name, -1);
    // As the builder wrote attributes: our escaping, then its own (' as &apos;, " is already &quot;).
    attributes += ` ${a.name}="${ctx.leaf(v, a.leaf, a.name, true).replace(/'/g, '&apos;')}"`;
    ctx.path.pop();
  }
  attributes += NAMESPACES;
  ctx.complex(source, writerElements(ROOT_INFO, 1), 1);
  let xml = ctx.out === '' ? `${DECLARATION}<${ROOT_TAG}${attributes}>${ROOT_CLOSE}\n` : `${DECLARATION}<${ROOT_TAG}${attributes}>\n${ctx.out}${ROOT_CLOSE}\n`;
  if (ctx.signature !== undefined) {
    // The signature is not ours to re-serialise: it goes in byte for byte, as the last child of the root.
    const at = xml.lastIndexOf(ROOT_CLOSE);
    xml = `${xml.slice(0, at)}  ${ctx.signature}\n${xml.slice(at)}`;
  }
  return { xml, bytes: encoder.encode(xml), textIssues: ctx.issues };
}

class WriteContext {
  readonly issues: Finding[] = [];
  readonly path = new PathStack();
  /** The elements written so far, below the root. */
  out = '';
  signature?: string;

  /** Writes the children of a complex element, at `depth`, in the order of the schema. */
  complex(value: Record<string, unknown>, elements: readonly WriterElement[], depth: number): void {
    for (let e = 0; e < elements.length; e++) {
      const we = elements[e]!;
      const v = value[we.name];
      if (v === undefined || v === null) continue;
      const el = we.info;
      if (el.signature) {
        const xml = (v as { xml?: unknown }).xml;
        if (typeof xml === 'string' && xml !== '') this.signature = xml;
        continue;
      }
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          if (item === undefined || item === null) continue;
          this.path.push(el.name, el.many || v.length > 1 ? i : -1);
          this.element(item, we, depth);
          this.path.pop();
        }
      } else {
        this.path.push(el.name, el.many ? 0 : -1);
        this.element(v, we, depth);
        this.path.pop();
      }
    }
  }

  private element(v: unknown, we: WriterElement, depth: number): void {
    const el = we.info;
    if (el.complex) {
      if (typeof v !== 'object') {
        this.issue('error', `Il campo ${el.name} deve contenere altri campi, non un valore semplice ("${String(v)}"): non è stato scritto.`, 'Correggi i dati del documento.');
        return;
      }
      const start = this.out.length;
      this.out += we.startLine;
      const childrenAt = this.out.length;
      this.complex(v as Record<string, unknown>, (we.children ??= writerElements(el.complex, depth + 1)), depth + 1);
      // No child written: an empty element on one line.
      if (this.out.length === childrenAt) this.out = this.out.slice(0, start) + we.start + we.end;
      else this.out += we.endLine;
      return;
    }
    this.out += we.start + this.leaf(v, el.leaf!, el.name, false) + we.end;
  }

  leaf(v: unknown, leaf: LeafInfo, name: string, attribute: boolean): string {
    let s = typeof v === 'string' ? v : String(v);
    if (leaf.kind === 'string') {
      const slow = needsTextWork(s);
      if (slow && XML_FORBIDDEN_CHARS.test(s)) this.controlCharsIssue(name);
      s = normalizeFieldText(s, leaf.rules);
      if (slow) {
        const bad = disallowedCharacters(s, leaf.rules.repertoire);
        if (bad.length > 0) this.charsIssue(name, bad, leaf.rules.repertoire);
      }
    } else if (leaf.decimals) {
      s = formatDecimal(s, leaf);
    }
    if (leaf.kind !== 'string' && needsTextWork(s) && XML_FORBIDDEN_CHARS.test(s)) {
      this.controlCharsIssue(name);
      s = s.replace(new RegExp(XML_FORBIDDEN_CHARS.source, 'g'), ' ');
    }
    return attribute ? escapeXmlAttribute(s) : escapeXmlText(s);
  }

  private controlCharsIssue(name: string): void {
    this.issue('warning', `Il campo ${name} conteneva caratteri di controllo invisibili, che XML non ammette: sono stati sostituiti da spazi.`, 'Controlla il testo del campo.');
  }

  private charsIssue(name: string, bad: DisallowedChar[], repertoire: CharRepertoire): void {
    const shown = bad.slice(0, 5).map((b) => `«${b.char}» (${b.codePoint}) in posizione ${b.position}`);
    const more = bad.length > 5 ? ` e altri ${bad.length - 5}` : '';
    const allowed =
      repertoire === 'ascii'
        ? 'solo lettere senza accenti, cifre e punteggiatura di base (ASCII)'
        : 'solo caratteri dell’alfabeto latino (Latin-1, che comprende le lettere accentate italiane)';
    const one = bad.length === 1;
    const message = `Il campo ${name} contiene ${one ? 'il carattere' : 'i caratteri'} ${shown.join(', ')}${more}: lo schema FatturaPA ammette ${allowed}.`;
    const suggestions = bad.filter((b) => b.suggestion !== undefined);
    const fix =
      suggestions.length === bad.length
        ? `Sostituisci ${[...new Set(suggestions.map((b) => `«${b.char}» con «${b.suggestion}»`))].join(', ')}.`
        : 'Elimina o sostituisci i caratteri indicati (per esempio trascrivi in caratteri latini nomi e parole in altri alfabeti, togli emoji e simboli).';
    this.issue('error', message, fix);
  }

  private issue(severity: Finding['severity'], message: string, fix: string): void {
    this.issues.push({ code: '00200', severity, path: this.path.text(), message, fix });
  }
}

const DECIMAL_TEXT = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?\s*$/;

/**
 * Writes a decimal with the decimals its type wants: "22" -> "22.00", "1.5" -> "1.50", ".5" -> "0.50", "+3" -> "3.00";
 * zeros beyond the maximum are dropped ("1.2300" for 2 decimals -> "1.23"). A value is never rounded: "1.234" for 2
 * decimals stays as it is (the checks report it), and text that is not a decimal ("1,5") is returned unchanged.
 */
export function formatDecimal(raw: string, type: Pick<LeafInfo, 'decimals' | 'canonicalDecimal'>): string {
  if (!type.decimals || type.canonicalDecimal?.test(raw)) return raw;
  const m = DECIMAL_TEXT.exec(raw);
  if (!m) return raw;
  const [min, max] = type.decimals;
  let int = m[2]!;
  let frac = m[3] ?? '';
  if (int === '' && frac === '') return raw;
  if (int === '') int = '0';
  if (frac.length > max) {
    let end = frac.length;
    while (end > max && frac[end - 1] === '0') end--;
    frac = frac.slice(0, end);
  }
  if (frac.length < min) frac = frac.padEnd(min, '0');
  return (m[1] === '-' ? '-' : '') + int + (frac === '' ? '' : `.${frac}`);
}

/**
 * What the writer will put in a field of simple type `typeName` (e.g. "String60LatinType", "Amount2DecimalType"):
 * text normalised for the field, decimals formatted. For forms that show the final value as the user types.
 */
export function normalizeFieldValue(typeName: string, value: string): string {
  const leaf = leafInfo(typeName);
  if (leaf.kind === 'string') return normalizeFieldText(value, leaf.rules);
  return leaf.decimals ? formatDecimal(value, leaf) : value;
}
