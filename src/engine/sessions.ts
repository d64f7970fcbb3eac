/**
 * Which BGP sessions come up, and why the others do not. A session is a TCP connection one side
 * opens (it is not passive and has the peer configured) and the other side accepts (it listens
 * and has a neighbour — or a listen range — matching the connection's source address), with AS
 * numbers agreeing both ways. Reachability is a hop-by-hop walk over the kernel FIBs, which may
 * include BGP routes learned over other sessions (the caller re-evaluates after convergence).
 */
import { familyOf, intToIpv4, ipv4ToInt, isIpv4 } from '../model';
import type { BgpConfig, Daemon } from '../model';
import type { AttemptCache, CachedAttempt, PlanReuse } from './attempts';
import { passIndex, sameAttempt, sameDeps, sameTarget, suspectsOf } from './attempts';
import type { NeighborConfig, SpeakerDefaults } from './neighbors';
import { dynamicNeighbor, effectiveNeighbors, remoteAsMatches } from './neighbors';
import type { Fib, Topology } from './topology';
import { hopsTo, isConnected, isUp, linkPartner, owns, sourceAddress } from './topology';
import type { BgpSessionState, SessionType } from './types';

export type { AttemptCache, PlanReuse } from './attempts';

export interface SpeakerInfo {
  device: number;
  name: string;
  daemon: Daemon;
  bgp: BgpConfig;
  asn: number;
  routerId: string;
  defaults: SpeakerDefaults;
  neighbors: NeighborConfig[];
}

export interface SessionSide {
  speaker: number;
  config: NeighborConfig;
  localAddress: string;
  remoteAddress: string;
  /** Local interface of an unnumbered session. */
  iface?: string;
}

export interface PlannedSession {
  /** Stable identity: both sides' speaker and configured peer. */
  key: string;
  type: SessionType;
  a: SessionSide;
  b: SessionSide;
}

export interface SessionRow {
  speaker: number;
  config: NeighborConfig;
  state: BgpSessionState;
  reason?: string;
  peerSpeaker?: number;
  peerDevice?: number;
  /** Index into `SessionPlan.sessions` when Established. */
  session?: number;
  side?: 'a' | 'b';
}

export interface SessionPlan {
  sessions: PlannedSession[];
  rows: SessionRow[];
}

export type Attempt =
  | { ok: true; session: PlannedSession }
  | {
      ok: false;
      reason: string;
      idle?: boolean;
      /** The far side cannot take our connection: its own attempt may explain better. */
      weak?: boolean;
      target?: { speaker: number; config: NeighborConfig };
    };

const sideKey = (s: number, c: NeighborConfig): string => `${s}/${c.peer}`;

/**
 * The side keys of a speaker's configured neighbours while it is speaker `x`: built once, not
 * per plan (a plan looks each up several times; the same string objects hash once).
 */
const configuredKeys = new WeakMap<SpeakerInfo, { x: number; keys: Map<NeighborConfig, string> }>();

function keysOf(X: SpeakerInfo, x: number): Map<NeighborConfig, string> {
  let e = configuredKeys.get(X);
  if (!e || e.x !== x) {
    e = { x, keys: new Map(X.neighbors.map((n) => [n, sideKey(x, n)])) };
    configuredKeys.set(X, e);
  }
  return e.keys;
}

function keyOf(speakers: readonly SpeakerInfo[], s: number, c: NeighborConfig): string {
  const X = speakers[s];
  return (X && keysOf(X, s).get(c)) ?? sideKey(s, c);
}

function asCheck(
  speakers: readonly SpeakerInfo[],
  x: number,
  nx: NeighborConfig,
  t: number,
  nt: NeighborConfig,
): string | undefined {
  const X = speakers[x] as SpeakerInfo;
  const T = speakers[t] as SpeakerInfo;
  if (nx.remoteAs === undefined) return 'no remote-as configured';
  if (!remoteAsMatches(nx.remoteAs, X.asn, T.asn))
    return `AS mismatch: remote-as ${String(nx.remoteAs)} configured, ${T.name} is AS ${T.asn}`;
  if (nt.remoteAs === undefined) return `${T.name} has no remote-as for us`;
  if (!remoteAsMatches(nt.remoteAs, T.asn, X.asn))
    return `AS mismatch: ${T.name} expects remote-as ${String(nt.remoteAs)}, we are AS ${X.asn}`;
  return undefined;
}

