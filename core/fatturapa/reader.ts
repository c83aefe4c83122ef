/**
 * FatturaPA 1.2.x reader: any 1.2.x file (1.2 to 1.2.3 share one namespace), FPA12 and FPR12, any namespace prefix,
 * several bodies, UTF-8 / windows-1252 / ISO-8859-1. Every element of the schema lands in the model (repeated elements
 * as arrays, text as written); what only the XML shows (elements out of XSD order, unknown elements, too many
 * repetitions) becomes a finding. Hostile or broken input ends in an AppError, never in anything else.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, fail } from '../errors';
import type { Finding } from './findings';
import type { FatturaElettronica } from './schema.generated';
import { applyWhiteSpace } from './latin1';
import {
  assertNoDtd,
  assertXmlChars,
  decodeAttributeValue,
  decodeEntities,
  decodeXmlBytes,
  EntityError,
  failEntity,
  FATTURAPA_NAMESPACE,
  FATTURAPA_SEMPLIFICATA_NAMESPACE,
  splitQName,
  XMLDSIG_NAMESPACE,
  XSI_NAMESPACE,
} from './xml';
import { ROOT_ELEMENT, ROOT_INFO, type ComplexInfo, type ElementInfo, type LeafInfo } from './io/descriptor';
import { serializeFragment, tagOf, type ParsedNode } from './io/fragment';
import { PathStack } from './io/path-stack';

export interface ReadResult {
  fattura: FatturaElettronica;
  /** Structural problems only the XML shows (code "00200"). Field values are checked elsewhere, on the model. */
  findings: Finding[];
  /** "1.2" when the root is in the FatturaPA 1.2.x namespace; undefined when the root has no namespace at all. */
  namespaceVersion?: string;
}

// One parser for the process. preserveOrder keeps document order (needed to see elements out of XSD order) and skips
// fast-xml-parser's own object-building pass; entities are left as written and decoded by xml.ts (no DTD is ever
// processed); nothing is trimmed or converted, so "007" stays "007" and spaces stay where the schema keeps them.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
  preserveOrder: true,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Attributes = Record<string, string>;

export function readFattura(input: string | Uint8Array): ReadResult {
  let text = '';
  try {
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) text = decodeXmlBytes(input).text;
    else fail('XML_MALFORMATO', 'Il contenuto da leggere non è un file XML.', { fix: 'Seleziona un file .xml di fattura elettronica.' });
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return readText(text);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof EntityError) failEntity(text, e);
    // fast-xml-parser throws plain Errors on some broken input (too deep nesting, unclosed constructs...).
    fail('XML_MALFORMATO', `Il file XML non è ben formato: ${e instanceof Error ? e.message : String(e)}.`, {
      fix: 'Il file è danneggiato o non è XML valido: chiedi al mittente di generarlo di nuovo dal suo gestionale.',
    });
  }
}

function readText(text: string): ReadResult {
  if (/^\s*$/.test(text)) fail('XML_MALFORMATO', 'Il file è vuoto.', { fix: 'Seleziona il file XML della fattura.' });
  assertNoDtd(text);
  assertXmlChars(text);
  const check = XMLValidator.validate(text);
  if (check !== true) {
    const { line, col, msg } = check.err;
    fail('XML_MALFORMATO', `Il file XML non è ben formato alla riga ${line}${col ? `, colonna ${col}` : ''} (dettaglio tecnico: ${msg}).`, {
      fix: 'Il file è danneggiato o non è XML valido: chiedi al mittente di generarlo di nuovo dal suo gestionale.',
      details: { line, column: col, reason: msg },
    });
  }
  const root = identifyRoot(parser.parse(text) as ParsedNode[]);
  const children = root.node[root.tag] as ParsedNode[];

  const ctx = new ReadContext(root.attrs);
  if (root.namespace === undefined) {
    ctx.finding('', 'L’elemento radice FatturaElettronica non ha il namespace FatturaPA: il Sistema di Interscambio scarterebbe il file.', `Il file va generato con xmlns:p="${FATTURAPA_NAMESPACE}" sulla radice; riesportandolo da FatturaDesk viene aggiunto.`);
  } else if (childrenQualified(children, root.prefix, root.namespace)) {
    ctx.finding(
      '',
      'Gli elementi interni della fattura sono nel namespace FatturaPA (namespace predefinito o prefisso sugli elementi): lo schema li vuole senza namespace e il Sistema di Interscambio scarterebbe il file.',
      'Riesporta il file da FatturaDesk, che scrive solo la radice con il prefisso p:, oppure chiedi al mittente di correggerlo.',
    );
  }
  const model: Record<string, unknown> = {};
  for (const name in root.attrs) {
    const attr = ROOT_INFO.attributeByName.get(name);
    if (attr) model[name] = ctx.leafValue(decodeAttributeValue(root.attrs[name]!), attr.leaf);
    else if (!ctx.isNamespaceOrXsi(name, root.attrs)) ctx.unknownAttribute(name);
  }
  ctx.complex(children, ROOT_INFO, model);
  return { fattura: model as unknown as FatturaElettronica, findings: ctx.findings, namespaceVersion: root.namespace === undefined ? undefined : '1.2' };
}

