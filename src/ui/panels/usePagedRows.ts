/**
 * Rows of a table that stays in the worker (paging.ts): fetches the rows around the rendered
 * window for the current query, keeps the last page shown while the next one is on its way (a
 * filter typed, a scroll past the page), and drops answers for an older query.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { FIRST_PAGE, covers, pageRange } from './paging';
import type { Range } from './paging';

export interface Page<R> {
  start: number;
  rows: R[];
  /** Rows matching the query, all pages together. */
  matched: number;
}

/**
 * `key` names the query (undefined: nothing to fetch now, keep what is shown); `fetch` answers
 * rows [start, end) of it, null when there is no such table, undefined when the answer went stale.
 */
export function usePagedRows<P extends Page<unknown>>(
  key: string | undefined,
  fetch: (start: number, end: number) => Promise<P | null | undefined>,
): {
  page: P | undefined;
  /** The page answers the current key (not an older query's rows shown meanwhile). */
  fresh: boolean;
  /** The current key has no table (the device speaks no BGP). */
  missing: boolean;
  onWindow: (start: number, end: number) => void;
} {
  const [shown, setShown] = useState<{ key: string; page: P | null } | undefined>();
  const [win, setWin] = useState<Range>({ start: 0, end: FIRST_PAGE });
  const asked = useRef('');
  const latest = useRef(key);
  latest.current = key;
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const page = shown?.page ?? undefined;
  const fresh = shown !== undefined && shown.key === key;
  useEffect(() => {
    if (key === undefined) return;
    if (
      fresh &&
      (shown.page === null || covers({ ...shown.page, length: shown.page.rows.length }, win))
    )
      return;
    const range = pageRange(win);
    const ask = `${key}\u0000${range.start}\u0000${range.end}`;
    if (asked.current === ask) return;
    asked.current = ask;
    void fetchRef.current(range.start, range.end).then((p) => {
      if (asked.current === ask) asked.current = '';
      // An answer for an older query is still better than nothing while the new one comes.
      if (p === undefined || (key !== latest.current && shown !== undefined)) return;
      setShown({ key, page: p });
    });
  }, [key, fresh, shown, win]);
  const onWindow = useCallback((start: number, end: number) => {
    setWin((w) => (w.start === start && w.end === end ? w : { start, end }));
  }, []);
  return { page, fresh, missing: fresh && shown.page === null, onWindow };
}
