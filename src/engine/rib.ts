/**
 * Adj-RIB-In → Loc-RIB → Adj-RIB-Out for one speaker: import rules, the decision process per
 * destination, aggregates, and export rules (eBGP prepend and next-hop-self, iBGP split horizon,
 * route reflection per RFC 4456, RFC 8212, policies). Changes are batched per peer into
 * messages, many prefixes per UPDATE.
 */
import { contains, parsePrefix4, prefixContainsAddr } from '../model';
import type { BgpConfig, Prefix4 } from '../model';
import type { PathAttrs } from './attrs';
import { attrsOf, intern, internName } from './attrs';
import { bestIndex, multipathOf } from './decision';
import { decisionRule, pooledCandidates } from './candidates';
import { DecisionMemo } from './decisionmemo';
import { hasInboundPolicy, hasOutboundPolicy } from './neighbors';
import { applyRouteMap, prefixListByName, prefixListPermits } from './policy';
import type { Dest, EngineState, LocalKind, Message, Peer, SpeakerState } from './state';
import {
  attrAt,
  bestLocalKind,
  dropPath,
  hasPathBefore,
  indexOfSrc,
  learnedAtOf,
  pathCount,
  putPath,
  srcAt,
} from './dest';
import type { Fib, FibRoute, Topology } from './topology';
import { indexFib, isUp, lookup } from './topology';
import { ipv4Key } from './addrkey';
import { adjOutOf, ownDest, ownPeer } from './cow';
import { markDecided } from './fibs';

/**
 * Pending outgoing changes: per sending Peer id (an array, looked up once per export of millions),
 * and the order peers first got one (the order their UPDATEs are queued).
 */
/**
 * A peer's changes waiting to be sent, in buffers kept from one flush to the next: a big
 * fabric's first rounds send each session thousands of prefixes, and arrays grown by `push` left
 * twice their size in garbage each time.
 */
interface Batch {
  prefixes: Int32Array;
  attrs: Int32Array;
  n: number;
}

export interface Outbox {
  byPeer: (Batch | undefined)[];
  /** Peers with a non-empty batch, in the order their first change came. */
  order: number[];
}

/** Buffers bigger than this are let go after a flush: only the first full-table rounds need them. */
const KEEP_BATCH = 1024;

export function newOutbox(): Outbox {
  return { byPeer: [], order: [] };
}

export function clearOutbox(out: Outbox): void {
  for (const id of out.order) {
    const b = out.byPeer[id] as Batch;
    if (b.prefixes.length > KEEP_BATCH) out.byPeer[id] = undefined;
    else b.n = 0;
  }
  out.order.length = 0;
}

function pushChange(out: Outbox, peer: number, prefix: number, attr: number): void {
  let b = out.byPeer[peer];
  if (!b) {
    b = { prefixes: new Int32Array(16), attrs: new Int32Array(16), n: 0 };
    out.byPeer[peer] = b;
  }
  if (b.n === 0) out.order.push(peer);
  if (b.n === b.prefixes.length) {
    const prefixes = new Int32Array(b.n * 2);
    prefixes.set(b.prefixes);
    const attrs = new Int32Array(b.n * 2);
    attrs.set(b.attrs);
    b.prefixes = prefixes;
    b.attrs = attrs;
  }
  b.prefixes[b.n] = prefix;
  b.attrs[b.n] = attr;
  b.n++;
}

export interface Ctx {
  st: EngineState;
  topo: Topology;
  /** Kernel FIBs snapshot (connected + static + installed BGP) for next-hop resolution. */
  fibs: Fib[];
  /** Pending outgoing changes per sending Peer id. */
  out: Outbox;
  /** Next-hop resolution cache for this round: (device, skip-default) → next hop → route. */
  nh: Map<number, Map<number, FibRoute | null>>;
  /** Per device, the prefixes whose FIB route changed since the previous round (fibs.ts). */
  fibChanges?: (Prefix4[] | undefined)[];
  /** Per device, the destinations decided since its FIB was built (fibs.ts patches those). */
  dirty: Map<number, Set<number>>;
  /** Per peer id, its policies' shapes for this run (shapeOf); shared by a run's rounds. */
  shapes: number[];
}

const DEFAULT_PREFIX = '0.0.0.0/0';
/** A prefix whose best path changed this often on one router is taken as oscillating. */
export const OSCILLATION_CHANGES = 256;

function reject(ctx: Ctx, reason: string): number {
  return -(1 + internName(ctx.st.rejectReasons, reason));
}

