/**
 * Data-plane types: what each device forwards with (its FIB) and what a packet does on the way
 * (traceroute). Plain serialisable data, like the rest of the engine's results.
 */
import type { DeviceBgpView } from '../types';

/** A BGP route a device's daemon installs into its kernel (best + multipath, per daemon rules). */
export interface InstalledBgpRoute {
  prefix: string;
  nextHops: { address?: string; interface?: string; device?: string }[];
  /** iBGP-learned (admin distance 200) rather than eBGP (20); absent = eBGP. */
  ibgp?: boolean;
  /** Explicit admin distance, overriding the eBGP/iBGP default. */
  distance?: number;
  metric?: number;
}

/** Where a route came from, in FRR's `show ip route` codes: K kernel, C connected, S static, B BGP. */
export type RouteSource = 'connected' | 'static' | 'bgp' | 'kernel';

export interface FibNextHop {
  /** Gateway address; absent on directly connected and interface-only routes. */
  via?: string;
  /** Outgoing interface after resolution. */
  interface?: string;
  /** The device answering for the gateway on that interface's segment, when known. */
  device?: string;
  /** Resolved through another route (FRR prints "(recursive)"); `interface` is the resolved one. */
  recursive?: boolean;
  /** Recursive next hops: what the gateway resolved to (the kernel gets these). */
  resolved?: FibNextHop[];
  /** IPv4 over an IPv6 link-local next hop (BGP unnumbered, RFC 5549). */
  linkLocal?: boolean;
  weight: number;
}

export interface FibRoute {
  /** Canonical network form ("10.0.1.0/24"). */
  prefix: string;
  source: RouteSource;
  /** Admin distance as FRR's zebra uses it: connected 0, static 1, eBGP 20, iBGP 200, kernel 0. */
  distance: number;
  metric: number;
  /** Linux `src` (preferred source); connected routes carry the interface address. */
  src?: string;
  blackhole?: boolean;
  /**
   * Delivered on this device rather than forwarded: pods behind a CNI interface
   * (`cilium_host`, `cali*`). `pods` lists their addresses.
   */
  podDelivery?: { interface: string; pods: { name: string; address: string }[] };
  nextHops: FibNextHop[];
  /** Won the admin-distance comparison and is in the kernel (FRR `>` and `*`). */
  selected: boolean;
  /** Not usable: why (next hop unresolved, interface down). */
  inactiveReason?: string;
  /** What put it there, in words ("interface net1", "CNI cilium: autoDirectNodeRoutes", …). */
  origin: string;
}

export interface Fib {
  device: string;
  /** Every candidate route (all sources), selected ones flagged; sorted by prefix. */
  routes: FibRoute[];
}

// ---------------------------------------------------------------- traceroute

export type TraceEndKind = 'delivered' | 'no route' | 'blackhole' | 'loop' | 'unreachable next hop';

export interface TraceEnd {
  kind: TraceEndKind;
  /** Where the packet ended. */
  device: string;
  /** The pod it was delivered to, when the destination is a pod. */
  pod?: string;
  reason: string;
  /** For `loop`: the devices of the cycle, first repeated device first and last. */
  cycle?: string[];
}

export interface TraceHop {
  /** 1-based TTL at which this hop answers. */
  ttl: number;
  device: string;
  /** `device/pod` hops are pods. */
  pod?: string;
  /** Address the hop answers from (what `traceroute -n` prints); absent = no answer (`*`). */
  address?: string;
  /** Why this address (route back to the source, loopback fallback, destination itself). */
  addressReason: string;
  /** Interface the packet arrived on. */
  inInterface?: string;
}

export interface TracePath {
  hops: TraceHop[];
  end: TraceEnd;
}

export interface TraceResult {
  from: string;
  /** Source address of the probes. */
  source?: string;
  to: string;
  /** Every path (all ECMP branches), or the one path in single-path mode. */
  paths: TracePath[];
  /** Paths were cut at this count (ECMP fan-out explodes in large fabrics). */
  truncated?: boolean;
  /** The DAG behind the paths: device → next devices (merged where branches rejoin). */
  graph: Record<string, string[]>;
  single: boolean;
}

/** What the data plane reads from the BGP engine, per device. */
export interface BgpProvider {
  installedRoutes(device: string): InstalledBgpRoute[];
  view(device: string): DeviceBgpView | undefined;
}
