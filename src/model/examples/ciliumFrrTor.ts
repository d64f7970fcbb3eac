/**
 * Seed 003 (Se7en, 2023-07-08): containerlab FRR router0 over two FRR ToRs, a four-node kind
 * cluster with Cilium 1.12's BGP control plane peering with the ToR loopbacks.
 * Line numbers (l.N) refer to /work/shared/seeds/003_3401cbadb748e04c.txt.
 */
import type { CiliumBgpPolicy, Cluster, Expectation, K8sNode, Lab, Router } from '../types';
import type { ExampleLab, ExampleStep } from './types';
import {
  bgp,
  defaultVia,
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
  router,
  session,
  unnumbered,
} from './build';

const CLUSTER = 'clab-bgp-cplane-demo'; // kind cluster name, l.104

// router0, l.179-199: no `frr defaults` line, so FRR's traditional profile with the
// ebgp-requires-policy default switched off by hand. eth0 (management, NATed to the internet,
// l.180) is not part of the lab.
function router0(): Router {
  return router(
    'router0',
    'frr',
    'router',
    [lo(['10.0.0.0/32']), unnumbered('net0'), unnumbered('net1')],
    {
      staticRoutes: [{ prefix: '10.0.0.0/8', blackhole: true }], // l.182
      bgp: bgp(65000, {
        routerId: '10.0.0.0',
        ebgpRequiresPolicy: false,
        peerGroups: [{ name: 'ROUTERS', remoteAs: 'external', defaultOriginate: true }],
        neighbors: [
          { peer: 'net0', interface: true, peerGroup: 'ROUTERS' },
          { peer: 'net1', interface: true, peerGroup: 'ROUTERS' },
        ],
        redistribute: [{ source: 'connected' }],
      }),
    },
  );
}

// tor0 l.207-231, tor1 l.240-264: `frr defaults datacenter`, iBGP to the servers by address.
function tor(
  name: string,
  asn: number,
  loopback: string,
  third: number,
  servers: string[],
): Router {
  return router(
    name,
    'frr',
    'leaf',
    [
      lo([`${loopback}/32`]),
      unnumbered('net0'),
      ifc('net1', `10.0.${third}.1/24`),
      ifc('net2', `10.0.${third + 1}.1/24`),
    ],
    {
      bgp: bgp(asn, {
        routerId: loopback,
        profile: 'datacenter',
        ebgpRequiresPolicy: false,
        peerGroups: [
          { name: 'ROUTERS', remoteAs: 'external' },
          { name: 'SERVERS', remoteAs: 'internal' },
        ],
        neighbors: [
          { peer: 'net0', interface: true, peerGroup: 'ROUTERS' },
          ...servers.map((peer) => ({ peer, peerGroup: 'SERVERS' })),
        ],
        redistribute: [{ source: 'connected' }],
      }),
    },
  );
}

// Kind nodes l.109-144 (node-ip, rack label), containerlab server0-3 sharing their netns with
// default routes via the ToR, l.266-296. Pod CIDRs: the /24 of each node is what the kube
// controller manager hands out from podSubnet 10.1.0.0/16 (l.108); l.492 places nettool-1
// (10.1.2.185) on worker = server1 and nettool-2 (10.1.3.56) on worker3 = server3. The
// control plane registers first and gets 10.1.0.0/24, leaving 10.1.1.0/24 for worker2.
function server(n: number, kind: string, podCidr: string, pods?: K8sNode['pods']): K8sNode {
  const rackName = n < 2 ? 'rack0' : 'rack1';
  return k8sNode(
    `server${n}`,
    CLUSTER,
    n === 0 ? 'control-plane' : 'worker',
    [ifc('net0', `10.0.${n + 1}.2/24`)],
    {
      description: `kind node ${CLUSTER}-${kind}`,
      labels: { rack: rackName },
      staticRoutes: [defaultVia(`10.0.${n + 1}.1`)],
      podCidrs: [podCidr],
      ...(pods ? { pods } : {}),
    },
  );
}

// l.395-420
const policies: CiliumBgpPolicy[] = [
  {
    name: 'rack0',
    nodeSelector: { rack: 'rack0' },
    localAsn: 65010,
    exportPodCidr: true,
    neighbors: [{ peerAddress: '10.0.0.1/32', peerAsn: 65010 }],
  },
  {
    name: 'rack1',
    nodeSelector: { rack: 'rack1' },
    localAsn: 65011,
    exportPodCidr: true,
    neighbors: [{ peerAddress: '10.0.0.2/32', peerAsn: 65011 }],
  },
];

// values.yaml l.356-370: tunnel disabled (native routing), ipam kubernetes, BGP control plane on;
// Cilium 1.12.1 (l.374). kind's default service subnet.
function cluster(withPolicies: boolean): Cluster {
  return {
    name: CLUSTER,
    cni: 'cilium',
    podCidr: '10.1.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/16',
    cilium: {
      version: '1.12.1',
      bgpApi: 'peering-policy',
      routingMode: 'native',
      autoDirectNodeRoutes: false,
      ipamMode: 'kubernetes',
      kubeProxyReplacement: false,
      policies: withPolicies ? policies : [],
    },
    loadBalancerPools: [],
    services: [],
  };
}

const podCidrs = ['10.1.0.0/24', '10.1.2.0/24', '10.1.1.0/24', '10.1.3.0/24'];
const nettool1 = 'server1/nettool-1';
const nettool2 = 'server3/nettool-2';