/*
 * Per peer and run, what its policies' shapes allow (bits of `Ctx.shapes[peer id]`, 0 = not
 * known yet): whether the import and export results depend on the prefix, and whether the
 * outbound route-map denies everything. Checked once per peer instead of once per route.
 */
const KNOWN = 1;
/** Import depends on the attributes only (no prefix-list in, route-map in prefix-free). */
const IMPORT_BY_ATTR = 2;
/** Export depends on the attributes only (no prefix-list out, route-map out prefix-free). */
const EXPORT_BY_ATTR = 4;
/** The outbound route-map has no permit entry (or is not defined): nothing but a default. */
const DENY_ALL_OUT = 8;

/**
 * A route-map whose outcome cannot depend on the prefix (no entry matches a prefix-list; an
 * undefined map denies everything): its result is a function of the attributes alone, so it
 * may share the per-attribute import/export caches.
 */
function prefixFreeRouteMap(bgp: BgpConfig, name: string | undefined): boolean {
  if (name === undefined) return true;
  const rm = bgp.routeMaps.find((r) => r.name === name);
  return !rm || rm.entries.every((e) => e.match.prefixList === undefined);
}

/**
 * A route-map without a permit entry (or not defined) denies every route whatever its prefix
 * and attributes (first match decides, no match denies): e.g. the leaves' `DEFAULT-ONLY` towards
 * nodes that get only the default-originate route.
 */
function denyAllRouteMap(bgp: BgpConfig, name: string): boolean {
  const rm = bgp.routeMaps.find((r) => r.name === name);
  return !rm || rm.entries.every((e) => e.action === 'deny');
}

function shapeOf(ctx: Ctx, peer: Peer): number {
  let v = ctx.shapes[peer.id] ?? 0;
  if (v !== 0) return v;
  const bgp = (ctx.st.speakers[peer.speaker] as SpeakerState).info.bgp;
  const c = peer.config;
  v = KNOWN;
  if (c.prefixListIn === undefined && prefixFreeRouteMap(bgp, c.routeMapIn)) v |= IMPORT_BY_ATTR;
  if (c.prefixListOut === undefined && prefixFreeRouteMap(bgp, c.routeMapOut)) v |= EXPORT_BY_ATTR;
  if (c.routeMapOut !== undefined && denyAllRouteMap(bgp, c.routeMapOut)) v |= DENY_ALL_OUT;
  ctx.shapes[peer.id] = v;
  return v;
}

/** Whether the peer's import result depends on the attributes alone (not on the prefix). */
export function importByAttributes(ctx: Ctx, peer: Peer): boolean {
  return (shapeOf(ctx, peer) & IMPORT_BY_ATTR) !== 0;
}

/** Import rules at the receiving side; returns the Adj-RIB-In code (attr id or rejection). */
export function importRoute(ctx: Ctx, peer: Peer, prefix: number, wire: number): number {
  if ((shapeOf(ctx, peer) & IMPORT_BY_ATTR) === 0) return importFresh(ctx, peer, prefix, wire);
  const hit = peer.importCache.get(wire);
  if (hit !== undefined) return hit;
  const code = importFresh(ctx, peer, prefix, wire);
  peer.importCache.set(wire, code);
  return code;
}

function importFresh(ctx: Ctx, peer: Peer, prefix: number, wire: number): number {
  const sp = ctx.st.speakers[peer.speaker] as SpeakerState;
  const a = attrsOf(ctx.st.attrs, wire);
  const info = sp.info;
  if (peer.config.activate === false) return reject(ctx, 'IPv4 unicast not activated');
  if (info.defaults.ignoresReceived)
    return reject(ctx, 'MetalLB speaker (Cilium legacy BGP): received routes are ignored');
  const own = a.asPath.filter((x) => x === info.asn).length;
  if (own > (peer.config.allowasIn ?? 0))
    return reject(ctx, `AS_PATH loop: contains our AS ${info.asn}`);
  if (a.originatorId !== undefined && a.originatorId === info.routerId)
    return reject(ctx, 'ORIGINATOR_ID is our router-id');
  if (a.clusterList.includes(sp.clusterId))
    return reject(ctx, `CLUSTER_LIST contains our cluster-id ${sp.clusterId}`);
  if (peer.type === 'ebgp' && info.defaults.ebgpRequiresPolicy && !hasInboundPolicy(peer.config))
    return reject(ctx, 'RFC 8212: no inbound policy on this eBGP peer (ebgp-requires-policy)');
  const pfx = ctx.st.parsed[prefix] ?? parsePrefix4(ctx.st.prefixes.names[prefix] ?? '');
  const pl = peer.config.prefixListIn;
  if (pl !== undefined && !prefixListPermits(prefixListByName(info.bgp, pl), pfx))
    return reject(ctx, `denied by prefix-list ${pl} in`);
  const rm = peer.config.routeMapIn;
  // Received attributes carry no weight: without an inbound route-map the accepted set is the
  // received one, already interned (the same fields give the same id).
  if (rm === undefined && a.weight === 0) return wire;
  let attrs: PathAttrs = { ...a, weight: 0 };
  if (rm !== undefined) {
    const r = applyRouteMap(info.bgp, rm, pfx, attrs);
    if (!r.permit) return reject(ctx, `${r.reason} (in)`);
    attrs = r.attrs;
  }
  return intern(ctx.st.attrs, attrs);
}

