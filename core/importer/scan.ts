/**
 * A fast, single-pass reader for importing: checks that the file is well-formed XML (as strictly as the FatturaPA
 * reader, or more), refuses DTDs and undeclared entities, identifies the FatturaPA root, and builds a PARTIAL model with
 * only what the importer needs (parties, the key fields of each body, the VAT summary amounts, the attachments). The
 * values go through the same whitespace rules as the full reader, so the duplicate key is the same on either path.
 * The full model is read from the stored bytes when someone needs it (PDF, outbound checks): nothing is lost, the
 * original file is what is kept. It exists for speed: fast-xml-parser's validate + parse is several times slower.
 */
import { fail } from '../errors';
import { applyWhiteSpace } from '../fatturapa/latin1';
import type { FatturaElettronica } from '../fatturapa/schema.generated';
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
  lineColumnAt,
  splitQName,
} from '../fatturapa/xml';
import { ROOT_ELEMENT, ROOT_INFO, type ComplexInfo, type ElementInfo } from '../fatturapa/io/descriptor';

type WantSpec = { readonly [name: string]: WantSpec | true };
/** The same tree as maps: looked up with names cut out of the text, which an object's property lookup handles badly. */
type Want = ReadonlyMap<string, Want | true>;

function wantMap(spec: WantSpec): Want {
  return new Map(Object.entries(spec).map(([k, v]) => [k, v === true ? true : wantMap(v)]));
}

const PARTY: WantSpec = {
  DatiAnagrafici: { IdFiscaleIVA: { IdPaese: true, IdCodice: true }, CodiceFiscale: true, Anagrafica: { Denominazione: true, Nome: true, Cognome: true, Titolo: true, CodEORI: true } },
  Sede: { Indirizzo: true, NumeroCivico: true, CAP: true, Comune: true, Provincia: true, Nazione: true },
};

/** The paths the importer reads; everything else is only checked for well-formedness. */
const WANT_SPEC: WantSpec = {
  FatturaElettronicaHeader: {
    DatiTrasmissione: { FormatoTrasmissione: true, CodiceDestinatario: true, PECDestinatario: true },
    CedentePrestatore: PARTY,
    CessionarioCommittente: PARTY,
    SoggettoEmittente: true,
  },
  FatturaElettronicaBody: {
    DatiGenerali: { DatiGeneraliDocumento: { TipoDocumento: true, Divisa: true, Data: true, Numero: true, ImportoTotaleDocumento: true } },
    DatiBeniServizi: { DatiRiepilogo: { ImponibileImporto: true, Imposta: true } },
    Allegati: { NomeAttachment: true, AlgoritmoCompressione: true, FormatoAttachment: true, DescrizioneAttachment: true, Attachment: true },
  },
};
const WANT = wantMap(WANT_SPEC);

/** fast-xml-parser refuses deeper documents; so does this reader. */
const MAX_DEPTH = 100;

