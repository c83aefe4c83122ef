/**
 * Flowing layout on a PdfCanvas: a vertical cursor that moves to a new page when a block does not fit, and tables
 * whose header repeats on every page and whose rows never overlap the footer (a row taller than a whole page is split
 * between pages line by line).
 */
import type { FontStyle, PdfCanvas, Rgb } from './canvas';
import type { PdfText } from './winansi';

export const INK: Rgb = [0.12, 0.13, 0.15];
export const MUTED: Rgb = [0.42, 0.44, 0.48];
export const ACCENT: Rgb = [0.11, 0.27, 0.45];
export const RULE: Rgb = [0.8, 0.82, 0.85];
export const HEADER_FILL: Rgb = [0.93, 0.94, 0.96];
export const BAND_FILL: Rgb = [0.96, 0.97, 0.98];

/** Baseline of a line of text of `size` points in a line box of `leading` × size starting at `top`. */
export function baseline(top: number, size: number, leading = LEADING): number {
  // Helvetica: ascender 0.718 em, descender 0.207 em; centre the glyph box in the line box.
  return top + ((leading - 0.925) * size) / 2 + 0.718 * size;
}

export const LEADING = 1.22;

export class Flow {
  /** Cursor: top of the next block, in points from the top edge. */
  y: number;

  constructor(
    readonly canvas: PdfCanvas,
    readonly left: number,
    readonly right: number,
    /** Where content may start on a continuation page (below its running header). */
    private readonly continuationTop: () => number,
    /** Lowest point content may reach (the footer lies below). */
    readonly bottom: number,
    top: number,
    private readonly onNewPage: () => void,
  ) {
    this.y = top;
  }

  get width(): number {
    return this.right - this.left;
  }

  get remaining(): number {
    return this.bottom - this.y;
  }

  /** Height available on a fresh continuation page. */
  get pageCapacity(): number {
    return this.bottom - this.continuationTop();
  }

  newPage(): void {
    this.canvas.addPage();
    this.onNewPage();
    this.y = this.continuationTop();
  }

