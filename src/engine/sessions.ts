/**
 * Which BGP sessions come up, and why the others do not. A session is a TCP connection one side
 * opens (it is not passive and has the peer configured) and the other side accepts (it listens
 * and has a neighbour — or a listen range — matching the connection's source address), with AS
 * numbers agreeing both ways. Reachability is a hop-by-hop walk over the kernel FIBs, which may
 * include BGP routes learned over other sessions (the caller re-evaluates after convergence).
 */
import { familyOf, intToIpv4, ipv4ToInt, isIpv4, prefixContainsAddr } from '../model';
import type { BgpConfig, Daemon, Prefix4 } from '../model';
import type { NeighborConfig, SpeakerDefaults } from './neighbors';
import { dynamicNeighbor, effectiveNeighbors, remoteAsMatches } from './neighbors';
import type { Fib, Topology } from './topology';
import { hopsTo, isConnected, isUp, linkPartner, owns, sourceAddress } from './topology';
import type { BgpSessionState, SessionType } from './types';

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

type Attempt =
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
    const configured = topo.devices.find((d) =>
      d.interfaces.some((i) => i.addresses.some((a) => a.split('/')[0] === nx.peer)),
    );
    return {
      ok: false,
      reason: configured
        ? `${configured.name} is down or its interface with ${nx.peer} is down`
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
 * Numbered session attempts of an earlier plan, with what each read: (device, address) FIB
 * lookups and topology of that device, (−1, address) owners of an address. An attempt is made
 * again only when one of those may answer differently now.
 */
export interface AttemptCache {
  attempts: Map<string, { at: Attempt; deps: number[]; x: SpeakerInfo; t?: SpeakerInfo }>;
}

/**
 * What changed since the cached attempts were made: per device the prefixes whose FIB route
 * changed (undefined: the device's FIB or own topology changed wholesale), and, when the
 * topology was rebuilt (an `apply`), the addresses of the devices whose own topology changed
 * (undefined within a run: the topology is the same object).
 */
export interface PlanReuse {
  cache: AttemptCache;
  changed: readonly (readonly Prefix4[] | undefined)[];
  owned?: ReadonlySet<number>;
}

function stillValid(
  e: { deps: number[]; x: SpeakerInfo; t?: SpeakerInfo },
  speakers: readonly SpeakerInfo[],
  bySpeakerDevice: Map<number, number>,
  reuse: PlanReuse,
): boolean {
  if (e.t && speakers[bySpeakerDevice.get(e.t.device) ?? -1] !== e.t) return false;
  for (let i = 0; i < e.deps.length; i += 2) {
    const d = e.deps[i] as number;
    const a = e.deps[i + 1] as number;
    if (reuse.owned?.has(a)) return false;
    if (d < 0) continue;
    const ch = reuse.changed[d];
    if (ch === undefined) return false;
    for (const p of ch) if (prefixContainsAddr(p, a)) return false;
  }
  return true;
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
  const sessions: PlannedSession[] = [];
  const byKey = new Map<string, number>();
  const established = new Map<string, { session: number; side: 'a' | 'b' }>();
  const ownFail = new Map<string, { reason: string; idle: boolean; weak?: boolean }>();
  const incomingFail = new Map<string, string>();
  const dynamicRows: SessionRow[] = [];

  speakers.forEach((X, x) => {
    const down = topo.devices[X.device]?.down === true;
    for (const nx of X.neighbors) {
      const k = sideKey(x, nx);
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
        const old = reuse?.cache.attempts.get(k);
        if (old && old.x === X && stillValid(old, speakers, bySpeakerDevice, reuse as PlanReuse)) {
          at = old.at;
          cacheOut?.attempts.set(k, old);
        } else {
          const deps: number[] = [];
          at = attemptNumbered(topo, fibs, speakers, bySpeakerDevice, x, nx, deps);
          // The accepting speaker, once the peer address's owner was found (deps[2]).
          const t = deps.length >= 4 ? bySpeakerDevice.get(deps[2] as number) : undefined;
          cacheOut?.attempts.set(k, {
            at,
            deps,
            x: X,
            ...(t !== undefined ? { t: speakers[t] as SpeakerInfo } : {}),
          });
        }
      }
      if (!at.ok) {
        ownFail.set(k, { reason: at.reason, idle: at.idle === true, weak: at.weak === true });
        if (at.target)
          incomingFail.set(sideKey(at.target.speaker, at.target.config), `${X.name}: ${at.reason}`);
        continue;
      }
      const s = at.session;
      if (byKey.has(s.key)) continue;
      const idx = sessions.length;
      byKey.set(s.key, idx);
      sessions.push(s);
      established.set(sideKey(s.a.speaker, s.a.config), { session: idx, side: 'a' });
      established.set(sideKey(s.b.speaker, s.b.config), { session: idx, side: 'b' });
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
    for (const n of X.neighbors) {
      const k = sideKey(x, n);
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
  return { sessions, rows };
}
