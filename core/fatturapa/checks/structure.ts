/**
 * Structural checks of a FatturaPA model against the schema description generated from the official XSD
 * (`fatturaPASchema`): required elements, cardinality, the Denominazione | Nome+Cognome choice, simple type facets
 * (length, pattern, enumeration, numeric bounds, real calendar dates, xs:dateTime shape, base64, normalizedString) and
 * properties that are not schema elements. Everything is reported with the SdI code 00200 ("File non conforme al
 * formato"), plus 00428 when the root `versione` differs from DatiTrasmissione/FormatoTrasmissione.
 *
 * Nothing here is written per element: the walker is driven by the descriptors, compiled once at module load.
 */
import type { Finding } from '../findings';
import type { ComplexTypeDescription } from '../schema-types';
import { fatturaPASchema, type FatturaElettronica } from '../schema.generated';
import { PathStack } from './path';
import { SIMPLE_TYPES, type CompiledSimpleType } from './simple-types';

interface CompiledElement {
  name: string;
  min: number;
  max: number;
  repeated: boolean;
  complex?: CompiledComplexType;
  simple?: CompiledSimpleType;
  signature: boolean;
  inChoice: boolean;
}

interface ChoiceGroup {
  /** Elements of each branch, in schema order. */
  branches: CompiledElement[][];
  /** "Denominazione oppure Nome e Cognome", for messages. */
  alternatives: string;
}

interface CompiledAttribute {
  name: string;
  required: boolean;
  simple: CompiledSimpleType;
}

interface CompiledComplexType {
  name: string;
  elements: CompiledElement[];
  attributes: CompiledAttribute[];
  /** Element and attribute names: anything else on the object is a typo or a foreign property. */
  known: Set<string>;
  byName: Map<string, CompiledElement>;
  /** Elements that must be present (min > 0, outside a choice). */
  requiredCount: number;
  choices: ChoiceGroup[];
}

function simpleType(name: string): CompiledSimpleType {
  const t = SIMPLE_TYPES.get(name);
  if (!t) throw new Error(`Tipo semplice "${name}" assente dalla descrizione dello schema`);
  return t;
}

function compileSchema(): CompiledComplexType {
  const types = new Map<string, CompiledComplexType>();
  const entries = Object.entries(fatturaPASchema.complexTypes) as [string, ComplexTypeDescription][];
  // Two passes: complex types refer to each other.
  for (const [name, d] of entries) {
    types.set(name, {
      name,
      elements: [],
      attributes: (d.attributes ?? []).map((a) => ({ name: a.name, required: a.required, simple: simpleType(a.type) })),
      known: new Set([...d.elements.map((e) => e.name), ...(d.attributes ?? []).map((a) => a.name)]),
      byName: new Map(),
      requiredCount: 0,
      choices: [],
    });
  }
  for (const [name, d] of entries) {
    const t = types.get(name)!;
    for (const e of d.elements) {
      const max = e.max === 'unbounded' ? Number.POSITIVE_INFINITY : e.max;
      const el: CompiledElement = {
        name: e.name,
        min: e.min,
        max,
        repeated: max > 1,
        signature: e.type === 'Signature',
        inChoice: e.choice !== undefined,
      };
      if (!el.signature) {
        const complex = types.get(e.type);
        if (complex) el.complex = complex;
        else el.simple = simpleType(e.type);
      }
      t.elements.push(el);
      t.byName.set(el.name, el);
      if (el.min > 0 && !el.inChoice) t.requiredCount++;
      if (e.choice) {
        const [group, branch] = e.choice;
        const g = (t.choices[group] ??= { branches: [], alternatives: '' });
        (g.branches[branch] ??= []).push(el);
      }
    }
  }
  for (const t of types.values()) {
    for (const g of t.choices) g.alternatives = g.branches.map((br) => br.map((e) => e.name).join(' e ')).join(' oppure ');
  }
  const root = types.get(fatturaPASchema.root.type);
  if (!root) throw new Error('Tipo radice assente dalla descrizione dello schema');
  return root;
}

const ROOT_TYPE = compileSchema();
const STRUCTURE = '00200';
const FORMATI = new Set(['FPA12', 'FPR12']);

/** Walk state: the findings list and the current path, shared by the whole walk to avoid per-node allocation. */
class Walker {
  readonly findings: Finding[] = [];
  readonly path = new PathStack();

  add(path: string, message: string, fix: string): void {
    this.findings.push({ code: STRUCTURE, severity: 'error', path, message, fix });
  }

