/**
 * A parser for the small YAML subset electron-builder.yml is written in (no YAML library is installed): block maps,
 * block lists (of scalars or of maps), flow lists of scalars `[a, b]`, plain/single/double-quoted scalars, comments,
 * null/true/false and numbers. Anything outside the subset (tabs, anchors, aliases, tags, block strings, flow maps,
 * duplicate keys) is an error, so the config cannot silently mean something else than the test reads.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  no: number;
  indent: number;
  text: string;
}

export class YamlSubsetError extends Error {
  constructor(no: number, message: string) {
    super(`riga ${no}: ${message}`);
    this.name = 'YamlSubsetError';
  }
}

/** Removes a comment: '#' at the start or after a space, outside quotes. */
function stripComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || raw[i - 1] === ' ')) return raw.slice(0, i);
  }
  return raw;
}

function toLines(source: string): Line[] {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1;
    if (/^\s*\t/.test(raw)) throw new YamlSubsetError(no, 'tabulazione nell’indentazione');
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') return;
    lines.push({ no, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  return lines;
}

export function parseScalar(text: string, no: number): YamlValue {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new YamlSubsetError(no, `stringa non chiusa: ${text}`);
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new YamlSubsetError(no, `stringa non chiusa: ${text}`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlSubsetError(no, `lista non chiusa: ${text}`);
    const inner = text.slice(1, -1).trim();
    if (inner === '') return [];
    return inner.split(',').map((part) => {
      const item = part.trim();
      if (item === '' || /^[[{]/.test(item)) throw new YamlSubsetError(no, `elemento non supportato in ${text}`);
      return parseScalar(item, no);
    });
  }
  if (/^[&*!|>{@`%]/.test(text)) throw new YamlSubsetError(no, `sintassi YAML fuori dal sottoinsieme: ${text}`);
  if (text === 'null' || text === '~') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/: |:$/.test(text)) throw new YamlSubsetError(no, `valore ambiguo (usa le virgolette): ${text}`);
  return text;
}

/** Splits `key: value` at the first ': ' (or final ':') outside quotes; null when the line is not a key. */
function splitKey(text: string): [string, string] | null {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ':' && (i === text.length - 1 || text[i + 1] === ' ')) return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
  }
  return null;
}

class Parser {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  parseDocument(): YamlValue {
    if (this.lines.length === 0) return null;
    const value = this.parseBlock(this.lines[0]!.indent);
    if (this.i < this.lines.length) throw new YamlSubsetError(this.lines[this.i]!.no, 'indentazione inattesa');
    return value;
  }

  private parseBlock(indent: number): YamlValue {
    const first = this.lines[this.i]!;
    return first.text === '-' || first.text.startsWith('- ') ? this.parseList(indent) : this.parseMap(indent);
  }

  /** The value after `key:` or `-` with nothing on the line: a nested block, or null when none follows. */
  private parseNested(parentIndent: number): YamlValue {
    const next = this.lines[this.i];
    if (!next || next.indent <= parentIndent) return null;
    return this.parseBlock(next.indent);
  }

  private parseMap(indent: number, firstInline?: { text: string; no: number }): Record<string, YamlValue> {
    const map: Record<string, YamlValue> = {};
    const take = (text: string, no: number, keyIndent: number) => {
      const kv = splitKey(text);
      if (!kv) throw new YamlSubsetError(no, `atteso "chiave: valore", trovato: ${text}`);
      const key = kv[0].startsWith('"') || kv[0].startsWith("'") ? String(parseScalar(kv[0], no)) : kv[0];
      if (Object.prototype.hasOwnProperty.call(map, key)) throw new YamlSubsetError(no, `chiave ripetuta: ${key}`);
      map[key] = kv[1] === '' ? this.parseNested(keyIndent) : parseScalar(kv[1], no);
    };
    if (firstInline) take(firstInline.text, firstInline.no, indent);
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlSubsetError(line.no, 'indentazione inattesa');
      if (line.text.startsWith('- ')) throw new YamlSubsetError(line.no, 'elemento di lista dentro una mappa');
      this.i++;
      take(line.text, line.no, indent);
    }
    return map;
  }

  private parseList(indent: number): YamlValue[] {
    const list: YamlValue[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlSubsetError(line.no, 'indentazione inattesa');
      if (line.text !== '-' && !line.text.startsWith('- ')) break;
      this.i++;
      const rest = line.text.slice(1).trim();
      if (rest === '') list.push(this.parseNested(indent));
      else if (!/^["'[]/.test(rest) && splitKey(rest)) {
        // `- key: value` starts a map whose other keys are aligned with `key`.
        list.push(this.parseMap(indent + 2, { text: rest, no: line.no }));
      } else list.push(parseScalar(rest, line.no));
    }
    return list;
  }
}

export function parseYamlSubset(source: string): YamlValue {
  return new Parser(toLines(source)).parseDocument();
}
