/**
 * Seed 002: Cilium 1.11 legacy BGP (MetalLB-based `bgp-config` ConfigMap) in a production
 * network: nodes in two L2 segments, 10.4.94.0/24 and 10.4.83.0/24; same-segment pod traffic goes
 * node to node (autoDirectNodeRoutes), cross-segment traffic follows the default route through
 * the segment gateways 10.4.94.1 then 10.4.83.1.
 * Line numbers (l.N) refer to /work/shared/seeds/002_1ca35765f4fe5c42.txt.
 *
 * The write-up gives the cluster side only; the network side here is ours, the smallest that
 * matches it: each segment has a router pair holding the peer addresses of the bgp-config —
 * gw94/gw94b 10.4.36.239/.238 (AS64524), gw83/gw83b 10.4.36.250/.251 (AS64512) — the first of
 * each pair being the segment gateway; the gateways join over an unnumbered eBGP link. Node
 * names and addresses (.11/.12) are ours too; the write-up names none.
 */
import type { CiliumBgpPolicy, Cluster, Expectation, K8sNode, Lab, Router } from '../types';
import type { ExampleLab, ExampleStep } from './types';
import {
  bgp,
  bridge,
  defaultVia,
  ifc,
  k8sNode,
  link,
  lo,
  makeLab,
  rack,
  reach,
  route,
  router,
  session,
  unnumbered,
} from './build';

const CLUSTER = 'kubernetes';

interface GatewaySpec {
  name: string;
  asn: number;
  /** The peer address the bgp-config names (l.37-51). */
  loopback: string;
  /** Its address in the segment; the `.1` is the nodes' default gateway. */
  address: string;
  /** The other router of the pair, an iBGP neighbour across the segment. */
  pair: string;
  nodes: { remoteAs: 'internal' | 'external'; ranges: string[] };
  /** The unnumbered link between the two segments' gateways. */
  uplink: boolean;
}

function gateway(g: GatewaySpec): Router {
  return router(
    g.name,
    'frr',
    'leaf',
    [lo([`${g.loopback}/32`]), ifc('eth1', g.address), ...(g.uplink ? [unnumbered('eth2')] : [])],
    {
      bgp: bgp(g.asn, {
        routerId: g.loopback,
        profile: 'datacenter',
        ebgpRequiresPolicy: false,
        // A node's pod CIDR reaches the other segment's gateways twice with equal AS_PATHs
        // (from the node, and via the unnumbered uplink): without compare-routerid FRR keeps
        // whichever arrived first ("Older Path"), which changed between real runs (gw94,
        // ex-cilium-legacy-bgp-main, 2026-11-23). Our invented gateways decide by router-id.
        bestpath: { compareRouterId: true },
        peerGroups: [
          {
            name: 'NODES',
            remoteAs: g.nodes.remoteAs,
            updateSource: 'lo',
            // nodes of the other segment peer with this loopback from up to three hops away
            ...(g.nodes.remoteAs === 'external' ? { ebgpMultihop: 3 } : {}),
          },
          ...(g.uplink ? [{ name: 'FABRIC', remoteAs: 'external' as const }] : []),
        ],
        listenRanges: g.nodes.ranges.map((range) => ({ range, peerGroup: 'NODES' })),
        neighbors: [
          { peer: g.pair, remoteAs: 'internal', nextHopSelf: true },
          ...(g.uplink ? [{ peer: 'eth2', interface: true, peerGroup: 'FABRIC' }] : []),
        ],
        redistribute: [{ source: 'connected' }],
      }),
    },
  );
}

const seg94 = { remoteAs: 'external' as const, ranges: ['10.4.94.0/24', '10.4.83.0/24'] };
const seg83 = { remoteAs: 'internal' as const, ranges: ['10.4.83.0/24'] };