function nextHopInvalid(
  ctx: Ctx,
  sp: SpeakerState,
  prefix: number,
  attr: number,
): string | undefined {
  const addr = ctx.st.attrs.nextHopKey[attr] as number;
  if (addr === 0) return undefined;
  if (addr < 0) {
    // Not an IPv4 address: a link-local next hop is valid while its interface is up.
    const nh = attrsOf(ctx.st.attrs, attr).nextHop;
    if (!nh.startsWith('%')) return undefined;
    const iface = nh.slice(1);
    return isUp(ctx.topo, sp.info.device, iface)
      ? undefined
      : `next hop interface ${iface} is down`;
  }
  const mode = sp.info.defaults.nextHopCheck;
  if (mode === 'none') return undefined;
  const self = ctx.st.parsed[prefix];
  const fib = ctx.fibs[sp.info.device];
  if (!fib) return `next hop ${attrsOf(ctx.st.attrs, attr).nextHop} unresolvable (no route)`;
  if (resolveNextHop(ctx, sp, fib, addr, self, mode === 'frr')) return undefined;
  if (mode === 'frr' && resolveNextHop(ctx, sp, fib, addr, self, false))
    return `next hop ${attrsOf(ctx.st.attrs, attr).nextHop} unresolvable (FRR does not resolve next hops via the default route)`;
  return `next hop ${attrsOf(ctx.st.attrs, attr).nextHop} unresolvable (no route)`;
}

/** The FIB route resolving a next hop (cached per round), never the prefix's own BGP route. */
function resolveNextHop(
  ctx: Ctx,
  sp: SpeakerState,
  fib: Fib,
  addr: number,
  self: Prefix4 | undefined,
  skipDefault: boolean,
): FibRoute | undefined {
  const slot = sp.info.device * 2 + (skipDefault ? 1 : 0);
  let cache = ctx.nh.get(slot);
  if (!cache) {
    cache = new Map();
    ctx.nh.set(slot, cache);
  }
  let r = cache.get(addr);
  if (r === undefined) {
    r = lookup(fib, addr, { skipDefault }) ?? null;
    cache.set(addr, r);
  }
  // A BGP route cannot resolve its own next hop: look past it (rare, so the slow way).
  if (r && self && r.distance > 1 && r.prefix.len === self.len && r.prefix.addr === self.addr) {
    const own = r;
    r = lookup(indexFib(fib.routes.filter((x) => x !== own)), addr, { skipDefault }) ?? null;
  }
  return r ?? undefined;
}

/**
 * The index of the path that counts as selected for the older-path rule, −1 none. FRR keeps the
 * older eBGP path only once it is installed: paths arriving in one burst (a fabric coming up) are
 * decided by router-id, as the real labs showed (notes). So only the path selected before this
 * convergence run started counts as "older".
 */
function olderIndex(ctx: Ctx, dest: Dest): number {
  const epoch = ctx.st.epoch ?? 0;
  const n = pathCount(dest);
  for (let i = 0; i < n; i++)
    if (srcAt(dest, i) === dest.selSrc && learnedAtOf(dest, i) < epoch) return i;
  return -1;
}

/** Writes to a speaker `apply` shares with an earlier result would change that result. */
function assertOwned(ctx: Ctx, sp: SpeakerState): void {
  if (sp.gen !== ctx.st.gen) throw new Error(`engine: ${sp.info.name} written while shared`);
}

/** Per-path scratch of a decision: validity (decisions never nest). */
const validBuf: boolean[] = [];
const NO_MULTIPATH: readonly number[] = Object.freeze([]);

