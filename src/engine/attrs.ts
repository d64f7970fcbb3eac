/**
 * Interned BGP path attributes. Every distinct attribute set is stored once, immutable, and
 * referred to by a small integer id, so an Adj-RIB-In entry is two integers (prefix id → attr id)
 * and comparing two paths' attributes is an integer comparison.
 */
import { ipv4Key } from './addrkey';
import type { Origin } from './types';

/** ORIGIN as FRR orders it: IGP < EGP < INCOMPLETE. */
export const ORIGIN_RANK: Record<Origin, number> = { i: 0, e: 1, '?': 2 };

/** Next hop as carried: IPv4 dotted quad, '0.0.0.0' for local routes, '%IFACE' for an IPv6
 * link-local next hop learned over the holder's interface IFACE (unnumbered peering). */
export type NextHop = string;

export interface PathAttrs {
  readonly origin: Origin;
  /** AS_SEQUENCE, leftmost = neighbour AS. */
  readonly asPath: readonly number[];
  readonly nextHop: NextHop;
  readonly med?: number;
  readonly localPref?: number;
  readonly communities: readonly string[];
  readonly originatorId?: string;
  readonly clusterList: readonly string[];
  /** FRR weight: local to the router, never sent. Locally originated routes get 32768. */
  readonly weight: number;
  readonly atomicAggregate?: boolean;
}

export interface AttrTable {
  byKey: Map<string, number>;
  list: PathAttrs[];
  /**
   * Per attribute id, what the decision reads as numbers, derived once at interning instead of
   * parsing text per comparison: the next hop as an IPv4 integer (−1 for a link-local `%iface`),
   * the ORIGINATOR_ID as a sortable key (undefined when absent).
   */
  nextHopKey: number[];
  originatorKey: (number | string | undefined)[];
}

export function newAttrTable(): AttrTable {
  return { byKey: new Map(), list: [], nextHopKey: [], originatorKey: [] };
}

function keyOf(a: PathAttrs): string {
  return `${a.origin}|${a.asPath.join(' ')}|${a.nextHop}|${a.med ?? ''}|${a.localPref ?? ''}|${a.communities.join(' ')}|${a.originatorId ?? ''}|${a.clusterList.join(' ')}|${a.weight}|${a.atomicAggregate ? 1 : 0}`;
}

export function intern(table: AttrTable, a: PathAttrs): number {
  const k = keyOf(a);
  const found = table.byKey.get(k);
  if (found !== undefined) return found;
  const id = table.list.length;
  table.list.push(Object.freeze({ ...a }));
  table.nextHopKey.push(ipv4Key(a.nextHop) ?? -1);
  table.originatorKey.push(
    a.originatorId === undefined ? undefined : (ipv4Key(a.originatorId) ?? a.originatorId),
  );
  table.byKey.set(k, id);
  return id;
}

export function attrsOf(table: AttrTable, id: number): PathAttrs {
  const a = table.list[id];
  if (!a) throw new Error(`unknown attribute set ${id}`);
  return a;
}

/** Interns prefixes (and any other strings) to dense integer ids. */
export interface Interner {
  ids: Map<string, number>;
  names: string[];
}

export function newInterner(): Interner {
  return { ids: new Map(), names: [] };
}

export function internName(t: Interner, name: string): number {
  const f = t.ids.get(name);
  if (f !== undefined) return f;
  const id = t.names.length;
  t.names.push(name);
  t.ids.set(name, id);
  return id;
}
