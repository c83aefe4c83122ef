/**
 * Reads the official FatturaPA XSD and writes core/fatturapa/schema.generated.ts: the schema as data (element order,
 * cardinality, facets of every simple type, enumerations with their official descriptions) and the TypeScript model
 * interfaces. Writer, reader, structural checks and forms all read this one description, so they cannot disagree.
 *
 *   npx tsx build/tools/gen-fatturapa-schema.ts [path/to/Schema_VFPR12_v1.2.3.xsd]
 *
 * The generated file is committed (a user's clone has no ../shared); a test re-runs this generator in memory and fails
 * when the committed file no longer matches the schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import type { ElementDescription } from '../../core/fatturapa/schema-types';

type Node = Record<string, unknown>;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type GenElement = ElementDescription;

function translatePattern(xsd: string): string {
  // XSD patterns are implicitly anchored; the two Unicode block escapes used by FatturaPA become explicit ranges.
  let p = xsd
    .replace(/\\p\{IsBasicLatin\}\\p\{IsLatin-1Supplement\}/g, '\\u0000-\\u00FF')
    .replace(/\[\\p\{IsBasicLatin\}\]/g, '[\\u0000-\\u007F]')
    .replace(/\\p\{IsBasicLatin\}/g, '[\\u0000-\\u007F]')
    .replace(/\\p\{IsLatin-1Supplement\}/g, '[\\u0080-\\u00FF]');
  // Inside a class, XSD allows a bare '[' and a trailing '-' that JS's 'u' mode rejects: escape them.
  p = escapeClassContents(p);
  new RegExp(`^(?:${p})$`, 'u');
  return p;
}

function escapeClassContents(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
      continue;
    }
    if (!inClass) {
      if (c === '[') inClass = true;
      out += c;
      continue;
    }
    if (c === ']') {
      inClass = false;
      out += c;
    } else if (c === '[' || c === '{' || c === '}' || c === '(' || c === ')' || c === '|' || c === '/') {
      out += '\\' + c;
    } else if (c === '-' && (p[i + 1] === ']' || out.endsWith('[') || out.endsWith('-'))) {
      out += '\\-';
    } else {
      out += c;
    }
  }
  return out;
}

export function generate(xsdText: string, sourceName: string): string {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) =>
      ['xs:complexType', 'xs:simpleType', 'xs:element', 'xs:enumeration', 'xs:sequence', 'xs:choice', 'xs:attribute', 'xs:pattern'].includes(name),
  });
  const doc = parser.parse(xsdText) as Node;
  const schema = doc['xs:schema'] as Node;
  const version = String(schema['@version']);

  const simple: Record<string, Record<string, unknown>> = {};
  const enumDocs: Record<string, Record<string, string>> = {};
  for (const st of asArray(schema['xs:simpleType'] as Node[])) {
    const name = String(st['@name']);
    const r = st['xs:restriction'] as Node;
    const base = String(r['@base']).replace('xs:', '');
    const def: Record<string, unknown> = { kind: baseKind(base) };
    if (base === 'normalizedString') def.normalized = true;
    if (base === 'token') def.collapse = true;
    const patterns = asArray(r['xs:pattern'] as Node[]);
    if (patterns.length) def.pattern = translatePattern(String(patterns[0]!['@value']));
    for (const facet of ['length', 'minLength', 'maxLength'] as const) {
      const f = r[`xs:${facet}`] as Node | undefined;
      if (f) def[facet] = Number(f['@value']);
    }
    for (const facet of ['minInclusive', 'maxInclusive'] as const) {
      const f = r[`xs:${facet}`] as Node | undefined;
      if (f) def[facet] = String(f['@value']);
    }
    if ((r['xs:whiteSpace'] as Node | undefined)?.['@value'] === 'collapse') def.collapse = true;
    const enums = asArray(r['xs:enumeration'] as Node[]);
    if (enums.length) {
      def.enumeration = enums.map((e) => String(e['@value']));
      enumDocs[name] = Object.fromEntries(
        enums.map((e) => [String(e['@value']), cleanDoc(((e['xs:annotation'] as Node | undefined)?.['xs:documentation'] as string | undefined) ?? '')]),
      );
    }
    const m = typeof def.pattern === 'string' ? /\\\.\[0-9\]\{(\d)(?:,(\d))?\}\)?$/.exec(def.pattern) : null;
    if (def.kind === 'decimal' && m) def.decimals = [Number(m[1]), Number(m[2] ?? m[1])];
    simple[name] = def;
  }

  const complex: Record<string, { elements: GenElement[]; attributes?: { name: string; type: string; required: boolean }[] }> = {};
  // Element order matters (the writer follows it), so complex types are read with order preserved.
  const ordered = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, parseTagValue: false });
  type ONode = Record<string, unknown> & { ':@'?: Record<string, string> };
  const tagOf = (n: ONode) => Object.keys(n).find((k) => k !== ':@')!;
  const kids = (n: ONode) => (n[tagOf(n)] as ONode[]) ?? [];
  const schemaNode = (ordered.parse(xsdText) as ONode[]).find((n) => tagOf(n) === 'xs:schema')!;
  for (const ct of kids(schemaNode).filter((n) => tagOf(n) === 'xs:complexType')) {
    const name = ct[':@']!['@name']!;
    const elements: GenElement[] = [];
    const attributes: { name: string; type: string; required: boolean }[] = [];
    let choiceId = 0;
    const walk = (nodes: ONode[], choice?: [number, number]) => {
      for (const n of nodes) {
        const tag = tagOf(n);
        const a = n[':@'] ?? {};
        if (tag === 'xs:sequence') walk(kids(n), choice);
        else if (tag === 'xs:choice') {
          const id = choiceId++;
          kids(n)
            .filter((b) => tagOf(b) === 'xs:sequence' || tagOf(b) === 'xs:element')
            .forEach((branch, b) => walk(tagOf(branch) === 'xs:sequence' ? kids(branch) : [branch], [id, b]));
        } else if (tag === 'xs:element') {
          const ref = a['@ref'];
          const g: GenElement = {
            name: ref ? ref.split(':')[1]! : a['@name']!,
            type: ref ? 'Signature' : a['@type']!,
            min: a['@minOccurs'] === undefined ? 1 : Number(a['@minOccurs']),
            max: a['@maxOccurs'] === undefined ? 1 : a['@maxOccurs'] === 'unbounded' ? 'unbounded' : Number(a['@maxOccurs']),
          };
          if (choice) {
            g.choice = choice;
            g.min = 0;
          }
          if (a['@default'] !== undefined) g.default = a['@default'];
          elements.push(g);
        } else if (tag === 'xs:attribute') {
          attributes.push({ name: a['@name']!, type: a['@type']!, required: a['@use'] === 'required' });
        }
      }
    };
    walk(kids(ct));
    complex[name] = attributes.length ? { elements, attributes } : { elements };
  }

  for (const [, ct] of Object.entries(complex)) {
    for (const el of ct.elements) {
      if (el.type.startsWith('xs:')) {
        const builtin = el.type.slice(3);
        const alias = `xs_${builtin}`;
        simple[alias] ??= { kind: baseKind(builtin) };
        el.type = alias;
      }
    }
  }

  const rootEl = asArray(schema['xs:element'] as Node[])[0]!;
  return render({ version, sourceName, root: { name: String(rootEl['@name']), type: String(rootEl['@type']) }, simple, complex, enumDocs });
}

function baseKind(base: string): string {
  switch (base) {
    case 'decimal':
      return 'decimal';
    case 'integer':
      return 'integer';
    case 'date':
      return 'date';
    case 'dateTime':
      return 'dateTime';
    case 'base64Binary':
      return 'base64';
    default:
      return 'string';
  }
}

function cleanDoc(s: string): string {
  return String(s).replace(/\s+/g, ' ').trim();
}

const modelName = (typeName: string) => typeName.replace(/Type$/, '');

function render(g: {
  version: string;
  sourceName: string;
  root: { name: string; type: string };
  simple: Record<string, Record<string, unknown>>;
  complex: Record<string, { elements: GenElement[]; attributes?: { name: string; type: string; required: boolean }[] }>;
  enumDocs: Record<string, Record<string, string>>;
}): string {
  const lines: string[] = [];
  lines.push('// GENERATED by build/tools/gen-fatturapa-schema.ts from ' + g.sourceName + '. Do not edit by hand.');
  lines.push('/* eslint-disable */');
  lines.push("import type { SchemaDescription } from './schema-types';");
  lines.push('');
  lines.push(`export const FATTURAPA_SCHEMA_VERSION = ${JSON.stringify(g.version)};`);
  lines.push('');
  // Model interfaces.
  for (const [name, st] of Object.entries(g.simple)) {
    if (Array.isArray(st.enumeration)) {
      lines.push(`export type ${modelName(name)} = ${(st.enumeration as string[]).map((v) => JSON.stringify(v)).join(' | ')};`);
    }
  }
  lines.push('');
  const tsType = (type: string): string => {
    if (g.complex[type]) return modelName(type);
    if (type === 'Signature') return 'XmlFragment';
    const st = g.simple[type];
    if (st && Array.isArray(st.enumeration)) return modelName(type);
    return 'string';
  };
  for (const [name, ct] of Object.entries(g.complex)) {
    lines.push(`export interface ${modelName(name)} {`);
    for (const a of ct.attributes ?? []) lines.push(`  ${a.name}${a.required ? '' : '?'}: ${tsType(a.type)};`);
    for (const el of ct.elements) {
      const t = tsType(el.type);
      const many = el.max === 'unbounded' || el.max > 1;
      lines.push(`  ${el.name}${el.min === 0 ? '?' : ''}: ${many ? `${t}[]` : t};`);
    }
    lines.push('}');
  }
  lines.push('');
  lines.push('/** An element kept as parsed XML (ds:Signature): carried through read and write untouched. */');
  lines.push('export interface XmlFragment { xml: string }');
  lines.push('');
  const desc = {
    root: g.root,
    simpleTypes: g.simple,
    complexTypes: g.complex,
  };
  lines.push(`export const fatturaPASchema: SchemaDescription = ${JSON.stringify(desc, null, 2)};`);
  lines.push('');
  lines.push('/** Official descriptions of every enumerated value, verbatim from the XSD. */');
  lines.push(`export const enumDescriptions: Record<string, Record<string, string>> = ${JSON.stringify(g.enumDocs, null, 2)};`);
  lines.push('');
  return lines.join('\n');
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const xsdPath = process.argv[2] ?? resolve(here, '../../../shared/fatturapa/xsd/Schema_VFPR12_v1.2.3.xsd');
  const out = resolve(here, '../../core/fatturapa/schema.generated.ts');
  writeFileSync(out, generate(readFileSync(xsdPath, 'utf8'), 'Schema_VFPR12_v1.2.3.xsd'));
  console.log(`scritto ${out}`);
}