/** Decisions of the current batch on one speaker (decidePending), for reuse. */
let memo: { sp: SpeakerState; decided: DecisionMemo } | undefined;
let memoOn = true;

/** Turns the reuse off or on (tests compare its results with decisions made one by one). */
export function useDecisionMemo(on: boolean): void {
  memoOn = on;
}

/** Starts a batch of decisions on one speaker that may reuse each other's results. */
export function beginDecisions(sp: SpeakerState): void {
  memo = memoOn ? { sp, decided: new DecisionMemo() } : undefined;
}

export function endDecisions(): void {
  memo = undefined;
}

/**
 * Re-runs the decision for one prefix; returns true when the best path changed. It records what
 * convergence needs (best, multipath set, selected path, invalid reasons where a path is not
 * eligible) and what lets a view recompute the reasons exactly (`older`, `rule`: reasons.ts).
 */
export function decide(ctx: Ctx, sp: SpeakerState, prefix: number): boolean {
  assertOwned(ctx, sp);
  const dest = ownDest(sp, prefix);
  if (!dest) return false;
  markDecided(ctx.dirty, sp.info.device, prefix);
  const n = pathCount(dest);
  const rule = decisionRule(sp);
  dest.rule = rule;
  dest.older = -1;
  dest.multipath = NO_MULTIPATH as number[];
  let invalid: (string | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    const inv =
      srcAt(dest, i) < 0
        ? sp.local.get(prefix)?.invalid
        : nextHopInvalid(ctx, sp, prefix, attrAt(dest, i));
    if (inv !== undefined) {
      invalid ??= new Array<string | undefined>(n).fill(undefined);
      invalid[i] = inv;
    }
    validBuf[i] = inv === undefined;
  }
  dest.invalid = invalid;
  if (n === 1) {
    // One candidate (most destinations at scale: a node's routes from its one leaf): what
    // bestIndex/multipathOf give for a single path, without the pairwise machinery.
    dest.best = invalid === undefined ? 0 : -1;
    return selected(ctx, sp, prefix, dest);
  }
  validBuf.length = n;
  const older = olderIndex(ctx, dest);
  dest.older = older;
  const m = memo !== undefined && memo.sp === sp ? memo.decided : undefined;
  const done = m?.find(dest, n, validBuf, older);
  if (done) {
    dest.best = done.best;
    dest.multipath = done.multipath;
    return selected(ctx, sp, prefix, dest);
  }
  const cands = pooledCandidates(ctx.st, dest, older);
  const best = bestIndex(cands, validBuf, rule.o);
  dest.best = best;
  if (best >= 0 && rule.multipath) {
    const mp = multipathOf(cands, validBuf, best, rule.o, rule.maxPaths);
    if (mp.length > 0) dest.multipath = mp;
  }
  m?.add(dest, n, validBuf, older, { best, multipath: dest.multipath });
  return selected(ctx, sp, prefix, dest);
}

/**
 * Decides a destination again when nothing but the selection changed since its last decision
 * (same paths, next hops resolving as then, same rule) and that decision had no older path (the
 * path selected before the run was gone): now its best is the selected path, and the selected
 * flag only helps a path (it wins the older-path step instead of a later one), so the best and
 * the multipath set (equality is decided before that step) come out the same; only what the
 * reasons read changes (`older`). The full decision gives the same result, at the cost of
 * comparing every path again (a failed leaf re-decides its 6,000 destinations so).
 * Returns undefined when the shortcut does not apply, else whether the selection changed (no).
 */
export function reselectOlder(ctx: Ctx, sp: SpeakerState, prefix: number): boolean | undefined {
  const shared = sp.locRib.get(prefix);
  if (!shared || shared.older !== -1 || shared.rule !== decisionRule(sp)) return undefined;
  assertOwned(ctx, sp);
  const dest = ownDest(sp, prefix) as Dest;
  markDecided(ctx.dirty, sp.info.device, prefix);
  // A single path is decided without the older-path rule (decide).
  if (pathCount(dest) > 1) dest.older = olderIndex(ctx, dest);
  return selected(ctx, sp, prefix, dest);
}

/**
 * Per speaker, the destinations whose last decision in this convergence run changed the
 * selected path. Deciding one of them again with nothing else changed can still change the
 * recorded reasons (the older-path rule reads which path is selected); any other destination
 * decided in this run decides exactly the same again until its paths or its next hops'
 * resolution change. `converge` clears the sets when a run starts; revalidation relies on them.
 */