  walkObject(obj: Record<string, unknown>, type: CompiledComplexType): void {
    for (let i = 0; i < type.attributes.length; i++) this.checkAttribute(obj, type.attributes[i]!);
    const elements = type.elements;
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i]!;
      const value = obj[el.name];
      if (value === undefined || value === null) {
        if (el.min > 0 && !el.inChoice) {
          this.add(this.path.text(el.name), `${el.name} mancante: l'elemento è obbligatorio`, `Compilare ${el.name}.`);
        }
        continue;
      }
      if (el.repeated) this.walkRepeated(value, el);
      else if (Array.isArray(value)) {
        this.add(this.path.text(el.name), `${el.name} non può essere ripetuto: è ammesso un solo valore (trovata una lista di ${value.length})`, `Indicare un solo ${el.name}.`);
      } else {
        this.path.push(el.name, -1);
        this.checkValue(value, el);
        this.path.pop();
      }
    }
    for (const key in obj) {
      if (!type.known.has(key) && obj[key] !== undefined) {
        this.add(this.path.text(key), `${key} non è un elemento previsto dal tracciato FatturaPA in questa posizione`, 'Controllare il nome (maiuscole comprese) o togliere il campo: non verrebbe trasmesso.');
      }
    }
    for (let i = 0; i < type.choices.length; i++) this.checkChoice(obj, type.choices[i]!);
  }

  /**
   * True when walkObject would find nothing in `obj` and below: every check of walkObject, made on the properties the
   * object has (a line has 7 of its 16 possible elements) instead of on every element of its type, and without
   * building a path or a message. Anything unusual (null values, an attribute, a missing element, a wrong value or
   * count) answers false, and walkObject then walks that object and reports exactly what it always did. The model is
   * plain data: its elements are enumerable own properties, as walkObject's check of unknown properties assumes too.
   */
  private isClean(obj: Record<string, unknown>, type: CompiledComplexType): boolean {
    if (type.attributes.length > 0) return false;
    let required = 0;
    for (const key in obj) {
      const value = obj[key];
      if (value === undefined) continue;
      const el = type.byName.get(key);
      if (el === undefined || value === null) return false;
      if (el.repeated) {
        if (!Array.isArray(value) || value.length < el.min || value.length > el.max) return false;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined || item === null || !this.isCleanValue(item, el)) return false;
        }
      } else if (Array.isArray(value) || !this.isCleanValue(value, el)) {
        return false;
      }
      if (el.min > 0 && !el.inChoice) required++;
    }
    if (required !== type.requiredCount) return false;
    if (type.choices.length > 0) {
      // The choice rules as checkChoice applies them; what it would report is taken back and the object walked.
      const before = this.findings.length;
      for (let i = 0; i < type.choices.length; i++) this.checkChoice(obj, type.choices[i]!);
      if (this.findings.length !== before) {
        this.findings.length = before;
        return false;
      }
    }
    return true;
  }

  private isCleanValue(value: unknown, el: CompiledElement): boolean {
    if (el.complex) return typeof value === 'object' && !Array.isArray(value) && this.isClean(value as Record<string, unknown>, el.complex);
    if (el.simple) return typeof value === 'string' && !el.simple.check(value);
    if (el.signature) return typeof value === 'object' && typeof (value as { xml?: unknown }).xml === 'string';
    return true;
  }

  private walkRepeated(value: unknown, el: CompiledElement): void {
    if (!Array.isArray(value)) {
      this.add(this.path.text(el.name), `${el.name} deve essere una lista di elementi`, `Indicare ${el.name} come elenco (anche di un solo elemento).`);
      return;
    }
    if (value.length < el.min) {
      this.add(
        this.path.text(el.name),
        value.length === 0 ? `${el.name} mancante: serve almeno un elemento` : `${el.name}: servono almeno ${el.min} elementi (trovati ${value.length})`,
        `Aggiungere ${el.name}.`,
      );
    }
    if (value.length > el.max) {
      this.add(this.path.text(el.name), `${el.name}: ammessi al massimo ${el.max} elementi (trovati ${value.length})`, `Ridurre il numero di ${el.name}.`);
    }
    for (let i = 0; i < value.length; i++) {
      this.path.push(el.name, i);
      const item: unknown = value[i];
      if (item === undefined || item === null) this.add(this.path.text(), `${el.name} è vuoto`, `Togliere l'elemento vuoto o compilarlo.`);
      else this.checkValue(item, el);
      this.path.pop();
    }
  }

  private checkValue(value: unknown, el: CompiledElement): void {
    if (el.complex) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        this.add(this.path.text(), `${el.name} deve contenere dei campi, non un valore semplice`, `Compilare i campi di ${el.name}.`);
        return;
      }
      if (!this.isClean(value as Record<string, unknown>, el.complex)) this.walkObject(value as Record<string, unknown>, el.complex);
    } else if (el.simple) {
      this.checkSimple(value, el.name, el.simple, undefined);
    } else if (el.signature) {
      const xml = typeof value === 'object' ? (value as { xml?: unknown }).xml : undefined;
      if (typeof xml !== 'string') this.add(this.path.text(), 'Signature deve conservare la firma XML originale', 'Rileggere il documento firmato originale.');
    }
  }

  private checkAttribute(obj: Record<string, unknown>, attr: CompiledAttribute): void {
    const value = obj[attr.name];
    if (value === undefined || value === null) {
      if (attr.required) this.add(this.path.text(`@${attr.name}`), `Attributo ${attr.name} mancante: è obbligatorio`, `Indicare l'attributo ${attr.name}.`);
      return;
    }
    this.checkSimple(value, attr.name, attr.simple, `@${attr.name}`);
  }

  /** `attribute` is "@name" for an attribute of the current element, undefined for the current element itself. */
  private checkSimple(value: unknown, name: string, type: CompiledSimpleType, attribute: string | undefined): void {
    if (typeof value !== 'string') {
      this.add(this.path.text(attribute), `${name} deve essere un testo (trovato un valore di tipo ${Array.isArray(value) ? 'lista' : typeof value})`, `Scrivere ${name} come testo, es. "12.50" per gli importi.`);
      return;
    }
    const problem = type.check(value);
    if (problem) this.add(this.path.text(attribute), `${name} ${problem.problem}`, problem.fix);
  }

  private checkChoice(obj: Record<string, unknown>, group: ChoiceGroup): void {
    let chosen = -1;
    let chosenCount = 0;
    for (let b = 0; b < group.branches.length; b++) {
      const branch = group.branches[b]!;
      for (let i = 0; i < branch.length; i++) {
        const v = obj[branch[i]!.name];
        if (v !== undefined && v !== null) {
          if (chosen !== b) chosenCount++;
          chosen = b;
          break;
        }
      }
    }
    const alternatives = group.alternatives;
    if (chosenCount === 0) {
      this.add(this.path.text(), `Indicare ${alternatives}: nessuno è presente`, `Compilare ${alternatives}.`);
      return;
    }
    if (chosenCount > 1) {
      this.add(this.path.text(), `Indicare ${alternatives}, non entrambi`, 'Lasciare solo la denominazione (società, enti) oppure solo nome e cognome (persone fisiche).');
      return;
    }
    const branch = group.branches[chosen]!;
    for (let i = 0; i < branch.length; i++) {
      const el = branch[i]!;
      const v = obj[el.name];
      if (v === undefined || v === null) {
        const others = branch.filter((e) => e !== el).map((e) => e.name).join(' e ');
        this.add(this.path.text(el.name), `${el.name} mancante: con ${others} va indicato anche ${el.name}`, `Compilare ${el.name}.`);
      } else if (Array.isArray(v)) {
        this.add(this.path.text(el.name), `${el.name} non può essere ripetuto`, `Indicare un solo ${el.name}.`);
      }
    }
  }
}