function node(
  name: string,
  addr: string,
  gw: string,
  podCidr: string,
  labels: Record<string, string>,
  pods?: K8sNode['pods'],
): K8sNode {
  return k8sNode(
    name,
    CLUSTER,
    name === 'node94-1' ? 'control-plane' : 'worker',
    [ifc('eth1', addr)],
    {
      labels,
      // l.141: pod CIDRs of the other segment follow the default route
      staticRoutes: [defaultVia(gw)],
      podCidrs: [podCidr],
      ...(pods ? { pods } : {}),
    },
  );
}

/**
 * The ConfigMap's peers (l.36-58) as policies. MetalLB gives each peer its own `my-asn`; a
 * node's BGP in the model has one AS, taken from the first policy that selects it, so the
 * bgp-peer-83 policy comes first: those nodes then speak AS64512 to every peer (the real
 * speaker would use 64513 towards 10.4.36.239/.238, which gw94 accepts as external either way).
 */
const policies: CiliumBgpPolicy[] = [
  {
    name: 'bgp-peer-83',
    nodeSelector: { 'kubernetes/route': 'bgp-peer-83' },
    localAsn: 64512,
    exportPodCidr: true,
    advertiseLoadBalancerIps: true,
    neighbors: [
      { peerAddress: '10.4.36.250', peerAsn: 64512 },
      { peerAddress: '10.4.36.251', peerAsn: 64512 },
    ],
  },
  {
    name: 'all-nodes',
    nodeSelector: {},
    localAsn: 64513,
    exportPodCidr: true,
    advertiseLoadBalancerIps: true,
    neighbors: [
      { peerAddress: '10.4.36.239', peerAsn: 64524 },
      { peerAddress: '10.4.36.238', peerAsn: 64524 },
    ],
  },
];

// values.yaml l.71-133: autoDirectNodeRoutes, bgp announce loadbalancerIP + podCIDR,
// cluster-pool 10.5.112.0/21 with /24 per node, strict kube-proxy replacement, tunnel disabled.
// The address pool (l.59-63) is the same 10.5.112.0/21, as written. Service CIDR: kubeadm's.
const cluster: Cluster = {
  name: CLUSTER,
  cni: 'cilium',
  podCidr: '10.5.112.0/21',
  podCidrMaskSize: 24,
  serviceCidr: '10.96.0.0/12',
  cilium: {
    version: '1.11.9',
    bgpApi: 'legacy-metallb',
    routingMode: 'native',
    autoDirectNodeRoutes: true,
    ipamMode: 'cluster-pool',
    kubeProxyReplacement: true,
    policies,
  },
  loadBalancerPools: [{ name: 'default', cidr: '10.5.112.0/21' }],
  services: [],
};

const peer83 = { 'kubernetes/route': 'bgp-peer-83' };
const src = 'node94-1/node94-1-pod';

