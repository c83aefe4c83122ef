/** Building blocks shared by the sections: section titles, flowing paragraphs, optional table columns. */
import type { RenderContext } from '../context';
import { ACCENT, LEADING, baseline, drawBlock, layoutBlock, type CellPart, type Column, type TextLine } from '../layout';
import { pdfLine, type PdfText } from '../winansi';

export const SECTION_GAP = 12;
const TITLE_SIZE = 7.5;
const TITLE_HEIGHT = 13;

/**
 * A small uppercase section title. It moves to the next page together with at least `keepWith` points of what follows,
 * so a title never sits alone at the bottom of a page.
 */
export function sectionTitle(ctx: RenderContext, text: string, keepWith = 30): void {
  const { flow, canvas } = ctx;
  flow.y += SECTION_GAP;
  flow.ensure(TITLE_HEIGHT + keepWith);
  canvas.text(pdfLine(text.toUpperCase()), flow.left, baseline(flow.y, TITLE_SIZE), { size: TITLE_SIZE, style: 'bold', color: ACCENT });
  flow.y += TITLE_HEIGHT;
}

/** Wrapped text across the full width, breaking pages between lines. */
export function flowParagraph(ctx: RenderContext, parts: CellPart[], defaults: Omit<CellPart, 'text'> = {}): void {
  const { flow, canvas } = ctx;
  const lines = layoutBlock(canvas, parts, flow.width, { size: 8.5, ...defaults });
  flowLines(ctx, lines);
}

export function flowLines(ctx: RenderContext, lines: TextLine[]): void {
  const { flow, canvas } = ctx;
  for (const line of lines) {
    flow.ensure(line.height);
    drawBlock(canvas, [line], flow.left, flow.y, flow.width);
    flow.y += line.height;
  }
}

/** Height of a line of `size` points. */
export function lineHeight(size: number): number {
  return size * LEADING;
}

/** A column kept only when at least one row has something in it. */
export interface OptionalColumn<Row> {
  column: Column;
  cell: (row: Row) => PdfText | CellPart[];
  /** Always shown even when empty. */
  required?: boolean;
}

function isEmpty(cell: PdfText | CellPart[]): boolean {
  return typeof cell === 'string' ? cell.length === 0 : cell.every((p) => p.text.length === 0);
}

/** Columns and cells of a table, dropping the optional columns that are empty in every row. */
export function buildTable<Row>(rows: Row[], spec: OptionalColumn<Row>[]): { columns: Column[]; cells: Array<Array<PdfText | CellPart[]>> } {
  const all = rows.map((r) => spec.map((s) => s.cell(r)));
  const keep = spec.map((s, i) => s.required === true || all.some((row) => !isEmpty(row[i]!)));
  return {
    columns: spec.filter((_, i) => keep[i]).map((s) => s.column),
    cells: all.map((row) => row.filter((_, i) => keep[i])),
  };
}

/** Non-empty strings joined with a separator. */
export function joinNonEmpty(parts: Array<string | undefined | false>, sep = ' · '): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim().length > 0).map((p) => p.trim()).join(sep);
}
