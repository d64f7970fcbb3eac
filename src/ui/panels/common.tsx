import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, MutableRefObject, ReactNode } from 'react';
import { query } from '../sim';
import type { Api } from '../../worker/api';
import type { Remote } from 'comlink';
import { useLab } from '../store/labStore';
import { toast, useUi } from '../store/uiStore';
import { UNMEASURED, sameWindow, scrollToRow, visibleRows } from './windowing';
import type { RowWindow, Viewport } from './windowing';

/** Fetches a worker view for the current revision; refetches when the revision or key changes. */
export function useWorkerView<T>(
  key: string | undefined,
  fn: (api: Remote<Api>, revision: number, key: string) => Promise<T>,
): T | undefined {
  const revision = useUi((s) => s.revision);
  const status = useUi((s) => s.status);
  const [value, setValue] = useState<{ key: string; rev: number; v: T } | undefined>();
  useEffect(() => {
    if (key === undefined || status === 'running') return;
    let live = true;
    void query((api, rev) => fn(api, rev, key)).then((v) => {
      if (live && v !== undefined) setValue({ key, rev: revision, v });
    });
    return () => {
      live = false;
    };
    // fn is a stable lambda per panel; keying on it would refetch every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision, status]);
  return value && value.key === key ? value.v : undefined;
}

/** The device the router views show: chosen here, defaulting to the last device clicked. */
export function useViewDevice(): [string | undefined, (d: string) => void] {
  const focus = useUi((s) => s.focus);
  const names = useLab((s) => s.lab.devices.map((d) => d.name).join('\u0000'));
  const exists = focus !== undefined && names.split('\u0000').includes(focus);
  return [exists ? focus : undefined, (d: string) => useUi.setState({ focus: d })];
}

/** Above this many entries a picker's options are created when it is first used. */
const PICKER_LAZY = 200;

/**
 * The options a <select> or <datalist> renders: all of them once `open` was called (on focus
 * or pointerdown, before a popup opens: React flushes those events synchronously), and until
 * then, for a long list, only the chosen ones. A 2,000-device lab makes 2,000 <option>s, ~10 ms
 * to create and ~25 ms to lay out (a closed select is as wide as its widest option), paid in the
 * task that delivers the simulation result or opens the tab.
 */
export function useLazyOptions<T>(all: readonly T[], chosen: (t: T) => boolean) {
  const [opened, setOpened] = useState(false);
  const small = all.length <= PICKER_LAZY;
  const shown = opened || small ? all : all.filter(chosen);
  return { options: shown, open: () => setOpened(true) };
}

/** Picks the device a view shows. */
export function DevicePicker({
  value,
  onChange,
  speakersOnly,
}: {
  value?: string;
  onChange: (d: string) => void;
  speakersOnly?: boolean;
}) {
  const devices = useLab((s) => s.lab.devices);
  const list = useMemo(
    () =>
      devices
        .filter((d) => !speakersOnly || d.kind === 'router' || d.kind === 'k8s-node')
        .map((d) => d.name),
    [devices, speakersOnly],
  );
  const { options, open } = useLazyOptions(list, (n) => n === value);
  return (
    <select
      aria-label="Device"
      data-testid="view-device"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
      onFocus={open}
      onPointerDown={open}
    >
      <option value="" disabled>
        device…
      </option>
      {options.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

export interface Column<R> {
  key: string;
  label: string;
  num?: boolean;
  value: (r: R) => string | number;
  render?: (r: R) => ReactNode;
}

/** Tables with at most this many rows render whole (find-in-page and small-lab tests see all). */
export const WINDOW_MIN = 150;
/** Rows rendered beyond each edge of the viewport, so keyboard focus can always move one on. */
const OVERSCAN = 8;
/** First guess of a row's height (12 px mono, 2 px padding, 1 px rule); measured after render. */
const ROW_H = 21;

/** Joins a row's cells for the filter; no filter text contains it, so no match spans cells. */
const SEP = '\u0000';

// One collator for every sort: localeCompare with options builds one per call (~10× slower).
const collator = new Intl.Collator(undefined, { numeric: true });

/** The nearest ancestor that scrolls vertically: the viewport the rows are windowed against. */
function scrollParent(el: HTMLElement): HTMLElement | undefined {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY;
    if (oy === 'auto' || oy === 'scroll') return p;
  }
  return undefined;
}

/**
 * Which of `count` fixed-height rows to render: those in the scroll container's viewport plus
 * OVERSCAN. `body` goes on the <tbody>; its top is row 0's top because the top spacer stands in
 * for the rows above. The window is derived in render from the last measured viewport, so a new
 * row count (a filter typed) is right at once; a scroll re-renders only when the set of rows
 * changes, not on every pixel.
 *
 * The DOM is read in an animation frame, never in the commit: reading geometry there forced the
 * whole page's style and layout (a 2,000-device canvas just redrawn) inside the task that
 * delivered the simulation result, ~40% of it.
 */
export function useRowWindow(count: number, enabled: boolean) {
  const body = useRef<HTMLTableSectionElement>(null);
  const [geom, setGeom] = useState({ view: UNMEASURED, rowH: ROW_H });
  // `learned` caps how often a measured height is adopted: rows of uneven height could otherwise
  // flip the window back and forth between two sets of rows forever.
  const live = useRef({
    count,
    learned: 0,
    rowH: ROW_H,
    schedule: () => {},
    reveal: (index: number): void => void index,
  });
  live.current.count = count;
  useEffect(() => {
    const tb = body.current;
    if (!enabled || !tb) return;
    const g = live.current;
    let scroller: HTMLElement | undefined;
    let target: EventTarget | undefined;
    let frame = 0;
    const ro = new ResizeObserver(() => measure());
    const view = (): Viewport => {
      if (!target) {
        scroller = scrollParent(tb);
        target = scroller ?? window;
        target.addEventListener('scroll', measure, { passive: true });
        if (scroller) ro.observe(scroller);
      }
      const viewTop = scroller ? scroller.getBoundingClientRect().top + scroller.clientTop : 0;
      return {
        top: viewTop - tb.getBoundingClientRect().top,
        height: scroller ? scroller.clientHeight : window.innerHeight,
      };
    };
    const measure = () => {
      const now = view();
      // The real row height, averaged so one row a pixel taller does not drift the spacers.
      const rows = tb.querySelectorAll<HTMLElement>('tr[data-index]');
      const first = rows[0];
      const last = rows[rows.length - 1];
      const h =
        first && last
          ? (last.getBoundingClientRect().bottom - first.getBoundingClientRect().top) / rows.length
          : 0;
      setGeom((prev) => {
        const rowH = h > 0 && g.learned < 3 && Math.abs(h - prev.rowH) > 0.25 ? h : prev.rowH;
        if (rowH !== prev.rowH) g.learned++;
        const before = visibleRows(g.count, prev.rowH, prev.view, OVERSCAN);
        const after = visibleRows(g.count, rowH, now, OVERSCAN);
        g.rowH = rowH;
        return sameWindow(before, after) ? prev : { view: now, rowH };
      });
    };
    g.reveal = (index) => {
      const now = view();
      const header = tb.parentElement?.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const top = scrollToRow(index, g.rowH, now, header);
      if (top === now.top) return;
      if (scroller) scroller.scrollTop += top - now.top;
      else window.scrollBy(0, top - now.top);
    };
    g.schedule = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          measure();
        });
    };
    g.schedule();
    return () => {
      cancelAnimationFrame(frame);
      target?.removeEventListener('scroll', measure);
      ro.disconnect();
      g.schedule = () => {};
      g.reveal = () => {};
    };
  }, [enabled]);
  // After every render: the rows or their heights may have changed under the viewport.
  useEffect(() => live.current.schedule());
  const win: RowWindow = enabled
    ? visibleRows(count, geom.rowH, geom.view, OVERSCAN)
    : { start: 0, end: count, padTop: 0, padBottom: 0 };
  /** Scrolls row `index` into view (below the sticky header), rendered or not. */
  const reveal = (index: number) => live.current.reveal(index);
  return { body, win, reveal };
}

export type SortState = { key: string; dir: 1 | -1 } | undefined;

/** Clicking a header sorts by it; clicking it again flips the direction. */
export function nextSort(sort: SortState, key: string): SortState {
  return sort?.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: 1 };
}