const unsettled = new WeakMap<SpeakerState, Set<number>>();

export function unsettledOf(sp: SpeakerState): Set<number> {
  let u = unsettled.get(sp);
  if (!u) {
    u = new Set();
    unsettled.set(sp, u);
  }
  return u;
}

/** Records the selected path; counts best-path changes for oscillation detection. */
function selected(ctx: Ctx, sp: SpeakerState, prefix: number, dest: Dest): boolean {
  const has = dest.best >= 0;
  const nSrc = has ? srcAt(dest, dest.best) : -2;
  const nAttr = has ? attrAt(dest, dest.best) : -1;
  const changed = nSrc !== dest.selSrc || nAttr !== dest.selAttr;
  dest.selSrc = nSrc;
  dest.selAttr = nAttr;
  const u = unsettledOf(sp);
  // Only a path learned before this run can count as "selected" (candidateOf), so a destination
  // whose paths were all learned in this run decides the same again whatever is selected now.
  const epoch = ctx.st.epoch ?? 0;
  if (changed && hasPathBefore(dest, epoch)) u.add(prefix);
  else u.delete(prefix);
  if (pathCount(dest) === 0) sp.locRib.delete(prefix);
  if (changed) {
    const n = (sp.changes.get(prefix) ?? 0) + 1;
    // (PrefixTable: a Map while small, an Int32Array once a speaker changes many prefixes.)
    sp.changes.set(prefix, n);
    if (n >= OSCILLATION_CHANGES) ctx.st.oscillationSuspect = true;
  }
  return changed;
}

function emptyDest(gen: number): Dest {
  return {
    gen,
    data: [],
    n: 0,
    best: -1,
    multipath: NO_MULTIPATH as number[],
    invalid: undefined,
    older: -1,
    rule: undefined,
    selSrc: -2,
    selAttr: -1,
  };
}

/** Adds or replaces the path from `src` (newest first, in place when it exists, as FRR). */
export function upsertPath(
  sp: SpeakerState,
  prefix: number,
  src: number,
  attr: number,
  learnedAt: number,
): void {
  let dest = ownDest(sp, prefix);
  if (!dest) {
    dest = emptyDest(sp.gen);
    sp.locRib.set(prefix, dest);
  }
  putPath(dest, src, attr, learnedAt, sp.peers.length);
}

export function removePath(sp: SpeakerState, prefix: number, src: number): boolean {
  const shared = sp.locRib.get(prefix);
  if (!shared) return false;
  const i = indexOfSrc(shared, src);
  if (i < 0) return false;
  dropPath(ownDest(sp, prefix) as Dest, i);
  return true;
}

// ------------------------------------------------------------------ export

function selfNextHop(ctx: Ctx, q: Peer): string {
  if (q.iface !== undefined) {
    const r = ctx.st.peers[q.remote];
    return `%${r?.iface ?? q.iface}`;
  }
  return q.localAddress;
}

function aggregateActive(ctx: Ctx, sp: SpeakerState, agPrefix: string): boolean {
  const id = ctx.st.prefixes.ids.get(agPrefix);
  return id !== undefined && sp.local.get(id)?.kind === 'aggregate';
}

/** eBGP keeps a third-party next hop on the subnet it shares with the peer (FRR multiaccess check). */
function sharedSubnet(ctx: Ctx, sp: SpeakerState, nh: string, peerAddr: string): boolean {
  const a = ipv4Key(nh);
  const b = ipv4Key(peerAddr);
  if (a === undefined || b === undefined) return false;
  return (ctx.topo.connected[sp.info.device] ?? []).some(
    (c) => c.prefix.len < 32 && prefixContainsAddr(c.prefix, a) && prefixContainsAddr(c.prefix, b),
  );
}

function defaultOriginateAttrs(ctx: Ctx, sp: SpeakerState, q: Peer): number {
  return intern(ctx.st.attrs, {
    origin: 'i',
    asPath: q.type === 'ebgp' ? [sp.info.asn] : [],
    nextHop: selfNextHop(ctx, q),
    ...(q.type === 'ibgp' ? { localPref: 100 } : {}),
    communities: [],
    clusterList: [],
    weight: 0,
  });
}

/**
 * What a destination offers every peer (`offer` fills it): its best path's source and attribute
 * set (−1: nothing, or suppressed by an active summary-only aggregate), and whether it is local.
 * Worked out once per destination rather than once per peer: a spine offers each of its
 * thousands of destinations to dozens of leaves.
 */
