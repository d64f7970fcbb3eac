/**
 * The convergence loop: originate local routes, bring sessions up or down for the current FIBs,
 * re-check next hops, then deliver queued UPDATEs until the queue is empty. Because sessions and
 * next hops resolve through kernel FIBs that hold BGP routes, the loop repeats in rounds until a
 * round changes nothing (the real lab converges the same way: a loopback peering comes up once
 * the route to the loopback is installed).
 */
import { bgpSpeakers, hostOf, familyOf, routerIdOf } from '../model';
import type { Lab } from '../model';
import { ipv4Key } from './addrkey';
import { attrsOf, intern, newAttrTable, newInterner } from './attrs';
import { adjInOf, adjOutOf, newGen, ownPeer, ownSpeaker } from './cow';
import { attrAt, pathCount, srcAt } from './dest';
import type { BuiltFibs } from './fibs';
import { indexAttempts } from './attempts';
import {
  computeFibs,
  coversNextHop,
  indexNextHops,
  isPatched,
  sameDeviceTopology,
  sameFib,
} from './fibs';
import { speakerDefaults } from './neighbors';
import { localRoutes } from './origination';
import { LocRib } from './locrib';
import { PrefixTable } from './prefixtable';
import { dequeue, enqueue } from './queue';
import type { QueueCursor } from './queue';
import type { Ctx } from './rib';
import {
  OSCILLATION_CHANGES,
  beginDecisions,
  clearOutbox,
  endDecisions,
  newOutbox,
  exportPrefix,
  flush,
  importByAttributes,
  importRoute,
  prefixId,
  removePath,
  unsettledOf,
  setLocal,
  reselectOlder,
  settle,
  upsertPath,
} from './rib';
import type { AttemptCache, PlannedSession, SessionPlan, SpeakerInfo } from './sessions';
import { planSessions, speakerNeighbors } from './sessions';
import { clearExportCache, newExportCache } from './state';
import type { EngineState, Message, Peer, SpeakerState } from './state';
import type { Fib, Topology } from './topology';
import { buildTopology, isUp, lookup } from './topology';
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
  const gen = newGen();
  const nextHopOwners: Record<string, string> = {};
  for (const d of lab.devices)
    for (const i of d.interfaces)
      for (const a of i.addresses) if (familyOf(a) === 4) nextHopOwners[hostOf(a)] = d.name;
  return {
    gen,
    lab,
    options: {
      order: options.order ?? 'fifo',
      seed: options.seed ?? 1,
      maxEvents: options.maxEvents ?? 1_000_000,
      keepLog: options.keepLog ?? true,
    },
    speakers: speakerInfos(lab, topo).map((info): SpeakerState => ({
      gen,
      info,
      peers: [],
      locRib: new LocRib(),
      clusterId: info.bgp.clusterId ?? info.routerId,
      local: new Map(),
      changes: new PrefixTable(),
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
 * Defines a log entry field from prefix ids, turned into text only when read: a big fabric's
 * log names every prefix of every UPDATE, most of which nobody reads. The field is an own
 * enumerable property (structuredClone, JSON and spreads read it like a plain one). `ids` must
 * not change afterwards (a delivered UPDATE's prefixes, a batch's changed destinations).
 */
function lazyNames<K extends 'prefixes' | 'detail'>(
  entry: LogEntry,
  key: K,
  ids: ArrayLike<number>,
  names: readonly string[],
  text: (names: string[]) => LogEntry[K],
): void {
  Object.defineProperty(entry, key, {
    enumerable: true,
    configurable: true,
    get(): LogEntry[K] {
      const value = text(Array.from(ids, (p) => names[p] ?? '?'));
      Object.defineProperty(entry, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return value;
    },
    set(value: LogEntry[K]): void {
      Object.defineProperty(entry, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    },
  });
}

function log(st: EngineState, e: Omit<LogEntry, 'step'>): void {
  if (st.options.keepLog) st.log.push({ step: st.step, ...e });
}

function reoriginate(ctx: Ctx, i: number): boolean {
  let sp = ctx.st.speakers[i] as SpeakerState;
  const routes = localRoutes(ctx.topo, sp.info);
  const want = new Map(routes.map((r) => [prefixId(ctx, r.prefix), r]));
  let changed = false;
  for (const [pid, cur] of [...sp.local]) {
    if (cur.kind === 'aggregate' || want.has(pid)) continue;
    sp = ownSpeaker(ctx.st, i);
    setLocal(ctx, sp, pid, undefined);
    changed = true;
  }
  for (const [pid, r] of want) {
    const cur = sp.local.get(pid);
    const attr = intern(ctx.st.attrs, r.attrs);
    if (cur && cur.attr === attr && cur.kind === r.kind && cur.invalid === r.invalid) continue;
    sp = ownSpeaker(ctx.st, i);
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
      gen: st.gen,
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
      remoteRouterIdKey: ipv4Key(o.info.routerId) ?? o.info.routerId,
      remoteAddressKey: ipv4Key(side.remoteAddress) ?? side.remoteAddress,
      rrClient: side.config.routeReflectorClient === true,
      up: true,
      adjIn: new PrefixTable(st.prefixes),
      adjOut: new PrefixTable(st.prefixes),
      adjInGen: st.gen,
      adjOutGen: st.gen,
      exportCache: newExportCache(),
      importCache: new Map(),
    };
  };
  const pa = mk(ia, ia + 1, s.a, s.b);
  const pb = mk(ia + 1, ia, s.b, s.a);
  st.peers.push(pa, pb);
  ownSpeaker(st, pa.speaker).peers.push(pa.id);
  ownSpeaker(st, pb.speaker).peers.push(pb.id);
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

function dropPeer(ctx: Ctx, shared: Peer): void {
  const sp = ownSpeaker(ctx.st, shared.speaker);
  sp.peers = sp.peers.filter((x) => x !== shared.id);
  const learned: number[] = [];
  shared.adjIn.forEach((code, pid) => {
    if (code >= 0) learned.push(pid);
  });
  const p = ownPeer(ctx.st, shared.id, true);
  p.up = false;
  adjInOf(ctx.st, p).clear();
  adjOutOf(ctx.st, p).clear();
  // One batch of decisions: a decision reads only its own destination's paths, so removing the
  // peer's path from the next destination cannot change one already made.
  inBatch(sp, () => {
    for (const pid of learned) if (removePath(sp, pid, p.id)) settle(ctx, sp, pid);
  });
}

/**
 * Runs `f`, which settles destinations of `sp` while nothing a decision reads (peers, FIBs, the
 * speaker's rule) changes, as one batch whose decisions may reuse each other (rib.ts).
 */
function inBatch(sp: SpeakerState, f: () => void): void {
  beginDecisions(sp);
  try {
    f();
  } finally {
    endDecisions();
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
  /** In order of arrival, with repeats (a spine hears a prefix from every leaf). */
  pids: number[];
  /** The log entry of the last UPDATE delivered to this speaker in the batch. */
  entry?: LogEntry;
}

function deliver(ctx: Ctx, m: Message, pending: Map<number, PendingDecisions>): void {
  const { st } = ctx;
  let r = st.peers[m.to];
  if (!r || !r.up) return;
  const speaker = r.speaker;
  let sp = st.speakers[speaker] as SpeakerState;
  let owned = false;
  // The receiving peer and speaker are copied into this state on their first change (cow.ts).
  const own = (): void => {
    if (owned) return;
    owned = true;
    r = ownPeer(st, m.to);
    sp = ownSpeaker(st, speaker);
  };
  let pend = pending.get(r.speaker);
  if (!pend) {
    pend = { pids: [] };
    pending.set(r.speaker, pend);
  }
  const touched = pend.pids;
  const byAttr = importByAttributes(ctx, r);
  let lastWire = -1;
  let lastCode = 0;
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
      own();
      adjInOf(st, r).delete(pid);
      if (old >= 0) {
        touched.push(pid);
        removePath(sp, pid, r.id);
      }
      continue;
    }
    // Prefixes sharing an attribute set tend to travel together (a node's pod CIDR and its
    // LoadBalancer /32s): the same import result as the previous entry, without a lookup.
    const code = byAttr && wire === lastWire ? lastCode : importRoute(ctx, r, pid, wire);
    lastWire = wire;
    lastCode = code;
    if (code < 0) {
      if (rejected) {
        const why = st.rejectReasons.names[-code - 1] ?? '?';
        rejected.set(why, (rejected.get(why) ?? 0) + 1);
      }
    } else accepted++;
    if (code === old) continue;
    own();
    adjInOf(st, r).set(pid, code);
    if (code >= 0) {
      touched.push(pid);
      upsertPath(sp, pid, r.id, code, st.step);
    } else if (old !== undefined && old >= 0) {
      touched.push(pid);
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
      prefixes: [],
      detail: parts.join('; '),
    };
    lazyNames(entry, 'prefixes', m.prefixes, st.prefixes.names, (names) => names);
    st.log.push(entry);
    pend.entry = entry;
  }
}

/**
 * Runs the decision process once for every destination touched in the batch. The best paths that
 * changed are named on the last UPDATE the speaker received in the batch.
 */
/** Destinations decided in the current (speaker, batch): `seen[pid] === decideStamp`. */
let seen = new Int32Array(1024);
let decideStamp = 0;

function decidePending(ctx: Ctx, pending: Map<number, PendingDecisions>): void {
  const { st } = ctx;
  for (const [speaker, pend] of pending) {
    if (pend.pids.length === 0) continue;
    const sp = ownSpeaker(st, speaker);
    const stamp = ++decideStamp;
    if (seen.length < st.prefixes.names.length) seen = new Int32Array(st.prefixes.names.length * 2);
    // Once per destination, in the order first touched, with the selection it had then (nothing
    // changes a selection between the UPDATE and this; a destination new in the batch, never
    // decided, had none).
    const pids: number[] = [];
    const before: (number | undefined)[] = [];
    for (const pid of pend.pids) {
      if (seen[pid] === stamp) continue;
      seen[pid] = stamp;
      pids.push(pid);
      const d = sp.locRib.get(pid);
      before.push(d && d.rule !== undefined ? d.selAttr : undefined);
    }
    inBatch(sp, () => {
      for (const pid of pids) settle(ctx, sp, pid);
    });
    if (!pend.entry) continue;
    const changedBest = pids.filter((pid, i) => before[i] !== sp.locRib.get(pid)?.selAttr);
    if (changedBest.length) {
      const head = `${pend.entry.detail}; best path changed for `;
      lazyNames(pend.entry, 'detail', changedBest, st.prefixes.names, (n) => head + n.join(', '));
    }
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
        clearOutbox(ctx.out);
        st.capped = true;
        checkOscillation(st);
        if (!st.oscillating) {
          const busy = new Set(st.queue.slice(cur.head).flatMap((m) => Array.from(m.prefixes)));
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
 * Re-decides the destinations whose next hops may have become (un)resolvable. `prev` holds the
 * FIBs the current decisions were made with: the previous round's, or in the first round of an
 * `apply` the converged state's (undefined in the first round of `simulate`: every destination is
 * decided). A destination decides the same again unless one of its next hops resolves differently
 * now, its device's own topology changed (interface states: link-local next hops), or, within a
 * run, its last decision changed the selected path while it holds a path learned before the run
 * (`unsettledOf`); only those are re-decided, as FRR re-runs selection only for destinations that
 * receive an UPDATE or whose next hop tracking reports a change.
 */
function revalidate(ctx: Ctx, prevBuilt?: { fibs: Fib[]; topo: Topology }): boolean {
  let changed = false;
  const prevFibs = prevBuilt?.fibs;
  let stable: Int8Array | undefined;
  for (let i = 0; i < ctx.st.speakers.length; i++) {
    const sp = ctx.st.speakers[i] as SpeakerState;
    const dev = sp.info.device;
    const sameTopo = !prevBuilt || sameDeviceTopology(prevBuilt.topo, ctx.topo, dev);
    const prev = prevFibs?.[dev];
    const now = ctx.fibs[dev];
    const u = unsettledOf(sp);
    const ch = ctx.fibChanges?.[dev];
    if (
      prevFibs &&
      sameTopo &&
      (prev === now || (ch !== undefined ? !coversNextHop(ctx.st.attrs, ch) : sameFib(prev, now)))
    ) {
      if (u.size === 0) continue;
      // A FIB rebuilt with changes used to take the walk below, which goes through unsettled
      // destinations in Loc-RIB order; elsewhere they go in the order they were settled.
      const walked =
        u.size > 1 && prev !== now && ch !== undefined && ch.length > 0 && !isPatched(now as Fib);
      const order = walked ? [...sp.locRib.keys()].filter((p) => u.has(p)) : [...u];
      inBatch(ownSpeaker(ctx.st, i), () => {
        for (const pid of order) if (resettle(ctx, i, pid, true)) changed = true;
      });
      continue;
    }
    const none = sp.info.defaults.nextHopCheck === 'none';
    const redo: number[] = [];
    /** Unsettled destinations whose next hops all resolve as before. */
    const reselect = new Set<number>();
    if (!prevBuilt || !prev || !now) redo.push(...sp.locRib.keys());
    else {
      // Per attribute set: 1 its next hop resolves as before, 2 differently (other: not known).
      if (!stable || stable.length < ctx.st.attrs.list.length)
        stable = new Int8Array(ctx.st.attrs.list.length * 2);
      else stable.fill(0);
      const byHop = new Map<string, boolean>();
      for (const [pid, dest] of sp.locRib) {
        let moved = false;
        for (let k = 0; k < pathCount(dest); k++) {
          if (srcAt(dest, k) < 0) continue;
          const attr = attrAt(dest, k);
          let v = stable[attr] as number;
          if (v === 0) {
            const nh = attrsOf(ctx.st.attrs, attr).nextHop;
            let same = byHop.get(nh);
            if (same === undefined) {
              // A link-local next hop is valid while its interface is up (nextHopInvalid), even
              // without next-hop checks; others resolve through the FIB.
              if (nh.startsWith('%'))
                same =
                  sameTopo ||
                  isUp(prevBuilt.topo, dev, nh.slice(1)) === isUp(ctx.topo, dev, nh.slice(1));
              else same = none || sameResolution(prev, now, nh);
              byHop.set(nh, same);
            }
            v = same ? 1 : 2;
            stable[attr] = v;
          }
          if (v === 2) {
            moved = true;
            break;
          }
        }
        if (moved) redo.push(pid);
        else if (u.has(pid)) {
          redo.push(pid);
          reselect.add(pid);
        }
      }
    }
    if (redo.length === 0) continue;
    inBatch(ownSpeaker(ctx.st, i), () => {
      for (const pid of redo) if (resettle(ctx, i, pid, reselect.has(pid))) changed = true;
    });
  }
  return changed;
}

/**
 * Settles one destination again; true when its selected path changed. `sameNextHops`: its paths'
 * next hops resolve as at its last decision (reselectOlder may then stand in for the decision).
 */
function resettle(ctx: Ctx, i: number, pid: number, sameNextHops = false): boolean {
  const sp = ownSpeaker(ctx.st, i);
  const before = sp.locRib.get(pid)?.selAttr;
  const beforeSrc = sp.locRib.get(pid)?.selSrc;
  if (sameNextHops && reselectOlder(ctx, sp, pid) !== undefined) return false;
  settle(ctx, sp, pid);
  const d = sp.locRib.get(pid);
  return d?.selAttr !== before || d?.selSrc !== beforeSrc;
}

/**
 * The addresses of the devices whose own topology differs between two topologies, or undefined
 * when a bridge changed (L2 segments may then join or split between unchanged devices).
 */
function changedAddresses(a: Topology, b: Topology): Set<number> | undefined {
  const out = new Set<number>();
  for (let d = 0; d < b.devices.length; d++) {
    if (sameDeviceTopology(a, b, d)) continue;
    const dev = b.devices[d];
    if (!dev || dev.kind === 'bridge') return undefined;
    for (const i of dev.interfaces)
      for (const x of i.addresses) {
        const k = familyOf(x) === 4 ? ipv4Key(hostOf(x)) : undefined;
        if (k !== undefined) out.add(k);
      }
  }
  return out;
}

/** The FIBs each converged state was last built with, for the next `apply` from it. */
const builtFibs = new WeakMap<EngineState, BuiltFibs>();
const topologies = new WeakMap<EngineState, Topology>();

/** The topology a state converged on (built again when unknown). */
export function topologyOf(st: EngineState): Topology {
  let t = topologies.get(st);
  if (!t) {
    t = buildTopology(st.lab);
    topologies.set(st, t);
  }
  return t;
}

/**
 * Runs rounds until nothing changes (or the event cap / oscillation stops it). `from`: the FIBs
 * of the converged state an `apply` derived this one from, and the speakers whose configuration
 * it replaced; the first round then rebuilds and re-decides only what the change touches.
 */
export function converge(
  st: EngineState,
  topo: Topology = buildTopology(st.lab),
  from?: { built: BuiltFibs; edited: ReadonlySet<number> },
): void {
  topologies.set(st, topo);
  const infos = st.speakers.map((s) => s.info);
  st.epoch = st.step + 1;
  for (const sp of st.speakers) unsettledOf(sp).clear();
  const shapes: number[] = [];
  let built: BuiltFibs | undefined = from?.built;
  let dirty = new Map<number, Set<number>>();
  const owned = from && changedAddresses(from.built.topo, topo);
  let reconciled: SessionPlan | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { fibs, bgp, changed: fibChanges } = computeFibs(st, topo, built);
    const out = newOutbox();
    const ctx: Ctx = { st, topo, fibs, fibChanges, out, nh: new Map(), dirty, shapes };
    let changed = false;
    // Local routes depend only on the speaker's configuration and its device's own topology,
    // both fixed within a run: the first round originates them, and in an `apply` only where
    // one of those changed.
    // (A speaker with aggregates keeps doing it every round: an aggregate may have replaced a
    // local route of the same prefix.)
    for (let i = 0; i < st.speakers.length; i++) {
      const sp = st.speakers[i] as SpeakerState;
      if (round > 0 && sp.info.bgp.aggregates.length === 0) continue;
      const same =
        from && !from.edited.has(i) && sameDeviceTopology(from.built.topo, topo, sp.info.device);
      if (round === 0 && same && sp.info.bgp.aggregates.length === 0) continue;
      if (reoriginate(ctx, i)) changed = true;
    }
    const attempts: AttemptCache = { attempts: new Map() };
    const reuse = built?.attempts
      ? round === 0
        ? owned && { cache: built.attempts, changed: fibChanges, owned }
        : { cache: built.attempts, changed: fibChanges }
      : undefined;
    const plan = planSessions(topo, infos, ctx.fibs, reuse || undefined, attempts);
    st.rows = plan.rows;
    // Sessions change only here: the plan the previous round of this run reconciled, handed back
    // unchanged, has nothing left to bring up or down.
    if (plan !== reconciled && reconcileSessions(ctx, plan)) changed = true;
    reconciled = plan;
    if (revalidate(ctx, built)) changed = true;
    const cur: QueueCursor = { head: 0, open: new Map() };
    enqueue(st, flush(ctx), cur);
    if (st.queue.length > 0) changed = true;
    drain(ctx, cur);
    built = { fibs, topo, dirty, bgp, attempts };
    dirty = new Map();
    if (!changed || st.capped || st.oscillating) break;
  }
  if (built) {
    builtFibs.set(st, built);
    // A fresh run's indexes are made now rather than by the first `apply` from it: a user
    // applying a failure waits for that one, and they are as big as the fabric. (Later runs
    // keep them up to date as they go.)
    if (!from) {
      if (built.attempts) indexAttempts(built.attempts);
      indexNextHops(st.attrs);
    }
  }
  // The import/export caches speed up a run; kept afterwards they would hold an entry per
  // received route on a big fabric (most attribute sets are per prefix). Derived states start
  // their written peers with empty caches anyway (ownPeer).
  for (const p of st.peers) {
    clearExportCache(p.exportCache);
    if (p.importCache.size > 0) p.importCache.clear();
  }
  // Best-path change counts only serve oscillation detection within this run; on big fabrics
  // they would hold one Map entry per Loc-RIB entry.
  for (const sp of st.speakers) if (sp.changes.size > 0) sp.changes.clear();
}

/** What `converge` needs to continue from a converged state (undefined: start afresh). */
export function builtFibsOf(st: EngineState): BuiltFibs | undefined {
  return builtFibs.get(st);
}

export function logConfig(
  st: EngineState,
  detail: string,
  kind: LogEntry['kind'] = 'config',
): void {
  log(st, { kind, prefixes: [], detail });
}
