/**
 * The layer-2/3 facts the BGP engine needs from the lab: which interfaces are up, which share a
 * segment (links, bridges), who owns an address, each device's connected and static routes, and
 * a small hop-by-hop forwarding walk used to decide whether a BGP session's TCP connection can
 * reach the peer (the kernel FIB, which may hold BGP routes learned over other sessions).
 */
import { familyOf, hostOf, ipv4ToInt, maskOf, parsePrefix4, prefixContainsAddr } from '../model';
import type { Prefix4 } from '../model';
import type { Device, Lab } from '../model';
import type { IntMap, ReadMap } from './overlay';
import { patchMap } from './overlay';

export interface IfaceRef {
  device: number;
  iface: string;
}

export interface ConnectedRoute {
  prefix: Prefix4;
  iface: string;
  /** The interface's own address in that prefix. */
  addr: number;
}

/** A route as the kernel FIB sees it, for reachability walks. */
export interface FibRoute {
  prefix: Prefix4;
  /** 0 connected, 1 static, 20 eBGP, 200 iBGP, … */
  distance: number;
  blackhole?: boolean;
  /** Next hops: an IPv4 gateway, and/or an interface (connected, or link-local next hop). */
  hops: { via?: number; iface?: string }[];
}

export interface Topology {
  lab: Lab;
  devices: Device[];
  deviceIds: Map<string, number>;
  /** Up state per `device\0iface`. */
  up: ReadMap<string, boolean>;
  /** L2 segment id per up `device\0iface`. */
  segment: ReadMap<string, number>;
  /** A segment id no segment has yet. */
  nextSegment: number;
  /** IPv4 host address (uint32) → interfaces that carry it (up ones only). */
  owners: ReadMap<number, readonly IfaceRef[]>;
  connected: ConnectedRoute[][];
  /** Per device: connected + static routes (the non-BGP part of its FIB). */
  baseFib: FibRoute[][];
}

const k = (device: string, iface: string): string => `${device}\0${iface}`;

export function ifaceKey(device: string, iface: string): string {
  return k(device, iface);
}

export function buildTopology(lab: Lab): Topology {
  const devices = lab.devices;
  const deviceIds = new Map(devices.map((d, i) => [d.name, i]));
  const isDown = (name: string): boolean => devices[deviceIds.get(name) ?? -1]?.down === true;
  const up = new Map<string, boolean>();
  // Union-find over interfaces for L2 segments.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r && parent.get(r) !== undefined) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const d of devices) {
    for (const i of d.interfaces) {
      up.set(k(d.name, i.name), !d.down && i.loopback === true);
      parent.set(k(d.name, i.name), k(d.name, i.name));
    }
  }
  for (const l of lab.links) {
    const live = !l.down && !isDown(l.a.device) && !isDown(l.b.device);
    if (!live) continue;
    const ka = k(l.a.device, l.a.interface);
    const kb = k(l.b.device, l.b.interface);
    up.set(ka, true);
    up.set(kb, true);
    if (!parent.has(ka)) parent.set(ka, ka);
    if (!parent.has(kb)) parent.set(kb, kb);
    union(ka, kb);
  }
  for (const d of devices) {
    if (d.kind !== 'bridge' || d.down) continue;
    const ports = d.interfaces.map((i) => k(d.name, i.name)).filter((x) => up.get(x));
    for (let i = 1; i < ports.length; i++) union(ports[0] as string, ports[i] as string);
  }
  const segIds = new Map<string, number>();
  const segment = new Map<string, number>();
  for (const [key, isUp] of up) {
    if (!isUp) continue;
    const root = find(key);
    let id = segIds.get(root);
    if (id === undefined) {
      id = segIds.size;
      segIds.set(root, id);
    }
    segment.set(key, id);
  }
  const owners = new Map<number, IfaceRef[]>();
  const connected: ConnectedRoute[][] = [];
  const baseFib: FibRoute[][] = [];
  devices.forEach((d, di) => {
    const own = deviceRoutes(d, up);
    for (const c of own.conn) {
      const list = owners.get(c.addr) ?? [];
      list.push({ device: di, iface: c.iface });
      owners.set(c.addr, list);
    }
    connected.push(own.conn);
    baseFib.push(own.fib);
  });
  return {
    lab,
    devices,
    deviceIds,
    up,
    segment,
    nextSegment: segIds.size,
    owners,
    connected,
    baseFib,
  };
}

