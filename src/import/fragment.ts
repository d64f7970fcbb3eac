/**
 * What one config file (or one node's exec lines) tells us about a device, before the topology
 * decides what kind of device it is. Parsers fill a fragment; containerlab.ts merges fragments
 * into a lab device.
 */
import { emptyBgp, familyOf } from '../model';
import type { BgpConfig, Interface, KernelProtocol, StaticRoute, UnmodelledLine } from '../model';

export interface DeviceFragment {
  hostname?: string;
  /** `frr defaults …`, which may come before `router bgp`. */
  bgpProfile?: 'traditional' | 'datacenter';
  interfaces: Interface[];
  staticRoutes: StaticRoute[];
  bgp?: BgpConfig;
  kernel?: KernelProtocol;
  unmodelled: UnmodelledLine[];
}

export function emptyFragment(): DeviceFragment {
  return { interfaces: [], staticRoutes: [], unmodelled: [] };
}

/** The interface named `name`, created when missing (`lo` and dummies are loopback-like). */
export function ensureInterface(frag: DeviceFragment, name: string): Interface {
  let iface = frag.interfaces.find((i) => i.name === name);
  if (!iface) {
    iface = { name, addresses: [] };
    if (name === 'lo' || /^(lo\d*|dum\w*|dummy\w*|loopback\w*)$/i.test(name)) iface.loopback = true;
    frag.interfaces.push(iface);
  }
  return iface;
}

export function addAddress(frag: DeviceFragment, ifName: string, cidr: string): void {
  const iface = ensureInterface(frag, ifName);
  if (!iface.addresses.includes(cidr)) iface.addresses.push(cidr);
}

/** The fragment's BGP config, created with AS 0 (a placeholder the caller must fill) if absent. */
export function ensureBgp(frag: DeviceFragment, asn = 0): BgpConfig {
  frag.bgp ??= emptyBgp(asn);
  return frag.bgp;
}

export function addStaticRoute(frag: DeviceFragment, route: StaticRoute): void {
  const same = frag.staticRoutes.find(
    (r) =>
      r.prefix === route.prefix &&
      r.via === route.via &&
      r.interface === route.interface &&
      !!r.blackhole === !!route.blackhole,
  );
  if (!same) frag.staticRoutes.push(route);
}

/**
 * Interfaces that BGP peers over by name (`neighbor IFACE interface`) and that carry no IPv4
 * address are unnumbered: IPv6 link-local only, as in FRR's BGP unnumbered.
 */
export function markUnnumbered(frag: DeviceFragment): void {
  for (const n of frag.bgp?.neighbors ?? []) {
    if (!n.interface) continue;
    const iface = ensureInterface(frag, n.peer);
    if (!iface.addresses.some((a) => familyOf(a) === 4)) iface.unnumbered = true;
  }
}

/** Merges `from` into `into` (later files win for scalar settings; lists are concatenated). */
export function mergeFragment(into: DeviceFragment, from: DeviceFragment): void {
  if (from.hostname !== undefined) into.hostname = from.hostname;
  for (const i of from.interfaces) {
    const t = ensureInterface(into, i.name);
    for (const a of i.addresses) if (!t.addresses.includes(a)) t.addresses.push(a);
    if (i.loopback) t.loopback = true;
    if (i.unnumbered) t.unnumbered = true;
    if (i.description !== undefined) t.description = i.description;
  }
  for (const r of from.staticRoutes) addStaticRoute(into, r);
  if (from.bgp) {
    if (!into.bgp) into.bgp = from.bgp;
    else mergeBgp(into.bgp, from.bgp);
  }
  if (from.kernel) into.kernel = { ...into.kernel, ...from.kernel };
  into.unmodelled.push(...from.unmodelled);
}

function mergeBgp(into: BgpConfig, from: BgpConfig): void {
  const { peerGroups, neighbors, listenRanges, networks, redistribute, aggregates, ...scalars } =
    from;
  const { prefixLists, routeMaps, communityLists, asPathLists, ...rest } = scalars;
  const set = Object.entries(rest).filter(([k, v]) => v !== undefined && !(k === 'asn' && v === 0));
  Object.assign(into, Object.fromEntries(set));
  into.peerGroups.push(...peerGroups);
  into.neighbors.push(...neighbors);
  into.listenRanges.push(...listenRanges);
  into.networks.push(...networks.filter((n) => !into.networks.includes(n)));
  into.redistribute.push(...redistribute);
  into.aggregates.push(...aggregates);
  into.prefixLists.push(...prefixLists);
  into.routeMaps.push(...routeMaps);
  into.communityLists.push(...communityLists);
  into.asPathLists.push(...asPathLists);
}