const offered: { src: number; attr: number; local: LocalKind | undefined } = {
  src: -2,
  attr: -1,
  local: undefined,
};

function offer(ctx: Ctx, sp: SpeakerState, prefix: number, dest: Dest | undefined): void {
  offered.src = -2;
  offered.attr = -1;
  offered.local = undefined;
  if (!dest || dest.best < 0) return;
  const src = srcAt(dest, dest.best);
  const local = src < 0 ? bestLocalKind(sp, prefix, dest) : undefined;
  if (local !== 'aggregate' && suppressedByActiveAggregate(ctx, sp, prefix)) return;
  offered.src = src;
  offered.attr = attrAt(dest, dest.best);
  offered.local = local;
}

/** What `sp` advertises to `q` for `prefix`, given its offer: an attribute id, or −1. */
function exportOf(
  ctx: Ctx,
  sp: SpeakerState,
  q: Peer,
  prefix: number,
  src: number,
  attr: number,
  local: LocalKind | undefined,
): number {
  if (q.config.activate === false) return -1;
  if (q.config.defaultOriginate && ctx.st.prefixes.names[prefix] === DEFAULT_PREFIX)
    return defaultOriginateAttrs(ctx, sp, q);
  if (attr < 0) return -1;
  if ((shapeOf(ctx, q) & EXPORT_BY_ATTR) === 0)
    return exportFresh(ctx, sp, q, prefix, src, attr, local);
  const cache = q.exportCache;
  if (cache.attr === attr && cache.src === src) return cache.out;
  const hit = cache.byAttr.get(attr);
  let out: number;
  if (hit !== undefined && hit.src === src) out = hit.out;
  else {
    out = exportFresh(ctx, sp, q, prefix, src, attr, local);
    if (hit === undefined) cache.byAttr.set(attr, { src, out });
  }
  cache.attr = attr;
  cache.src = src;
  cache.out = out;
  return out;
}

/** The export rules proper (eBGP/iBGP, reflection, RFC 8212, outbound policy). */
function exportFresh(
  ctx: Ctx,
  sp: SpeakerState,
  q: Peer,
  prefix: number,
  src: number,
  attr: number,
  local: LocalKind | undefined,
): number {
  const prefixText = ctx.st.prefixes.names[prefix] ?? '';
  const from = src >= 0 ? ctx.st.peers[src] : undefined;
  const a = attrsOf(ctx.st.attrs, attr);
  const reflected = from !== undefined && from.type === 'ibgp' && q.type === 'ibgp';
  if (reflected) {
    // RFC 4456: client → all iBGP peers; non-client → clients only. FRR's update groups send a
    // client's route back to that client too (it drops it: ORIGINATOR_ID), so no skip here —
    // seen on FRR 8.4, reflection.test.ts.
    if (!from.rrClient && !q.rrClient) return -1;
  }

  if (q.type === 'ebgp' && sp.info.defaults.ebgpRequiresPolicy && !hasOutboundPolicy(q.config))
    return -1;
  const self = selfNextHop(ctx, q);
  let out: PathAttrs;
  if (q.type === 'ebgp') {
    // FRR's multiaccess check skips the route's source peer: a route sent back to the eBGP peer
    // it came from gets next-hop-self (allowas-in real run, FRR 8.4.4; rib.test.ts).
    const keep =
      local === undefined && src !== q.id && sharedSubnet(ctx, sp, a.nextHop, q.remoteAddress);
    out = {
      origin: a.origin,
      // Our AS is prepended after the outbound policy ran, as FRR does at packet build time.
      asPath: a.asPath,
      nextHop: keep ? a.nextHop : self,
      ...(local !== undefined && a.med !== undefined ? { med: a.med } : {}),
      communities: a.communities,
      clusterList: [],
      weight: 0,
      ...(a.atomicAggregate ? { atomicAggregate: true } : {}),
    };
  } else {
    const nhs = q.config.nextHopSelf;
    const toSelf =
      local !== undefined ||
      a.nextHop.startsWith('%') ||
      nhs === 'force' ||
      (nhs === true && !reflected);
    out = {
      ...a,
      nextHop: toSelf ? self : a.nextHop,
      localPref: a.localPref ?? 100,
      weight: 0,
      ...(reflected
        ? {
            originatorId: a.originatorId ?? from.remoteRouterId,
            clusterList: [sp.clusterId, ...a.clusterList],
          }
        : {}),
    };
  }
  const pfx = ctx.st.parsed[prefix] ?? parsePrefix4(prefixText);
  const pl = q.config.prefixListOut;
  if (pl !== undefined && !prefixListPermits(prefixListByName(sp.info.bgp, pl), pfx)) return -1;
  const rm = q.config.routeMapOut;
  if (rm !== undefined) {
    const r = applyRouteMap(sp.info.bgp, rm, pfx, out);
    if (!r.permit) return -1;
    out = r.nextHopSelf ? { ...r.attrs, nextHop: self } : r.attrs;
    out = { ...out, weight: 0 };
    if (q.type === 'ebgp' && out.localPref !== undefined) {
      const { localPref: _lp, ...rest } = out;
      out = rest;
    }
  }
  if (q.type === 'ebgp') out = { ...out, asPath: [sp.info.asn, ...out.asPath] };
  return intern(ctx.st.attrs, out);
}

