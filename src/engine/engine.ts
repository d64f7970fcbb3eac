/**
 * The convergence loop: originate local routes, bring sessions up or down for the current FIBs,
 * re-check next hops, then deliver queued UPDATEs until the queue is empty. Because sessions and
 * next hops resolve through kernel FIBs that hold BGP routes, the loop repeats in rounds until a
 * round changes nothing (the real lab converges the same way: a loopback peering comes up once
 * the route to the loopback is installed).
 */
import { bgpSpeakers, hostOf, familyOf, prefixContainsAddr, routerIdOf } from '../model';
import type { Lab } from '../model';
import { ipv4Int, ipv4Key, prefix4Key } from './addrkey';
import { attrsOf, intern, newAttrTable, newInterner } from './attrs';
import { resolveRecursive, speakerInstalled, toFibRoutes } from './install';
import { speakerDefaults } from './neighbors';
import { localRoutes } from './origination';
import { dequeue, enqueue } from './queue';
import type { QueueCursor } from './queue';
import type { Ctx } from './rib';
import {
  OSCILLATION_CHANGES,
  exportPrefix,
  flush,
  forgetRouteMapShapes,
  importRoute,
  prefixId,
  removePath,
  unsettledOf,
  setLocal,
  settle,
  upsertPath,
} from './rib';
import type { PlannedSession, SessionPlan, SpeakerInfo } from './sessions';
import { planSessions, speakerNeighbors } from './sessions';
import type { EngineState, Message, Peer, SpeakerState } from './state';
import type { Fib, FibRoute, Topology } from './topology';
import { buildTopology, indexFib, lookup } from './topology';
import type { LogEntry, SimOptions } from './types';

const MAX_ROUNDS = 12;

export function speakerInfos(lab: Lab, topo: Topology): SpeakerInfo[] {
  return bgpSpeakers(lab).flatMap((s) => {
    const device = topo.deviceIds.get(s.device);
    const dev = device === undefined ? undefined : topo.devices[device];
    if (device === undefined || !dev) return [];
    const merge = dev.kind === 'router' || dev.kind === 'k8s-node' ? dev.kernel?.mergePaths : false;
    const metallb =
      dev.kind === 'k8s-node' &&
      !dev.bgp &&
      lab.clusters.find((c) => c.name === dev.cluster)?.cilium?.bgpApi === 'legacy-metallb';
    return [
      {
        device,
        name: s.device,
        daemon: s.daemon,
        bgp: s.bgp,
        asn: s.bgp.asn,
        routerId: routerIdOf(dev, s.bgp) ?? '0.0.0.0',
        defaults: speakerDefaults(s.daemon, s.bgp, merge === true, metallb),
        neighbors: speakerNeighbors(s.bgp),
      },
    ];
  });
}

export function newState(lab: Lab, options: SimOptions = {}): EngineState {
  const topo = buildTopology(lab);
  const nextHopOwners: Record<string, string> = {};
  for (const d of lab.devices)
    for (const i of d.interfaces)
      for (const a of i.addresses) if (familyOf(a) === 4) nextHopOwners[hostOf(a)] = d.name;
  return {
    lab,
    options: {
      order: options.order ?? 'fifo',
      seed: options.seed ?? 1,
      maxEvents: options.maxEvents ?? 1_000_000,
      keepLog: options.keepLog ?? true,
    },
    speakers: speakerInfos(lab, topo).map((info): SpeakerState => ({
      info,
      peers: [],
      locRib: new Map(),
      clusterId: info.bgp.clusterId ?? info.routerId,
      local: new Map(),
      changes: new Map(),
    })),
    peers: [],
    prefixes: newInterner(),
    parsed: [],
    attrs: newAttrTable(),
    rejectReasons: newInterner(),
    queue: [],
    rng: (options.seed ?? 1) >>> 0,
    step: 0,
    log: [],
    rows: [],
    capped: false,
    nextHopOwners,
  };
}

/**
 * What `toFibRoutes(resolveRecursive(speakerInstalled(…)))` gives when every next hop is on a
 * connected subnet (or a link-local `%iface`) — the common case, read straight from the Loc-RIB
 * without the text round trip; undefined when some next hop needs recursive resolution.
 */