interface RootElement {
  node: ParsedNode;
  tag: string;
  prefix: string;
  attrs: Attributes;
  /** Namespace of the root element; undefined when it has none. */
  namespace?: string;
}

/** The single root element, which must be FatturaElettronica in the FatturaPA 1.2 namespace (or, tolerated, in none). */
function identifyRoot(top: ParsedNode[]): RootElement {
  const elements = top.filter((n) => {
    const t = tagOf(n);
    return t !== undefined && t !== '#text' && t[0] !== '?';
  });
  if (elements.length !== 1) {
    fail('XML_MALFORMATO', `Il file XML deve avere un solo elemento radice, ne ha ${elements.length}.`, {
      fix: 'Il file è danneggiato o contiene più documenti concatenati: separali o chiedi il file originale.',
    });
  }
  const node = elements[0]!;
  const tag = tagOf(node)!;
  const attrs = (node[':@'] as Attributes | undefined) ?? {};
  const [prefix, local] = splitQName(tag);
  const declared = attrs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`];
  const namespace = declared === undefined ? undefined : decodeAttributeValue(declared);
  if (prefix !== '' && namespace === undefined) {
    fail('XML_MALFORMATO', `Il prefisso "${prefix}" dell’elemento radice non è dichiarato (manca xmlns:${prefix}).`, {
      fix: 'Il file non rispetta le regole dei namespace XML: chiedi al mittente di generarlo di nuovo.',
    });
  }
  if (local === 'FatturaElettronicaSemplificata' || namespace === FATTURAPA_SEMPLIFICATA_NAMESPACE) {
    fail('XML_NON_FATTURAPA', 'Il file è una fattura elettronica semplificata (formato FSM10), non supportata: FatturaDesk gestisce solo la fattura ordinaria FatturaPA 1.2 (FPA12 e FPR12).', {
      fix: 'Le fatture semplificate vanno gestite con un altro programma o convertite in fattura ordinaria dal mittente.',
      details: { root: local, namespace },
    });
  }
  if (local !== ROOT_ELEMENT || (namespace !== undefined && namespace !== FATTURAPA_NAMESPACE)) {
    fail('XML_NON_FATTURAPA', `Il file non è una fattura elettronica FatturaPA 1.2: l’elemento radice è "${tag}"${namespace ? ` nel namespace ${namespace}` : ''}.`, {
      fix: `Seleziona un file di fattura elettronica (radice FatturaElettronica, namespace ${FATTURAPA_NAMESPACE}).`,
      details: { root: local, namespace },
    });
  }
  return { node, tag, prefix, attrs, namespace };
}

class ReadContext {
  readonly findings: Finding[] = [];
  readonly path = new PathStack();

  constructor(private readonly rootAttrs: Attributes) {}

  complex(nodes: ParsedNode[], info: ComplexInfo, out: Record<string, unknown>): Record<string, unknown> {
    let furthest: ElementInfo | undefined;
    let disordered = false;
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === undefined) continue;
      if (tag === '#text' || tag === '#cdata') {
        if (!isBlank(tag === '#text' ? (node['#text'] as string) : cdataText(node))) {
          this.finding(this.path.text(), 'Questo elemento contiene testo dove lo schema prevede solo altri elementi: il testo non è stato letto.', 'Verifica il programma che ha prodotto il file.');
        }
        continue;
      }
      if (tag[0] === '?') continue;
      let el = info.byName.get(tag);
      if (el === undefined) {
        const colon = tag.indexOf(':');
        if (colon !== -1) el = info.byName.get(tag.slice(colon + 1));
      }
      if (el === undefined || (el.signature && !this.isXmldsig(tag, node))) {
        this.unknownElement(tag);
        continue;
      }
      if (furthest !== undefined && el.index < furthest.index) {
        this.finding(
          this.path.text(el.name),
          `L’elemento ${el.name} è fuori posto: lo schema FatturaPA lo vuole prima di ${furthest.name}. Il Sistema di Interscambio scarterebbe il file.`,
          'Riesporta il file da FatturaDesk, che scrive gli elementi nell’ordine dello schema, oppure chiedi al mittente di correggerlo.',
        );
        disordered = true;
      } else {
        furthest = el;
      }
      const attrs = node[':@'] as Attributes | undefined;

      if (el.many) {
        let list = out[el.name] as unknown[] | undefined;
        if (list === undefined) out[el.name] = list = [];
        this.path.push(el.name, list.length);
        if (attrs) this.checkAttributes(attrs);
        list.push(this.value(node, tag, el));
        if (list.length === el.max + 1) {
          this.finding(this.path.text(), `L’elemento ${el.name} compare più di ${el.max} volte, il massimo ammesso dallo schema.`, 'Riduci le ripetizioni al massimo ammesso.');
        }
        this.path.pop();
      } else if (out[el.name] !== undefined) {
        this.finding(
          this.path.text(el.name),
          `L’elemento ${el.name} compare più volte ma lo schema lo ammette una sola volta: è stato letto solo il primo (il file originale resta conservato).`,
          'Correggi il file lasciando un solo elemento.',
        );
      } else {
        this.path.push(el.name, -1);
        // A signature's attributes (Id...) belong to the fragment, which keeps them.
        if (attrs && !el.signature) this.checkAttributes(attrs);
        out[el.name] = this.value(node, tag, el);
        this.path.pop();
      }
    }
    if (disordered) inSchemaOrder(out, info);
    return out;
  }

  private value(node: ParsedNode, tag: string, el: ElementInfo): unknown {
    if (el.signature) return { xml: serializeFragment(node, this.rootAttrs) };
    const kids = node[tag] as ParsedNode[];
    return el.complex ? this.complex(kids, el.complex, {}) : this.leaf(kids, el.leaf!);
  }

  private leaf(kids: ParsedNode[], leaf: LeafInfo): string {
    let s = '';
    if (kids.length === 1 && kids[0]!['#text'] !== undefined) {
      s = decodeEntities(kids[0]!['#text'] as string);
    } else {
      for (const k of kids) {
        const tag = tagOf(k);
        if (tag === '#text') s += decodeEntities(k['#text'] as string);
        else if (tag === '#cdata') s += cdataText(k);
        else if (tag !== undefined && tag[0] !== '?') this.unknownElement(tag);
      }
    }
    return this.leafValue(s, leaf);
  }

  /** The schema's whitespace rule is the only change made to text: it is how an XSD processor reads the value. */
  leafValue(s: string, leaf: LeafInfo): string {
    return leaf.rules.whiteSpace === 'preserve' ? s : applyWhiteSpace(s, leaf.rules.whiteSpace);
  }

  private checkAttributes(attrs: Attributes): void {
    for (const name in attrs) if (!this.isNamespaceOrXsi(name, attrs)) this.unknownAttribute(name);
  }

  isNamespaceOrXsi(name: string, own: Attributes): boolean {
    if (name === 'xmlns' || name.startsWith('xmlns:')) return true;
    const [prefix] = splitQName(name);
    return prefix !== '' && this.namespaceOf(prefix, own) === XSI_NAMESPACE;
  }

  private isXmldsig(tag: string, node: ParsedNode): boolean {
    const own = (node[':@'] as Attributes | undefined) ?? {};
    return this.namespaceOf(splitQName(tag)[0], own) === XMLDSIG_NAMESPACE;
  }

  private namespaceOf(prefix: string, own: Attributes): string | undefined {
    const key = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    const raw = own[key] ?? this.rootAttrs[key];
    return raw === undefined ? undefined : decodeAttributeValue(raw);
  }

  unknownElement(tag: string): void {
    this.finding(
      this.path.text(tag),
      `L’elemento ${tag} non è previsto dallo schema FatturaPA in questa posizione: il suo contenuto non è stato letto (il file originale resta conservato).`,
      'Verifica il programma che ha prodotto il file: l’elemento va tolto o spostato dove lo schema lo prevede.',
    );
  }

  unknownAttribute(name: string): void {
    this.finding(this.path.text(`@${name}`), `L’attributo ${name} non è previsto dallo schema FatturaPA: non è stato letto.`, 'Verifica il programma che ha prodotto il file.');
  }

  finding(path: string, message: string, fix: string): void {
    this.findings.push({ code: '00200', severity: 'error', path, message, fix });
  }
}

/**
 * The XSD has unqualified local elements: FatturaElettronicaHeader and the rest must be in no namespace. A default
 * namespace on the root (or a prefix on the children) puts them in the FatturaPA namespace, which the schema refuses.
 * Only the root's children are looked at: that is where such files differ.
 */
function childrenQualified(children: ParsedNode[], rootPrefix: string, ns: string): boolean {
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === undefined || tag[0] === '#' || tag[0] === '?') continue;
    const own = child[':@'] as Attributes | undefined;
    const [prefix] = splitQName(tag);
    if (prefix !== '') return prefix === rootPrefix || own?.[`xmlns:${prefix}`] === ns;
    if (own?.['xmlns'] !== undefined) return own['xmlns'] !== '';
    return rootPrefix === '';
  }
  return false;
}

/** Re-inserts the element keys of `out` in XSD order, so a file read out of order gives the same model as a good one. */
function inSchemaOrder(out: Record<string, unknown>, info: ComplexInfo): void {
  for (const el of info.elements) {
    if (!(el.name in out)) continue;
    const v = out[el.name];
    delete out[el.name];
    out[el.name] = v;
  }
}

function cdataText(node: ParsedNode): string {
  return ((node['#cdata'] as ParsedNode[])[0]?.['#text'] as string | undefined) ?? '';
}

function isBlank(s: string): boolean {
  return /^[ \t\n\r]*$/.test(s);
}