/** 00428: the root `versione` attribute and DatiTrasmissione/FormatoTrasmissione must agree. */
export function checkVersioneFormato(f: FatturaElettronica): Finding[] {
  const formato = f?.FatturaElettronicaHeader?.DatiTrasmissione?.FormatoTrasmissione;
  const versione = f?.versione;
  // Only between two admitted values: anything else is already a format error (00200).
  if (!FORMATI.has(formato as string) || !FORMATI.has(versione as string) || formato === versione) return [];
  return [
    {
      code: '00428',
      severity: 'error',
      path: 'FatturaElettronicaHeader/DatiTrasmissione/FormatoTrasmissione',
      message: `FormatoTrasmissione "${formato}" diverso dall'attributo versione "${versione}" del documento`,
      fix: 'Usare lo stesso valore nei due campi: FPA12 per la Pubblica Amministrazione, FPR12 per i privati.',
    },
  ];
}

/** Checks the model against the schema; returns one finding per problem (never throws on bad documents). */
export function checkStructure(f: FatturaElettronica): Finding[] {
  const walker = new Walker();
  if (f === null || typeof f !== 'object' || Array.isArray(f)) {
    walker.add('', 'Il documento non contiene una FatturaElettronica', 'Caricare un documento FatturaPA valido.');
    return walker.findings;
  }
  walker.walkObject(f as unknown as Record<string, unknown>, ROOT_TYPE);
  const findings = walker.findings;
  const mismatch = checkVersioneFormato(f);
  if (mismatch.length > 0) findings.push(...mismatch);
  return findings;
}
