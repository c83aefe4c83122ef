/**
 * Element paths for findings, e.g. "FatturaElettronicaBody[0]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale".
 * The root element name is left out; repeated elements carry their index. The walkers keep the current path as a stack
 * of (name, index) pairs and turn it into text only when a finding is made, so a valid document allocates no path text.
 */
export class PathStack {
  private readonly names: string[] = [];
  private readonly indexes: number[] = [];
  private depth = 0;

  /** Enters element `name`; `index` is its position when the element is repeated, -1 otherwise. */
  push(name: string, index: number): void {
    this.names[this.depth] = name;
    this.indexes[this.depth] = index;
    this.depth++;
  }

  pop(): void {
    this.depth--;
  }

  /** Current path, optionally followed by one more segment (a child that is missing, an attribute...). */
  text(child?: string): string {
    let out = '';
    for (let i = 0; i < this.depth; i++) {
      if (i > 0) out += '/';
      out += this.names[i];
      const index = this.indexes[i]!;
      if (index >= 0) out += `[${index}]`;
    }
    if (child !== undefined) out += out === '' ? child : `/${child}`;
    return out;
  }
}

/** Path of a body-level element: `bodyPath(0, 'DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale')`. */
export function bodyPath(body: number, rest: string): string {
  return `FatturaElettronicaBody[${body}]/${rest}`;
}