function lab(withPolicies: boolean, expectations: Expectation[]): Lab {
  return makeLab('cilium-frr-tor', {
    description:
      'FRR router0 (AS65000) over ToRs tor0 (AS65010) and tor1 (AS65011) with BGP unnumbered; ' +
      'each ToR peers iBGP with its two kind nodes running Cilium 1.12 BGP control plane.',
    devices: [
      router0(),
      tor('tor0', 65010, '10.0.0.1', 1, ['10.0.1.2', '10.0.2.2']),
      tor('tor1', 65011, '10.0.0.2', 3, ['10.0.3.2', '10.0.4.2']),
      server(0, 'control-plane', '10.1.0.0/24'),
      server(1, 'worker', '10.1.2.0/24', [{ name: 'nettool-1', address: '10.1.2.185' }]),
      server(2, 'worker2', '10.1.1.0/24'),
      server(3, 'worker3', '10.1.3.0/24', [{ name: 'nettool-2', address: '10.1.3.56' }]),
    ],
    // l.299-305
    links: [
      link('router0:net0', 'tor0:net0'),
      link('router0:net1', 'tor1:net0'),
      link('tor0:net1', 'server0:net0'),
      link('tor0:net2', 'server1:net0'),
      link('tor1:net1', 'server2:net0'),
      link('tor1:net2', 'server3:net0'),
    ],
    clusters: [cluster(withPolicies)],
    expectations,
    rows: [['router0'], ['tor0', 'tor1'], ['server0', 'server1', 'server2', 'server3']],
    groups: [
      rack('rack0', 'rack0', ['tor0', 'server0', 'server1']),
      rack('rack1', 'rack1', ['tor1', 'server2', 'server3']),
    ],
  });
}

const nodeSessions = (state: 'established' | 'down'): Expectation[] => [
  session('server0', 'tor0', state),
  session('server1', 'tor0', state),
  session('server2', 'tor1', state),
  session('server3', 'tor1', state),
];

const before: ExampleStep = {
  id: 'before-policies',
  title: 'Before the peering policies',
  description:
    'Cilium runs with the BGP control plane enabled but no CiliumBGPPeeringPolicy yet: only ' +
    'router0 and the ToRs talk BGP.',
  whatYouShouldSee: [
    'router0 ↔ tor0 and router0 ↔ tor1 sessions are established over the unnumbered links.',
    'The ToRs’ sessions to the four nodes stay down: no node speaks BGP yet.',
    'router0 has no pod routes (the write-up counts 8 routes, none for 10.1.x.0/24).',
  ],
  lab: lab(false, [
    // l.315: only router0, tor0 and tor1 have sessions; the nodes have none yet
    session('tor0', 'router0', 'established'),
    session('tor1', 'router0', 'established'),
    ...nodeSessions('down'),
    // l.334: router0 has not learned any pod route
    ...podCidrs.map((p) => noRoute('router0', p)),
    // follows from l.334 and router0's blackhole for 10.0.0.0/8 (l.182)
    noReach(nettool1, nettool2),
  ]),
};

const after: ExampleStep = {
  id: 'after-policies',
  title: 'After the peering policies',
  description:
    'CiliumBGPPeeringPolicy rack0/rack1 make each node peer with its ToR loopback and export ' +
    'its pod CIDR.',
  whatYouShouldSee: [
    'Every node has an established iBGP session with its ToR (10.0.0.1 for rack0, 10.0.0.2 for rack1).',
    'router0 has the four pod /24s: 10.1.0.0 and 10.1.2.0 via tor0, 10.1.1.0 and 10.1.3.0 via tor1.',
    'A traceroute from nettool-1 (10.1.2.185) to nettool-2 (10.1.3.56) goes server1 → tor0 → ' +
      'router0 → tor1 → server3; router0 and tor1 answer from their loopbacks (unnumbered uplinks).',
  ],
  lab: lab(true, [
    // l.428: the ToRs now have sessions with the nodes
    ...nodeSessions('established'),
    session('tor0', 'router0', 'established'),
    session('tor1', 'router0', 'established'),
    // l.447: router0 has 12 routes, the 4 extra being the nodes' 10.1.x.0/24
    route('router0', '10.1.0.0/24', ['tor0']),
    route('router0', '10.1.2.0/24', ['tor0']),
    route('router0', '10.1.1.0/24', ['tor1']),
    route('router0', '10.1.3.0/24', ['tor1']),
    // l.498-523: ping works; traceroute server1 cilium_host → tor0 → router0 lo → tor1 lo → server3
    reach(nettool1, nettool2, ['tor0', 'router0', 'tor1']),
  ]),
};

export const ciliumFrrTor: ExampleLab = {
  id: 'cilium-frr-tor',
  title: 'Cilium BGP control plane behind FRR ToRs',
  description:
    'containerlab + kind: an FRR core router, two FRR ToRs with BGP unnumbered uplinks, and a ' +
    'four-node Cilium cluster whose racks peer iBGP with their ToR through CiliumBGPPeeringPolicy.',
  source: {
    file: '003_3401cbadb748e04c.txt',
    title: '使用 Containerlab + Kind 快速部署 Cilium BGP 环境',
    author: 'Se7en',
    date: '2023/07/08 18:00',
  },
  steps: [before, after],
};
