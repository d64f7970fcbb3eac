/**
 * Seed 004 (我爱西红柿, 2022-03-23): four Calico nodes in two subnets joined by a VM running BIRD
 * as route reflector, all in AS63400 with the node-to-node mesh off; variants hand out an
 * aggregate instead of reflecting, advertise per-pod /32s, and advertise the service CIDR.
 * Line numbers (l.N) refer to /work/shared/seeds/004_3fbfdf407ef4ba50.txt.
 *
 * Modelling notes:
 * - The router's `source address 192.168.0.40` (template, l.238) is kept on the peer group; the
 *   sessions to 192.168.2.x nodes, which peer with 192.168.2.16 (l.343), source from that
 *   address instead: BIRD 2 only accepts a connection on the local address it is configured
 *   with, while the write-up's BIRD 1.6 image (ibhde/bird4, l.267) did not check it.
 * - The router's default route via 192.168.2.1 (l.434) and the nodes' via 192.168.0.1/192.168.2.1
 *   lead out of the lab and are left out.
 * - Which node runs the control plane is not said; rke-node3 is marked control-plane.
 * - The write-up prints three of the router's routes as 10.42.x (l.436-438); the blocks are
 *   10.41.x (l.20-32, l.457), as here.
 */
import type { BgpConfig, CalicoConfig, Expectation, K8sNode, Lab, Router } from '../types';
import type { ExampleLab, ExampleStep } from './types';
import {
  bgp,
  bridge,
  ifc,
  k8sNode,
  link,
  makeLab,
  noRoute,
  rack,
  reach,
  route,
  router,
  session,
} from './build';

type Variant = 'rr' | 'aggregate' | 'pods' | 'services';

// bird.conf l.178-260 (reflector) and l.570-652 (aggregate: no `rr client`, static /16s)
function reflectorBgp(variant: Variant): BgpConfig {
  const reflect = variant === 'rr' || variant === 'services';
  const client = (peer: string, source?: string) => ({
    peer,
    remoteAs: 63400,
    peerGroup: 'bgp_template',
    ...(reflect ? { routeReflectorClient: true } : {}),
    ...(source ? { updateSource: source } : {}),
  });
  return bgp(63400, {
    routerId: '192.168.0.40',
    peerGroups: [
      {
        name: 'bgp_template',
        description: 'Connection to BGP peer',
        updateSource: '192.168.0.40',
        routeMapOut: 'calico_export_to_bgp_peers',
      },
    ],
    neighbors: [
      client('192.168.0.25'),
      client('192.168.0.7'),
      client('192.168.2.14', '192.168.2.16'),
      client('192.168.2.15', '192.168.2.16'),
    ],
    // `protocol direct` feeds connected routes to BIRD; the export filter keeps them out of BGP
    redistribute: [{ source: 'connected' }, ...(reflect ? [] : [{ source: 'static' as const }])],
    // filter calico_export_to_bgp_peers, l.179-187: `net ~ P` is P or any more specific
    prefixLists: [
      {
        name: 'calico_pools',
        entries: [
          { seq: 10, action: 'permit', prefix: '10.41.0.0/16', le: 32 },
          { seq: 20, action: 'permit', prefix: '10.42.0.0/16', le: 32 },
        ],
      },
    ],
    routeMaps: [
      {
        name: 'calico_export_to_bgp_peers',
        entries: [{ seq: 10, action: 'permit', match: { prefixList: 'calico_pools' }, set: {} }],
      },
      // filter calico_kernel_programming, l.188-196: every branch accepts
      {
        name: 'calico_kernel_programming',
        entries: [{ seq: 10, action: 'permit', match: {}, set: {} }],
      },
    ],
  });
}

function reflector(variant: Variant): Router {
  const reflect = variant === 'rr' || variant === 'services';
  return router(
    'bird-rr',
    'bird',
    'route-reflector',
    // l.439-440; the VM had 192.168.2.16 on eth0, which containerlab keeps for management
    [ifc('eth1', '192.168.0.40/24'), ifc('eth2', '192.168.2.16/24')],
    {
      description: 'CentOS VM running BIRD between the two subnets',
      bgp: reflectorBgp(variant),
      // l.198-211: `merge paths on` installs ECMP
      kernel: { mergePaths: true, exportFilter: 'calico_kernel_programming' },
      // l.571-574: routes via the router's own address, announced in place of the blocks. BIRD
      // 2.0.12 in a netns here takes such a route, installs it, and a BIRD iBGP client learns
      // 10.41.0.0/16 via 192.168.0.40 from it — as the write-up's node shows (l.675).
      staticRoutes: reflect
        ? []
        : [
            { prefix: '10.41.0.0/16', via: '192.168.0.40' },
            { prefix: '10.42.0.0/16', via: '192.168.0.40' },
          ],
    },
  );
}

