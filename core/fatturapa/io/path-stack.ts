/**
 * Element paths for findings, e.g. "FatturaElettronicaBody[0]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale": root
 * left out, repeated elements with their index. Kept as a stack and turned into text only when a finding is made.
 */
export class PathStack {
  private readonly names: string[] = [];
  private readonly indexes: number[] = [];
  private depth = 0;

  /** `index` is the position of a repeated element, -1 for a single one. */
  push(name: string, index: number): void {
    this.names[this.depth] = name;
    this.indexes[this.depth] = index;
    this.depth++;
  }

  pop(): void {
    this.depth--;
  }

  text(child?: string): string {
    let out = '';
    for (let i = 0; i < this.depth; i++) {
      if (i > 0) out += '/';
      out += this.names[i]!;
      if (this.indexes[i]! >= 0) out += `[${this.indexes[i]}]`;
    }
    if (child !== undefined) out += out === '' ? child : `/${child}`;
    return out;
  }
}