function attemptUnnumbered(
  topo: Topology,
  speakers: readonly SpeakerInfo[],
  bySpeakerDevice: Map<number, number>,
  x: number,
  nx: NeighborConfig,
): Attempt {
  const X = speakers[x] as SpeakerInfo;
  const iface = nx.peer;
  if (!topo.devices[X.device]?.interfaces.some((i) => i.name === iface))
    return { ok: false, reason: `no interface ${iface}`, idle: true };
  const partner = linkPartner(topo, X.device, iface);
  if (!partner) return { ok: false, reason: `interface ${iface} has no link`, idle: true };
  const pdev = topo.devices[partner.device];
  if (!isUp(topo, X.device, iface))
    return { ok: false, reason: pdev?.down ? `${pdev.name} is down` : `link on ${iface} is down` };
  const t = bySpeakerDevice.get(partner.device);
  if (t === undefined) return { ok: false, reason: `${pdev?.name ?? '?'} does not run BGP` };
  const T = speakers[t] as SpeakerInfo;
  const nt = T.neighbors.find((n) => n.interface && n.peer === partner.iface);
  if (!nt)
    return {
      ok: false,
      reason: `${T.name} has no 'neighbor ${partner.iface} interface' for this link`,
    };
  if (nt.shutdown)
    return {
      ok: false,
      reason: `${T.name} has the session shut down`,
      target: { speaker: t, config: nt },
    };
  const bad = asCheck(speakers, x, nx, t, nt);
  if (bad) return { ok: false, reason: bad, target: { speaker: t, config: nt } };
  return {
    ok: true,
    session: {
      key: [sideKey(x, nx), sideKey(t, nt)].sort().join('='),
      type: X.asn === T.asn ? 'ibgp' : 'ebgp',
      a: {
        speaker: x,
        config: nx,
        localAddress: `fe80::%${iface}`,
        remoteAddress: `fe80::%${partner.iface}`,
        iface,
      },
      b: {
        speaker: t,
        config: nt,
        localAddress: `fe80::%${partner.iface}`,
        remoteAddress: `fe80::%${iface}`,
        iface: partner.iface,
      },
    },
  };
}

function updateSourceAddress(topo: Topology, X: SpeakerInfo, src: string): number | string {
  if (isIpv4(src)) {
    const a = ipv4ToInt(src);
    return owns(topo, X.device, a) ? a : `update-source ${src} is not an address of ${X.name}`;
  }
  const c = topo.connected[X.device]?.find((r) => r.iface === src);
  return c ? c.addr : `update-source ${src} has no IPv4 address (or is down)`;
}

/**
 * Per topology lineage (keyed by its device index: built once by `buildTopology`, shared by the
 * topologies derived from it): each interface address (host part) → the first device configured
 * with it, up or not.
 */
const configuredOwners = new WeakMap<ReadonlyMap<string, number>, Map<string, string>>();

function configuredOwner(topo: Topology, host: string): string | undefined {
  let m = configuredOwners.get(topo.deviceIds);
  if (!m) {
    m = new Map();
    for (const d of topo.devices)
      for (const i of d.interfaces)
        for (const a of i.addresses) {
          const h = a.split('/')[0] as string;
          if (!m.has(h)) m.set(h, d.name);
        }
    configuredOwners.set(topo.deviceIds, m);
  }
  return m.get(host);
}