function onLinkFibRoutes(
  st: EngineState,
  topo: Topology,
  sp: SpeakerState,
): FibRoute[] | undefined {
  const mode = sp.info.defaults.install;
  if (mode === 'none') return [];
  const conns = topo.connected[sp.info.device] ?? [];
  const onLink = new Map<string, number | undefined>();
  const out: FibRoute[] = [];
  for (const [pid, dest] of sp.locRib) {
    const best = dest.paths[dest.best];
    if (!best) continue;
    const prefix = st.parsed[pid] ?? prefix4Key(st.prefixes.names[pid] ?? '');
    if (best.local === 'aggregate') {
      out.push({ prefix, distance: 200, blackhole: true, hops: [] });
      continue;
    }
    if (best.local) continue;
    const hops: FibRoute['hops'] = [];
    const n = mode === 'multipath' ? dest.multipath.length + 1 : 1;
    for (let k = 0; k < n; k++) {
      const p = dest.paths[k === 0 ? dest.best : (dest.multipath[k - 1] as number)];
      if (!p) continue;
      const nh = attrsOf(st.attrs, p.attr).nextHop;
      if (nh.startsWith('%')) {
        hops.push({ iface: nh.slice(1) });
        continue;
      }
      let via = onLink.get(nh);
      if (!onLink.has(nh)) {
        const a = ipv4Int(nh);
        via = conns.some((c) => c.prefix.len < 32 && prefixContainsAddr(c.prefix, a))
          ? a
          : undefined;
        onLink.set(nh, via);
      }
      if (via === undefined) return undefined;
      hops.push({ via });
    }
    out.push({ prefix, distance: st.peers[best.src]?.type === 'ebgp' ? 20 : 200, hops });
  }
  return out;
}

export function computeFibs(st: EngineState, topo: Topology): Fib[] {
  const fibs = topo.baseFib.map((f) => [...f]);
  for (const sp of st.speakers) {
    const fib = fibs[sp.info.device];
    if (!fib || topo.devices[sp.info.device]?.down) continue;
    const direct = onLinkFibRoutes(st, topo, sp);
    if (direct) {
      for (const r of direct) fib.push(r);
      continue;
    }
    const routes = resolveRecursive(
      topo,
      sp.info.device,
      speakerInstalled(st, sp),
      sp.info.defaults.nextHopCheck === 'frr',
    );
    fib.push(...toFibRoutes(routes, prefix4Key, ipv4Int));
  }
  return fibs.map(indexFib);
}

function log(st: EngineState, e: Omit<LogEntry, 'step'>): void {
  if (st.options.keepLog) st.log.push({ step: st.step, ...e });
}

function reoriginate(ctx: Ctx, sp: SpeakerState): boolean {
  const routes = localRoutes(ctx.topo, sp.info);
  const want = new Map(routes.map((r) => [prefixId(ctx, r.prefix), r]));
  let changed = false;
  for (const [pid, cur] of [...sp.local]) {
    if (cur.kind === 'aggregate' || want.has(pid)) continue;
    setLocal(ctx, sp, pid, undefined);
    changed = true;
  }
  for (const [pid, r] of want) {
    const cur = sp.local.get(pid);
    const attr = intern(ctx.st.attrs, r.attrs);
    if (cur && cur.attr === attr && cur.kind === r.kind && cur.invalid === r.invalid) continue;
    setLocal(ctx, sp, pid, r);
    changed = true;
  }
  return changed;
}

function advertiseAll(ctx: Ctx, q: Peer): void {
  const sp = ctx.st.speakers[q.speaker] as SpeakerState;
  for (const pid of sp.locRib.keys()) exportPrefix(ctx, sp, q, pid);
  if (q.config.defaultOriginate) exportPrefix(ctx, sp, q, prefixId(ctx, '0.0.0.0/0'));
}

function bringUp(ctx: Ctx, s: PlannedSession): void {
  const { st } = ctx;
  const ia = st.peers.length;
  const mk = (
    id: number,
    remote: number,
    side: PlannedSession['a'],
    other: PlannedSession['a'],
  ): Peer => {
    const o = st.speakers[other.speaker] as SpeakerState;
    return {
      id,
      speaker: side.speaker,
      remote,
      sessionKey: s.key,
      config: side.config,
      type: s.type,
      localAddress: side.localAddress,
      remoteAddress: side.remoteAddress,
      ...(side.iface !== undefined ? { iface: side.iface } : {}),
      remoteSpeaker: other.speaker,
      remoteAs: o.info.asn,
      remoteRouterId: o.info.routerId,
      rrClient: side.config.routeReflectorClient === true,
      up: true,
      adjIn: new Map(),
      adjOut: new Map(),
      exportCache: new Map(),
      importCache: new Map(),
    };
  };
  const pa = mk(ia, ia + 1, s.a, s.b);
  const pb = mk(ia + 1, ia, s.b, s.a);
  st.peers.push(pa, pb);
  st.speakers[pa.speaker]?.peers.push(pa.id);
  st.speakers[pb.speaker]?.peers.push(pb.id);
  const na = st.speakers[pa.speaker]?.info.name;
  const nb = st.speakers[pb.speaker]?.info.name;
  log(st, {
    kind: 'session-up',
    from: na,
    to: nb,
    prefixes: [],
    detail: `${s.type} session ${na} ↔ ${nb} Established`,
  });
  advertiseAll(ctx, pa);
  advertiseAll(ctx, pb);
}

