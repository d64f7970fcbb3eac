/**
 * Plain, serialisable views of the engine state in FRR's vocabulary: the session table
 * (`show bgp summary`) and the BGP table (`show bgp ipv4 unicast`) of one device.
 */
import type { PathAttrs } from './attrs';
import { attrsOf } from './attrs';
import { pathsOf } from './dest';
import { nextHopDevice } from './install';
import { hasInboundPolicy, hasOutboundPolicy } from './neighbors';
import { destReasons } from './reasons';
import type { EngineState, Path, Peer, SpeakerState } from './state';
import type { DeviceBgpView, PathView, RouteEntryView, SessionView, SimResult } from './types';

function displayNextHop(nh: string): string {
  return nh.startsWith('%') ? nh.slice(1) : nh;
}

function pathView(
  st: EngineState,
  sp: SpeakerState,
  prefix: string,
  p: Path,
  a: PathAttrs,
  extra: Partial<PathView>,
): PathView {
  const peer = p.src >= 0 ? st.peers[p.src] : undefined;
  const nhDev = a.nextHop === '0.0.0.0' ? undefined : nextHopDevice(st, sp, p.src, a.nextHop);
  return {
    prefix,
    nextHop: displayNextHop(a.nextHop),
    ...(nhDev ? { nextHopDevice: nhDev } : {}),
    ...(peer
      ? {
          fromPeer: peer.config.peer,
          fromDevice: st.speakers[peer.remoteSpeaker]?.info.name,
          peerRouterId: peer.remoteRouterId,
        }
      : {}),
    asPath: [...a.asPath],
    origin: a.origin,
    ...(a.med !== undefined ? { med: a.med } : {}),
    ...(a.localPref !== undefined ? { localPref: a.localPref } : {}),
    weight: a.weight,
    communities: [...a.communities],
    ...(a.originatorId !== undefined ? { originatorId: a.originatorId } : {}),
    clusterList: [...a.clusterList],
    ibgp: peer?.type === 'ibgp',
    local: p.local !== undefined,
    valid: true,
    best: false,
    multipath: false,
    learnedAt: p.learnedAt,
    ...extra,
  };
}

function policyBlock(sp: SpeakerState, peer: Peer): Pick<SessionView, 'policyBlocked'> {
  if (peer.type !== 'ebgp' || !sp.info.defaults.ebgpRequiresPolicy) return {};
  const inb = !hasInboundPolicy(peer.config);
  const out = !hasOutboundPolicy(peer.config);
  if (inb && out) return { policyBlocked: 'both' };
  if (inb) return { policyBlocked: 'in' };
  return out ? { policyBlocked: 'out' } : {};
}

export function sessionViews(st: EngineState, sp: SpeakerState, index: number): SessionView[] {
  return st.rows
    .filter((r) => r.speaker === index)
    .map((r) => {
      const peer: Peer | undefined = sp.peers
        .map((id) => st.peers[id] as Peer)
        .find((p) => p.config.peer === r.config.peer);
      const up = r.state === 'Established' && peer !== undefined;
      const remote = r.peerSpeaker !== undefined ? st.speakers[r.peerSpeaker] : undefined;
      let received = 0;
      if (peer) for (const code of peer.adjIn.values()) if (code >= 0) received++;
      return {
        device: sp.info.name,
        peer: r.config.peer,
        ...(remote ? { peerDevice: remote.info.name } : {}),
        localAs: sp.info.asn,
        ...(remote
          ? { remoteAs: remote.info.asn }
          : typeof r.config.remoteAs === 'number'
            ? { remoteAs: r.config.remoteAs }
            : {}),
        ...(peer
          ? { type: peer.type }
          : remote
            ? { type: remote.info.asn === sp.info.asn ? 'ibgp' : 'ebgp' }
            : {}),
        state: up ? 'Established' : r.state === 'Established' ? 'Active' : r.state,
        ...(up ? {} : { reason: r.reason ?? 'session not yet established' }),
        routeReflectorClient: r.config.routeReflectorClient === true,
        prefixesReceived: received,
        prefixesSent: peer ? peer.adjOut.size : 0,
        ...(peer ? { localAddress: peer.localAddress, remoteAddress: peer.remoteAddress } : {}),
        ...(r.config.dynamic ? { dynamic: true } : {}),
        ...(peer ? policyBlock(sp, peer) : {}),
      } satisfies SessionView;
    });
}

function compareRoutes(x: RouteEntryView, y: RouteEntryView): number {
  const [ax, lx] = x.prefix.split('/');
  const [ay, ly] = y.prefix.split('/');
  const nx = (ax ?? '').split('.').reduce((v, o) => v * 256 + Number(o), 0);
  const ny = (ay ?? '').split('.').reduce((v, o) => v * 256 + Number(o), 0);
  return nx !== ny ? nx - ny : Number(lx) - Number(ly);
}

export function locRibView(st: EngineState, sp: SpeakerState): RouteEntryView[] {
  const out: RouteEntryView[] = [];
  for (const [pid, dest] of sp.locRib) {
    const prefix = st.prefixes.names[pid] ?? '?';
    const why = destReasons(st, dest);
    const paths = pathsOf(sp, pid, dest).map((p, i) => {
      const invalid = dest.invalid?.[i];
      const best = i === dest.best;
      const reason = best ? why.reason : why.lostBy[i];
      const nmp = why.notMultipath[i];
      return pathView(st, sp, prefix, p, attrsOf(st.attrs, p.attr), {
        valid: invalid === undefined,
        ...(invalid !== undefined ? { invalidReason: invalid } : {}),
        best,
        multipath: best ? dest.multipath.length > 0 : dest.multipath.includes(i),
        ...(reason ? { reason } : {}),
        ...(nmp ? { notMultipathReason: nmp } : {}),
      });
    });
    out.push({ prefix, paths });
  }
  return out.sort(compareRoutes);
}

