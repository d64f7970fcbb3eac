/**
 * The routelab lab model: the single source of truth that the engine, every exporter and the UI
 * read, and that importers produce. Plain, JSON-serialisable data only.
 *
 * Devices are keyed by their unique `name`; links, neighbours and layout refer to devices by name
 * (renaming goes through `renameDevice`, which rewrites every reference).
 * Addresses are strings in CIDR form on interfaces ("10.0.1.1/24") and plain form elsewhere.
 */

export const SCHEMA_VERSION = 1;

export interface Lab {
  schemaVersion: number;
  name: string;
  description?: string;
  devices: Device[];
  /** Every link joins exactly two interfaces; an L2 segment is a `bridge` device with one link per member. */
  links: Link[];
  clusters: Cluster[];
  /** Claims about what the fabric must do, checked by the engine and by the real lab. */
  expectations: Expectation[];
  /** Canvas facts, kept apart from network facts: the engine and exporters never read them. */
  layout: Layout;
}

// ---------------------------------------------------------------- devices

export type DeviceKind = 'router' | 'k8s-node' | 'host' | 'bridge';
/** The routing daemon a router (or a node's own BGP speaker) runs; it fixes the semantics. */
export type Daemon = 'frr' | 'bird' | 'vyos' | 'gobgp';
/** What the device is for; drives palette icons, layout layers and exporter defaults. */
export type Role =
  'super-spine' | 'spine' | 'leaf' | 'router' | 'route-reflector' | 'node' | 'client' | 'bridge';

interface DeviceBase {
  name: string;
  description?: string;
  role?: Role;
  interfaces: Interface[];
  staticRoutes: StaticRoute[];
  /** Free-form labels (Kubernetes node labels such as `rack=rack0`, containerlab labels). */
  labels: Record<string, string>;
  /** Administratively down: the device forwards nothing and all its sessions are down. */
  down?: boolean;
  /** Config lines an importer could not model, kept verbatim so export can write them back. */
  unmodelled?: UnmodelledLine[];
}

export interface Router extends DeviceBase {
  kind: 'router';
  daemon: Daemon;
  bgp?: BgpConfig;
  /** BIRD only: what `protocol kernel` exports to the FIB. */
  kernel?: KernelProtocol;
}

export interface K8sNode extends DeviceBase {
  kind: 'k8s-node';
  /** Name of the `Cluster` this node belongs to; the CNI comes from the cluster. */
  cluster: string;
  k8sRole: 'control-plane' | 'worker';
  /** Explicit pod CIDRs; when absent the node gets the next block of the cluster pool (see addressing). */
  podCidrs?: string[];
  /** Pods as endpoints; when absent the node has one pod at the first host address of each pod CIDR. */
  pods?: Pod[];
  /**
   * A BGP speaker run on the node by hand (e.g. BIRD beside Cilium). When absent, the node's BGP
   * comes from its cluster's CNI configuration (see `nodeBgp`).
   */
  bgp?: BgpConfig;
  daemon?: Daemon;
  kernel?: KernelProtocol;
}

export interface Host extends DeviceBase {
  kind: 'host';
}

export interface Bridge extends DeviceBase {
  kind: 'bridge';
}

export type Device = Router | K8sNode | Host | Bridge;

export interface Pod {
  name: string;
  address: string;
}

export interface UnmodelledLine {
  /** Which file it came from, e.g. `frr.conf`. */
  file: string;
  line: number;
  text: string;
  /** The config section it stood in (e.g. `router bgp 65000`), so export can put it back there. */
  context?: string;
}

export interface Interface {
  name: string;
  /** CIDR strings, IPv4 and/or IPv6 ("10.0.1.1/24", "fd00::1/64"). */
  addresses: string[];
  /** Loopback-like: not attached to any link (`lo`, or a dummy/ifb interface). */
  loopback?: boolean;
  /** Unnumbered: IPv6 link-local only; BGP peers over it with `neighbor IFACE interface`. */
  unnumbered?: boolean;
  description?: string;
}

export interface StaticRoute {
  prefix: string;
  /** Next-hop address. */
  via?: string;
  /** Outgoing interface (alone: directly connected; with `via`: the resolution interface). */
  interface?: string;
  blackhole?: boolean;
  distance?: number;
}

export interface KernelProtocol {
  /** `merge paths on`: install ECMP into the kernel (BIRD installs one path otherwise). */
  mergePaths?: boolean;
  /** Route-map (rendered as a BIRD filter) applied on export to the kernel; absent = all. */
  exportFilter?: string;
}

// ---------------------------------------------------------------- links

export interface Endpoint {
  device: string;
  interface: string;
}