function dropPeer(ctx: Ctx, p: Peer): void {
  const sp = ctx.st.speakers[p.speaker] as SpeakerState;
  p.up = false;
  sp.peers = sp.peers.filter((x) => x !== p.id);
  const learned = [...p.adjIn].filter(([, code]) => code >= 0).map(([pid]) => pid);
  p.adjIn.clear();
  p.adjOut.clear();
  for (const pid of learned) {
    if (removePath(sp, pid, p.id)) settle(ctx, sp, pid);
  }
}

function bringDown(ctx: Ctx, p: Peer, reason: string): void {
  const other = ctx.st.peers[p.remote] as Peer;
  const na = ctx.st.speakers[p.speaker]?.info.name;
  const nb = ctx.st.speakers[other.speaker]?.info.name;
  log(ctx.st, {
    kind: 'session-down',
    from: na,
    to: nb,
    prefixes: [],
    detail: `session ${na} ↔ ${nb} down: ${reason}`,
  });
  dropPeer(ctx, p);
  dropPeer(ctx, other);
}

function reconcileSessions(ctx: Ctx, plan: SessionPlan): boolean {
  const want = new Map(plan.sessions.map((s) => [s.key, s]));
  const have = new Map<string, Peer>();
  for (const p of ctx.st.peers) if (p.up && !have.has(p.sessionKey)) have.set(p.sessionKey, p);
  let changed = false;
  for (const [key, p] of have) {
    if (want.has(key)) continue;
    const row = plan.rows.find((r) => r.speaker === p.speaker && r.config.peer === p.config.peer);
    bringDown(ctx, p, row?.reason ?? 'no longer configured');
    changed = true;
  }
  for (const [key, s] of want) {
    if (have.has(key)) continue;
    bringUp(ctx, s);
    changed = true;
  }
  return changed;
}

/**
 * Destinations touched by delivered UPDATEs and not yet decided, per receiving speaker (in the
 * order they were first touched). Like FRR's `bgp_process` work queue, a speaker takes in the
 * whole batch of UPDATEs that arrived before it runs best-path selection once per destination:
 * a leaf hearing a prefix from 8 spines decides it once, not 8 times.
 */
interface PendingDecisions {
  pids: number[];
  /** The selected attribute before the batch, per touched destination (for the log). */
  before: Map<number, number | undefined>;
  /** The log entry of the last UPDATE delivered to this speaker in the batch. */
  entry?: LogEntry;
}

function deliver(ctx: Ctx, m: Message, pending: Map<number, PendingDecisions>): void {
  const { st } = ctx;
  const r = st.peers[m.to];
  if (!r || !r.up) return;
  const sp = st.speakers[r.speaker] as SpeakerState;
  let pend = pending.get(r.speaker);
  if (!pend) {
    pend = { pids: [], before: new Map() };
    pending.set(r.speaker, pend);
  }
  const dirty = pend;
  const touch = (pid: number): void => {
    if (dirty.before.has(pid)) return;
    dirty.before.set(pid, sp.locRib.get(pid)?.selAttr);
    dirty.pids.push(pid);
  };
  let accepted = 0;
  let withdrawn = 0;
  const rejected = st.options.keepLog ? new Map<string, number>() : undefined;
  for (let i = 0; i < m.prefixes.length; i++) {
    const pid = m.prefixes[i] as number;
    const wire = m.attrs[i] as number;
    const old = r.adjIn.get(pid);
    if (wire < 0) {
      withdrawn++;
      if (old === undefined) continue;
      r.adjIn.delete(pid);
      if (old >= 0) {
        touch(pid);
        removePath(sp, pid, r.id);
      }
      continue;
    }
    const code = importRoute(ctx, r, pid, wire);
    if (code < 0) {
      if (rejected) {
        const why = st.rejectReasons.names[-code - 1] ?? '?';
        rejected.set(why, (rejected.get(why) ?? 0) + 1);
      }
    } else accepted++;
    if (code === old) continue;
    r.adjIn.set(pid, code);
    if (code >= 0) {
      touch(pid);
      upsertPath(sp, pid, { src: r.id, attr: code, learnedAt: st.step });
    } else if (old !== undefined && old >= 0) {
      touch(pid);
      removePath(sp, pid, r.id);
    }
  }
  if (rejected) {
    const sender = st.speakers[r.remoteSpeaker]?.info.name;
    const parts = [`accepted ${accepted}`];
    if (withdrawn) parts.push(`withdrawn ${withdrawn}`);
    for (const [why, n] of rejected) parts.push(`rejected ${n}: ${why}`);
    const entry: LogEntry = {
      step: st.step,
      kind: accepted + rejected.size === 0 && withdrawn > 0 ? 'withdraw' : 'update',
      from: sender,
      to: sp.info.name,
      prefixes: m.prefixes.map((p) => st.prefixes.names[p] ?? '?'),
      detail: parts.join('; '),
    };
    st.log.push(entry);
    dirty.entry = entry;
  }
}

