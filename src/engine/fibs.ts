/**
 * Kernel FIBs (connected + static + what each BGP daemon installs) for next-hop resolution and
 * session reachability, kept incrementally: between rounds and from one converged state to the
 * `apply` after it, a device's FIB is patched for the destinations decided since it was built,
 * and kept as the same object when nothing it holds changed (so "same FIB" is an identity test).
 */
import { formatPrefix4, prefixContainsAddr } from '../model';
import type { Prefix4 } from '../model';
import { ipv4Int, lowerBound, prefix4Key, prefixRange } from './addrkey';
import type { AttrTable } from './attrs';
import { attrsOf } from './attrs';
import { attrAt, bestLocalKind, pathCount, srcAt } from './dest';
import type { AttemptCache } from './sessions';
import type { Dest, EngineState, SpeakerState } from './state';
import type { ConnectedRoute, Fib, FibRoute, Topology } from './topology';
import { changedDevices, ifaceKey, indexFib, lookup } from './topology';
import type { IntMap } from './overlay';
import { Overlay, entriesOf, valuesOf } from './overlay';

/** FIBs built earlier, with the topology they were built on and what was decided since. */
export interface BuiltFibs {
  fibs: Fib[];
  topo: Topology;
  /** Per device, the destinations decided since its FIB was built. */
  dirty: Map<number, Set<number>>;
  /**
   * Per device, its BGP routes by prefix id when all were read straight from the Loc-RIB
   * (on-link next hops); undefined when recursive resolution was needed (rebuilt whole).
   */
  bgp: (IntMap<FibRoute> | undefined)[];
  /** The session attempts planned on these FIBs. */
  attempts?: AttemptCache;
}

export function sameRoute(a: FibRoute, b: FibRoute): boolean {
  if (
    a.prefix.addr !== b.prefix.addr ||
    a.prefix.len !== b.prefix.len ||
    a.distance !== b.distance ||
    a.blackhole !== b.blackhole ||
    a.hops.length !== b.hops.length
  )
    return false;
  if (a.hops === b.hops) return true;
  for (let i = 0; i < a.hops.length; i++) {
    const x = a.hops[i];
    const y = b.hops[i];
    if (x?.via !== y?.via || x?.iface !== y?.iface) return false;
  }
  return true;
}

/** Whether two FIBs hold the same routes (then next hops resolve alike through them). */
export function sameFib(a: Fib | undefined, b: Fib | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.routes.length !== b.routes.length) return false;
  for (let i = 0; i < a.routes.length; i++)
    if (!sameRoute(a.routes[i] as FibRoute, b.routes[i] as FibRoute)) return false;
  return true;
}

function sameIfaceStates(a: Topology, b: Topology, device: number): boolean {
  const d = b.devices[device];
  if (!d || a.devices[device]?.name !== d.name) return false;
  for (const i of d.interfaces) {
    const key = ifaceKey(d.name, i.name);
    if (a.up.get(key) !== b.up.get(key)) return false;
  }
  return true;
}

/**
 * Whether a device's own part of the topology (down or not, interface states, connected and
 * static routes) is the same in both: then its FIB, local routes and next-hop checks change only
 * with its RIB.
 */
export function sameDeviceTopology(a: Topology, b: Topology, device: number): boolean {
  if (a === b) return true;
  const changed = changedDevices(a, b);
  if (changed && !changed.has(device)) return true;
  if ((a.devices[device]?.down === true) !== (b.devices[device]?.down === true)) return false;
  if (!sameIfaceStates(a, b, device)) return false;
  const ca = a.connected[device] ?? [];
  const cb = b.connected[device] ?? [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i] as ConnectedRoute;
    const y = cb[i] as ConnectedRoute;
    if (
      x.iface !== y.iface ||
      x.addr !== y.addr ||
      x.prefix.len !== y.prefix.len ||
      x.prefix.addr !== y.prefix.addr
    )
      return false;
  }
  const fa = a.baseFib[device] ?? [];
  const fb = b.baseFib[device] ?? [];
  if (fa.length !== fb.length) return false;
  for (let i = 0; i < fa.length; i++)
    if (!sameRoute(fa[i] as FibRoute, fb[i] as FibRoute)) return false;
  return true;
}