// Nodes l.18-32; interfaces ens3 (l.456) and ens7 (l.688); static routes to the other subnet
// l.61 / l.66; rack labels l.313 (192.168.2.0/24 → rack-1, 192.168.0.0/24 → rack-2).
// Pods: those the per-pod variant shows on the router (l.767-782).
function node(name: string, addr: string, block: string, podHosts: string[]): K8sNode {
  const lan0 = addr.startsWith('192.168.0.');
  return k8sNode(
    name,
    'rke',
    name === 'rke-node3' ? 'control-plane' : 'worker',
    [ifc(lan0 ? 'ens3' : 'ens7', `${addr}/24`)],
    {
      labels: { rack: lan0 ? 'rack-2' : 'rack-1' },
      staticRoutes: [
        lan0
          ? { prefix: '192.168.2.0/24', via: '192.168.0.40', interface: 'ens3' }
          : { prefix: '192.168.0.0/24', via: '192.168.2.16', interface: 'ens7' },
      ],
      podCidrs: [block],
      pods: podHosts.map((a) => ({ name: `pod-${a.split('.').slice(2).join('-')}`, address: a })),
    },
  );
}

// BGPConfiguration l.300-309, BGPPeers l.337-362; serviceClusterIPs l.792; per-pod routes by
// editing bird_aggr.cfg.template (l.697-736), which also drops the block's blackhole
function calico(variant: Variant): CalicoConfig {
  return {
    asn: 63400,
    nodeToNodeMesh: false,
    blockSize: 26,
    advertise: variant === 'pods' ? 'pods' : 'blocks',
    peers: [
      {
        name: 'rack1-tor',
        nodeSelector: { rack: 'rack-1' },
        peerIp: '192.168.2.16',
        asNumber: 63400,
      },
      {
        name: 'rack2-tor',
        nodeSelector: { rack: 'rack-2' },
        peerIp: '192.168.0.40',
        asNumber: 63400,
      },
    ],
    serviceClusterIps: variant === 'services' ? ['10.43.0.0/16'] : [],
  };
}

const nodes = ['rke-node3', 'rke-node4', 'rke-node6', 'rke-node7'];

function lab(variant: Variant, expectations: Expectation[]): Lab {
  return makeLab('calico-bird-rr', {
    description:
      'Four Calico nodes in 192.168.0.0/24 and 192.168.2.0/24, a BIRD VM between them as route ' +
      'reflector, all AS63400, node-to-node mesh off, BGPPeers by rack label.',
    devices: [
      reflector(variant),
      bridge('lan0', ['lan0-rr', 'lan0-n3', 'lan0-n4'], '192.168.0.0/24'),
      bridge('lan2', ['lan2-rr', 'lan2-n6', 'lan2-n7'], '192.168.2.0/24'),
      node('rke-node3', '192.168.0.7', '10.41.113.192/26', [
        ...['193', '194', '195', '196', '198', '201', '202'].map((h) => `10.41.113.${h}`),
      ]),
      node('rke-node4', '192.168.0.25', '10.41.57.192/26', [
        '10.41.57.199',
        '10.41.57.203',
        '10.41.57.204',
      ]),
      node('rke-node6', '192.168.2.14', '10.41.210.128/26', ['10.41.210.137', '10.41.210.138']),
      node('rke-node7', '192.168.2.15', '10.41.210.0/26', [
        ...['6', '7', '8', '9'].map((h) => `10.41.210.${h}`),
      ]),
    ],
    links: [
      link('bird-rr:eth1', 'lan0:lan0-rr'),
      link('rke-node3:ens3', 'lan0:lan0-n3'),
      link('rke-node4:ens3', 'lan0:lan0-n4'),
      link('bird-rr:eth2', 'lan2:lan2-rr'),
      link('rke-node6:ens7', 'lan2:lan2-n6'),
      link('rke-node7:ens7', 'lan2:lan2-n7'),
    ],
    clusters: [
      {
        name: 'rke',
        cni: 'calico',
        // the export filters' pool (l.180); RKE's service CIDR, advertised in l.792
        podCidr: '10.41.0.0/16',
        podCidrMaskSize: 26,
        serviceCidr: '10.43.0.0/16',
        calico: calico(variant),
        loadBalancerPools: [],
        services: [],
      },
    ],
    expectations,
    rows: [['bird-rr'], ['lan0', 'lan2'], nodes],
    groups: [
      rack('rack-2', 'rack-2 · 192.168.0.0/24', ['lan0', 'rke-node3', 'rke-node4']),
      rack('rack-1', 'rack-1 · 192.168.2.0/24', ['lan2', 'rke-node6', 'rke-node7']),
    ],
  });
}