/**
 * Runs the decision process once for every destination touched in the batch. The best paths that
 * changed are named on the last UPDATE the speaker received in the batch.
 */
function decidePending(ctx: Ctx, pending: Map<number, PendingDecisions>): void {
  const { st } = ctx;
  for (const [speaker, pend] of pending) {
    const sp = st.speakers[speaker] as SpeakerState;
    for (const pid of pend.pids) settle(ctx, sp, pid);
    if (!pend.entry) continue;
    const changedBest = pend.pids.filter(
      (pid) => pend.before.get(pid) !== sp.locRib.get(pid)?.selAttr,
    );
    if (changedBest.length)
      pend.entry.detail += `; best path changed for ${changedBest.map((p) => st.prefixes.names[p]).join(', ')}`;
  }
  pending.clear();
}

function checkOscillation(st: EngineState): boolean {
  const prefixes = new Set<string>();
  const devices = new Set<string>();
  for (const sp of st.speakers) {
    for (const [pid, n] of sp.changes) {
      if (n < OSCILLATION_CHANGES) continue;
      prefixes.add(st.prefixes.names[pid] ?? '?');
      devices.add(sp.info.name);
    }
  }
  if (prefixes.size === 0) return false;
  st.oscillating = { prefixes: [...prefixes].sort(), devices: [...devices].sort() };
  return true;
}

/**
 * Delivers the queue in batches: every UPDATE queued when a batch starts is delivered (in queue
 * order), then each receiving speaker decides its touched destinations and the resulting UPDATEs
 * form the next batch.
 */
function drain(ctx: Ctx, cur: QueueCursor): void {
  const { st } = ctx;
  const pending = new Map<number, PendingDecisions>();
  for (;;) {
    let delivered = 0;
    for (;;) {
      if (st.step >= st.options.maxEvents) {
        decidePending(ctx, pending);
        ctx.out.clear();
        st.capped = true;
        checkOscillation(st);
        if (!st.oscillating) {
          const busy = new Set(st.queue.slice(cur.head).flatMap((m) => m.prefixes));
          st.oscillating = {
            prefixes: [...busy].map((p) => st.prefixes.names[p] ?? '?').sort(),
            devices: [],
          };
        }
        st.queue.length = 0;
        return;
      }
      const m = dequeue(st, cur);
      if (!m) break;
      st.step++;
      delivered++;
      deliver(ctx, m, pending);
    }
    if (delivered === 0) return;
    decidePending(ctx, pending);
    enqueue(st, flush(ctx), cur);
    if (st.oscillationSuspect && checkOscillation(st)) {
      st.queue.length = 0;
      return;
    }
  }
}

function sameRoute(a: FibRoute, b: FibRoute): boolean {
  if (
    a.prefix.addr !== b.prefix.addr ||
    a.prefix.len !== b.prefix.len ||
    a.distance !== b.distance ||
    a.blackhole !== b.blackhole ||
    a.hops.length !== b.hops.length
  )
    return false;
  for (let i = 0; i < a.hops.length; i++) {
    const x = a.hops[i];
    const y = b.hops[i];
    if (x?.via !== y?.via || x?.iface !== y?.iface) return false;
  }
  return true;
}

/** Whether a device's FIB is the same as last round's (then its next hops resolve as before). */
function sameFib(a: Fib | undefined, b: Fib | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.routes.length !== b.routes.length) return false;
  for (let i = 0; i < a.routes.length; i++)
    if (!sameRoute(a.routes[i] as FibRoute, b.routes[i] as FibRoute)) return false;
  return true;
}