export interface Fibs {
  fibs: Fib[];
  bgp: (IntMap<FibRoute> | undefined)[];
  /**
   * Per device, the prefixes whose route differs from the FIB `prev` had (same topology, so a
   * lookup of an address none of them contains finds the same route); undefined when the device's
   * own topology changed or it had no FIB before (compare it whole).
   */
  changed: (Prefix4[] | undefined)[];
}

/** Whether some prefix of the list contains the address. */
export function anyContains(list: readonly Prefix4[], addr: number): boolean {
  for (const p of list) if (prefixContainsAddr(p, addr)) return true;
  return false;
}

/** Distinct IPv4 next hops of every attribute set interned so far, sorted (per attr table). */
const knownHops = new WeakMap<AttrTable, { seen: number; set: Set<number>; sorted: number[] }>();

function nextHopsOf(attrs: AttrTable): number[] {
  let k = knownHops.get(attrs);
  if (!k) {
    k = { seen: 0, set: new Set(), sorted: [] };
    knownHops.set(attrs, k);
  }
  if (k.seen < attrs.list.length) {
    let added = false;
    for (let i = k.seen; i < attrs.list.length; i++) {
      const a = attrs.nextHopKey[i] as number;
      if (a < 0 || k.set.has(a)) continue;
      k.set.add(a);
      added = true;
    }
    k.seen = attrs.list.length;
    if (added) k.sorted = [...k.set].sort((x, y) => x - y);
  }
  return k.sorted;
}

/**
 * Brings the sorted list of known next hops up to date; `converge` calls it at the end of a run,
 * so the first `apply` from the result does not walk every attribute set of the fabric.
 */
export function indexNextHops(attrs: AttrTable): void {
  nextHopsOf(attrs);
}

/** Whether the list of known next hops covers every attribute set interned so far. */
export function nextHopsIndexed(attrs: AttrTable): boolean {
  return knownHops.get(attrs)?.seen === attrs.list.length;
}

/**
 * Whether a prefix of the list contains the next hop of some attribute set: if none does, every
 * next hop looks up the same routes before and after those prefixes changed.
 */
export function coversNextHop(attrs: AttrTable, list: readonly Prefix4[]): boolean {
  if (list.length === 0) return false;
  const hops = nextHopsOf(attrs);
  for (const p of list) {
    const [lo, hi] = prefixRange(p);
    const a = lowerBound(hops, lo);
    if (a < hops.length && (hops[a] as number) <= hi) return true;
  }
  return false;
}

/** Marks a destination as decided since the device's FIB was built. */
export function markDecided(dirty: Map<number, Set<number>>, device: number, prefix: number): void {
  let s = dirty.get(device);
  if (!s) {
    s = new Set();
    dirty.set(device, s);
  }
  s.add(prefix);
}

type FibHop = FibRoute['hops'][number];

/** Hop lists by their hops, for sharing: one node per distinct list built so far. */
interface HopList {
  list: FibHop[];
  next?: Map<FibHop, HopList>;
}

/**
 * The hops a device's routes install: one hop object per distinct next hop and one list per
 * distinct sequence of them, shared by every route that installs it (a leaf's 6,000 routes go
 * over the same 8 spines), so a build allocates one object per route. Routes treat their hops as
 * read-only.
 */
class HopCache {
  /** Per next-hop text: its hop, or null when it is off every connected subnet (recursive). */
  private readonly byText = new Map<string, HopList | null>();
  constructor(
    private readonly conns: readonly ConnectedRoute[],
    /** Whether to tell off-link next hops apart (else every address is a gateway as it is). */
    private readonly checkOnLink: boolean,
  ) {}

  /** The single-hop list for a next hop, null when it needs recursive resolution. */
  of(nh: string): HopList | null {
    let h = this.byText.get(nh);
    if (h !== undefined) return h;
    let hop: FibHop | undefined;
    if (nh.startsWith('%')) hop = { iface: nh.slice(1) };
    else {
      const a = ipv4Int(nh);
      if (this.onLink(a)) hop = { via: a };
    }
    h = hop ? { list: [hop] } : null;
    // Only sharing is lost by forgetting: bounds the process-wide cache (`gatewayHops`).
    if (this.byText.size >= 100_000) this.byText.clear();
    this.byText.set(nh, h);
    return h;
  }