/** One peer's Adj-RIB-In (`incoming`) or Adj-RIB-Out, in prefix order. */
function adjRibList(st: EngineState, sp: SpeakerState, peer: Peer, incoming: boolean): PathView[] {
  const list: PathView[] = [];
  for (const [prefixId, code] of incoming ? peer.adjIn : peer.adjOut) {
    const prefix = st.prefixes.names[prefixId] ?? '?';
    if (code < 0) {
      list.push({
        prefix,
        nextHop: '',
        asPath: [],
        origin: '?',
        weight: 0,
        communities: [],
        clusterList: [],
        ibgp: peer.type === 'ibgp',
        local: false,
        valid: false,
        invalidReason: st.rejectReasons.names[-code - 1] ?? 'rejected',
        best: false,
        multipath: false,
        learnedAt: 0,
      });
      continue;
    }
    const path: Path = incoming
      ? { src: peer.id, attr: code, learnedAt: 0 }
      : { src: -1, attr: code, learnedAt: 0 };
    const pv = pathView(st, sp, prefix, path, attrsOf(st.attrs, code), {});
    // What we send over an unnumbered session carries our own link-local: name our interface.
    const out =
      pv.nextHop !== '' &&
      peer.iface !== undefined &&
      attrsOf(st.attrs, code).nextHop.startsWith('%')
        ? { ...pv, nextHop: peer.iface }
        : pv;
    list.push(incoming ? pv : { ...out, local: false, ibgp: peer.type === 'ibgp' });
  }
  return list.sort((x, y) =>
    compareRoutes({ prefix: x.prefix, paths: [] }, { prefix: y.prefix, paths: [] }),
  );
}

function ribMap(st: EngineState, sp: SpeakerState, incoming: boolean): Record<string, PathView[]> {
  const out: Record<string, PathView[]> = {};
  for (const pid of sp.peers) {
    const peer = st.peers[pid] as Peer;
    out[peer.config.peer] = adjRibList(st, sp, peer, incoming);
  }
  return out;
}

export function buildDeviceView(st: EngineState, index: number): DeviceBgpView {
  const sp = st.speakers[index] as SpeakerState;
  return {
    device: sp.info.name,
    asn: sp.info.asn,
    routerId: sp.info.routerId,
    sessions: sessionViews(st, sp, index),
    locRib: locRibView(st, sp),
    adjRibIn: ribMap(st, sp, true),
    adjRibOut: ribMap(st, sp, false),
  };
}

/**
 * One device's BGP table, each RIB built when first read: a spine of a big fabric has 64 peers
 * with ~6,000 paths in each Adj-RIB-In and -Out, and its whole DeviceBgpView took 5 s to build
 * when the panel shows one RIB at a time. Same content as buildDeviceView.
 */
export interface LazyDeviceView {
  device: string;
  asn: number;
  routerId?: string;
  locRib(): RouteEntryView[];
  /** The peers with an Adj-RIB (SessionView.peer), in the order buildDeviceView keys them. */
  peers(): string[];
  adjRibIn(peer: string): PathView[] | undefined;
  adjRibOut(peer: string): PathView[] | undefined;
}

export function lazyDeviceView(st: EngineState, index: number): LazyDeviceView {
  const sp = st.speakers[index] as SpeakerState;
  const byName = new Map<string, Peer>();
  for (const pid of sp.peers) {
    const peer = st.peers[pid] as Peer;
    // A later peer of the same name wins, as in buildDeviceView's records.
    byName.set(peer.config.peer, peer);
  }
  let loc: RouteEntryView[] | undefined;
  const adj = new Map<string, PathView[]>();
  const adjRib = (name: string, incoming: boolean): PathView[] | undefined => {
    const peer = byName.get(name);
    if (!peer) return undefined;
    const key = `${incoming ? 'in' : 'out'}:${name}`;
    let list = adj.get(key);
    if (!list) {
      list = adjRibList(st, sp, peer, incoming);
      adj.set(key, list);
    }
    return list;
  };
  return {
    device: sp.info.name,
    asn: sp.info.asn,
    routerId: sp.info.routerId,
    locRib: () => (loc ??= locRibView(st, sp)),
    peers: () => [...byName.keys()],
    adjRibIn: (peer) => adjRib(peer, true),
    adjRibOut: (peer) => adjRib(peer, false),
  };
}

/** A built DeviceBgpView behind the lazy interface (a result without engine state, tests). */
export function eagerView(v: DeviceBgpView): LazyDeviceView {
  return {
    device: v.device,
    asn: v.asn,
    ...(v.routerId !== undefined ? { routerId: v.routerId } : {}),
    locRib: () => v.locRib,
    peers: () => [...new Set([...Object.keys(v.adjRibIn), ...Object.keys(v.adjRibOut)])],
    adjRibIn: (peer) => v.adjRibIn[peer],
    adjRibOut: (peer) => v.adjRibOut[peer],
  };
}

/** One device of a run, read lazily; undefined when the device speaks no BGP (as deviceView). */
export function lazyViewOf(result: SimResult, device: string): LazyDeviceView | undefined {
  const st = result.state as EngineState | undefined;
  if (!st) {
    const v = result.devices[device];
    return v ? eagerView(v) : undefined;
  }
  const i = st.speakers.findIndex((s) => s.info.name === device);
  return i < 0 ? undefined : lazyDeviceView(st, i);
}
