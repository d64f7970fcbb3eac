/**
 * The BGP table panel's rows, served a page at a time. A leaf of the L fabric holds ~48,000
 * Loc-RIB paths and as many in its Adj-RIBs-In; sending its whole DeviceBgpView cost the main
 * thread 380–535 ms to receive (structured clone) and lay out. The worker keeps the rows, filters
 * and sorts them over the whole RIB, and hands the UI only the rows around its viewport, with
 * the totals the header shows. The filter and the sort are the table's own (panels/common.tsx
 * DataTable): a substring of any cell, lowercase; a column sorted numerically or by a numeric
 * collator, stable.
 */
import type { PathView } from '../engine/types';
import type { LazyDeviceView } from '../engine/views';
import { bgpTableText, decidedBy, pathText, statusCode } from './bgpText';

export type RibName = 'loc' | 'in' | 'out';

/** The table's columns, as the panel names them. */
export type BgpColumn = 'st' | 'net' | 'nh' | 'med' | 'lp' | 'w' | 'path' | 'why';

export interface BgpTableQuery {
  rib: RibName;
  /** The Adj-RIB's peer; the first one when absent or unknown. */
  peer?: string;
  filter: string;
  sort?: { key: BgpColumn; dir: 1 | -1 };
}

export interface BgpRowView {
  path: PathView;
  /** The first path of its prefix in the RIB's own order (FRR prints the network once). */
  first: boolean;
  /** Position in the RIB's own order: a row's identity whatever the filter and sort. */
  i: number;
  /** The first Loc-RIB row of a prefix with a best path: it offers "Expect this route". */
  expectable: boolean;
}

export interface BgpTablePage {
  device: string;
  asn: number;
  routerId?: string;
  /** The peers, each with an Adj-RIB-In and -Out. */
  peers: string[];
  /** The peer whose Adj-RIB is shown ('' for the Loc-RIB). */
  peer: string;
  /** Rows in the RIB, and rows matching the filter. */
  total: number;
  matched: number;
  /** Index (among the matching rows, sorted) of rows[0]. */
  start: number;
  rows: BgpRowView[];
}

/** One RIB's rows and what the last query made of them (scrolling re-uses the order). */
interface RibRows {
  rows: BgpRowView[];
  /** Each row's cells, lowercase, joined by SEP: made on the first filter and kept. */
  hay?: string[];
  last?: { filter: string; sort: string; order: number[] | undefined };
}

/** Joins a row's cells for the filter; no filter text contains it, so no match spans cells. */
const SEP = '\u0000';

const collator = new Intl.Collator(undefined, { numeric: true });

/** A column's value, as the panel shows it (and sorts and filters it). */
function cell(r: BgpRowView, key: BgpColumn): string | number {
  const p = r.path;
  switch (key) {
    case 'st':
      return statusCode(p);
    case 'net':
      return p.prefix;
    case 'nh':
      return p.nextHop;
    case 'med':
      return p.med ?? '';
    case 'lp':
      return p.localPref ?? '';
    case 'w':
      return p.weight;
    case 'path':
      return pathText(p);
    case 'why':
      return decidedBy(p);
  }
}

const COLUMNS: BgpColumn[] = ['st', 'net', 'nh', 'med', 'lp', 'w', 'path', 'why'];

function peerOf(view: LazyDeviceView, q: BgpTableQuery): string {
  if (q.rib === 'loc') return '';
  const peers = view.peers();
  return q.peer !== undefined && peers.includes(q.peer) ? q.peer : (peers[0] ?? '');
}

/** The rows of one RIB: a Loc-RIB's paths grouped by prefix, or one peer's Adj-RIB-In/Out. */
function ribRows(view: LazyDeviceView, rib: RibName, peer: string): BgpRowView[] {
  const paths: PathView[] =
    rib === 'loc'
      ? view.locRib().flatMap((e) => e.paths)
      : ((rib === 'in' ? view.adjRibIn(peer) : view.adjRibOut(peer)) ?? []);
  const withBest = new Set(paths.filter((p) => p.best).map((p) => p.prefix));
  return paths.map((p, i) => {
    const first = i === 0 || paths[i - 1]?.prefix !== p.prefix;
    return { path: p, first, i, expectable: rib === 'loc' && first && withBest.has(p.prefix) };
  });
}

