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
import { hasInboundPolicy, hasOutboundPolicy } from './neighbors';
import { applyRouteMap, prefixListByName, prefixListPermits } from './policy';
import type { Dest, EngineState, LocalKind, Message, Path, Peer, SpeakerState } from './state';
import type { Fib, FibRoute, Topology } from './topology';
import { indexFib, isUp, lookup } from './topology';
import { ipv4Key } from './addrkey';
import { adjOutOf, ownDest, ownPeer } from './cow';
import { markDecided } from './fibs';

export interface Ctx {
  st: EngineState;
  topo: Topology;
  /** Kernel FIBs snapshot (connected + static + installed BGP) for next-hop resolution. */
  fibs: Fib[];
  /** Pending outgoing changes per sending Peer id. */
  out: Map<number, { prefixes: number[]; attrs: number[] }>;
  /** Next-hop resolution cache for this round: (device, skip-default) → next hop → route. */
  nh: Map<number, Map<string, FibRoute | null>>;
  /** Per device, the prefixes whose FIB route changed since the previous round (fibs.ts). */
  fibChanges?: (Prefix4[] | undefined)[];
  /** Per device, the destinations decided since its FIB was built (fibs.ts patches those). */
  dirty: Map<number, Set<number>>;
}

const DEFAULT_PREFIX = '0.0.0.0/0';
/** A prefix whose best path changed this often on one router is taken as oscillating. */
export const OSCILLATION_CHANGES = 256;

function reject(ctx: Ctx, reason: string): number {
  return -(1 + internName(ctx.st.rejectReasons, reason));
}

let prefixFreeMaps = new WeakMap<BgpConfig, Map<string, boolean>>();
let denyAllMaps = new WeakMap<BgpConfig, Map<string, boolean>>();

/** Called when a run starts: a caller may have edited the lab's route-maps in place since. */
export function forgetRouteMapShapes(): void {
  prefixFreeMaps = new WeakMap();
  denyAllMaps = new WeakMap();
}

/**
 * A route-map without a permit entry (or not defined) denies every route whatever its prefix
 * and attributes (first match decides, no match denies): e.g. the leaves' `DEFAULT-ONLY` towards
 * nodes that get only the default-originate route.
 */
function denyAllRouteMap(bgp: BgpConfig, name: string): boolean {
  let m = denyAllMaps.get(bgp);
  if (!m) {
    m = new Map();
    denyAllMaps.set(bgp, m);
  }
  let deny = m.get(name);
  if (deny === undefined) {
    const rm = bgp.routeMaps.find((r) => r.name === name);
    deny = !rm || rm.entries.every((e) => e.action === 'deny');
    m.set(name, deny);
  }
  return deny;
}

/**
 * A route-map whose outcome cannot depend on the prefix (no entry matches a prefix-list; an
 * undefined map denies everything): its result is a function of the attributes alone, so it
 * may share the per-attribute import/export caches.
 */
function prefixFreeRouteMap(bgp: BgpConfig, name: string | undefined): boolean {
  if (name === undefined) return true;
  let m = prefixFreeMaps.get(bgp);
  if (!m) {
    m = new Map();
    prefixFreeMaps.set(bgp, m);
  }
  let free = m.get(name);
  if (free === undefined) {
    const rm = bgp.routeMaps.find((r) => r.name === name);
    free = !rm || rm.entries.every((e) => e.match.prefixList === undefined);
    m.set(name, free);
  }
  return free;
}

/** Import rules at the receiving side; returns the Adj-RIB-In code (attr id or rejection). */
export function importRoute(ctx: Ctx, peer: Peer, prefix: number, wire: number): number {
  const { prefixListIn, routeMapIn } = peer.config;
  if (
    prefixListIn !== undefined ||
    (routeMapIn !== undefined &&
      !prefixFreeRouteMap((ctx.st.speakers[peer.speaker] as SpeakerState).info.bgp, routeMapIn))
  )
    return importFresh(ctx, peer, prefix, wire);
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
  let attrs: PathAttrs = { ...a, weight: 0 };
  const rm = peer.config.routeMapIn;
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
  nh: string,
): string | undefined {
  if (nh === '0.0.0.0') return undefined;
  if (nh.startsWith('%')) {
    const iface = nh.slice(1);
    return isUp(ctx.topo, sp.info.device, iface)
      ? undefined
      : `next hop interface ${iface} is down`;
  }
  const mode = sp.info.defaults.nextHopCheck;
  const addr = ipv4Key(nh);
  if (mode === 'none' || addr === undefined) return undefined;
  const self = ctx.st.parsed[prefix];
  const fib = ctx.fibs[sp.info.device];
  if (!fib) return `next hop ${nh} unresolvable (no route)`;
  if (resolveNextHop(ctx, sp, fib, nh, addr, self, mode === 'frr')) return undefined;
  if (mode === 'frr' && resolveNextHop(ctx, sp, fib, nh, addr, self, false))
    return `next hop ${nh} unresolvable (FRR does not resolve next hops via the default route)`;
  return `next hop ${nh} unresolvable (no route)`;
}