/** A device's connected routes (up interfaces) and its base FIB: connected, then static. */
function deviceRoutes(
  d: Device,
  up: ReadMap<string, boolean>,
): { conn: ConnectedRoute[]; fib: FibRoute[] } {
  const conn: ConnectedRoute[] = [];
  for (const i of d.interfaces) {
    if (!up.get(k(d.name, i.name))) continue;
    for (const a of i.addresses) {
      if (familyOf(a) !== 4) continue;
      conn.push({ prefix: parsePrefix4(a), iface: i.name, addr: ipv4ToInt(hostOf(a)) });
    }
  }
  const fib: FibRoute[] = conn.map((c) => ({
    prefix: c.prefix,
    distance: 0,
    hops: [{ iface: c.iface }],
  }));
  if (!d.down) {
    for (const s of d.staticRoutes) {
      if (familyOf(s.prefix) !== 4) continue;
      const via = s.via && familyOf(s.via) === 4 ? ipv4ToInt(s.via) : undefined;
      if (s.interface && !up.get(k(d.name, s.interface))) continue;
      fib.push({
        prefix: parsePrefix4(s.prefix),
        distance: s.distance ?? 1,
        ...(s.blackhole ? { blackhole: true } : {}),
        hops: s.blackhole
          ? []
          : [
              {
                ...(via !== undefined ? { via } : {}),
                ...(s.interface ? { iface: s.interface } : {}),
              },
            ],
      });
    }
  }
  return { conn, fib };
}

/** Per derived topology: the one it was derived from and the devices whose own part changed. */
const derivations = new WeakMap<Topology, { from: Topology; changed: ReadonlySet<number> }>();

/**
 * The devices whose own part (interface states, connected and static routes) may differ between
 * `a` and `b` when `b` was derived from `a` by `deriveTopology`; undefined when not known.
 */
export function changedDevices(a: Topology, b: Topology): ReadonlySet<number> | undefined {
  const d = derivations.get(b);
  return d && d.from === a ? d.changed : undefined;
}

/**
 * The topology of `lab`, which differs from `prev.lab` only in the `down` flag of link `linkId`:
 * every unchanged device's entries are shared with `prev`, only the link's two ends are computed
 * again. Falls back to `buildTopology` where a link can join or split a segment of other devices
 * (a bridge end) or an end interface is shared with another link or is a loopback.
 */
export function deriveTopology(prev: Topology, lab: Lab, linkId: string): Topology {
  const l = lab.links.find((x) => x.id === linkId);
  if (!l || lab.devices !== prev.devices) return buildTopology(lab);
  const ends = [l.a, l.b];
  const ids: number[] = [];
  for (const e of ends) {
    const di = prev.deviceIds.get(e.device);
    const d = di === undefined ? undefined : prev.devices[di];
    if (di === undefined || !d || d.kind === 'bridge') return buildTopology(lab);
    const i = d.interfaces.find((x) => x.name === e.interface);
    if (!i || i.loopback) return buildTopology(lab);
    ids.push(di);
  }
  if (ids[0] === ids[1]) return buildTopology(lab);
  for (const x of lab.links) {
    if (x === l) continue;
    for (const e of [x.a, x.b])
      for (const f of ends)
        if (e.device === f.device && e.interface === f.interface) return buildTopology(lab);
  }
  const isDown = (name: string): boolean =>
    prev.devices[prev.deviceIds.get(name) ?? -1]?.down === true;
  const live = !l.down && !isDown(l.a.device) && !isDown(l.b.device);
  // Only the link's two ends change: patches on the earlier tables (overlay.ts).
  const ka = k(l.a.device, l.a.interface);
  const kb = k(l.b.device, l.b.interface);
  const up = patchMap(prev.up, [
    [ka, live],
    [kb, live],
  ]);
  // A new segment of its own: ids only need to be equal within one segment.
  const seg = live ? prev.nextSegment : undefined;
  const segment = patchMap(prev.segment, [
    [ka, seg],
    [kb, seg],
  ]);
  const ownerChanges = new Map<number, IfaceRef[] | undefined>();
  const ownersOf = (a: number): readonly IfaceRef[] =>
    ownerChanges.has(a) ? (ownerChanges.get(a) ?? []) : (prev.owners.get(a) ?? []);
  const connected = prev.connected.slice();
  const baseFib = prev.baseFib.slice();
  for (const di of ids) {
    for (const c of prev.connected[di] ?? []) {
      const list = ownersOf(c.addr).filter((o) => o.device !== di);
      ownerChanges.set(c.addr, list.length ? list : undefined);
    }
  }
  for (const di of ids) {
    const own = deviceRoutes(prev.devices[di] as Device, up);
    for (const c of own.conn) {
      const list = ownersOf(c.addr).slice();
      list.push({ device: di, iface: c.iface });
      // Device order, as buildTopology lists them (a stable sort keeps interface order).
      list.sort((x, y) => x.device - y.device);
      ownerChanges.set(c.addr, list);
    }
    connected[di] = own.conn;
    baseFib[di] = own.fib;
  }
  const owners = patchMap(prev.owners, ownerChanges);
  const t: Topology = {
    lab,
    devices: prev.devices,
    deviceIds: prev.deviceIds,
    up,
    segment,
    nextSegment: prev.nextSegment + (live ? 1 : 0),
    owners,
    connected,
    baseFib,
  };
  derivations.set(t, { from: prev, changed: new Set(ids) });
  return t;
}