function attemptNumbered(
  topo: Topology,
  fibs: readonly Fib[],
  speakers: readonly SpeakerInfo[],
  bySpeakerDevice: Map<number, number>,
  x: number,
  nx: NeighborConfig,
  deps: number[],
): Attempt {
  const X = speakers[x] as SpeakerInfo;
  if (familyOf(nx.peer) !== 4)
    return { ok: false, reason: 'IPv6 peers are not modelled', idle: true };
  const p = ipv4ToInt(nx.peer);
  deps.push(X.device, p);
  if (owns(topo, X.device, p)) return { ok: false, reason: 'peer address is our own', idle: true };
  const owner = (topo.owners.get(p) ?? []).find((o) => o.device !== X.device);
  if (!owner) {
    const configured = configuredOwner(topo, nx.peer);
    return {
      ok: false,
      reason: configured
        ? `${configured} is down or its interface with ${nx.peer} is down`
        : `no device has address ${nx.peer}`,
    };
  }
  deps.push(owner.device, p);
  const T = bySpeakerDevice.get(owner.device);
  const tdev = topo.devices[owner.device];
  if (T === undefined) return { ok: false, reason: `${tdev?.name ?? '?'} does not run BGP` };
  const TS = speakers[T] as SpeakerInfo;
  let src: number | undefined;
  if (nx.updateSource !== undefined) {
    const s = updateSourceAddress(topo, X, nx.updateSource);
    if (typeof s === 'string') return { ok: false, reason: s, idle: true };
    src = s;
  } else {
    const fib = fibs[X.device];
    src = fib ? sourceAddress(topo, fib, X.device, p) : undefined;
  }
  if (src === undefined) return { ok: false, reason: `no route to ${nx.peer}` };
  deps.push(-1, src);
  const fwd = hopsTo(topo, fibs, X.device, p, deps);
  if (typeof fwd === 'string')
    return { ok: false, reason: `peer address ${nx.peer} unreachable: ${fwd}` };
  const back = hopsTo(topo, fibs, owner.device, src, deps);
  if (typeof back === 'string')
    return { ok: false, reason: `${TS.name} cannot reach our source ${intToIpv4(src)}: ${back}` };
  const ebgp = X.asn !== TS.asn;
  // Single-hop eBGP: FRR (and BIRD) refuse to connect to a peer off every connected subnet
  // unless disable-connected-check; every daemon sends with TTL 1, so the peer must be one hop
  // away. GoBGP has only the TTL (seen on real GoBGP 3.10 + FRR 8.4, cilium-bird-nodes example).
  if (ebgp && !nx.ebgpMultihop) {
    if (X.daemon !== 'gobgp' && !nx.disableConnectedCheck && !isConnected(topo, X.device, p))
      return {
        ok: false,
        reason: `eBGP peer ${nx.peer} is not directly connected (needs ebgp-multihop or disable-connected-check)`,
      };
    if (fwd > 1 && X.defaults.ebgpTtlOne)
      return {
        ok: false,
        reason: `eBGP peer ${nx.peer} is ${fwd} hops away, single-hop eBGP sends with TTL 1 (needs ebgp-multihop)`,
      };
  }
  if (!TS.defaults.listens)
    return {
      ok: false,
      weak: true,
      reason: `${TS.name} does not accept connections (its ${TS.daemon} does not listen)`,
    };
  const srcText = intToIpv4(src);
  const nt =
    TS.neighbors.find((n) => !n.interface && n.peer === srcText) ??
    dynamicNeighbor(TS.bgp, srcText);
  if (!nt)
    return {
      ok: false,
      reason: `${TS.name} has no neighbor ${srcText} (our source address) and no listen range covering it`,
    };
  if (nt.shutdown)
    return {
      ok: false,
      reason: `${TS.name} has the session shut down`,
      target: { speaker: T, config: nt },
    };
  const bad = asCheck(speakers, x, nx, T, nt);
  if (bad) return { ok: false, reason: bad, target: { speaker: T, config: nt } };
  // The accepting side's own packets: FRR 8.4 sends to a configured single-hop eBGP neighbour
  // with TTL 1 even on a connection it accepted (real netns lab, 2026-11-23: GoBGP with
  // multihop two hops away, FRR `neighbor … remote-as` without ebgp-multihop: OPEN never
  // arrived, "Hold Timer Expired"). A `bgp listen range` peer came up in the same lab.
  if (ebgp && !nt.dynamic && !nt.ebgpMultihop && TS.defaults.ebgpTtlOne && back > 1)
    return {
      ok: false,
      reason: `${TS.name} sends to ${srcText} with TTL 1 (single-hop eBGP), but it is ${back} hops away: ${TS.name} needs ebgp-multihop`,
      target: { speaker: T, config: nt },
    };
  return {
    ok: true,
    session: {
      key: [sideKey(x, nx), sideKey(T, nt)].sort().join('='),
      type: ebgp ? 'ebgp' : 'ibgp',
      a: { speaker: x, config: nx, localAddress: srcText, remoteAddress: nx.peer },
      b: { speaker: T, config: nt, localAddress: nx.peer, remoteAddress: srcText },
    },
  };
}

export function speakerNeighbors(bgp: BgpConfig): NeighborConfig[] {
  return effectiveNeighbors(bgp);
}

/**
 * Whether the plan `made` on another topology can hold on `topo` as far as the topology alone
 * goes: the same devices are down, and no session is unnumbered (those attempts read interface
 * states and are not cached). What numbered attempts read is checked through their deps.
 */
