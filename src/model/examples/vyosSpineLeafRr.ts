/**
 * Seed 001 (2025-07-02): VyOS 1.5 spines and leaves in four ASes, leaves reflecting for their
 * rack's kind nodes, Cilium 1.17 BGP peering policies per rack, a client behind spine02.
 * Line numbers (l.N) refer to /work/shared/seeds/001_5d596cb568938c3d.txt.
 *
 * VyOS renders `no bgp ebgp-requires-policy` unless `parameters ebgp-requires-policy` is set
 * (vyos-1x data/templates/frr/bgpd.frr.j2), hence `ebgpRequiresPolicy: false` on every router.
 */
import type { CiliumBgpPolicy, Cluster, Device, Expectation, K8sNode, Lab, Router } from '../types';
import type { ExampleLab, ExampleStep } from './types';
import {
  bgp,
  bridge,
  defaultVia,
  host,
  ifc,
  k8sNode,
  link,
  lo,
  makeLab,
  noReach,
  noRoute,
  rack,
  reach,
  route,
  routeCount,
  router,
  session,
} from './build';

const CLUSTER = 'cilium-bgp'; // kind --name, l.78

// spine01 l.284-304, spine02 l.312-336
function spine(
  name: string,
  asn: number,
  routerId: string,
  addrs: string[],
  peers: [string, number][],
  networks: string[],
): Router {
  return router(name, 'vyos', 'spine', [lo([]), ...addrs.map((a, i) => ifc(`eth${i + 1}`, a))], {
    bgp: bgp(asn, {
      routerId,
      ebgpRequiresPolicy: false,
      neighbors: peers.map(([peer, remoteAs]) => ({ peer, remoteAs })),
      networks,
    }),
  });
}

/**
 * A leaf (leaf01 l.345-391, leaf02 l.410-455). The write-up first lists each node as a
 * `route-reflector-client` neighbour, then (§5.2, l.477-492) the same with a peer group: named
 * neighbours (方案1) or a listen range (方案2). leaf01 uses the named neighbours and leaf02 the
 * listen range, so the lab shows both forms; the sessions and routes are the same.
 */
function leaf(
  name: string,
  asn: number,
  rack: number,
  /** [interface, address, spine address, spine AS] */
  uplinks: [string, string, string, number][],
  multipath: boolean,
): Router {
  const subnet = `10.0.${rack}.0/24`;
  const nodes = [`10.0.${rack}.11`, `10.0.${rack}.12`];
  const dynamic = name === 'leaf02';
  return router(
    name,
    'vyos',
    'leaf',
    [lo([]), ifc('eth1', `10.0.${rack}.1/24`), ...uplinks.map(([i, a]) => ifc(i, a))],
    {
      bgp: bgp(asn, {
        routerId: `10.0.${rack}.1`,
        ebgpRequiresPolicy: false,
        peerGroups: [{ name: 'RR-CLIENTS', remoteAs: asn, routeReflectorClient: true }],
        neighbors: [
          ...uplinks.map(([, , peer, remoteAs]) => ({ peer, remoteAs })),
          ...(dynamic ? [] : nodes.map((peer) => ({ peer, peerGroup: 'RR-CLIENTS' }))),
        ],
        listenRanges: dynamic ? [{ range: subnet, peerGroup: 'RR-CLIENTS' }] : [],
        networks: [subnet],
        // l.389-391 / l.453-455, commented out in the write-up: the third step switches them on
        ...(multipath ? { bestpath: { asPathMultipathRelax: true }, maximumPaths: 2 } : {}),
      }),
    },
  );
}

// Kind nodes l.87-124 (node-ip, rack label), their containerlab side l.192-222.
function node(
  name: string,
  addr: string,
  gw: string,
  rackName: string,
  podCidr: string,
  pod: [string, string],
): K8sNode {
  return k8sNode(
    name,
    CLUSTER,
    name === 'control-plane' ? 'control-plane' : 'worker',
    [ifc('net0', addr)],
    {
      description: `kind node ${CLUSTER}-${name}`,
      labels: { rack: rackName },
      staticRoutes: [defaultVia(gw)],
      podCidrs: [podCidr],
      pods: [{ name: pod[0], address: pod[1] }],
    },
  );
}

// l.667-703. The write-up writes the peer addresses as 10.0.5.1/24 and 10.0.10.1/24; Cilium
// documents peerAddress as a /32 ("use a /32 to express a single host") and only the address
// counts, so they are /32 here (routelab's validation rejects other lengths).
const policies: CiliumBgpPolicy[] = [
  {
    name: 'rack0-65005',
    nodeSelector: { rack: 'rack0' },
    localAsn: 65005,
    exportPodCidr: true,
    neighbors: [{ peerAddress: '10.0.5.1/32', peerAsn: 65005 }],
  },
  {
    name: 'rack1-65010',
    nodeSelector: { rack: 'rack1' },
    localAsn: 65010,
    exportPodCidr: true,
    neighbors: [{ peerAddress: '10.0.10.1/32', peerAsn: 65010 }],
  },
];