/**
 * Whether next hop `nh` resolves alike in both FIBs for every prefix: found in neither, or found
 * in both through a connected or static route (a BGP route may be the prefix's own, which
 * next-hop resolution looks past, so those count as different).
 */
function sameResolution(a: Fib, b: Fib, nh: string): boolean {
  if (nh === '0.0.0.0' || nh.startsWith('%')) return true;
  const addr = ipv4Key(nh);
  if (addr === undefined) return true;
  for (const skipDefault of [true, false]) {
    const x = lookup(a, addr, { skipDefault });
    const y = lookup(b, addr, { skipDefault });
    if (!x && !y) continue;
    if (!x || !y || x.distance > 1 || y.distance > 1) return false;
  }
  return true;
}

/**
 * Re-decides the destinations whose next hops may have become (un)resolvable. In the first round
 * of a run that is every destination. Later rounds have the previous round's FIBs (`prevFibs`),
 * and the topology is fixed within a run: a destination decided in this run decides the same
 * again unless one of its next hops resolves differently now or its last decision changed the
 * selected path while it holds a path learned before the run (`unsettledOf`), so only those are
 * re-decided.
 */
function revalidate(ctx: Ctx, prevFibs?: Fib[]): boolean {
  let changed = false;
  for (const sp of ctx.st.speakers) {
    const dev = sp.info.device;
    const prev = prevFibs?.[dev];
    const now = ctx.fibs[dev];
    const u = unsettledOf(sp);
    if (prevFibs && sameFib(prev, now)) {
      for (const pid of [...u]) if (resettle(ctx, sp, pid)) changed = true;
      continue;
    }
    const stable = prevFibs && prev && now ? new Map<string, boolean>() : undefined;
    const none = sp.info.defaults.nextHopCheck === 'none';
    for (const pid of [...sp.locRib.keys()]) {
      if (stable && prev && now && !u.has(pid)) {
        let same = true;
        for (const p of sp.locRib.get(pid)?.paths ?? []) {
          if (p.local || none) continue;
          const nh = attrsOf(ctx.st.attrs, p.attr).nextHop;
          let v = stable.get(nh);
          if (v === undefined) {
            v = sameResolution(prev, now, nh);
            stable.set(nh, v);
          }
          if (!v) {
            same = false;
            break;
          }
        }
        if (same) continue;
      }
      if (resettle(ctx, sp, pid)) changed = true;
    }
  }
  return changed;
}

/** Settles one destination again; true when its selected path changed. */
function resettle(ctx: Ctx, sp: SpeakerState, pid: number): boolean {
  const before = sp.locRib.get(pid)?.selAttr;
  const beforeSrc = sp.locRib.get(pid)?.selSrc;
  settle(ctx, sp, pid);
  const d = sp.locRib.get(pid);
  return d?.selAttr !== before || d?.selSrc !== beforeSrc;
}

/** Runs rounds until nothing changes (or the event cap / oscillation stops it). */
export function converge(st: EngineState, topo: Topology = buildTopology(st.lab)): void {
  const infos = st.speakers.map((s) => s.info);
  st.epoch = st.step + 1;
  for (const sp of st.speakers) unsettledOf(sp).clear();
  forgetRouteMapShapes();
  let prevFibs: Fib[] | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const ctx: Ctx = { st, topo, fibs: computeFibs(st, topo), out: new Map(), nh: new Map() };
    let changed = false;
    for (const sp of st.speakers) if (reoriginate(ctx, sp)) changed = true;
    const plan = planSessions(topo, infos, ctx.fibs);
    st.rows = plan.rows;
    if (reconcileSessions(ctx, plan)) changed = true;
    if (revalidate(ctx, prevFibs)) changed = true;
    prevFibs = ctx.fibs;
    const cur: QueueCursor = { head: 0, open: new Map() };
    enqueue(st, flush(ctx), cur);
    if (st.queue.length > 0) changed = true;
    drain(ctx, cur);
    if (!changed || st.capped || st.oscillating) break;
  }
  // Best-path change counts only serve oscillation detection within this run; on big fabrics
  // they would hold one Map entry per Loc-RIB entry.
  for (const sp of st.speakers) sp.changes.clear();
}

export function logConfig(
  st: EngineState,
  detail: string,
  kind: LogEntry['kind'] = 'config',
): void {
  log(st, { kind, prefixes: [], detail });
}