export function isUp(t: Topology, device: number, iface: string): boolean {
  const d = t.devices[device];
  return d !== undefined && t.up.get(k(d.name, iface)) === true;
}

/** The interface at the far end of a point-to-point link (for unnumbered peering). */
export function linkPartner(t: Topology, device: number, iface: string): IfaceRef | undefined {
  const d = t.devices[device];
  if (!d) return undefined;
  for (const l of t.lab.links) {
    if (l.a.device === d.name && l.a.interface === iface) {
      const o = t.deviceIds.get(l.b.device);
      return o === undefined ? undefined : { device: o, iface: l.b.interface };
    }
    if (l.b.device === d.name && l.b.interface === iface) {
      const o = t.deviceIds.get(l.a.device);
      return o === undefined ? undefined : { device: o, iface: l.a.interface };
    }
  }
  return undefined;
}

/** A device's FIB indexed for longest-prefix match: per prefix length, network → route. */
export interface Fib {
  routes: FibRoute[];
  byLen: Map<number, IntMap<FibRoute>>;
  /** Prefix lengths present, longest first. */
  lens: number[];
}

/** Indexes routes; of several routes for one prefix the lowest distance wins (zebra). */
export function indexFib(routes: FibRoute[]): Fib {
  const byLen = new Map<number, Map<number, FibRoute>>();
  for (const r of routes) {
    let m = byLen.get(r.prefix.len);
    if (!m) {
      m = new Map();
      byLen.set(r.prefix.len, m);
    }
    const cur = m.get(r.prefix.addr);
    if (!cur || r.distance < cur.distance) m.set(r.prefix.addr, r);
  }
  return { routes, byLen, lens: [...byLen.keys()].sort((a, b) => b - a) };
}

/** Longest-prefix match, then lowest distance. */
export function lookup(
  fib: Fib,
  addr: number,
  opts: { skipDefault?: boolean } = {},
): FibRoute | undefined {
  for (const len of fib.lens) {
    if (len === 0 && opts.skipDefault) continue;
    const r = fib.byLen.get(len)?.get((addr & maskOf(len)) >>> 0);
    if (r) return r;
  }
  return undefined;
}

/** Does a device own the address on an up interface? */
export function owns(t: Topology, device: number, addr: number): IfaceRef | undefined {
  return t.owners.get(addr)?.find((o) => o.device === device);
}

/** The owner of `addr` reachable on the same segment as `device`'s `iface`. */
function neighbourOnSegment(
  t: Topology,
  device: number,
  iface: string,
  addr: number,
): IfaceRef | undefined {
  const d = t.devices[device];
  if (!d) return undefined;
  const seg = t.segment.get(k(d.name, iface));
  if (seg === undefined) return undefined;
  return t.owners.get(addr)?.find((o) => {
    const od = t.devices[o.device];
    return od !== undefined && t.segment.get(k(od.name, o.iface)) === seg;
  });
}

export interface Hop {
  /** Next device, or undefined when this device owns the address. */
  device?: number;
  egress?: string;
  fail?: string;
}