// kind networking l.80-85; helm values l.574-581 (native routing, ipam kubernetes, kube-proxy
// replacement, BGP control plane; autoDirectNodeRoutes is only discussed, not set).
function cluster(withPolicies: boolean): Cluster {
  return {
    name: CLUSTER,
    cni: 'cilium',
    podCidr: '10.1.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    cilium: {
      version: '1.17.4',
      bgpApi: 'peering-policy',
      routingMode: 'native',
      autoDirectNodeRoutes: false,
      ipamMode: 'kubernetes',
      kubeProxyReplacement: true,
      policies: withPolicies ? policies : [],
    },
    loadBalancerPools: [],
    services: [],
  };
}

const gwmdh = 'control-plane/test-client-gwmdh'; // 10.1.0.174
const ggxw8 = 'worker2/test-client-ggxw8'; // 10.1.2.191

// Spines l.284-336, leaves l.345-455 ([interface, address, spine address, spine AS]), bridges and
// nodes l.142-229 (pods and pod CIDRs l.625-629, l.717-720), the client l.224-229.
// prettier-ignore
function devices(multipath: boolean): Device[] {
  return [
    spine('spine01', 500, '10.0.101.1', ['10.0.101.1/24', '10.0.104.1/24'], [['10.0.101.2', 65005], ['10.0.104.2', 65010]], []),
    spine('spine02', 1000, '10.0.102.1', ['10.0.102.1/24', '10.0.103.1/24', '192.168.0.1/24'], [['10.0.102.2', 65010], ['10.0.103.2', 65005]], ['192.168.0.0/24']),
    leaf('leaf01', 65005, 5, [['eth2', '10.0.101.2/24', '10.0.101.1', 500], ['eth3', '10.0.103.2/24', '10.0.103.1', 1000]], multipath),
    leaf('leaf02', 65010, 10, [['eth2', '10.0.102.2/24', '10.0.102.1', 1000], ['eth3', '10.0.104.2/24', '10.0.104.1', 500]], multipath),
    bridge('leaf01-br', ['leaf01-br-eth1', 'leaf01-br-eth2', 'leaf01-br-eth3']),
    bridge('leaf02-br', ['leaf02-br-eth1', 'leaf02-br-eth2', 'leaf02-br-eth3']),
    node('control-plane', '10.0.5.11/24', '10.0.5.1', 'rack0', '10.1.0.0/24', ['test-client-gwmdh', '10.1.0.174']),
    node('worker', '10.0.5.12/24', '10.0.5.1', 'rack0', '10.1.3.0/24', ['test-client-wpvb7', '10.1.3.219']),
    node('worker2', '10.0.10.11/24', '10.0.10.1', 'rack1', '10.1.2.0/24', ['test-client-ggxw8', '10.1.2.191']),
    node('worker3', '10.0.10.12/24', '10.0.10.1', 'rack1', '10.1.1.0/24', ['test-client-7fc26', '10.1.1.239']),
    host('client', [ifc('net0', '192.168.0.2/24')], { staticRoutes: [defaultVia('192.168.0.1')] }),
  ];
}

function lab(withPolicies: boolean, multipath: boolean, expectations: Expectation[]): Lab {
  return makeLab('vyos-spine-leaf-rr', {
    description:
      'VyOS spine01 (AS500) and spine02 (AS1000) over leaf01 (AS65005) and leaf02 (AS65010); ' +
      'each leaf reflects routes for its rack of Cilium kind nodes; a client behind spine02.',
    devices: devices(multipath),
    // l.232-246
    links: [
      link('control-plane:net0', 'leaf01-br:leaf01-br-eth1'),
      link('worker:net0', 'leaf01-br:leaf01-br-eth2'),
      link('worker2:net0', 'leaf02-br:leaf02-br-eth1'),
      link('worker3:net0', 'leaf02-br:leaf02-br-eth2'),
      link('leaf01:eth2', 'spine01:eth1'),
      link('leaf01:eth3', 'spine02:eth2'),
      link('leaf01:eth1', 'leaf01-br:leaf01-br-eth3'),
      link('leaf02:eth2', 'spine02:eth1'),
      link('leaf02:eth3', 'spine01:eth2'),
      link('leaf02:eth1', 'leaf02-br:leaf02-br-eth3'),
      link('client:net0', 'spine02:eth3'),
    ],
    clusters: [cluster(withPolicies)],
    expectations,
    rows: [
      ['spine01', 'spine02', 'client'],
      ['leaf01', 'leaf02'],
      ['leaf01-br', 'leaf02-br'],
      ['control-plane', 'worker', 'worker2', 'worker3'],
    ],
    groups: [
      rack('rack0', 'rack0 · AS65005', ['leaf01', 'leaf01-br', 'control-plane', 'worker']),
      rack('rack1', 'rack1 · AS65010', ['leaf02', 'leaf02-br', 'worker2', 'worker3']),
    ],
  });
}