  /** Starts a new page when fewer than `height` points remain; true when it did. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }
}

export interface CellPart {
  text: PdfText;
  size?: number;
  style?: FontStyle;
  color?: Rgb;
}

export type Cell = PdfText | CellPart[];

export interface Column {
  header: PdfText;
  /** Fixed width in points, or… */
  width?: number;
  /** …as wide as its widest cell (and the longest word of its header), within min and max, or… */
  auto?: { min?: number; max?: number };
  /** …a share of what the fixed and auto columns leave. */
  flex?: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableStyle {
  size: number;
  headerSize: number;
  padX: number;
  padY: number;
}

export const DEFAULT_TABLE_STYLE: TableStyle = { size: 8, headerSize: 7, padX: 4, padY: 3.2 };

/** One wrapped line of text with its style and its line-box height. */
export interface TextLine {
  text: PdfText;
  size: number;
  style: FontStyle;
  color: Rgb;
  height: number;
}
type Line = TextLine;

/** Wraps styled parts (each starting on a new line) to `width`. */
export function layoutBlock(canvas: PdfCanvas, parts: CellPart[], width: number, defaults: Omit<CellPart, 'text'> = {}): TextLine[] {
  const lines: TextLine[] = [];
  for (const p of parts) {
    const size = p.size ?? defaults.size ?? DEFAULT_TABLE_STYLE.size;
    const style = p.style ?? defaults.style ?? 'regular';
    const color = p.color ?? defaults.color ?? INK;
    for (const text of canvas.wrap(p.text, width, size, style)) lines.push({ text, size, style, color, height: size * LEADING });
  }
  return lines;
}

/** Draws wrapped lines from `top` down; returns the height used. */
export function drawBlock(canvas: PdfCanvas, lines: TextLine[], x: number, top: number, width: number, align: 'left' | 'right' = 'left'): number {
  let y = top;
  for (const l of lines) {
    const ts = { size: l.size, style: l.style, color: l.color };
    if (align === 'right') canvas.textRight(l.text, x + width, baseline(y, l.size), ts);
    else canvas.text(l.text, x, baseline(y, l.size), ts);
    y += l.height;
  }
  return y - top;
}

export function blockHeight(lines: TextLine[]): number {
  return heightOf(lines);
}

/** Natural width of an auto column: its widest line of content, or the longest word of its header. */
function autoWidth(canvas: PdfCanvas, col: number, column: Column, rows: Cell[][], style: TableStyle): number {
  let w = 0;
  for (const word of column.header.split(/[ \n]/)) w = Math.max(w, canvas.measure(word as PdfText, style.headerSize, 'bold'));
  for (const row of rows) {
    const cell = row[col];
    if (cell === undefined) continue;
    const parts: CellPart[] = typeof cell === 'string' ? [{ text: cell }] : cell;
    for (const p of parts) {
      for (const line of p.text.split('\n')) w = Math.max(w, canvas.measure(line as PdfText, p.size ?? style.size, p.style ?? 'regular'));
    }
  }
  const { min = 0, max = Infinity } = column.auto ?? {};
  return Math.min(Math.max(w, min), max) + 2 * style.padX + 0.5;
}

function resolveWidths(canvas: PdfCanvas, columns: Column[], rows: Cell[][], total: number, style: TableStyle): number[] {
  const fixedWidths = columns.map((c, i) => (c.width !== undefined ? c.width : c.auto ? autoWidth(canvas, i, c, rows, style) : undefined));
  const fixed = fixedWidths.reduce<number>((a, w) => a + (w ?? 0), 0);
  const flex = columns.reduce((a, c, i) => a + (fixedWidths[i] === undefined ? (c.flex ?? 1) : 0), 0);
  const free = Math.max(0, total - fixed);
  if (flex === 0) {
    // Only fixed and auto columns: spread the spare width over the auto ones so the table still spans the page.
    const autoTotal = columns.reduce((a, c, i) => a + (c.width === undefined ? fixedWidths[i]! : 0), 0);
    return columns.map((c, i) => (c.width === undefined && autoTotal > 0 ? fixedWidths[i]! + (free * fixedWidths[i]!) / autoTotal : fixedWidths[i]!));
  }
  return columns.map((c, i) => fixedWidths[i] ?? (free * (c.flex ?? 1)) / (flex || 1));
}

/** Draws a table at the flow's cursor and moves the cursor below it. */
export function drawTable(flow: Flow, columns: Column[], rows: Cell[][], style: TableStyle = DEFAULT_TABLE_STYLE): void {
  const { canvas } = flow;
  const widths = resolveWidths(canvas, columns, rows, flow.width, style);
  const xs: number[] = [];
  let x = flow.left;
  for (const w of widths) {
    xs.push(x);
    x += w;
  }

  const layoutCell = (cell: Cell, col: number, defaults: Omit<CellPart, 'text'>): Line[] =>
    layoutBlock(canvas, typeof cell === 'string' ? [{ text: cell }] : cell, widths[col]! - 2 * style.padX, { size: style.size, ...defaults });

  const header = columns.map((c, i) => layoutCell(c.header, i, { size: style.headerSize, style: 'bold', color: MUTED }));
  const headerHeight = Math.max(...header.map(heightOf)) + 2 * style.padY;

  const drawLines = (cells: Line[][], top: number): void => {
    cells.forEach((lines, col) => {
      let y = top + style.padY;
      const align = columns[col]!.align ?? 'left';
      for (const l of lines) {
        const b = baseline(y, l.size);
        const ts = { size: l.size, style: l.style, color: l.color };
        if (align === 'right') canvas.textRight(l.text, xs[col]! + widths[col]! - style.padX, b, ts);
        else if (align === 'center') canvas.textCenter(l.text, xs[col]! + widths[col]! / 2, b, ts);
        else canvas.text(l.text, xs[col]! + style.padX, b, ts);
        y += l.height;
      }
    });
  };

  const drawHeader = (): void => {
    canvas.rect(flow.left, flow.y, flow.width, headerHeight, { fill: HEADER_FILL });
    drawLines(header, flow.y);
    flow.y += headerHeight;
  };

  const rowRule = (): void => canvas.line(flow.left, flow.y, flow.right, flow.y, 0.4, RULE);

  // The header travels with at least the first row.
  const first = rows[0] ? rows[0].map((c, i) => layoutCell(c, i, {})) : [];
  flow.ensure(headerHeight + Math.min(rowHeight(first, style), flow.pageCapacity - headerHeight));
  drawHeader();
  let freshTop = flow.y;

  const breakPage = (): void => {
    flow.newPage();
    drawHeader();
    freshTop = flow.y;
  };

  rows.forEach((row, r) => {
    let cells = r === 0 ? first : row.map((c, i) => layoutCell(c, i, {}));
    for (;;) {
      const needed = rowHeight(cells, style);
      if (flow.y + needed <= flow.bottom) {
        drawLines(cells, flow.y);
        flow.y += needed;
        rowRule();
        return;
      }
      const fitsFreshPage = needed <= flow.bottom - freshTop;
      if (fitsFreshPage && flow.y > freshTop) {
        breakPage();
        continue;
      }
      // Taller than a page: draw what fits here and carry the rest over.
      const room = flow.bottom - flow.y - 2 * style.padY;
      let taken = cells.map((lines) => takeLines(lines, room));
      if (taken.every((t) => t.length === 0)) {
        if (flow.y > freshTop) {
          breakPage();
          continue;
        }
        // Not even one line fits on an empty page (cannot happen with sane sizes): draw one anyway so we always end.
        taken = cells.map((lines) => lines.slice(0, 1));
      }
      drawLines(taken, flow.y);
      flow.y += rowHeight(taken, style);
      cells = cells.map((lines, i) => lines.slice(taken[i]!.length));
      breakPage();
    }
  });
}

function heightOf(lines: Line[]): number {
  let h = 0;
  for (const l of lines) h += l.height;
  return h;
}

function rowHeight(cells: Line[][], style: TableStyle): number {
  let max = 0;
  for (const c of cells) max = Math.max(max, heightOf(c));
  return max + 2 * style.padY;
}

function takeLines(lines: Line[], room: number): Line[] {
  let h = 0;
  let i = 0;
  for (; i < lines.length; i++) {
    if (h + lines[i]!.height > room) break;
    h += lines[i]!.height;
  }
  return lines.slice(0, i);
}