function lab(expectations: Expectation[]): Lab {
  return makeLab('cilium-legacy-bgp', {
    description:
      'Cilium 1.11 legacy BGP: nodes in two L2 segments (10.4.94.0/24, 10.4.83.0/24) announce ' +
      'their pod /24s; peers are chosen per node by the bgp-config node selectors.',
    devices: [
      // prettier-ignore
      ...[
        { name: 'gw94', asn: 64524, loopback: '10.4.36.239', address: '10.4.94.1/24', pair: '10.4.94.2', nodes: seg94, uplink: true },
        { name: 'gw94b', asn: 64524, loopback: '10.4.36.238', address: '10.4.94.2/24', pair: '10.4.94.1', nodes: seg94, uplink: false },
        { name: 'gw83', asn: 64512, loopback: '10.4.36.250', address: '10.4.83.1/24', pair: '10.4.83.2', nodes: seg83, uplink: true },
        { name: 'gw83b', asn: 64512, loopback: '10.4.36.251', address: '10.4.83.2/24', pair: '10.4.83.1', nodes: seg83, uplink: false },
      ].map(gateway),
      bridge('seg94', ['seg94-gw', 'seg94-gwb', 'seg94-n1', 'seg94-n2'], 'L2 segment 10.4.94.0/24'),
      bridge('seg83', ['seg83-gw', 'seg83-gwb', 'seg83-n1', 'seg83-n2'], 'L2 segment 10.4.83.0/24'),
      // The two traceroute targets (l.143, l.149) fix 10.5.114.0/24 in the source's segment and
      // 10.5.119.0/24 in the other; the other two /24s are ours.
      node('node94-1', '10.4.94.11/24', '10.4.94.1', '10.5.112.0/24', {}),
      node('node94-2', '10.4.94.12/24', '10.4.94.1', '10.5.114.0/24', {}),
      node('node83-1', '10.4.83.11/24', '10.4.83.1', '10.5.119.0/24', peer83, [
        { name: 'pod-119-30', address: '10.5.119.30' },
      ]),
      node('node83-2', '10.4.83.12/24', '10.4.83.1', '10.5.113.0/24', peer83),
    ],
    links: [
      link('gw94:eth2', 'gw83:eth2'),
      link('gw94:eth1', 'seg94:seg94-gw'),
      link('gw94b:eth1', 'seg94:seg94-gwb'),
      link('node94-1:eth1', 'seg94:seg94-n1'),
      link('node94-2:eth1', 'seg94:seg94-n2'),
      link('gw83:eth1', 'seg83:seg83-gw'),
      link('gw83b:eth1', 'seg83:seg83-gwb'),
      link('node83-1:eth1', 'seg83:seg83-n1'),
      link('node83-2:eth1', 'seg83:seg83-n2'),
    ],
    clusters: [cluster],
    expectations,
    rows: [
      ['gw94', 'gw94b', 'gw83', 'gw83b'],
      ['seg94', 'seg83'],
      ['node94-1', 'node94-2', 'node83-1', 'node83-2'],
    ],
    groups: [
      rack('seg94', '10.4.94.0/24', ['gw94', 'gw94b', 'seg94', 'node94-1', 'node94-2']),
      rack('seg83', '10.4.83.0/24 · bgp-peer-83', [
        'gw83',
        'gw83b',
        'seg83',
        'node83-1',
        'node83-2',
      ]),
    ],
  });
}

const main: ExampleStep = {
  id: 'main',
  title: 'Two segments, peers by node selector',
  description:
    'All nodes peer with 10.4.36.239/.238 (AS64524, local AS64513); nodes labelled ' +
    'kubernetes/route=bgp-peer-83 also peer with 10.4.36.250/.251 (AS64512, iBGP).',
  whatYouShouldSee: [
    'node94-1 and node94-2 get two peers (10.4.36.239, 10.4.36.238); node83-1 and node83-2 get four.',
    'traceroute to 10.5.114.1 (same segment) goes straight to node94-2: autoDirectNodeRoutes.',
    'traceroute to 10.5.119.30 (other segment) goes through 10.4.94.1 and then 10.4.83.1.',
    'In the write-up the second gateway answers from 10.4.83.1; a Linux router with an ' +
      'unnumbered uplink answers from its loopback instead.',
  ],
  lab: lab([
    // l.30 and l.141: the nodes peer with the network devices and announce their pod CIDRs
    session('node94-1', 'gw94', 'established'),
    session('node83-1', 'gw83', 'established'),
    // l.141: same-segment pod CIDRs are routed to the owning host
    route('node94-1', '10.5.114.0/24', ['node94-2']),
    // l.142-147
    reach(src, '10.5.114.1'),
    // l.148-155
    reach(src, '10.5.119.30', ['gw94', 'gw83']),
  ]),
};

export const ciliumLegacyBgp: ExampleLab = {
  id: 'cilium-legacy-bgp',
  title: 'Cilium 1.11 legacy BGP across two L2 segments',
  description:
    'Cilium’s MetalLB-based bgp-config: global peers plus peers only for nodes labelled ' +
    'kubernetes/route=bgp-peer-83, cluster-pool IPAM with a /24 per node, autoDirectNodeRoutes.',
  source: { file: '002_1ca35765f4fe5c42.txt', title: 'cilium 路由介绍' },
  steps: [main],
};
