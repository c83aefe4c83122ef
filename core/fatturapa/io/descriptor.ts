/**
 * The schema description (schema.generated.ts) turned once, at module load, into the lookup structures the writer and
 * the reader walk: per complex type its elements in XSD order with a name index, per simple type its text rules and
 * decimal format. Nothing here is computed per document.
 */
import { fatturaPASchema } from '../schema.generated';
import type { SimpleKind } from '../schema-types';
import { textRulesOf, type TextRules } from '../latin1';

export interface LeafInfo {
  typeName: string;
  kind: SimpleKind;
  rules: TextRules;
  /** [min, max] decimals of a decimal type. */
  decimals?: [number, number];
  /** Matches text already written as the schema wants (`-?digits.decimals`), so the writer can skip formatting. */
  canonicalDecimal?: RegExp;
}

export interface ElementInfo {
  name: string;
  /** Position in the XSD sequence of the parent type. */
  index: number;
  min: number;
  max: number;
  /** Repeated element (maxOccurs > 1): an array in the model. */
  many: boolean;
  complex?: ComplexInfo;
  leaf?: LeafInfo;
  /** ds:Signature, carried as an XmlFragment. */
  signature: boolean;
}

export interface AttributeInfo {
  name: string;
  required: boolean;
  leaf: LeafInfo;
}

export interface ComplexInfo {
  typeName: string;
  elements: ElementInfo[];
  byName: Map<string, ElementInfo>;
  attributes: AttributeInfo[];
  attributeByName: Map<string, AttributeInfo>;
}

const leaves = new Map<string, LeafInfo>();

export function leafInfo(typeName: string): LeafInfo {
  let info = leaves.get(typeName);
  if (info) return info;
  const st = fatturaPASchema.simpleTypes[typeName];
  if (!st) throw new Error(`tipo semplice sconosciuto nello schema: ${typeName}`);
  info = { typeName, kind: st.kind, rules: textRulesOf(st) };
  if (st.kind === 'decimal' && st.decimals) {
    const [min, max] = st.decimals;
    info.decimals = [min, max];
    info.canonicalDecimal = new RegExp(`^-?[0-9]+\\.[0-9]{${min},${max}}$`);
  }
  leaves.set(typeName, info);
  return info;
}

const complexes = new Map<string, ComplexInfo>();

export function complexInfo(typeName: string): ComplexInfo {
  const existing = complexes.get(typeName);
  if (existing) return existing;
  const ct = fatturaPASchema.complexTypes[typeName];
  if (!ct) throw new Error(`tipo complesso sconosciuto nello schema: ${typeName}`);
  const info: ComplexInfo = { typeName, elements: [], byName: new Map(), attributes: [], attributeByName: new Map() };
  complexes.set(typeName, info); // registered before the children, so a recursive type would resolve
  ct.elements.forEach((el, index) => {
    const max = el.max === 'unbounded' ? Number.POSITIVE_INFINITY : el.max;
    const e: ElementInfo = { name: el.name, index, min: el.min, max, many: max > 1, signature: el.type === 'Signature' };
    if (!e.signature) {
      if (fatturaPASchema.complexTypes[el.type]) e.complex = complexInfo(el.type);
      else e.leaf = leafInfo(el.type);
    }
    info.elements.push(e);
    info.byName.set(e.name, e);
  });
  for (const a of ct.attributes ?? []) {
    const attr: AttributeInfo = { name: a.name, required: a.required, leaf: leafInfo(a.type) };
    info.attributes.push(attr);
    info.attributeByName.set(a.name, attr);
  }
  return info;
}

export const ROOT_ELEMENT = fatturaPASchema.root.name;
export const ROOT_INFO: ComplexInfo = complexInfo(fatturaPASchema.root.type);