  /** Whether an IPv4 next hop is a gateway as it is (on a connected subnet, or not checked). */
  private onLink(a: number): boolean {
    return (
      !this.checkOnLink ||
      this.conns.some((c) => c.prefix.len < 32 && prefixContainsAddr(c.prefix, a))
    );
  }

  /** Per IPv4 next hop as an integer: as `byText`, without hashing text per route. */
  private readonly byAddr = new Map<number, HopList | null>();

  /** `of` for an IPv4 next hop given as its integer (an attribute set's `nextHopKey`). */
  ofAddress(a: number): HopList | null {
    let h = this.byAddr.get(a);
    if (h !== undefined) return h;
    h = this.onLink(a) ? { list: [{ via: a }] } : null;
    if (this.byAddr.size >= 100_000) this.byAddr.clear();
    this.byAddr.set(a, h);
    return h;
  }

  /** The list `prev`'s hops followed by `one`'s hop. */
  static extend(prev: HopList, one: HopList): HopList {
    const hop = one.list[0] as FibHop;
    prev.next ??= new Map();
    let n = prev.next.get(hop);
    if (!n) {
      n = { list: [...prev.list, hop] };
      prev.next.set(hop, n);
    }
    return n;
  }
}

const NO_HOPS: HopList = { list: [] };

/**
 * One cache per device's connected routes (shared by the topologies derived from one another
 * while the device's own part is unchanged), so FIB builds and patches of a device share hop
 * lists and skip the on-link check for next hops seen before.
 */
const hopCaches = new WeakMap<readonly ConnectedRoute[], HopCache>();

function hopCacheOf(conns: readonly ConnectedRoute[] | undefined): HopCache {
  if (!conns) return new HopCache([], true);
  let c = hopCaches.get(conns);
  if (!c) hopCaches.set(conns, (c = new HopCache(conns, true)));
  return c;
}

/** Every IPv4 next hop as a gateway, on-link or not (recursive resolution sorts them out). */
const gatewayHops = new HopCache([], false);

/**
 * The FIB route a destination's best (+ multipath) paths install, read straight from the
 * Loc-RIB: what `toFibRoutes(resolveRecursive(speakerInstalled(…)))` gives when every next hop
 * is on a connected subnet (or a link-local `%iface`). undefined: nothing installed; null: some
 * next hop needs recursive resolution (the caller takes the slow path; never with a cache that
 * does not check on-link next hops).
 */
function fibRouteOf(
  st: EngineState,
  sp: SpeakerState,
  pid: number,
  dest: Dest | undefined,
  cache: HopCache,
): FibRoute | undefined | null {
  const mode = sp.info.defaults.install;
  if (mode === 'none') return undefined;
  if (!dest || dest.best < 0) return undefined;
  const prefix = st.parsed[pid] ?? prefix4Key(st.prefixes.names[pid] ?? '');
  const bestSrc = srcAt(dest, dest.best);
  if (bestSrc < 0) {
    const local = bestLocalKind(sp, pid, dest);
    return local === 'aggregate' ? { prefix, distance: 200, blackhole: true, hops: [] } : undefined;
  }
  let hops = NO_HOPS;
  const n = mode === 'multipath' ? dest.multipath.length + 1 : 1;
  for (let k = 0; k < n; k++) {
    const i = k === 0 ? dest.best : (dest.multipath[k - 1] as number);
    if (i >= pathCount(dest)) continue;
    const attr = attrAt(dest, i);
    const addr = st.attrs.nextHopKey[attr] ?? -1;
    const one = addr >= 0 ? cache.ofAddress(addr) : cache.of(attrsOf(st.attrs, attr).nextHop);
    if (one === null) return null;
    hops = hops === NO_HOPS ? one : HopCache.extend(hops, one);
  }
  return {
    prefix,
    distance: st.peers[bestSrc]?.type === 'ebgp' ? 20 : 200,
    hops: hops === NO_HOPS ? [] : hops.list,
  };
}