/** The rows matching `filter`, in `sort` order, as indexes into `t.rows` (undefined: all, as is). */
function select(t: RibRows, q: BgpTableQuery): number[] | undefined {
  const f = q.filter.trim().toLowerCase();
  const sortKey = q.sort ? `${q.sort.key}:${q.sort.dir}` : '';
  if (t.last && t.last.filter === f && t.last.sort === sortKey) return t.last.order;
  let order: number[] | undefined;
  if (f !== '') {
    t.hay ??= t.rows.map((r) => COLUMNS.map((c) => String(cell(r, c)).toLowerCase()).join(SEP));
    const hay = t.hay;
    order = [];
    for (let i = 0; i < hay.length; i++) if (hay[i]?.includes(f)) order.push(i);
  }
  const sort = q.sort;
  if (sort) {
    const idx = order ?? t.rows.map((_, i) => i);
    const keys = idx.map((i) => cell(t.rows[i] as BgpRowView, sort.key));
    const pos = idx.map((_, j) => j);
    pos.sort((a, b) => {
      const x = keys[a] ?? '';
      const y = keys[b] ?? '';
      const c =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : collator.compare(String(x), String(y));
      // Ties keep the RIB's order in either direction, as a stable sort of the rows does.
      return c * sort.dir || a - b;
    });
    order = pos.map((j) => idx[j] as number);
  }
  t.last = { filter: f, sort: sortKey, order };
  return order;
}

/** The paged tables of one run: rows per device, RIB and peer, built on first use. */
export class BgpTables {
  private readonly ribs = new Map<string, RibRows>();

  constructor(private readonly viewOf: (device: string) => LazyDeviceView | undefined) {}

  private rowsOf(view: LazyDeviceView, rib: RibName, peer: string): RibRows {
    const key = `${view.device}${SEP}${rib}${SEP}${peer}`;
    let t = this.ribs.get(key);
    if (!t) {
      t = { rows: ribRows(view, rib, peer) };
      this.ribs.set(key, t);
    }
    return t;
  }

  /** Rows [start, end) of the matching rows, sorted, with the totals; undefined: no BGP. */
  page(device: string, q: BgpTableQuery, start: number, end: number): BgpTablePage | undefined {
    const view = this.viewOf(device);
    if (!view) return undefined;
    const peer = peerOf(view, q);
    const t = this.rowsOf(view, q.rib, peer);
    const order = select(t, q);
    const matched = order ? order.length : t.rows.length;
    const from = Math.max(0, Math.min(Math.floor(start), matched));
    const to = Math.max(from, Math.min(Math.floor(end), matched));
    const rows: BgpRowView[] = [];
    for (let i = from; i < to; i++)
      rows.push(t.rows[order ? (order[i] as number) : i] as BgpRowView);
    return {
      device: view.device,
      asn: view.asn,
      ...(view.routerId !== undefined ? { routerId: view.routerId } : {}),
      peers: view.peers(),
      peer,
      total: t.rows.length,
      matched,
      start: from,
      rows,
    };
  }

  /** Every matching row, sorted, as `show bgp` text: what the Copy button copies. */
  text(device: string, q: BgpTableQuery): string | undefined {
    const view = this.viewOf(device);
    if (!view) return undefined;
    const peer = peerOf(view, q);
    const t = this.rowsOf(view, q.rib, peer);
    const order = select(t, q);
    const paths = order
      ? order.map((i) => (t.rows[i] as BgpRowView).path)
      : t.rows.map((r) => r.path);
    const title =
      q.rib === 'loc'
        ? undefined
        : `show bgp ipv4 unicast neighbors ${peer} ${q.rib === 'in' ? 'received-routes' : 'advertised-routes'}`;
    return bgpTableText(paths, { routerId: view.routerId, asn: view.asn }, title);
  }
}