// The XML name characters fast-xml-parser accepts (the validator the full reader runs), so both agree on names.
const NAME_START = ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_RE = new RegExp(`^[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
const NAME = { test: (name: string): boolean => NAME_RE.test(name) };

/**
 * Whether text[from, to) is a valid name, without cutting it out: ASCII names (all of FatturaPA's) are checked char by
 * char, anything else by the full regular expression.
 */
function validNameAt(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
    if (letter) continue;
    if (k > from && ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e)) continue;
    return c >= 0x80 ? NAME_RE.test(text.slice(from, to)) : false;
  }
  return true;
}

const XML_DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;

/** Pseudo-attributes of a processing instruction (xml-stylesheet...) must close their quotes. */
function balancedQuotes(text: string, from: number, to: number): boolean {
  let open = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (open === 0 && (c === 0x22 || c === 0x27)) open = c;
    else if (c === open) open = 0;
  }
  return open === 0;
}

/** An open element. A class with every field always set, so that every frame has one shape (the hot loop stays fast). */
class Frame {
  /** Schema type of this element when it is on a path the importer reads. */
  info: ComplexInfo | undefined = undefined;
  want: Want | undefined = undefined;
  obj: Record<string, unknown> | undefined = undefined;
  /** A leaf being captured: its schema entry, where the value goes, and the text so far. */
  leaf: { el: ElementInfo; into: Record<string, unknown>; text: string } | undefined = undefined;
  constructor(
    /** Where the element's name is in the text (cut out only when needed). */
    public s: number,
    public e: number,
  ) {}
}

/**
 * The open elements. Frames are reused by depth (a file has hundreds of elements but a handful of levels), so the scan
 * allocates nothing per element. A popped frame stays valid until the next element starts.
 */
class FrameStack {
  private readonly frames: Frame[] = [];
  depth = 0;

  top(): Frame | undefined {
    return this.depth > 0 ? this.frames[this.depth - 1] : undefined;
  }

  pop(): Frame | undefined {
    return this.depth > 0 ? this.frames[--this.depth] : undefined;
  }

  /** A cleared frame for an element starting now; it is open only once pushed. */
  next(s: number, e: number): Frame {
    let f = this.frames[this.depth];
    if (f === undefined) {
      f = new Frame(s, e);
      this.frames.push(f);
    } else {
      f.s = s;
      f.e = e;
      f.info = undefined;
      f.want = undefined;
      f.obj = undefined;
      f.leaf = undefined;
    }
    return f;
  }

  /** Opens the frame `next` gave. */
  push(): void {
    this.depth++;
  }
}

class ScanError extends Error {
  constructor(
    readonly at: number,
    readonly what: string,
  ) {
    super(what);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Reads the partial model of a FatturaPA file. Throws the same AppError codes as the full reader. */
export function scanFattura(bytes: Uint8Array): FatturaElettronica {
  let text = decodeXmlBytes(bytes).text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/^\s*$/.test(text)) fail('XML_MALFORMATO', 'Il file è vuoto.', { fix: 'Seleziona il file XML della fattura.' });
  assertNoDtd(text);
  assertXmlChars(text);
  try {
    return scan(text);
  } catch (e) {
    if (e instanceof EntityError) failEntity(text, e);
    if (e instanceof ScanError) {
      const { line, column } = lineColumnAt(text, e.at);
      fail('XML_MALFORMATO', `Il file XML non è ben formato alla riga ${line}, colonna ${column}: ${e.what}.`, {
        fix: 'Il file è danneggiato o non è XML valido: chiedi al mittente di generarlo di nuovo dal suo gestionale.',
        details: { line, column },
      });
    }
    throw e;
  }
}

function checkReferences(s: string): void {
  if (s.indexOf('&') !== -1) decodeEntities(s);
}

function scan(text: string): FatturaElettronica {
  const n = text.length;
  const stack = new FrameStack();
  const model: Record<string, unknown> = {};
  let rootSeen = false;
  let rootClosed = false;
  const rootError: { fn?: () => never } = {};
  let nextAmp = text.indexOf('&');
  let nextGt = 0;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) !== 0x3c /* < */) {
      let j = text.indexOf('<', i);
      if (j === -1) j = n;
      const top = stack.top();
      if (!top) {
        for (let k = i; k < j; k++) if (!isSpace(text.charCodeAt(k))) throw new ScanError(k, rootClosed ? 'testo dopo la fine del documento' : 'testo prima dell’elemento radice');
      } else {
        // Most text between elements is indentation: only a '>' or an '&' needs a closer look.
        if (nextGt !== -1 && nextGt < i) nextGt = text.indexOf('>', i);
        if (nextGt !== -1 && nextGt < j) {
          const bad = text.indexOf(']]>', i);
          if (bad !== -1 && bad + 2 < j) throw new ScanError(bad, 'sequenza "]]>" non ammessa nel testo');
        }
        // The next '&' is searched once and reused until passed: searching from every text segment would scan the
        // rest of the file each time (quadratic on a large file without any '&').
        if (nextAmp !== -1 && nextAmp < i) nextAmp = text.indexOf('&', i);
        const hasRef = nextAmp !== -1 && nextAmp < j;
        if (top.leaf) {
          const segment = text.slice(i, j);
          top.leaf.text += hasRef ? decodeEntities(segment) : segment;
        } else if (hasRef) {
          checkReferences(text.slice(i, j));
        }
      }
      i = j;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) throw new ScanError(i, 'commento non chiuso');
        const dashes = text.indexOf('--', i + 4);
        if (dashes < end) throw new ScanError(dashes, '"--" non ammesso dentro un commento');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) throw new ScanError(i, 'sezione CDATA non chiusa');
        const top = stack.top();
        if (!top) throw new ScanError(i, 'sezione CDATA fuori dall’elemento radice');
        if (top.leaf) top.leaf.text += text.slice(i + 9, end);
        i = end + 3;
        continue;
      }
    } else if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) throw new ScanError(i, 'istruzione di elaborazione non chiusa');
      let k = i + 2;
      while (k < end && !isSpace(text.charCodeAt(k))) k++;
      const target = text.slice(i + 2, k);
      if (!NAME.test(target)) throw new ScanError(i, 'istruzione di elaborazione non valida');
      if (target.toLowerCase() === 'xml') {
        if (i !== 0) throw new ScanError(i, 'la dichiarazione XML è ammessa solo all’inizio del file');
        if (!XML_DECLARATION.test(text.slice(0, end + 2))) throw new ScanError(i, 'dichiarazione XML non valida');
      } else if (!balancedQuotes(text, k, end)) {
        throw new ScanError(i, 'virgolette non chiuse nell’istruzione di elaborazione');
      }
      i = end + 2;
      continue;
    } else if (next === 0x2f /* / */) {
      // The usual case first: the name of the open element right after "</", then ">".
      const open = stack.top();
      if (open !== undefined) {
        const after = closesAt(text, i + 2, open);
        if (after !== -1) {
          stack.pop();
          if (open.leaf) finishLeaf(open.leaf);
          if (stack.depth === 0) rootClosed = true;
          i = after;
          continue;
        }
      }
      let k = i + 2;
      while (k < n && !isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== 0x3e) k++;
      const nameEnd = k;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      // (No closure over the loop index here: capturing it would slow the whole loop down.)
      if (text.charCodeAt(k) !== 0x3e) throw new ScanError(i, `tag di chiusura </${cut(text, i + 2, nameEnd)}> non terminato`);
      const top = stack.pop();
      if (!top) throw new ScanError(i, `tag di chiusura </${cut(text, i + 2, nameEnd)}> senza apertura`);
      if (!sameName(text, top, i + 2, nameEnd)) throw new ScanError(i, `atteso </${cut(text, top.s, top.e)}> invece di </${cut(text, i + 2, nameEnd)}>`);
      if (top.leaf) finishLeaf(top.leaf);
      if (stack.depth === 0) rootClosed = true;
      i = k + 1;
      continue;
    }
    i = startTag(text, i, stack, model, rootSeen, rootClosed, rootError);
    rootSeen = true;
    if (stack.depth === 0) rootClosed = true;
  }
  if (stack.depth > 0) {
    const open = stack.top()!;
    throw new ScanError(n, `elemento <${text.slice(open.s, Math.min(open.e, open.s + 40))}> non chiuso`);
  }
  if (!rootSeen) throw new ScanError(0, 'manca l’elemento radice');
  rootError.fn?.();
  return model as unknown as FatturaElettronica;
}

/** At most 40 characters of text[from, to), for messages. */
function cut(text: string, from: number, to: number): string {
  return text.slice(from, Math.min(to, from + 40));
}

/**
 * When text[from...] is the name of `f` followed by optional whitespace and ">", the index after the ">"; else -1 (the
 * caller then works out which error it is).
 */
function closesAt(text: string, from: number, f: Frame): number {
  const len = f.e - f.s;
  for (let k = 0; k < len; k++) if (text.charCodeAt(from + k) !== text.charCodeAt(f.s + k)) return -1;
  let k = from + len;
  let c = text.charCodeAt(k);
  while (isSpace(c)) c = text.charCodeAt(++k);
  return c === 0x3e ? k + 1 : -1;
}

function sameName(text: string, f: Frame, from: number, to: number): boolean {
  if (to - from !== f.e - f.s) return false;
  for (let k = 0; k < to - from; k++) if (text.charCodeAt(from + k) !== text.charCodeAt(f.s + k)) return false;
  return true;
}

function finishLeaf(leaf: NonNullable<Frame['leaf']>): void {
  const rule = leaf.el.leaf!.rules.whiteSpace;
  leaf.into[leaf.el.name] = rule === 'preserve' ? leaf.text : applyWhiteSpace(leaf.text, rule);
}

/** Parses a start tag at `i` (pushing its frame, or pushing and popping an empty one); returns the index after it. */
function startTag(text: string, i: number, stack: FrameStack, model: Record<string, unknown>, rootSeen: boolean, rootClosed: boolean, rootError: { fn?: () => never }): number {
  const n = text.length;
  // An ASCII name (all of FatturaPA's) is read and checked in one pass; anything else takes the general path below.
  let k = i + 1;
  for (; k < n; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a) continue;
    if (k > i + 1 && ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e)) continue;
    break;
  }
  const stop = text.charCodeAt(k);
  if (k === i + 1 || !(k === n || isSpace(stop) || stop === 0x3e || stop === 0x2f)) {
    k = i + 1;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (isSpace(c) || c === 0x3e || c === 0x2f) break;
      k++;
    }
    if (!validNameAt(text, i + 1, k)) throw new ScanError(i, k === i + 1 ? 'spazio non ammesso dopo "<"' : `nome di elemento non valido "${cut(text, i + 1, k)}"`);
  }
  const nameEnd = k;
  if (rootClosed) throw new ScanError(i, 'più di un elemento radice');
  let attrs: [string, string][] | undefined;
  let selfClosing = false;
  for (;;) {
    const before = k;
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    if (k >= n) throw new ScanError(i, `tag <${cut(text, i + 1, nameEnd)}> non terminato`);
    const c = text.charCodeAt(k);
    if (c === 0x3e) {
      k++;
      break;
    }
    if (c === 0x2f) {
      if (text.charCodeAt(k + 1) !== 0x3e) throw new ScanError(k, `tag <${cut(text, i + 1, nameEnd)}> non terminato correttamente`);
      selfClosing = true;
      k += 2;
      break;
    }
    if (k === before) throw new ScanError(k, 'manca lo spazio tra due attributi');
    const nameStart = k;
    while (k < n) {
      const d = text.charCodeAt(k);
      if (isSpace(d) || d === 0x3d || d === 0x3e || d === 0x2f) break;
      k++;
    }
    const name = text.slice(nameStart, k);
    if (!NAME.test(name)) throw new ScanError(nameStart, `nome di attributo non valido "${name.slice(0, 40)}"`);
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) !== 0x3d) throw new ScanError(k, `l’attributo ${name.slice(0, 40)} non ha un valore`);
    k++;
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    const quote = text.charCodeAt(k);
    if (quote !== 0x22 && quote !== 0x27) throw new ScanError(k, `il valore dell’attributo ${name.slice(0, 40)} deve stare tra virgolette`);
    const end = text.indexOf(quote === 0x22 ? '"' : "'", k + 1);
    if (end === -1) throw new ScanError(k, `virgolette dell’attributo ${name.slice(0, 40)} non chiuse`);
    const raw = text.slice(k + 1, end);
    if (raw.indexOf('<') !== -1) throw new ScanError(k, `carattere "<" nel valore dell’attributo ${name.slice(0, 40)}`);
    checkReferences(raw);
    attrs ??= [];
    if (attrs.some(([a]) => a === name)) throw new ScanError(nameStart, `attributo ${name.slice(0, 40)} ripetuto`);
    attrs.push([name, raw]);
    k = end + 1;
  }
  if (stack.depth >= MAX_DEPTH) throw new ScanError(i, 'annidamento degli elementi eccessivo');

  const parent = stack.top();
  const frame = stack.next(i + 1, nameEnd);
  if (!parent) {
    if (rootSeen) throw new ScanError(i, 'più di un elemento radice');
    rootError.fn = root(text.slice(i + 1, nameEnd), attrs ?? [], model);
    frame.info = ROOT_INFO;
    frame.want = WANT;
    frame.obj = model;
  } else if (parent.obj && parent.want && parent.info) {
    const qname = text.slice(i + 1, nameEnd);
    const colon = qname.indexOf(':');
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    const want = parent.want.get(local);
    const el = want ? (parent.info.byName.get(qname) ?? parent.info.byName.get(local)) : undefined;
    if (want && el && !el.signature) {
      if (el.complex && want !== true) {
        const obj: Record<string, unknown> = {};
        if (el.many) {
          const list = (parent.obj[el.name] as unknown[] | undefined) ?? (parent.obj[el.name] = []);
          (list as unknown[]).push(obj);
          frame.info = el.complex;
          frame.want = want;
          frame.obj = obj;
        } else if (parent.obj[el.name] === undefined) {
          parent.obj[el.name] = obj;
          frame.info = el.complex;
          frame.want = want;
          frame.obj = obj;
        }
      } else if (el.leaf && want === true && parent.obj[el.name] === undefined) {
        frame.leaf = { el, into: parent.obj, text: '' };
      }
    }
  }
  if (selfClosing) {
    if (frame.leaf) finishLeaf(frame.leaf);
  } else {
    stack.push();
  }
  return k;
}

/**
 * The root must be FatturaElettronica in the FatturaPA 1.2 namespace (or, as the full reader tolerates, in none). The
 * error is returned, not thrown: like the full reader, a file that is not well-formed is reported as such first.
 */
function root(qname: string, attrs: [string, string][], model: Record<string, unknown>): (() => never) | undefined {
  const [prefix, local] = splitQName(qname);
  const declared = attrs.find(([a]) => a === (prefix === '' ? 'xmlns' : `xmlns:${prefix}`))?.[1];
  const namespace = declared === undefined ? undefined : decodeAttributeValue(declared);
  if (prefix !== '' && namespace === undefined) {
    return () => fail('XML_MALFORMATO', `Il prefisso "${prefix}" dell’elemento radice non è dichiarato (manca xmlns:${prefix}).`, {
      fix: 'Il file non rispetta le regole dei namespace XML: chiedi al mittente di generarlo di nuovo.',
    });
  }
  if (local === 'FatturaElettronicaSemplificata' || namespace === FATTURAPA_SEMPLIFICATA_NAMESPACE) {
    return () => fail('XML_NON_FATTURAPA', 'Il file è una fattura elettronica semplificata (formato FSM10), non supportata: FatturaDesk gestisce solo la fattura ordinaria FatturaPA 1.2 (FPA12 e FPR12).', {
      fix: 'Le fatture semplificate vanno gestite con un altro programma o convertite in fattura ordinaria dal mittente.',
      details: { root: local, namespace },
    });
  }
  if (local !== ROOT_ELEMENT || (namespace !== undefined && namespace !== FATTURAPA_NAMESPACE)) {
    return () => fail('XML_NON_FATTURAPA', `Il file non è una fattura elettronica FatturaPA 1.2: l’elemento radice è "${qname}"${namespace ? ` nel namespace ${namespace}` : ''}.`, {
      fix: `Seleziona un file di fattura elettronica (radice FatturaElettronica, namespace ${FATTURAPA_NAMESPACE}).`,
      details: { root: local, namespace },
    });
  }
  const versione = attrs.find(([a]) => a === 'versione')?.[1];
  const info = ROOT_INFO.attributeByName.get('versione');
  if (versione !== undefined && info) {
    const v = decodeAttributeValue(versione);
    model.versione = info.leaf.rules.whiteSpace === 'preserve' ? v : applyWhiteSpace(v, info.leaf.rules.whiteSpace);
  }
  return undefined;
}