/**
 * A FIB patched from another: its index is a copy-on-write of the other's, its route list is
 * built only if asked for (the engine asks rarely: comparing FIBs built from scratch, and a
 * route resolving its own next hop).
 */
class PatchedFib implements Fib {
  byLen: Map<number, IntMap<FibRoute>>;
  lens: number[];
  private list?: FibRoute[];
  constructor(
    byLen: Map<number, IntMap<FibRoute>>,
    private readonly base: readonly FibRoute[],
    private readonly bgp: IntMap<FibRoute>,
  ) {
    this.byLen = byLen;
    this.lens = [...byLen.keys()].sort((a, b) => b - a);
  }
  get routes(): FibRoute[] {
    this.list ??= [...this.base, ...valuesOf(this.bgp)];
    return this.list;
  }
}

/** Whether the FIB was patched from another (else built from the Loc-RIB, or the other kept). */
export function isPatched(fib: Fib): boolean {
  return fib instanceof PatchedFib;
}

/**
 * The prefixes at which two FIBs' indexes hold different routes (`sameRoute`): a lookup of an
 * address none of them contains finds the same route in both. For a FIB rebuilt on the same
 * topology it stands for a patch's list of changes, so the session attempts and next-hop checks
 * that looked up other addresses keep their answers (a leaf that moved its 6,000 routes to other
 * spines is rebuilt; the addresses sessions look up are on connected subnets, untouched).
 */
export function indexChanges(a: Fib, b: Fib): Prefix4[] {
  const out: Prefix4[] = [];
  for (const [len, mb] of b.byLen) {
    const ma = a.byLen.get(len);
    let shared = 0;
    for (const [addr, r] of entriesOf(mb)) {
      const was = ma?.get(addr);
      if (was !== undefined) shared++;
      if (was === undefined || !sameRoute(was, r)) out.push({ addr, len });
    }
    if (ma && ma.size > shared)
      for (const [addr] of entriesOf(ma)) if (mb.get(addr) === undefined) out.push({ addr, len });
  }
  for (const [len, ma] of a.byLen)
    if (!b.byLen.has(len)) for (const [addr] of entriesOf(ma)) out.push({ addr, len });
  return out;
}

/** Best of the base routes per (length, network), as indexFib picks: lowest distance, first. */
function baseWinner(base: readonly FibRoute[], len: number, addr: number): FibRoute | undefined {
  let w: FibRoute | undefined;
  for (const r of base)
    if (r.prefix.len === len && r.prefix.addr === addr && (!w || r.distance < w.distance)) w = r;
  return w;
}

interface Built {
  fib: Fib;
  bgp: IntMap<FibRoute> | undefined;
  /**
   * The prefixes whose route differs from the FIB it was patched or rebuilt from (undefined:
   * the device's own topology changed, or it had no FIB).
   */
  changed?: Prefix4[];
}

function buildDevice(st: EngineState, topo: Topology, d: number, sps: SpeakerState[]): Built {
  const base = topo.baseFib[d] ?? [];
  const fib = [...base];
  let bgp: Map<number, FibRoute> | undefined = sps.length === 1 ? new Map() : undefined;
  if (topo.devices[d]?.down) return { fib: indexFib(fib), bgp };
  const cache = hopCacheOf(topo.connected[d]);
  for (const sp of sps) {
    // One pass over the Loc-RIB: routes with a next hop off every connected subnet take their
    // gateways as they are, to be resolved through the others below.
    const raw: FibRoute[] = [];
    const pids: number[] = [];
    let recursive = false;
    sp.locRib.forEach((dest, pid) => {
      let r = fibRouteOf(st, sp, pid, dest, cache);
      if (r === null) {
        recursive = true;
        r = fibRouteOf(st, sp, pid, dest, gatewayHops);
      }
      if (!r) return;
      raw.push(r);
      pids.push(pid);
    });
    if (!recursive) {
      for (const r of raw) fib.push(r);
      if (bgp) {
        const byPid = new Map<number, FibRoute>();
        for (let i = 0; i < raw.length; i++) byPid.set(pids[i] as number, raw[i] as FibRoute);
        bgp = byPid;
      }
      continue;
    }
    const names = pids.map((pid) => st.prefixes.names[pid] ?? '');
    const skipDefault = sp.info.defaults.nextHopCheck === 'frr';
    bgp = undefined;
    for (const r of resolvedRoutes(base, topo.connected[d] ?? [], raw, names, skipDefault))
      fib.push(r);
  }
  return { fib: indexFib(fib), bgp };
}