const pod3 = 'rke-node3/pod-113-193';
const pod4 = 'rke-node4/pod-57-199';
const pod6 = 'rke-node6/pod-210-137';

const rr: ExampleStep = {
  id: 'route-reflector',
  title: 'BIRD as route reflector',
  description: 'Each node peers with the router in its own subnet, which reflects every block.',
  whatYouShouldSee: [
    'Every node’s session to its reflector address is Established.',
    'The reflector has all four /26 blocks, each via its node.',
    'rke-node3 has rke-node4’s block directly, the 192.168.2.x nodes’ blocks via 192.168.0.40 ' +
      '(recursive next hop), and a blackhole for its own block.',
  ],
  lab: lab('rr', [
    // l.380-387 and l.405-412
    ...nodes.map((n) => session(n, 'bird-rr', 'established')),
    // l.433-440
    route('bird-rr', '10.41.113.192/26', ['rke-node3']),
    route('bird-rr', '10.41.57.192/26', ['rke-node4']),
    route('bird-rr', '10.41.210.128/26', ['rke-node6']),
    route('bird-rr', '10.41.210.0/26', ['rke-node7']),
    // l.455-463
    route('rke-node3', '10.41.57.192/26', ['rke-node4']),
    route('rke-node3', '10.41.113.192/26'),
    route('rke-node3', '10.41.210.0/26', ['bird-rr']),
    route('rke-node3', '10.41.210.128/26', ['bird-rr']),
    // l.421: pods ping each other across nodes
    reach(pod3, pod6, ['bird-rr']),
    reach(pod3, pod4),
  ]),
};

const aggregate: ExampleStep = {
  id: 'aggregate',
  title: 'Variant: the router announces an aggregate',
  description:
    'No `rr client`: the router keeps the blocks to itself and announces 10.41.0.0/16 (and ' +
    '10.42.0.0/16) from static routes instead.',
  whatYouShouldSee: [
    'Nodes have only 10.41.0.0/16 via the router plus the blackhole for their own block.',
    'All pod traffic, even to a node in the same subnet, goes through the router.',
  ],
  lab: lab('aggregate', [
    // l.673-677
    route('rke-node3', '10.41.0.0/16', ['bird-rr']),
    route('rke-node3', '10.41.113.192/26'),
    noRoute('rke-node3', '10.41.57.192/26'),
    // l.687-691
    route('rke-node6', '10.41.0.0/16', ['bird-rr']),
    // l.679
    reach(pod3, pod4, ['bird-rr']),
  ]),
};

const perPod: ExampleStep = {
  id: 'per-pod-routes',
  title: 'Variant: per-pod /32 routes',
  description:
    'Calico’s bird_aggr template edited to export each pod’s /32 and no block blackhole; the ' +
    'router still announces the aggregate.',
  whatYouShouldSee: ['The router learns a /32 for every pod, each via its node, and no /26.'],
  lab: lab('pods', [
    // l.764-783
    route('bird-rr', '10.41.0.0/16'),
    route('bird-rr', '10.41.57.199/32', ['rke-node4']),
    route('bird-rr', '10.41.113.193/32', ['rke-node3']),
    route('bird-rr', '10.41.210.6/32', ['rke-node7']),
    route('bird-rr', '10.41.210.137/32', ['rke-node6']),
    noRoute('bird-rr', '10.41.113.192/26'),
  ]),
};

const services: ExampleStep = {
  id: 'service-cluster-ips',
  title: 'Variant: serviceClusterIPs 10.43.0.0/16',
  description: 'Every node also advertises the service CIDR; the reflector installs it with ECMP.',
  whatYouShouldSee: ['The router has 10.43.0.0/16 over four next hops, one per node.'],
  // l.792-808
  lab: lab('services', [route('bird-rr', '10.43.0.0/16', nodes, true)]),
};

export const calicoBirdRr: ExampleLab = {
  id: 'calico-bird-rr',
  title: 'Calico with a BIRD route reflector',
  description:
    'Calico nodes in two subnets, node-to-node mesh off, a BIRD router reflecting their /26 ' +
    'blocks; variants: an aggregate instead of reflection, per-pod /32s, service CIDR ECMP.',
  source: {
    file: '004_3fbfdf407ef4ba50.txt',
    title: '使用Bird模拟BGP Peers',
    author: '我爱西红柿',
    date: '20220323',
  },
  steps: [rr, aggregate, perPod, services],
};
