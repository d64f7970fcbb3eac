/**
 * Neighbour configuration as the daemon sees it after peer-group inheritance, plus the per-speaker
 * defaults that depend on the daemon and the FRR profile (`frr defaults datacenter|traditional`).
 */
import { contains, familyOf } from '../model';
import type { BgpConfig, Daemon, NeighborSettings, PeerGroup, RemoteAs } from '../model';

export interface NeighborConfig extends NeighborSettings {
  /** As configured: an address, the interface name (unnumbered), or the address a dynamic peer came from. */
  peer: string;
  interface: boolean;
  peerGroup?: string;
  /** Created from a `listen range`. */
  dynamic?: boolean;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A neighbour's settings: its peer group's, overridden by its own (FRR inheritance). */
export function effectiveNeighbors(bgp: BgpConfig): NeighborConfig[] {
  return bgp.neighbors.map((n) => {
    const group = n.peerGroup ? bgp.peerGroups.find((g) => g.name === n.peerGroup) : undefined;
    const { name: _name, ...groupSettings } = group ?? ({ name: '' } as PeerGroup);
    return {
      ...defined(groupSettings),
      ...defined(n),
      peer: n.peer,
      interface: n.interface === true,
    };
  });
}

/** The dynamic neighbour a `listen range` creates for a connection from `addr`, if any. */
export function dynamicNeighbor(bgp: BgpConfig, addr: string): NeighborConfig | undefined {
  if (familyOf(addr) !== 4) return undefined;
  for (const lr of bgp.listenRanges) {
    if (familyOf(lr.range) !== 4 || !contains(lr.range, addr)) continue;
    const group = bgp.peerGroups.find((g) => g.name === lr.peerGroup);
    if (!group) continue;
    const { name, ...settings } = group;
    return { ...defined(settings), peer: addr, interface: false, peerGroup: name, dynamic: true };
  }
  return undefined;
}

/** Does `remoteAs` (as configured on a speaker of `localAs`) accept a peer of `peerAs`? */
export function remoteAsMatches(remoteAs: RemoteAs | undefined, localAs: number, peerAs: number) {
  if (remoteAs === undefined) return false;
  if (remoteAs === 'internal') return peerAs === localAs;
  if (remoteAs === 'external') return peerAs !== localAs;
  return remoteAs === peerAs;
}

export function hasInboundPolicy(n: NeighborSettings): boolean {
  return n.routeMapIn !== undefined || n.prefixListIn !== undefined;
}

export function hasOutboundPolicy(n: NeighborSettings): boolean {
  return n.routeMapOut !== undefined || n.prefixListOut !== undefined;
}

/** Daemon- and profile-dependent defaults of one BGP speaker. */
export interface SpeakerDefaults {
  /** RFC 8212 `bgp ebgp-requires-policy`. */
  ebgpRequiresPolicy: boolean;
  deterministicMed: boolean;
  /** FRR `bgp network import-check`: `network P` only when P is in the routing table. */
  importCheck: boolean;
  /** FRR does not resolve next hops via the default route; BIRD does. GoBGP checks nothing. */
  nextHopCheck: 'frr' | 'bird' | 'none';
  /** What goes into the kernel: FRR best+multipath, BIRD best (ECMP with merge paths), GoBGP none. */
  install: 'multipath' | 'best' | 'none';
  /** Accepts incoming TCP connections (Cilium's GoBGP runs with port -1). */
  listens: boolean;
  /** FRR's tie-break keeping the older of two eBGP paths (BIRD has none). */
  olderPathRule: boolean;
  /** FRR weight and its "Local Route" step. */
  frrSteps: boolean;
  /**
   * Single-hop eBGP is sent with TTL 1. MetalLB's native speaker (Cilium's legacy BGP) sets no
   * TTL, so its eBGP peers may be several hops away.
   */
  ebgpTtlOne: boolean;
  /**
   * MetalLB's speaker (Cilium's legacy BGP) only announces: it ignores every UPDATE it receives,
   * so it neither learns nor passes on routes. Optional: absent means false.
   */
  ignoresReceived?: boolean;
}

export function speakerDefaults(
  daemon: Daemon,
  bgp: BgpConfig,
  mergePaths: boolean,
  metallb = false,
): SpeakerDefaults {
  const frrLike = daemon === 'frr' || daemon === 'vyos';
  const datacenter = bgp.profile === 'datacenter';
  return {
    // VyOS renders `no bgp ebgp-requires-policy` unless asked; FRR's traditional profile has it on.
    ebgpRequiresPolicy: frrLike && (bgp.ebgpRequiresPolicy ?? (daemon === 'frr' && !datacenter)),
    deterministicMed: bgp.bestpath?.deterministicMed ?? (frrLike && datacenter),
    importCheck: frrLike,
    nextHopCheck: frrLike ? 'frr' : daemon === 'bird' ? 'bird' : 'none',
    install: frrLike
      ? 'multipath'
      : daemon === 'bird'
        ? mergePaths
          ? 'multipath'
          : 'best'
        : 'none',
    listens: daemon !== 'gobgp',
    olderPathRule: frrLike,
    frrSteps: frrLike,
    ebgpTtlOne: !metallb,
    ignoresReceived: metallb,
  };
}