/** Hops compare by gateway and interface. */
const sameHop = (a: FibHop, b: FibHop): boolean =>
  (a.via ?? '') === (b.via ?? '') && (a.iface ?? '') === (b.iface ?? '');

/**
 * `toFibRoutes(resolveRecursive(…))` on integers (install.ts has the rules): `raw`, a device's
 * BGP routes with their next hops as gateways, and `names`, their prefixes as text; next hops off
 * every connected subnet resolve through `base` (connected + static) and the other routes.
 */
export function resolvedRoutes(
  base: readonly FibRoute[],
  conns: readonly ConnectedRoute[],
  raw: readonly FibRoute[],
  names: readonly string[],
  skipDefault: boolean,
): FibRoute[] {
  const linked = new Map<number, boolean>();
  const onLink = (a: number): boolean => {
    let v = linked.get(a);
    if (v === undefined) {
      v = conns.some((c) => c.prefix.len < 32 && prefixContainsAddr(c.prefix, a));
      linked.set(a, v);
    }
    return v;
  };
  // Hop lists are shared by the routes that install them (HopCache): each list is checked once.
  const listOnLink = new Map<FibRoute['hops'], boolean>();
  const allOnLink = (hops: FibRoute['hops']): boolean => {
    let v = listOnLink.get(hops);
    if (v === undefined) {
      v = true;
      for (const h of hops) if (h.via !== undefined && !onLink(h.via)) v = false;
      listOnLink.set(hops, v);
    }
    return v;
  };
  if (raw.every((r) => allOnLink(r.hops))) return raw.slice();
  const fib = indexFib([...base, ...raw.filter((r) => r.hops.length > 0)]);
  /** `through`: collects the routes the resolution went through (their prefixes as text). */
  const resolve = (
    addr: number,
    self: string | undefined,
    depth: number,
    through?: string[],
  ): FibRoute['hops'] => {
    if (onLink(addr)) return [{ via: addr }];
    if (depth > 4) return [];
    const r = lookup(fib, addr, { skipDefault });
    if (!r || r.blackhole) return [];
    const name = formatPrefix4(r.prefix);
    through?.push(name);
    if (name === self) return [];
    return r.hops.flatMap((h) => {
      if (h.via !== undefined) return resolve(h.via, self, depth + 1, through);
      return h.iface === undefined ? [] : [{ iface: h.iface }];
    });
  };
  const resolveList = (
    hops: FibRoute['hops'],
    self: string | undefined,
    through?: string[],
  ): FibRoute['hops'] =>
    distinctHops(
      hops.flatMap((h) =>
        h.via !== undefined && !onLink(h.via) ? resolve(h.via, self, 0, through) : [h],
      ),
    );
  // A list of gateways resolves alike for every route that is not itself on the way (a leaf
  // whose spine went away resolves the same 8 spines for its 6,000 routes): once per list, and
  // again for a route the resolution went through (a route never resolves through itself).
  const resolvedLists = new Map<FibRoute['hops'], { hops: FibRoute['hops']; through: string[] }>();
  return raw.map((r, i) => {
    let e = resolvedLists.get(r.hops);
    if (!e && allOnLink(r.hops)) {
      e = { hops: distinctHops(r.hops), through: [] };
      resolvedLists.set(r.hops, e);
    }
    if (e && e.hops === r.hops) return r;
    if (!e) {
      const through: string[] = [];
      e = { hops: resolveList(r.hops, undefined, through), through };
      resolvedLists.set(r.hops, e);
    }
    const self = names[i] ?? '';
    return { ...r, hops: e.through.includes(self) ? resolveList(r.hops, self) : e.hops };
  });
}

/** The hops without repeats (first kept); the same array when there are none. */
function distinctHops(hops: FibRoute['hops']): FibRoute['hops'] {
  let repeated = false;
  for (let i = 1; i < hops.length && !repeated; i++)
    for (let j = 0; j < i; j++)
      if (sameHop(hops[i] as FibHop, hops[j] as FibHop)) {
        repeated = true;
        break;
      }
  if (!repeated) return hops;
  return hops.filter((h, i) => {
    for (let j = 0; j < i; j++) if (sameHop(h, hops[j] as FibHop)) return false;
    return true;
  });
}

