/**
 * The arithmetic of a fixed-row-height virtual list: which rows are on screen (plus a few above and below so fast
 * scrolling does not flash blank rows) and where the first one sits. Only these rows are in the DOM.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows rendered above and below the viewport. */
  overscan: number;
}

export interface WindowRange {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** translateY of the first rendered row, in px. */
  offsetY: number;
  /** Height of the whole scrollable content, in px. */
  totalHeight: number;
}

export function visibleWindow(i: WindowInput): WindowRange {
  const total = Math.max(0, Math.floor(i.total));
  const rowHeight = Math.max(1, i.rowHeight);
  const totalHeight = total * rowHeight;
  if (total === 0) return { start: 0, end: 0, offsetY: 0, totalHeight: 0 };
  const maxScroll = Math.max(0, totalHeight - i.viewportHeight);
  const top = Math.min(Math.max(0, i.scrollTop), maxScroll);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(0, i.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - i.overscan);
  const end = Math.min(total, first + visible + i.overscan);
  return { start, end, offsetY: start * rowHeight, totalHeight };
}

/** The scrollTop that brings `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return rowBottom - viewportHeight;
  return null;
}