/** What DataTable and GridTable both take: the columns and how rows look and respond. */
interface TableProps<R> {
  columns: Column<R>[];
  rowKey: (r: R, i: number) => string;
  onRowClick?: (r: R) => void;
  selectedKey?: string;
  rowProps?: (r: R) => Record<string, string>;
  testid?: string;
  caption?: string;
}

/**
 * A real <table>, filterable (substring over all cells) and sortable by clicking a header (or
 * Enter on it). Over WINDOW_MIN rows only the rows in view are in the DOM (see windowing.ts);
 * the header stays one <thead> of the same table, so columns line up whatever is rendered.
 * Clickable rows take focus: Enter opens one, ↑/↓ move between them.
 */
export function DataTable<R>(
  props: TableProps<R> & {
    rows: R[];
    filter: string;
    /** Receives the rows as shown (filtered, sorted), so a Copy button copies what the user sees. */
    shownRef?: MutableRefObject<R[] | undefined>;
  },
) {
  const { rows, columns, filter } = props;
  const [sort, setSort] = useState<SortState>();
  const f = filter.trim().toLowerCase();
  // Each row's cells as one lowercase string, made on the first filter keystroke and kept for
  // the next ones: re-deriving 9 cells of 48,000 BGP paths per keystroke took ~100 ms.
  const haystack = useMemo(
    () =>
      f === ''
        ? undefined
        : new Map(
            rows.map((r) => [r, columns.map((c) => String(c.value(r)).toLowerCase()).join(SEP)]),
          ),
    // Keyed on whether a filter is set, not on its text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, columns, f === ''],
  );
  const shown = useMemo(() => {
    let out = haystack ? rows.filter((r) => haystack.get(r)?.includes(f)) : rows;
    if (sort) {
      const col = columns.find((c) => c.key === sort.key);
      if (col) {
        // Keys computed once per row, not once per comparison.
        const keys = new Map(out.map((r) => [r, col.value(r)]));
        out = [...out].sort((a, b) => {
          const x = keys.get(a) ?? '';
          const y = keys.get(b) ?? '';
          return (
            (typeof x === 'number' && typeof y === 'number'
              ? x - y
              : collator.compare(String(x), String(y))) * sort.dir
          );
        });
      }
    }
    return out;
  }, [rows, haystack, f, columns, sort]);
  if (props.shownRef) props.shownRef.current = shown;
  return (
    <GridTable
      count={shown.length}
      rowAt={(i) => shown[i]}
      columns={columns}
      rowKey={props.rowKey}
      onRowClick={props.onRowClick}
      selectedKey={props.selectedKey}
      rowProps={props.rowProps}
      testid={props.testid}
      caption={props.caption}
      sort={sort}
      onSort={(key) => setSort(nextSort(sort, key))}
      empty={rows.length === 0 ? 'nothing to show' : 'no row matches the filter'}
    />
  );
}