export interface Link {
  /** Stable id, unique within the lab (e.g. "tor0:eth1--router0:net0"). */
  id: string;
  a: Endpoint;
  b: Endpoint;
  /** Failed by the user (what-if); a down link carries nothing. */
  down?: boolean;
}

// ---------------------------------------------------------------- BGP

export type RemoteAs = number | 'internal' | 'external';

/** Settings a neighbour may set itself or inherit from its peer group (FRR semantics). */
export interface NeighborSettings {
  remoteAs?: RemoteAs;
  description?: string;
  /** Interface name or address the session is sourced from. */
  updateSource?: string;
  ebgpMultihop?: number;
  disableConnectedCheck?: boolean;
  /** true: `next-hop-self`; 'force': `next-hop-self force` (also for reflected routes). */
  nextHopSelf?: boolean | 'force';
  routeReflectorClient?: boolean;
  defaultOriginate?: boolean;
  /** `allowas-in N`: accept paths that contain our AS up to N times. */
  allowasIn?: number;
  routeMapIn?: string;
  routeMapOut?: string;
  prefixListIn?: string;
  prefixListOut?: string;
  /** `neighbor X shutdown`. */
  shutdown?: boolean;
  /** Does not open the connection; waits for the peer. */
  passive?: boolean;
  timers?: BgpTimers;
  /** Whether the IPv4 unicast address family is activated (FRR default true). */
  activate?: boolean;
}

export interface Neighbor extends NeighborSettings {
  /** Peer address, or the interface name when `interface` is set (unnumbered). */
  peer: string;
  /** `neighbor IFACE interface`: BGP unnumbered over that interface. */
  interface?: boolean;
  peerGroup?: string;
}

export interface PeerGroup extends NeighborSettings {
  name: string;
}

export interface ListenRange {
  /** e.g. "10.0.5.0/24" */
  range: string;
  peerGroup: string;
}

export interface BgpTimers {
  keepalive: number;
  hold: number;
}

export interface Redistribute {
  source: 'connected' | 'static' | 'kernel';
  routeMap?: string;
}

export interface Aggregate {
  prefix: string;
  summaryOnly?: boolean;
}

export interface BestpathOptions {
  asPathMultipathRelax?: boolean;
  compareRouterId?: boolean;
  alwaysCompareMed?: boolean;
  /** Absent: the profile default (datacenter: on, traditional: off). */
  deterministicMed?: boolean;
}

export interface BgpConfig {
  asn: number;
  routerId?: string;
  /** Route-reflector cluster id; absent = router-id. */
  clusterId?: string;
  /** `frr defaults traditional|datacenter`. */
  profile?: 'traditional' | 'datacenter';
  /** RFC 8212; absent = the profile default (traditional: true, datacenter: false). */
  ebgpRequiresPolicy?: boolean;
  bestpath?: BestpathOptions;
  /** `maximum-paths N` (eBGP); absent = the daemon default (FRR on Debian: 256). */
  maximumPaths?: number;
  /** `maximum-paths ibgp N`. */
  maximumPathsIbgp?: number;
  peerGroups: PeerGroup[];
  neighbors: Neighbor[];
  listenRanges: ListenRange[];
  /** `network P` statements (originated only while P is in the routing table). */
  networks: string[];
  redistribute: Redistribute[];
  aggregates: Aggregate[];
  timers?: BgpTimers;
  /** Policy objects referenced by name from neighbours and redistribution. */
  prefixLists: PrefixList[];
  routeMaps: RouteMap[];
  communityLists: CommunityList[];
  asPathLists: AsPathList[];
}

// ---------------------------------------------------------------- policy

export interface PrefixListEntry {
  seq: number;
  action: 'permit' | 'deny';
  prefix: string;
  ge?: number;
  le?: number;
}

export interface PrefixList {
  name: string;
  entries: PrefixListEntry[];
}

export interface CommunityList {
  name: string;
  entries: { action: 'permit' | 'deny'; community: string }[];
}

export interface AsPathList {
  name: string;
  /** FRR `bgp as-path access-list NAME permit|deny REGEX`. */
  entries: { action: 'permit' | 'deny'; regex: string }[];
}

export interface RouteMapMatch {
  prefixList?: string;
  communityList?: string;
  asPathList?: string;
}

export interface RouteMapSet {
  localPref?: number;
  med?: number;
  weight?: number;
  /** ASNs prepended, leftmost first. */
  asPathPrepend?: number[];
  /** Communities as "65000:100"; `additive` keeps existing ones. */
  community?: { values: string[]; additive?: boolean };
  nextHopSelf?: boolean;
}

export interface RouteMapEntry {
  seq: number;
  action: 'permit' | 'deny';
  match: RouteMapMatch;
  set: RouteMapSet;
}