/**
 * The device's FIB with the decided destinations re-read, or undefined when that needs the
 * whole rebuild (a next hop needing recursive resolution). The same object when nothing changed.
 * `rebase`: the index's new winners where the device's connected and static routes changed
 * (baseChanges); the result then counts as rebuilt (no `changed` list).
 */
function patchDevice(
  st: EngineState,
  topo: Topology,
  d: number,
  sp: SpeakerState,
  old: Fib,
  oldBgp: IntMap<FibRoute>,
  pids: ReadonlySet<number>,
  rebase?: Map<number, Map<number, FibRoute>>,
): Built | undefined {
  if (topo.devices[d]?.down && !rebase) return { fib: old, bgp: oldBgp, changed: [] };
  const cache = hopCacheOf(topo.connected[d]);
  const changes: [number, FibRoute | undefined][] = [];
  for (const pid of pids) {
    const r = fibRouteOf(st, sp, pid, sp.locRib.get(pid), cache);
    if (r === null) return undefined;
    const was = oldBgp.get(pid);
    if (r === undefined ? was === undefined : was !== undefined && sameRoute(r, was)) continue;
    changes.push([pid, r]);
  }
  if (changes.length === 0 && !rebase) return { fib: old, bgp: oldBgp, changed: [] };
  const changed: Prefix4[] = [];
  const base = topo.baseFib[d] ?? [];
  // Both indexes are patched as overlays on the old ones (overlay.ts): the cost follows the
  // change, not the FIB.
  const bgpChanges: [number, FibRoute | undefined][] = [];
  const byLenChanges = new Map<number, Map<number, FibRoute | undefined>>();
  for (const [len, l] of rebase ?? []) byLenChanges.set(len, new Map(l));
  for (const [pid, r] of changes) {
    const was = oldBgp.get(pid);
    const prefix = (r ?? was)?.prefix;
    if (!prefix) continue;
    changed.push(prefix);
    bgpChanges.push([pid, r]);
    const b = baseWinner(base, prefix.len, prefix.addr);
    const win = r && (!b || r.distance < b.distance) ? r : b;
    let l = byLenChanges.get(prefix.len);
    if (!l) {
      l = new Map();
      byLenChanges.set(prefix.len, l);
    }
    l.set(prefix.addr, win);
  }
  const bgp = Overlay.patch(oldBgp, bgpChanges);
  const byLen = new Map(old.byLen);
  for (const [len, l] of byLenChanges) {
    const m = Overlay.patch(byLen.get(len) ?? new Map<number, FibRoute>(), [...l]);
    if (m.size === 0) byLen.delete(len);
    else byLen.set(len, m);
  }
  const fib = new PatchedFib(byLen, base, bgp);
  return rebase ? { fib, bgp } : { fib, bgp, changed };
}

/** Lowest distance a BGP route installs with (eBGP). */
const BGP_DISTANCE = 20;

/**
 * Where a device's own topology only gained routes (an interface came up): the index entries its
 * new connected and static routes take, by prefix length and network. Undefined when that is not
 * known without the rebuild: the device is down in either, or a connected or static route went
 * away or changed (a next hop may be off-link now, a BGP route may win there), or a new route
 * has a distance a BGP route could beat (a floating static).
 */
function baseChanges(
  a: Topology,
  b: Topology,
  d: number,
): Map<number, Map<number, FibRoute>> | undefined {
  if (a.devices[d]?.down || b.devices[d]?.down) return undefined;
  const was = a.baseFib[d] ?? [];
  const now = b.baseFib[d] ?? [];
  // Connected routes are base routes: every old one kept means no subnet went off-link.
  for (const r of was) if (!now.some((x) => sameRoute(x, r))) return undefined;
  const out = new Map<number, Map<number, FibRoute>>();
  for (const r of now) {
    const { len, addr } = r.prefix;
    if (out.get(len)?.has(addr)) continue;
    const x = baseWinner(was, len, addr);
    const y = baseWinner(now, len, addr) as FibRoute;
    if (x && sameRoute(x, y)) continue;
    if (y.distance >= BGP_DISTANCE) return undefined;
    let l = out.get(len);
    if (!l) out.set(len, (l = new Map()));
    l.set(addr, y);
  }
  return out;
}