function sameSpeakerTopology(
  made: Topology,
  topo: Topology,
  speakers: readonly SpeakerInfo[],
): boolean {
  for (const X of speakers) {
    if ((made.devices[X.device]?.down === true) !== (topo.devices[X.device]?.down === true))
      return false;
    for (const n of X.neighbors) if (n.interface) return false;
  }
  return true;
}

/** A numbered attempt with what it read, for the cache. */
function attemptOf(
  topo: Topology,
  fibs: readonly Fib[],
  speakers: readonly SpeakerInfo[],
  bySpeakerDevice: Map<number, number>,
  x: number,
  nx: NeighborConfig,
): CachedAttempt {
  const deps: number[] = [];
  const at = attemptNumbered(topo, fibs, speakers, bySpeakerDevice, x, nx, deps);
  // The accepting speaker, once the peer address's owner was found (deps[2]).
  const t = deps.length >= 4 ? bySpeakerDevice.get(deps[2] as number) : undefined;
  return {
    at,
    deps,
    x: speakers[x] as SpeakerInfo,
    nx,
    ...(t !== undefined ? { t: speakers[t] as SpeakerInfo } : {}),
  };
}

/**
 * The previous plan when it still holds: same speakers, same topology (within a run) or one
 * that differs only in the own topology of devices whose addresses `reuse.owned` names (an
 * `apply`), and every numbered attempt that read a changed FIB route or such an address gives
 * the same answer again (only those are made again). Fills `cacheOut` then; undefined when a
 * full pass is needed.
 */
function samePlan(
  topo: Topology,
  speakers: readonly SpeakerInfo[],
  bySpeakerDevice: Map<number, number>,
  fibs: readonly Fib[],
  reuse: PlanReuse,
  suspects: ReadonlySet<string>,
  cacheOut: AttemptCache,
  redone: Map<string, CachedAttempt>,
): SessionPlan | undefined {
  const made = reuse.cache.made;
  if (!made || made.speakers.length !== speakers.length) return undefined;
  for (let i = 0; i < speakers.length; i++) if (made.speakers[i] !== speakers[i]) return undefined;
  if (made.topo !== topo && (!reuse.owned || !sameSpeakerTopology(made.topo, topo, speakers)))
    return undefined;
  for (const k of suspects) {
    // The index is shared with the caches derived alongside this one: it may name an attempt this
    // plan did not make (a neighbour of a device down here).
    const old = reuse.cache.attempts.get(k);
    if (!old || sameDeps(old, reuse)) continue;
    const x = speakers.indexOf(old.x);
    if (x < 0) return undefined;
    const e = attemptOf(topo, fibs, speakers, bySpeakerDevice, x, old.nx);
    redone.set(k, e);
    if (!sameAttempt(e.at, old.at)) return undefined;
  }
  if (redone.size === 0) {
    cacheOut.attempts = reuse.cache.attempts;
    cacheOut.index = reuse.cache.index;
  } else {
    cacheOut.attempts = new Map(reuse.cache.attempts);
    for (const [k, e] of redone) cacheOut.attempts.set(k, e);
    passIndex(reuse.cache, cacheOut, redone);
  }
  cacheOut.made = { plan: made.plan, topo, speakers };
  return made.plan;
}