/** A route-map; BIRD devices use the same object, rendered as a BIRD filter. */
export interface RouteMap {
  name: string;
  entries: RouteMapEntry[];
}

// ---------------------------------------------------------------- Kubernetes

export type Cni = 'cilium' | 'calico';

/** Which Cilium BGP API the cluster's resources use. */
export type CiliumBgpApi = 'none' | 'legacy-metallb' | 'peering-policy' | 'bgpv2';

/**
 * A BGP policy for the nodes matching `nodeSelector`, flavour-neutral: exported as a legacy
 * `bgp-config` peer, a `CiliumBGPPeeringPolicy` virtual router, or BGPv2 resources by `bgpApi`.
 */
export interface CiliumBgpPolicy {
  name: string;
  nodeSelector: Record<string, string>;
  localAsn: number;
  exportPodCidr: boolean;
  /** Announce LoadBalancer IPs of services (all when no selector). */
  advertiseLoadBalancerIps?: boolean;
  neighbors: { peerAddress: string; peerAsn: number; multihop?: number }[];
}

export interface CiliumConfig {
  version: string;
  bgpApi: CiliumBgpApi;
  routingMode: 'native' | 'tunnel';
  /** Routes to other nodes' pod CIDRs on a shared L2 segment. */
  autoDirectNodeRoutes: boolean;
  ipamMode: 'kubernetes' | 'cluster-pool';
  kubeProxyReplacement: boolean;
  policies: CiliumBgpPolicy[];
}

export interface CalicoBgpPeer {
  name: string;
  /** Nodes that peer; empty = all nodes. */
  nodeSelector: Record<string, string>;
  peerIp: string;
  asNumber: number;
}

export interface CalicoConfig {
  asn: number;
  nodeToNodeMesh: boolean;
  /** IPAM block size (default /26). */
  blockSize: number;
  /** Advertise each block (default) or each pod as a /32. */
  advertise: 'blocks' | 'pods';
  peers: CalicoBgpPeer[];
  /** `serviceClusterIPs` advertised by every node. */
  serviceClusterIps: string[];
}

export interface LoadBalancerPool {
  name: string;
  cidr: string;
}

export interface Service {
  name: string;
  namespace?: string;
  type: 'LoadBalancer' | 'ClusterIP';
  /** Assigned address; for LoadBalancer services absent = next free address of the pools. */
  ip?: string;
  /** Nodes that announce it (externalTrafficPolicy Local); absent = every BGP-speaking node. */
  nodes?: string[];
}

export interface Cluster {
  name: string;
  cni: Cni;
  /** Cluster pod pool (kind `podSubnet`, Cilium cluster-pool CIDR, Calico IP pool). */
  podCidr: string;
  /** Per-node pod CIDR size (Cilium mask size, e.g. 24) — Calico uses `calico.blockSize`. */
  podCidrMaskSize: number;
  serviceCidr: string;
  cilium?: CiliumConfig;
  calico?: CalicoConfig;
  loadBalancerPools: LoadBalancerPool[];
  services: Service[];
}

// ---------------------------------------------------------------- expectations

export type Expectation =
  ReachExpectation | RouteExpectation | SessionExpectation | SurvivesExpectation;

interface ExpectationBase {
  name: string;
}

export interface ReachExpectation extends ExpectationBase {
  kind: 'reach';
  /** Device name or `device/pod`. */
  from: string;
  /** Address, device name or `device/pod`. */
  to: string;
  /** Devices the path must cross, in order. */
  via?: string[];
  /** The destination must NOT be reachable. */
  not?: boolean;
}

export interface RouteExpectation extends ExpectationBase {
  kind: 'route';
  device: string;
  prefix: string;
  absent?: boolean;
  /** Exact set of next-hop devices. */
  nextHopDevices?: string[];
  /** Number of installed ECMP next hops. */
  nextHopCount?: number;
  asPath?: number[];
  /** The best path was learned from this device. */
  bestFrom?: string;
}

export interface SessionExpectation extends ExpectationBase {
  kind: 'session';
  a: string;
  b: string;
  state: 'established' | 'down';
}

export interface SurvivesExpectation extends ExpectationBase {
  kind: 'survives';
  /** Fail each single link, or each device with this role. */
  failures: { links: true } | { role: Role };
  /** Names of the expectations that must still hold; absent = all others. */
  expectations?: string[];
}

// ---------------------------------------------------------------- layout

export interface Position {
  x: number;
  y: number;
}

export interface Group {
  name: string;
  label: string;
  kind: 'rack' | 'as' | 'other';
  members: string[];
}

export interface Layout {
  positions: Record<string, Position>;
  groups: Group[];
}