const podCidrs = ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24'];
const nodeSessions: [string, string][] = [
  ['control-plane', 'leaf01'],
  ['worker', 'leaf01'],
  ['worker2', 'leaf02'],
  ['worker3', 'leaf02'],
];

// After the policies (l.706-797); shared by the last two steps.
const afterExpectations: Expectation[] = [
  // l.746-747: a rack0 node's session to 10.0.5.1 is established (6 received, 1 advertised);
  // l.731-734 show every rack's pod CIDR arriving, so every node's session is up
  ...nodeSessions.map(([a, b]) => session(a, b, 'established')),
  // l.731-734: spine01 has all four pod /24s
  route('spine01', '10.1.0.0/24', ['leaf01']),
  route('spine01', '10.1.3.0/24', ['leaf01']),
  route('spine01', '10.1.1.0/24', ['leaf02']),
  route('spine01', '10.1.2.0/24', ['leaf02']),
  // l.717 and l.720: leaf01 reaches its own rack's pods through the nodes
  route('leaf01', '10.1.0.0/24', ['control-plane']),
  route('leaf01', '10.1.3.0/24', ['worker']),
  // l.753: pods in the other AS now answer; l.776: a pod pings the client; l.788: and back
  reach(gwmdh, ggxw8),
  reach(gwmdh, '192.168.0.2'),
  reach('client', gwmdh),
];

const before: ExampleStep = {
  id: 'before-policies',
  title: 'Before the peering policies',
  description:
    'The underlay runs (spines, leaves, the client network); Cilium is installed but no node ' +
    'speaks BGP yet.',
  whatYouShouldSee: [
    'traceroute 10.0.5.11 → 10.0.10.11 reads 10.0.5.1, 10.0.101.1, 10.0.104.2, 10.0.10.11.',
    'spine01 knows 10.0.5.0/24 and 10.0.10.0/24 but no pod /24.',
    'A pod on control-plane cannot reach a pod on worker2 (the other AS).',
  ],
  lab: lab(false, false, [
    // l.544-549 shows the path through spine01. Which spine leaf01 uses is an FRR "Older Path"
    // tie (both eBGP, no compare-routerid): it depends on which UPDATE arrived first, and the
    // real-daemon runs here went either way — so the claim names only what is certain.
    reach('control-plane', '10.0.10.11', ['leaf01', 'leaf02']),
    // l.653-661
    route('spine01', '10.0.5.0/24', ['leaf01']),
    route('spine01', '10.0.10.0/24', ['leaf02']),
    ...podCidrs.map((p) => noRoute('spine01', p)),
    // l.639-645
    noReach(gwmdh, ggxw8),
  ]),
};

const after: ExampleStep = {
  id: 'after-policies',
  title: 'After the peering policies',
  description:
    'CiliumBGPPeeringPolicy rack0-65005 / rack1-65010 make the nodes peer with their leaf, ' +
    'which reflects their pod CIDRs to the rack and passes them to both spines.',
  whatYouShouldSee: [
    'A rack0 node’s session to 10.0.5.1 is established: 6 prefixes received, 1 advertised.',
    'spine01 has all four pod /24s (10.1.0.0 and 10.1.3.0 via leaf01, 10.1.1.0 and 10.1.2.0 via leaf02).',
    'leaf01 reaches rack1’s pods through one spine only.',
    'Pods reach pods in the other rack, the client 192.168.0.2 reaches a pod and back.',
  ],
  lab: lab(true, false, [
    ...afterExpectations,
    // l.718-719: one next hop (spine01 in the write-up's run; which spine wins is the older path)
    routeCount('leaf01', '10.1.1.0/24', 1),
    routeCount('leaf01', '10.1.2.0/24', 1),
  ]),
};

const multipath: ExampleStep = {
  id: 'multipath-relax',
  title: 'multipath-relax + maximum-paths 2',
  description:
    'The two commented-out lines of each leaf switched on: `bestpath as-path multipath-relax` ' +
    'and `multipath ebgp maximum-paths 2`, so paths through AS500 and AS1000 share the load.',
  whatYouShouldSee: ['leaf01 reaches rack1’s pods through both spines (ECMP).'],
  lab: lab(true, true, [
    ...afterExpectations,
    // l.388-391: equal paths from neighbours in different ASes all become best, up to 2
    route('leaf01', '10.1.1.0/24', ['spine01', 'spine02'], true),
    route('leaf01', '10.1.2.0/24', ['spine01', 'spine02'], true),
  ]),
};

export const vyosSpineLeafRr: ExampleLab = {
  id: 'vyos-spine-leaf-rr',
  title: 'VyOS spine/leaf with leaves as route reflectors',
  description:
    'containerlab + kind: two VyOS spines and two VyOS leaves in four ASes; each leaf is the ' +
    'route reflector of its rack of Cilium nodes; a client behind spine02 reaches the pods.',
  source: {
    file: '001_5d596cb568938c3d.txt',
    title: 'Cilium: 构建跨 BGP AS 域的 Kubernetes 集群网络',
    date: '2025-07-02 10:14:07',
  },
  steps: [before, after, multipath],
};