/** The FIB route resolving a next hop (cached per round), never the prefix's own BGP route. */
function resolveNextHop(
  ctx: Ctx,
  sp: SpeakerState,
  fib: Fib,
  nh: string,
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
  let r = cache.get(nh);
  if (r === undefined) {
    r = lookup(fib, addr, { skipDefault }) ?? null;
    cache.set(nh, r);
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
  for (let i = 0; i < dest.paths.length; i++) {
    const p = dest.paths[i] as Path;
    if (p.src === dest.selSrc && p.learnedAt < epoch) return i;
  }
  return -1;
}

/** Writes to a speaker `apply` shares with an earlier result would change that result. */
function assertOwned(ctx: Ctx, sp: SpeakerState): void {
  if (sp.gen !== ctx.st.gen) throw new Error(`engine: ${sp.info.name} written while shared`);
}

/** Per-path scratch of a decision: validity (decisions never nest). */
const validBuf: boolean[] = [];
const NO_MULTIPATH: readonly number[] = Object.freeze([]);

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
  const paths = dest.paths;
  const n = paths.length;
  const rule = decisionRule(sp);
  dest.rule = rule;
  dest.older = -1;
  dest.multipath = NO_MULTIPATH as number[];
  let invalid: (string | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    const p = paths[i] as Path;
    const inv = p.local
      ? p.localInvalid
      : nextHopInvalid(ctx, sp, prefix, attrsOf(ctx.st.attrs, p.attr).nextHop);
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
  const cands = pooledCandidates(ctx.st, paths, older);
  const best = bestIndex(cands, validBuf, rule.o);
  dest.best = best;
  if (best >= 0 && rule.multipath) {
    const mp = multipathOf(cands, validBuf, best, rule.o, rule.maxPaths);
    if (mp.length > 0) dest.multipath = mp;
  }
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
  const bp = dest.paths[dest.best];
  const nSrc = bp ? bp.src : -2;
  const nAttr = bp ? bp.attr : -1;
  const changed = nSrc !== dest.selSrc || nAttr !== dest.selAttr;
  dest.selSrc = nSrc;
  dest.selAttr = nAttr;
  const u = unsettledOf(sp);
  // Only a path learned before this run can count as "selected" (candidateOf), so a destination
  // whose paths were all learned in this run decides the same again whatever is selected now.
  const epoch = ctx.st.epoch ?? 0;
  if (changed && dest.paths.some((p) => p.learnedAt < epoch)) u.add(prefix);
  else u.delete(prefix);
  if (dest.paths.length === 0) sp.locRib.delete(prefix);
  if (changed) {
    const n = (sp.changes.get(prefix) ?? 0) + 1;
    sp.changes.set(prefix, n);
    if (n >= OSCILLATION_CHANGES) ctx.st.oscillationSuspect = true;
  }
  return changed;
}

function emptyDest(gen: number): Dest {
  return {
    gen,
    paths: [],
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
export function upsertPath(sp: SpeakerState, prefix: number, path: Path): void {
  let dest = ownDest(sp, prefix);
  if (!dest) {
    dest = emptyDest(sp.gen);
    sp.locRib.set(prefix, dest);
  }
  const i = dest.paths.findIndex((p) => p.src === path.src);
  if (i >= 0) dest.paths[i] = path;
  else dest.paths.unshift(path);
}

export function removePath(sp: SpeakerState, prefix: number, src: number): boolean {
  const shared = sp.locRib.get(prefix);
  if (!shared) return false;
  const i = shared.paths.findIndex((p) => p.src === src);
  if (i < 0) return false;
  (ownDest(sp, prefix) as Dest).paths.splice(i, 1);
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

/** What `sp` advertises to peer `q` for `prefix`: an attribute id, or −1 for nothing. */
export function exportAttr(ctx: Ctx, sp: SpeakerState, q: Peer, prefix: number): number {
  const prefixText = ctx.st.prefixes.names[prefix] ?? '';
  if (q.config.activate === false) return -1;
  if (prefixText === DEFAULT_PREFIX && q.config.defaultOriginate)
    return defaultOriginateAttrs(ctx, sp, q);
  const dest = sp.locRib.get(prefix);
  const path = dest?.paths[dest.best];
  if (!dest || !path) return -1;
  if (path.local !== 'aggregate' && suppressedByActiveAggregate(ctx, sp, prefixText)) return -1;
  if (
    q.config.prefixListOut !== undefined ||
    (q.config.routeMapOut !== undefined && !prefixFreeRouteMap(sp.info.bgp, q.config.routeMapOut))
  )
    return exportFresh(ctx, sp, q, prefix, path);
  // A small-integer key where it fits (a heap-number key would allocate on every lookup).
  const src = path.src + 2;
  const key = src < 16384 && path.attr < 65536 ? path.attr * 16384 + src : -(path.attr * 1e6 + src);
  const hit = q.exportCache.get(key);
  if (hit !== undefined) return hit;
  const out = exportFresh(ctx, sp, q, prefix, path);
  q.exportCache.set(key, out);
  return out;
}

/** The export rules proper (eBGP/iBGP, reflection, RFC 8212, outbound policy). */
function exportFresh(ctx: Ctx, sp: SpeakerState, q: Peer, prefix: number, path: Path): number {
  const prefixText = ctx.st.prefixes.names[prefix] ?? '';
  const from = path.src >= 0 ? ctx.st.peers[path.src] : undefined;
  const a = attrsOf(ctx.st.attrs, path.attr);
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
      path.local === undefined &&
      path.src !== q.id &&
      sharedSubnet(ctx, sp, a.nextHop, q.remoteAddress);
    out = {
      origin: a.origin,
      // Our AS is prepended after the outbound policy ran, as FRR does at packet build time.
      asPath: a.asPath,
      nextHop: keep ? a.nextHop : self,
      ...(path.local !== undefined && a.med !== undefined ? { med: a.med } : {}),
      communities: a.communities,
      clusterList: [],
      weight: 0,
      ...(a.atomicAggregate ? { atomicAggregate: true } : {}),
    };
  } else {
    const nhs = q.config.nextHopSelf;
    const toSelf =
      path.local !== undefined ||
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

function suppressedByActiveAggregate(ctx: Ctx, sp: SpeakerState, prefixText: string): boolean {
  if (sp.info.bgp.aggregates.length === 0) return false;
  return sp.info.bgp.aggregates.some(
    (ag) =>
      ag.summaryOnly &&
      ag.prefix !== prefixText &&
      contains(ag.prefix, prefixText) &&
      aggregateActive(ctx, sp, ag.prefix),
  );
}

/** Diffs one prefix against a peer's Adj-RIB-Out and queues the change. */
export function exportPrefix(ctx: Ctx, sp: SpeakerState, shared: Peer, prefix: number): void {
  if (!shared.up) return;
  // Nothing but a default-originate route ever goes to this peer (exportAttr gives −1 for every
  // other prefix, so its Adj-RIB-Out never holds one): one check instead of the export rules.
  const rm = shared.config.routeMapOut;
  if (
    rm !== undefined &&
    !(shared.config.defaultOriginate && ctx.st.prefixes.names[prefix] === DEFAULT_PREFIX) &&
    denyAllRouteMap(sp.info.bgp, rm)
  )
    return;
  const now = exportAttr(ctx, sp, shared, prefix);
  const before = shared.adjOut.get(prefix) ?? -1;
  if (now === before) return;
  const q = ownPeer(ctx.st, shared.id);
  if (now < 0) adjOutOf(ctx.st, q).delete(prefix);
  else adjOutOf(ctx.st, q).set(prefix, now);
  let batch = ctx.out.get(q.id);
  if (!batch) {
    batch = { prefixes: [], attrs: [] };
    ctx.out.set(q.id, batch);
  }
  batch.prefixes.push(prefix);
  batch.attrs.push(now);
}

export function prefixId(ctx: Ctx, text: string): number {
  const id = internName(ctx.st.prefixes, text);
  if (ctx.st.parsed[id] === undefined) ctx.st.parsed[id] = parsePrefix4(text);
  return id;
}

/** Re-decides a prefix and, when the best path changed, re-exports it and its aggregates. */
export function settle(ctx: Ctx, sp: SpeakerState, prefix: number): void {
  if (!decide(ctx, sp, prefix)) return;
  for (const pid of sp.peers) {
    const q = ctx.st.peers[pid];
    if (q) exportPrefix(ctx, sp, q, prefix);
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
  upsertPath(sp, prefix, {
    src: -1,
    attr,
    learnedAt: ctx.st.step,
    local: route.kind,
    ...(route.invalid ? { localInvalid: route.invalid } : {}),
  });
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
    const b = dest.paths[dest.best];
    if (!b || b.local === 'aggregate') continue;
    const o = attrsOf(ctx.st.attrs, b.attr).origin;
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
  for (const [pid, b] of ctx.out) {
    const q = ctx.st.peers[pid];
    if (!q || !q.up || b.prefixes.length === 0) continue;
    msgs.push({ to: q.remote, prefixes: b.prefixes, attrs: b.attrs });
  }
  ctx.out.clear();
  return msgs;
}