/** Works out every configured neighbour's session state for the given FIBs. */
export function planSessions(
  topo: Topology,
  speakers: readonly SpeakerInfo[],
  fibs: readonly Fib[],
  reuse?: PlanReuse,
  cacheOut?: AttemptCache,
): SessionPlan {
  const bySpeakerDevice = new Map(speakers.map((s, i) => [s.device, i]));
  const suspects = reuse && suspectsOf(reuse);
  /** Attempts `samePlan` made again before it found one answering differently. */
  const redone = new Map<string, CachedAttempt>();
  const kept =
    reuse &&
    suspects &&
    cacheOut &&
    samePlan(topo, speakers, bySpeakerDevice, fibs, reuse, suspects, cacheOut, redone);
  if (kept) return kept;
  const sessions: PlannedSession[] = [];
  const byKey = new Map<string, number>();
  const established = new Map<string, { session: number; side: 'a' | 'b' }>();
  const ownFail = new Map<string, { reason: string; idle: boolean; weak?: boolean }>();
  const incomingFail = new Map<string, string>();
  const dynamicRows: SessionRow[] = [];
  let repeatedKey = false;
  /** Attempts made (not reused) in this pass. */
  const made: [string, CachedAttempt][] = [];

  speakers.forEach((X, x) => {
    const down = topo.devices[X.device]?.down === true;
    const keys = keysOf(X, x);
    for (const nx of X.neighbors) {
      const k = keys.get(nx) as string;
      if (down) {
        ownFail.set(k, { reason: 'device is down', idle: true });
        continue;
      }
      if (nx.shutdown) {
        ownFail.set(k, { reason: 'administratively shut down (neighbor shutdown)', idle: true });
        continue;
      }
      if (nx.passive && !nx.interface) {
        ownFail.set(k, {
          reason: 'passive: waiting for the peer to connect',
          idle: false,
          weak: true,
        });
        continue;
      }
      let at: Attempt;
      if (nx.interface) at = attemptUnnumbered(topo, speakers, bySpeakerDevice, x, nx);
      else {
        // Two neighbours of one speaker with the same peer share a key (and so a cached
        // attempt): `samePlan` could not tell which one to make again.
        if (cacheOut?.attempts.has(k)) repeatedKey = true;
        const old = reuse?.cache.attempts.get(k);
        if (
          old &&
          old.x === X &&
          sameTarget(old, speakers, bySpeakerDevice) &&
          (!suspects?.has(k) || sameDeps(old, reuse as PlanReuse))
        ) {
          at = old.at;
          cacheOut?.attempts.set(k, old);
        } else {
          // Made on these FIBs already when samePlan tried the old plan: the same answer.
          const again = old && redone.get(k);
          const e =
            again && again.x === X && again.nx === nx
              ? again
              : attemptOf(topo, fibs, speakers, bySpeakerDevice, x, nx);
          at = e.at;
          cacheOut?.attempts.set(k, e);
          made.push([k, e]);
        }
      }
      if (!at.ok) {
        ownFail.set(k, { reason: at.reason, idle: at.idle === true, weak: at.weak === true });
        if (at.target)
          incomingFail.set(
            keyOf(speakers, at.target.speaker, at.target.config),
            `${X.name}: ${at.reason}`,
          );
        continue;
      }
      const s = at.session;
      if (byKey.has(s.key)) continue;
      const idx = sessions.length;
      byKey.set(s.key, idx);
      sessions.push(s);
      established.set(keyOf(speakers, s.a.speaker, s.a.config), { session: idx, side: 'a' });
      established.set(keyOf(speakers, s.b.speaker, s.b.config), { session: idx, side: 'b' });
      if (s.b.config.dynamic)
        dynamicRows.push({
          speaker: s.b.speaker,
          config: s.b.config,
          state: 'Established',
          peerSpeaker: s.a.speaker,
          peerDevice: speakers[s.a.speaker]?.device,
          session: idx,
          side: 'b',
        });
    }
  });

  const dynamicBySpeaker = new Map<number, SessionRow[]>();
  for (const r of dynamicRows) {
    const l = dynamicBySpeaker.get(r.speaker);
    if (l) l.push(r);
    else dynamicBySpeaker.set(r.speaker, [r]);
  }
  const rows: SessionRow[] = [];
  speakers.forEach((X, x) => {
    const keys = keysOf(X, x);
    for (const n of X.neighbors) {
      const k = keys.get(n) as string;
      const est = established.get(k);
      if (est) {
        const s = sessions[est.session] as PlannedSession;
        const other = est.side === 'a' ? s.b : s.a;
        rows.push({
          speaker: x,
          config: n,
          state: 'Established',
          peerSpeaker: other.speaker,
          peerDevice: speakers[other.speaker]?.device,
          session: est.session,
          side: est.side,
        });
        continue;
      }
      const own = ownFail.get(k);
      const inc = incomingFail.get(k);
      const reason = own && !own.weak ? own.reason : (inc ?? own?.reason ?? 'no connection');
      rows.push({ speaker: x, config: n, state: own?.idle ? 'Idle' : 'Active', reason });
    }
    for (const r of dynamicBySpeaker.get(x) ?? []) rows.push(r);
  });
  const plan = { sessions, rows };
  if (cacheOut && !repeatedKey) cacheOut.made = { plan, topo, speakers };
  if (cacheOut && reuse) passIndex(reuse.cache, cacheOut, made);
  return plan;
}
