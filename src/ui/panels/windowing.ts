/**
 * Row windowing for the bottom panel's big tables: which rows to put in the DOM for a scroll
 * position. A fabric of 2,000 devices has ~4,300 sessions and a leaf ~6,000 Loc-RIB paths;
 * rendering them all took ~1.6 s of main thread (React plus layout), so only the rows in the
 * scroll viewport (plus an overscan margin) are rendered, with a spacer row above and below
 * standing in for the rest. Plain arithmetic here; the DOM side is `useRowWindow` in common.tsx.
 */

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Height of the spacer standing in for rows [0, start). */
  padTop: number;
  /** Height of the spacer standing in for rows [end, count). */
  padBottom: number;
}

export interface Viewport {
  /**
   * Scroll offset of the viewport's top edge, measured from the top of row 0 (negative when the
   * table starts below the viewport's top, e.g. under a toolbar).
   */
  top: number;
  /** Visible height of the scroll container. */
  height: number;
}

/**
 * Rows a table puts in the DOM before the viewport is measured (or while it has no size): about
 * the bottom panel's default height; a taller panel fills in one frame later.
 */
export const UNMEASURED: Viewport = { top: 0, height: 300 };

/**
 * The rows overlapping [top, top + height), widened by `overscan` rows on each side and clamped
 * to [0, count). Rows have a fixed height; a table entirely outside the viewport renders no row
 * (its spacers keep the scroll height right).
 */
export function visibleRows(
  count: number,
  rowHeight: number,
  view: Viewport,
  overscan: number,
): RowWindow {
  const n = Math.max(0, Math.floor(count));
  const h = rowHeight > 0 ? rowHeight : 1;
  const over = Math.max(0, Math.floor(overscan));
  const first = Math.floor(view.top / h);
  const last = Math.ceil((view.top + Math.max(0, view.height)) / h);
  const start = clamp(first - over, 0, n);
  const end = Math.max(start, clamp(last + over, 0, n));
  return { start, end, padTop: start * h, padBottom: (n - end) * h };
}

/** Whether two windows render the same rows (a scroll inside one row re-renders nothing). */
export function sameWindow(a: RowWindow, b: RowWindow): boolean {
  return (
    a.start === b.start && a.end === b.end && a.padTop === b.padTop && a.padBottom === b.padBottom
  );
}

/**
 * The scroll offset that brings row `index` fully into a viewport whose top `header` pixels are
 * covered by a sticky header; `top` unchanged when the row is already in view.
 */
export function scrollToRow(
  index: number,
  rowHeight: number,
  view: Viewport,
  header: number,
): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < view.top + header) return rowTop - header;
  if (rowBottom > view.top + view.height) return rowBottom - view.height;
  return view.top;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