/**
 * The <table> of DataTable over rows it does not hold: `rowAt(i)` gives the i-th of `count`
 * rows as shown, or undefined for one not at hand yet (a paged table still fetching it: an empty
 * row of the same height stands in). `onWindow` hears which rows are in the DOM, so a paged
 * table knows which to fetch. Sorting is the owner's: the header only reports clicks.
 */
export function GridTable<R>(
  props: TableProps<R> & {
    count: number;
    rowAt: (i: number) => R | undefined;
    sort: SortState;
    onSort: (key: string) => void;
    /** Shown in place of rows when there are none. */
    empty: string;
    onWindow?: (start: number, end: number) => void;
    /** The rows shown are an older query's, the current one's on their way (aria-busy). */
    busy?: boolean;
  },
) {
  const { count, rowAt, columns, sort } = props;
  const windowed = count > WINDOW_MIN;
  const { body, win, reveal } = useRowWindow(count, windowed);
  const onWindow = props.onWindow;
  useEffect(() => onWindow?.(win.start, win.end), [onWindow, win.start, win.end]);
  const pendingFocus = useRef<number | undefined>(undefined);
  // Roving tab stop: Tab enters the rows once (at the last focused row, or the first rendered
  // one when that is scrolled away), ↑/↓ move within them, Tab again leaves the table.
  const [active, setActive] = useState(0);
  const tabStop = active >= win.start && active < win.end ? active : win.start;
  const click = props.onRowClick;
  const onKeyDown = (e: ReactKeyboardEvent<HTMLTableSectionElement>) => {
    const tr = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
    if (!tr || !click) return;
    const i = Number(tr.dataset.index);
    if (e.key === 'Enter' || e.key === ' ') {
      const r = rowAt(i);
      if (r !== undefined && e.target === tr) {
        e.preventDefault();
        click(r);
      }
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const to = i + (e.key === 'ArrowDown' ? 1 : -1);
      if (to < 0 || to >= count) return;
      e.preventDefault();
      // The neighbour is usually rendered (OVERSCAN rows lie beyond the viewport's edges), but
      // keys can repeat faster than the window follows: then scroll to it, focus after render.
      const next = body.current?.querySelector<HTMLElement>(`tr[data-index="${to}"]`);
      if (next) {
        next.focus({ preventScroll: true });
        next.scrollIntoView({ block: 'nearest' });
      } else {
        pendingFocus.current = to;
        reveal(to);
      }
    }
  };
  useEffect(() => {
    const to = pendingFocus.current;
    if (to === undefined) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-index="${to}"]`);
    if (row) {
      pendingFocus.current = undefined;
      row.focus({ preventScroll: true });
    }
  });
  const spacer = (h: number, where: string) =>
    h > 0 ? (
      <tr className="spacer" aria-hidden="true" data-spacer={where} style={{ height: h }}>
        <td colSpan={columns.length} />
      </tr>
    ) : null;
  const rendered: ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) {
    const r = rowAt(i);
    if (r === undefined) {
      rendered.push(
        <tr key={`pending:${i}`} data-index={i} className="pending" aria-busy="true">
          <td colSpan={columns.length}>&nbsp;</td>
        </tr>,
      );
      continue;
    }
    const k = props.rowKey(r, i);
    rendered.push(
      <tr
        key={k}
        data-index={i}
        aria-rowindex={windowed ? i + 2 : undefined}
        tabIndex={click ? (i === tabStop ? 0 : -1) : undefined}
        className={`${click ? 'clickable' : ''} ${props.selectedKey === k ? 'sel' : ''}`}
        onClick={click ? () => click(r) : undefined}
        {...(props.rowProps?.(r) ?? {})}
      >
        {columns.map((c) => (
          <td key={c.key} className={c.num ? 'num' : ''}>
            {c.render ? c.render(r) : c.value(r)}
          </td>
        ))}
      </tr>,
    );
  }
  return (
    <table
      className={`grid${windowed ? ' windowed' : ''}`}
      data-testid={props.testid}
      data-rows={count}
      aria-rowcount={windowed ? count + 1 : undefined}
      aria-busy={props.busy ? true : undefined}
    >
      {props.caption && <caption style={{ display: 'none' }}>{props.caption}</caption>}
      <thead>
        <tr aria-rowindex={windowed ? 1 : undefined}>
          {columns.map((c) => (
            <th
              key={c.key}
              className={c.num ? 'num' : ''}
              tabIndex={0}
              aria-sort={
                sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'
              }
              onClick={() => props.onSort(c.key)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  props.onSort(c.key);
                }
              }}
            >
              {c.label}
              {sort?.key === c.key ? (sort.dir === 1 ? ' ▴' : ' ▾') : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody
        ref={body}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const i = Number((e.target as HTMLElement).dataset.index);
          if (Number.isInteger(i)) setActive(i);
        }}
      >
        {spacer(win.padTop, 'top')}
        {rendered}
        {spacer(win.padBottom, 'bottom')}
        {count === 0 && (
          <tr>
            <td colSpan={columns.length} className="muted">
              {props.empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function Filter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <input
      placeholder="filter…"
      aria-label="Filter"
      data-testid="filter"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      style={{ width: 180 }}
    />
  );
}

export function Unavailable({ children }: { children: ReactNode }) {
  return (
    <div className="muted" data-testid="unavailable" style={{ padding: 8 }}>
      {children}
    </div>
  );
}

/** Puts text on the clipboard; falls back to a hidden textarea where the API is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

/**
 * Copies a table as FRR/iproute2-style text (what is shown: filter and sort apply). `text` may
 * ask the worker (a paged table's rows are there, not here).
 */
export function CopyButton({
  text,
  testid,
}: {
  text: () => string | undefined | Promise<string | undefined>;
  testid?: string;
}) {
  return (
    <button
      className="copy-btn"
      data-testid={testid ?? 'copy'}
      title="Copy as text (FRR / ip route style), as filtered and sorted"
      onClick={() => {
        void Promise.resolve(text()).then(async (t) => {
          if (t === undefined) return;
          await copyText(t);
          toast(`copied ${t.split('\n').length} lines`);
        });
      }}
    >
      Copy
    </button>
  );
}