const NONE: ReadonlySet<number> = new Set();
const NO_DEVICES: ReadonlySet<number> = new Set();
/** The `changed` entry of a device whose FIB is kept: shared, never written. */
const NO_CHANGES: Prefix4[] = [];

/** The speakers on each device. */
function speakersOn(st: EngineState): (d: number) => SpeakerState[] {
  const bySpeaker = new Map<number, SpeakerState[]>();
  for (const sp of st.speakers) {
    const l = bySpeaker.get(sp.info.device);
    if (l) l.push(sp);
    else bySpeaker.set(sp.info.device, [sp]);
  }
  return (d) => bySpeaker.get(d) ?? [];
}

/** One device's FIB, kept, patched or built from the Loc-RIB (see `computeFibs`). */
function deviceFib(
  st: EngineState,
  topo: Topology,
  d: number,
  sps: SpeakerState[],
  prev: BuiltFibs | undefined,
): Built {
  const old = prev?.fibs[d];
  let built: Built | undefined;
  if (old && prev) {
    const pids = prev.dirty.get(d) ?? NONE;
    const oldBgp = prev.bgp[d];
    // Patching pays while few of the device's routes are decided again; past that, a rebuild
    // is cheaper (the first rounds of `simulate`).
    const patchable = oldBgp && sps.length === 1 && pids.size * 4 < oldBgp.size + 64;
    if (sameDeviceTopology(prev.topo, topo, d)) {
      if (pids.size === 0) built = { fib: old, bgp: oldBgp, changed: [] };
      else if (patchable)
        built = patchDevice(st, topo, d, sps[0] as SpeakerState, old, oldBgp, pids);
    } else if (patchable) {
      const rebase = baseChanges(prev.topo, topo, d);
      if (rebase)
        built = patchDevice(st, topo, d, sps[0] as SpeakerState, old, oldBgp, pids, rebase);
    }
  }
  if (built) return built;
  built = buildDevice(st, topo, d, sps);
  if (old && prev && sameDeviceTopology(prev.topo, topo, d))
    built.changed = indexChanges(old, built.fib);
  return built;
}

/**
 * Every device's kernel FIB. With `prev`, a device whose own topology is unchanged keeps its FIB
 * object when none of its decided destinations installs differently, and gets a patched copy
 * otherwise; others are built from the Loc-RIB. When it is known which devices' own topology
 * changed (within a run, or a topology derived from `prev`'s), only those and the devices with
 * decided destinations are looked at: an `apply` on a big fabric touches a few of thousands.
 */
export function computeFibs(st: EngineState, topo: Topology, prev?: BuiltFibs): Fibs {
  const n = topo.baseFib.length;
  const speakers = speakersOn(st);
  const moved = prev && (prev.topo === topo ? NO_DEVICES : changedDevices(prev.topo, topo));
  if (prev && moved && prev.fibs.length === n && prev.bgp.length === n) {
    const fibs = prev.fibs.slice();
    const bgp = prev.bgp.slice();
    const changed = new Array<Prefix4[] | undefined>(n).fill(NO_CHANGES);
    const visit = new Set<number>(moved);
    for (const d of prev.dirty.keys()) if (d < n) visit.add(d);
    for (const d of visit) {
      const built = deviceFib(st, topo, d, speakers(d), prev);
      fibs[d] = built.fib;
      bgp[d] = built.bgp;
      changed[d] = built.changed;
    }
    return { fibs, bgp, changed };
  }
  const fibs: Fib[] = [];
  const bgp: (IntMap<FibRoute> | undefined)[] = [];
  const changed: (Prefix4[] | undefined)[] = [];
  for (let d = 0; d < n; d++) {
    const built = deviceFib(st, topo, d, speakers(d), prev);
    fibs.push(built.fib);
    bgp.push(built.bgp);
    changed.push(built.changed);
  }
  return { fibs, bgp, changed };
}