/**
 * One forwarding step at `device` towards `addr`. `deps` (optional) collects what the answer
 * read: (device, address) pairs of FIB lookups, and (−1, address) for gateway addresses whose
 * owner was looked up.
 */
export function forwardStep(
  t: Topology,
  fib: Fib,
  device: number,
  addr: number,
  deps?: number[],
): Hop {
  deps?.push(device, addr);
  if (owns(t, device, addr)) return {};
  const r = lookup(fib, addr);
  if (!r) return { fail: 'no route' };
  if (r.blackhole || r.hops.length === 0) return { fail: 'blackhole route' };
  const hop = r.hops[0] as { via?: number; iface?: string };
  if (hop.via === undefined) {
    if (hop.iface === undefined) return { fail: 'no route' };
    if (r.distance === 0) {
      const n = neighbourOnSegment(t, device, hop.iface, addr);
      return n ? { device: n.device, egress: hop.iface } : { fail: 'no host answers on the link' };
    }
    // A route out of an interface without a gateway (unnumbered / link-local next hop).
    const p = linkPartner(t, device, hop.iface);
    if (!p || !isUp(t, device, hop.iface)) return { fail: `interface ${hop.iface} down` };
    return { device: p.device, egress: hop.iface };
  }
  // Gateway must be on a connected subnet (no recursion in the kernel FIB).
  const conn = t.connected[device]?.find(
    (c) => prefixContainsAddr(c.prefix, hop.via as number) && (!hop.iface || hop.iface === c.iface),
  );
  if (!conn) return { fail: 'gateway not on a connected network' };
  deps?.push(-1, hop.via);
  const n = neighbourOnSegment(t, device, conn.iface, hop.via);
  if (!n) return { fail: 'gateway does not answer' };
  return { device: n.device, egress: conn.iface };
}

/**
 * Walk hop by hop from `from` to `addr` through the given FIBs: the number of links crossed
 * (1 = the owner is the next device, what a TTL-1 eBGP packet can reach), or why it fails.
 */
export function hopsTo(
  t: Topology,
  fibs: readonly Fib[],
  from: number,
  addr: number,
  deps?: number[],
): number | string {
  let cur = from;
  for (let ttl = 0; ttl < 32; ttl++) {
    deps?.push(cur, addr);
    const dev = t.devices[cur];
    if (!dev || dev.down) return `${dev?.name ?? '?'} is down`;
    const fib = fibs[cur];
    if (!fib) return `no FIB at ${dev.name}`;
    const step = forwardStep(t, fib, cur, addr, deps);
    if (step.fail) return `${step.fail} at ${dev.name}`;
    if (step.device === undefined) return ttl;
    cur = step.device;
  }
  return 'forwarding loop';
}

/** The source address Linux picks towards `addr` (the egress interface's address). */
export function sourceAddress(
  t: Topology,
  fib: Fib,
  device: number,
  addr: number,
): number | undefined {
  const conns = t.connected[device] ?? [];
  const own = owns(t, device, addr);
  if (own) return addr;
  const r = lookup(fib, addr);
  if (!r || r.blackhole) return undefined;
  const hop = r.hops[0];
  const target = hop?.via ?? addr;
  const onIface = conns.filter((c) => (hop?.iface ? c.iface === hop.iface : true));
  const same = onIface.find((c) => prefixContainsAddr(c.prefix, target));
  if (same) return same.addr;
  const egress = hop?.iface ?? conns.find((c) => prefixContainsAddr(c.prefix, target))?.iface;
  const first = conns.find((c) => c.iface === egress);
  if (first) return first.addr;
  // Unnumbered egress: Linux answers from a global address, typically the loopback's.
  const d = t.devices[device];
  const lo = d?.interfaces.find((i) => i.loopback)?.name;
  return (conns.find((c) => c.iface === lo) ?? conns[0])?.addr;
}

export function isConnected(t: Topology, device: number, addr: number): boolean {
  return (t.connected[device] ?? []).some(
    (c) => c.prefix.len < 32 && prefixContainsAddr(c.prefix, addr),
  );
}

export function maskedEqual(a: Prefix4, b: Prefix4): boolean {
  return a.len === b.len && ((a.addr ^ b.addr) & maskOf(a.len)) === 0;
}