function suppressedByActiveAggregate(ctx: Ctx, sp: SpeakerState, prefix: number): boolean {
  if (sp.info.bgp.aggregates.length === 0) return false;
  // A loop, not `some` with a closure: V8 allocates a closure's context on entry, before the
  // early return above, and this runs for every export.
  const prefixText = ctx.st.prefixes.names[prefix] ?? '';
  for (const ag of sp.info.bgp.aggregates)
    if (
      ag.summaryOnly &&
      ag.prefix !== prefixText &&
      contains(ag.prefix, prefixText) &&
      aggregateActive(ctx, sp, ag.prefix)
    )
      return true;
  return false;
}

/** Diffs one prefix against a peer's Adj-RIB-Out and queues the change. */
export function exportPrefix(ctx: Ctx, sp: SpeakerState, shared: Peer, prefix: number): void {
  offer(ctx, sp, prefix, sp.locRib.get(prefix));
  exportTo(ctx, sp, shared, prefix, offered.src, offered.attr, offered.local);
}

function exportTo(
  ctx: Ctx,
  sp: SpeakerState,
  shared: Peer,
  prefix: number,
  src: number,
  attr: number,
  local: LocalKind | undefined,
): void {
  if (!shared.up) return;
  // Nothing but a default-originate route ever goes to this peer (exportOf gives −1 for every
  // other prefix, so its Adj-RIB-Out never holds one): one check instead of the export rules.
  if (
    (shapeOf(ctx, shared) & DENY_ALL_OUT) !== 0 &&
    !(shared.config.defaultOriginate && ctx.st.prefixes.names[prefix] === DEFAULT_PREFIX)
  )
    return;
  const now = exportOf(ctx, sp, shared, prefix, src, attr, local);
  const before = shared.adjOut.get(prefix) ?? -1;
  if (now === before) return;
  const q = ownPeer(ctx.st, shared.id);
  if (now < 0) adjOutOf(ctx.st, q).delete(prefix);
  else adjOutOf(ctx.st, q).set(prefix, now);
  pushChange(ctx.out, q.id, prefix, now);
}

export function prefixId(ctx: Ctx, text: string): number {
  const id = internName(ctx.st.prefixes, text);
  if (ctx.st.parsed[id] === undefined) ctx.st.parsed[id] = parsePrefix4(text);
  return id;
}

/**
 * A speaker's peers that may be sent something other than a default route: a leaf's nodes
 * (`DEFAULT-ONLY`) are most of its peers, and exporting each of its thousands of changed
 * destinations to each of them was a no-op done millions of times (exportTo). Kept per speaker
 * while its peer list and the run's policy shapes are the same ones (peers are only added by
 * `push` or removed by a new list, hence the length check).
 */
interface OpenPeers {
  peers: number[];
  length: number;
  shapes: number[];
  open: number[];
}

const openPeers = new WeakMap<SpeakerState, OpenPeers>();

function openPeersOf(ctx: Ctx, sp: SpeakerState): number[] {
  const o = openPeers.get(sp);
  if (o && o.peers === sp.peers && o.length === sp.peers.length && o.shapes === ctx.shapes)
    return o.open;
  const open = sp.peers.filter((pid) => {
    const q = ctx.st.peers[pid];
    return q !== undefined && (shapeOf(ctx, q) & DENY_ALL_OUT) === 0;
  });
  openPeers.set(sp, { peers: sp.peers, length: sp.peers.length, shapes: ctx.shapes, open });
  return open;
}

