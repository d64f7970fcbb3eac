/**
 * Which rows a paged table asks the worker for (plain arithmetic; the hook is usePagedRows.ts).
 * A table the worker filters and sorts (the BGP table: ~50,000 paths on a leaf of a big fabric)
 * holds only the rows around its rendered window; scrolling past them fetches the next ones.
 */

/** Rows fetched beyond each edge of the rendered window: a few screens of scrolling. */
export const PAGE_MARGIN = 80;

/** Rows asked for before the table has measured its viewport. */
export const FIRST_PAGE = 120;

export interface Range {
  start: number;
  end: number;
}

/** The rows to fetch for a rendered window: the window widened by `margin` on each side. */
export function pageRange(win: Range, margin = PAGE_MARGIN): Range {
  const start = Math.max(0, Math.floor(win.start) - margin);
  return { start, end: Math.max(start, Math.ceil(win.end) + margin) };
}

/**
 * Whether a fetched page (`length` rows from `start`, out of `matched`) holds every row of the
 * window; rows past the end of the table need not be held.
 */
export function covers(page: { start: number; length: number; matched: number }, win: Range) {
  const end = Math.min(win.end, page.matched);
  return page.start <= Math.min(win.start, end) && page.start + page.length >= end;
}
