/**
 * FatturaPA 1.2.x writer. Walks the schema description, not the object: element order always follows the XSD whatever
 * the key order of the model, so the same document always gives the same bytes. Text is normalised for the Latin-1
 * schema (latin1.ts) and what cannot be fixed is written as is and reported in `textIssues`; decimals are written with
 * the number of decimals their type wants; ds:Signature is copied verbatim.
 */
import { XMLBuilder } from 'fast-xml-parser';
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

// One builder for the process. Escaping is done here (escapeXmlText), in one pass per value, so the builder's own
// five-regex entity pass is off; empty elements are written as <X></X>.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  processEntities: false,
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
});
const encoder = new TextEncoder();

export function writeFattura(f: FatturaElettronica): WriteResult {
  const ctx = new WriteContext();
  const source = f as unknown as Record<string, unknown>;
  const root: Record<string, unknown> = {};
  for (const a of ROOT_INFO.attributes) {
    const v = source[a.name];
    if (v === undefined || v === null) continue;
    ctx.path.push(a.name, -1);
    root[`@_${a.name}`] = ctx.leaf(v, a.leaf, a.name, true);
    ctx.path.pop();
  }
  root['@_xmlns:ds'] = XMLDSIG_NAMESPACE;
  root['@_xmlns:p'] = FATTURAPA_NAMESPACE;
  root['@_xmlns:xsi'] = XSI_NAMESPACE;
  ctx.complexInto(source, ROOT_INFO, root);

  let xml = builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [ROOT_TAG]: root }) as string;
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
  signature?: string;

  complexInto(value: Record<string, unknown>, info: ComplexInfo, out: Record<string, unknown>): Record<string, unknown> {
    for (const el of info.elements) {
      const v = value[el.name];
      if (v === undefined || v === null) continue;
      if (el.signature) {
        const xml = (v as { xml?: unknown }).xml;
        if (typeof xml === 'string' && xml !== '') this.signature = xml;
        continue;
      }
      if (Array.isArray(v)) {
        const items: unknown[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          if (item === undefined || item === null) continue;
          this.path.push(el.name, el.many || v.length > 1 ? i : -1);
          items[i] = this.element(item, el);
          this.path.pop();
        }
        out[el.name] = items;
      } else {
        this.path.push(el.name, el.many ? 0 : -1);
        out[el.name] = this.element(v, el);
        this.path.pop();
      }
    }
    return out;
  }

  private element(v: unknown, el: ElementInfo): unknown {
    if (el.complex) {
      if (typeof v === 'object') return this.complexInto(v as Record<string, unknown>, el.complex, {});
      this.issue('error', `Il campo ${el.name} deve contenere altri campi, non un valore semplice ("${String(v)}"): non è stato scritto.`, 'Correggi i dati del documento.');
      return undefined;
    }
    return this.leaf(v, el.leaf!, el.name, false);
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