/** Re-decides a prefix and, when the best path changed, re-exports it and its aggregates. */
export function settle(ctx: Ctx, sp: SpeakerState, prefix: number): void {
  if (!decide(ctx, sp, prefix)) return;
  offer(ctx, sp, prefix, sp.locRib.get(prefix));
  const { src, attr, local } = offered;
  // The peers left out may get a default-originate route, but that is sent when their session
  // comes up (advertiseAll) and does not depend on this speaker's Loc-RIB.
  for (const pid of openPeersOf(ctx, sp)) {
    const q = ctx.st.peers[pid];
    if (q) exportTo(ctx, sp, q, prefix, src, attr, local);
  }
  const text = ctx.st.prefixes.names[prefix] ?? '';
  for (const ag of sp.info.bgp.aggregates) {
    if (ag.prefix !== text && contains(ag.prefix, text)) refreshAggregate(ctx, sp, ag.prefix);
  }
}

/** Sets (or clears) the locally originated path of a prefix and settles it. */
export function setLocal(
  ctx: Ctx,
  sp: SpeakerState,
  prefix: number,
  route: { attrs: PathAttrs; kind: LocalKind; invalid?: string } | undefined,
): void {
  const cur = sp.local.get(prefix);
  if (!route) {
    if (!cur) return;
    assertOwned(ctx, sp);
    sp.local.delete(prefix);
    removePath(sp, prefix, -1);
    settle(ctx, sp, prefix);
    return;
  }
  const attr = intern(ctx.st.attrs, route.attrs);
  if (cur && cur.attr === attr && cur.kind === route.kind && cur.invalid === route.invalid) return;
  assertOwned(ctx, sp);
  sp.local.set(prefix, {
    attr,
    kind: route.kind,
    ...(route.invalid ? { invalid: route.invalid } : {}),
  });
  upsertPath(sp, prefix, -1, attr, ctx.st.step);
  settle(ctx, sp, prefix);
}

/** FRR aggregate-address: present while a more specific valid best path exists; worst ORIGIN. */
function refreshAggregate(ctx: Ctx, sp: SpeakerState, agPrefix: string): void {
  const agId = prefixId(ctx, agPrefix);
  const ag = ctx.st.parsed[agId] as { addr: number; len: number };
  let origin: PathAttrs['origin'] | undefined;
  const rank = { i: 0, e: 1, '?': 2 } as const;
  const contained: number[] = [];
  for (const [pid, dest] of sp.locRib) {
    const p = ctx.st.parsed[pid];
    if (!p || p.len <= ag.len || !prefixContainsAddr(ag, p.addr)) continue;
    contained.push(pid);
    if (dest.best < 0 || bestLocalKind(sp, pid, dest) === 'aggregate') continue;
    const o = attrsOf(ctx.st.attrs, attrAt(dest, dest.best)).origin;
    if (origin === undefined || rank[o] > rank[origin]) origin = o;
  }
  const wasActive = sp.local.get(agId)?.kind === 'aggregate';
  setLocal(
    ctx,
    sp,
    agId,
    origin === undefined
      ? undefined
      : {
          kind: 'aggregate',
          attrs: {
            origin,
            asPath: [],
            nextHop: '0.0.0.0',
            communities: [],
            clusterList: [],
            weight: sp.info.defaults.frrSteps ? 32768 : 0,
            // FRR 8.4 sends its aggregates with MED 0 (real run, rib.test.ts).
            ...(sp.info.defaults.frrSteps ? { med: 0 } : {}),
            atomicAggregate: true,
          },
        },
  );
  const active = origin !== undefined;
  const summary = sp.info.bgp.aggregates.some((a) => a.prefix === agPrefix && a.summaryOnly);
  if (summary && wasActive !== active) {
    for (const pid of contained) {
      for (const qid of sp.peers) {
        const q = ctx.st.peers[qid];
        if (q) exportPrefix(ctx, sp, q, pid);
      }
    }
  }
}

/** Turns the pending per-peer batches into queued messages (one UPDATE per peer). */
export function flush(ctx: Ctx): Message[] {
  const msgs: Message[] = [];
  for (const pid of ctx.out.order) {
    const b = ctx.out.byPeer[pid];
    const q = ctx.st.peers[pid];
    if (!b || !q || !q.up || b.n === 0) continue;
    msgs.push({ to: q.remote, prefixes: b.prefixes.slice(0, b.n), attrs: b.attrs.slice(0, b.n) });
  }
  clearOutbox(ctx.out);
  return msgs;
}
