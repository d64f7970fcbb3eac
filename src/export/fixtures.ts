/**
 * Three small labs the exporter tests run on: an FRR spine/leaf fabric with unnumbered eBGP and
 * leaves reflecting for their rack; the write-up's Cilium cluster behind FRR ToRs; a Calico
 * cluster with a BIRD route reflector. Built by hand from the model types, not by the exporter.
 */
import { emptyBgp, emptyLab } from '../model';
import type { Predictions } from './predictions';
import type {
  BgpConfig,
  Bridge,
  Device,
  Host,
  Interface,
  K8sNode,
  Lab,
  Link,
  Router,
} from '../model';

const iface = (
  name: string,
  addresses: string[] = [],
  extra: Partial<Interface> = {},
): Interface => ({
  name,
  addresses,
  ...extra,
});
const lo = (addr: string): Interface => iface('lo', [addr], { loopback: true });

function router(
  name: string,
  interfaces: Interface[],
  bgp: BgpConfig,
  extra: Partial<Router> = {},
): Router {
  return {
    kind: 'router',
    daemon: 'frr',
    name,
    interfaces,
    staticRoutes: [],
    labels: {},
    bgp,
    ...extra,
  };
}

function link(a: string, ai: string, b: string, bi: string): Link {
  return {
    id: `${a}:${ai}--${b}:${bi}`,
    a: { device: a, interface: ai },
    b: { device: b, interface: bi },
  };
}

function bgp(asn: number, extra: Partial<BgpConfig> = {}): BgpConfig {
  return { ...emptyBgp(asn), ...extra };
}

/** FRR spine/leaf: unnumbered eBGP spine↔leaf, leaf1 reflects for two servers on a bridge. */
export function spineLeafLab(): Lab {
  const lab = emptyLab('spine-leaf');
  lab.description = 'FRR spine/leaf, unnumbered eBGP, leaf route reflectors';
  const spine = (name: string, loAddr: string): Router =>
    router(
      name,
      [
        lo(loAddr),
        iface('swp1', [], { unnumbered: true }),
        iface('swp2', [], { unnumbered: true }),
      ],
      bgp(65100, {
        profile: 'datacenter',
        peerGroups: [{ name: 'FABRIC', remoteAs: 'external' }],
        neighbors: [
          { peer: 'swp1', interface: true, peerGroup: 'FABRIC' },
          { peer: 'swp2', interface: true, peerGroup: 'FABRIC' },
        ],
        redistribute: [{ source: 'connected', routeMap: 'LOOPBACKS' }],
        prefixLists: [
          { name: 'LO', entries: [{ seq: 5, action: 'permit', prefix: '10.255.0.0/16', ge: 32 }] },
        ],
        routeMaps: [
          {
            name: 'LOOPBACKS',
            entries: [{ seq: 10, action: 'permit', match: { prefixList: 'LO' }, set: {} }],
          },
        ],
      }),
      { role: 'spine' },
    );
  const leaf1 = router(
    'leaf1',
    [
      lo('10.255.0.11/32'),
      iface('swp51', [], { unnumbered: true }),
      iface('swp52', [], { unnumbered: true }),
      iface('eth1', ['10.1.0.1/24'], { description: 'rack1 servers' }),
    ],
    bgp(65001, {
      profile: 'datacenter',
      routerId: '10.255.0.11',
      clusterId: '10.255.0.11',
      bestpath: { asPathMultipathRelax: true },
      maximumPaths: 4,
      maximumPathsIbgp: 4,
      peerGroups: [
        { name: 'FABRIC', remoteAs: 'external', routeMapIn: 'FROM-SPINE' },
        {
          name: 'RACK',
          remoteAs: 'internal',
          routeReflectorClient: true,
          nextHopSelf: true,
          description: 'rack1 servers',
        },
      ],
      neighbors: [
        { peer: 'swp51', interface: true, peerGroup: 'FABRIC' },
        { peer: 'swp52', interface: true, peerGroup: 'FABRIC' },
        { peer: '10.1.0.11', peerGroup: 'RACK' },
      ],
      listenRanges: [{ range: '10.1.0.0/24', peerGroup: 'RACK' }],
      networks: ['10.255.0.11/32', '10.1.0.0/24'],
      aggregates: [{ prefix: '10.1.0.0/16', summaryOnly: true }],
      communityLists: [
        { name: 'FROM-FABRIC', entries: [{ action: 'permit', community: '65100:1' }] },
      ],
      asPathLists: [{ name: 'SPINES', entries: [{ action: 'permit', regex: '^65100_' }] }],
      routeMaps: [
        {
          name: 'FROM-SPINE',
          entries: [
            {
              seq: 10,
              action: 'permit',
              match: { asPathList: 'SPINES' },
              set: { localPref: 200, community: { values: ['65001:100'], additive: true } },
            },
            { seq: 20, action: 'permit', match: {}, set: {} },
          ],
        },
      ],
    }),
    {
      role: 'leaf',
      unmodelled: [
        {
          file: 'frr.conf',
          line: 12,
          text: 'bgp log-neighbor-changes',
          context: 'router bgp 65001',
        },
        { file: 'frr.conf', line: 3, text: 'log syslog informational' },
      ],
    },
  );
  const leaf2 = router(
    'leaf2',
    [
      lo('10.255.0.12/32'),
      iface('swp51', [], { unnumbered: true }),
      iface('swp52', [], { unnumbered: true }),
      iface('eth1', ['10.2.0.1/24']),
    ],
    bgp(65002, {
      profile: 'datacenter',
      peerGroups: [{ name: 'FABRIC', remoteAs: 'external' }],
      neighbors: [
        { peer: 'swp51', interface: true, peerGroup: 'FABRIC' },
        { peer: 'swp52', interface: true, peerGroup: 'FABRIC', timers: { keepalive: 3, hold: 9 } },
      ],
      redistribute: [{ source: 'connected' }],
    }),
    { role: 'leaf' },
  );
  const server = (name: string, addr: string, loAddr: string): Router =>
    router(
      name,
      [lo(loAddr), iface('eth1', [addr])],
      bgp(65001, {
        neighbors: [{ peer: '10.1.0.1', remoteAs: 'internal', updateSource: 'eth1' }],
        networks: [loAddr],
      }),
      {
        role: 'router',
        staticRoutes: [
          { prefix: '0.0.0.0/0', via: '10.1.0.1' },
          { prefix: '192.0.2.0/24', blackhole: true },
        ],
      },
    );
  const rack: Bridge = {
    kind: 'bridge',
    name: 'rack1',
    role: 'bridge',
    interfaces: [iface('p1'), iface('p2'), iface('p3')],
    staticRoutes: [],
    labels: {},
  };
  const client: Host = {
    kind: 'host',
    name: 'client1',
    role: 'client',
    interfaces: [iface('eth1', ['10.2.0.10/24'])],
    staticRoutes: [{ prefix: '0.0.0.0/0', via: '10.2.0.1' }],
    labels: {},
  };
  lab.devices = [
    spine('spine1', '10.255.0.1/32'),
    spine('spine2', '10.255.0.2/32'),
    leaf1,
    leaf2,
    server('srv1', '10.1.0.11/24', '10.255.1.11/32'),
    server('srv2', '10.1.0.12/24', '10.255.1.12/32'),
    rack,
    client,
  ];
  lab.links = [
    link('spine1', 'swp1', 'leaf1', 'swp51'),
    link('spine1', 'swp2', 'leaf2', 'swp51'),
    link('spine2', 'swp1', 'leaf1', 'swp52'),
    link('spine2', 'swp2', 'leaf2', 'swp52'),
    link('leaf1', 'eth1', 'rack1', 'p1'),
    link('srv1', 'eth1', 'rack1', 'p2'),
    link('srv2', 'eth1', 'rack1', 'p3'),
    link('leaf2', 'eth1', 'client1', 'eth1'),
  ];
  lab.layout.positions = {
    spine1: { x: 100, y: 0 },
    spine2: { x: 300, y: 0 },
    leaf1: { x: 100, y: 150 },
    leaf2: { x: 300, y: 150.4 },
  };
  lab.layout.groups = [
    { name: 'rack1', label: 'Rack 1', kind: 'rack', members: ['leaf1', 'srv1', 'srv2'] },
  ];
  return lab;
}

function k8sNode(
  name: string,
  cluster: string,
  role: K8sNode['k8sRole'],
  addr: string,
  gw: string,
  labels: Record<string, string>,
): K8sNode {
  return {
    kind: 'k8s-node',
    name,
    role: 'node',
    cluster,
    k8sRole: role,
    interfaces: [iface('net0', [addr])],
    staticRoutes: [{ prefix: '0.0.0.0/0', via: gw }],
    labels,
  };
}

/** The write-up lab: router0 ↔ tor0/tor1 unnumbered, each ToR iBGP to its rack's Cilium nodes. */
export function ciliumTorLab(
  bgpApi: 'legacy-metallb' | 'peering-policy' | 'bgpv2' = 'bgpv2',
  version = '1.17',
): Lab {
  const lab = emptyLab('cilium-tor');
  const router0 = router(
    'router0',
    [
      lo('10.0.0.0/32'),
      iface('net0', [], { unnumbered: true }),
      iface('net1', [], { unnumbered: true }),
    ],
    bgp(65000, {
      routerId: '10.0.0.0',
      ebgpRequiresPolicy: false,
      peerGroups: [{ name: 'ROUTERS', remoteAs: 'external', defaultOriginate: true }],
      neighbors: [
        { peer: 'net0', interface: true, peerGroup: 'ROUTERS' },
        { peer: 'net1', interface: true, peerGroup: 'ROUTERS' },
      ],
      redistribute: [{ source: 'connected' }],
    }),
    { role: 'router', staticRoutes: [{ prefix: '10.0.0.0/8', blackhole: true }] },
  );
  const tor = (
    name: string,
    asn: number,
    loAddr: string,
    n1: string,
    n2: string,
    p1: string,
    p2: string,
  ): Router =>
    router(
      name,
      [
        lo(loAddr),
        iface('net0', [], { unnumbered: true }),
        iface('net1', [n1]),
        iface('net2', [n2]),
      ],
      bgp(asn, {
        profile: 'datacenter',
        routerId: loAddr.split('/')[0],
        ebgpRequiresPolicy: false,
        peerGroups: [
          { name: 'ROUTERS', remoteAs: 'external' },
          { name: 'SERVERS', remoteAs: 'internal' },
        ],
        neighbors: [
          { peer: 'net0', interface: true, peerGroup: 'ROUTERS' },
          { peer: p1, peerGroup: 'SERVERS' },
          { peer: p2, peerGroup: 'SERVERS' },
        ],
        redistribute: [{ source: 'connected' }],
      }),
      { role: 'leaf' },
    );
  lab.devices = [
    router0,
    tor('tor0', 65010, '10.0.0.1/32', '10.0.1.1/24', '10.0.2.1/24', '10.0.1.2', '10.0.2.2'),
    tor('tor1', 65011, '10.0.0.2/32', '10.0.3.1/24', '10.0.4.1/24', '10.0.3.2', '10.0.4.2'),
    k8sNode('server0', 'bgp-cplane', 'control-plane', '10.0.1.2/24', '10.0.1.1', { rack: 'rack0' }),
    k8sNode('server1', 'bgp-cplane', 'worker', '10.0.2.2/24', '10.0.2.1', { rack: 'rack0' }),
    k8sNode('server2', 'bgp-cplane', 'worker', '10.0.3.2/24', '10.0.3.1', { rack: 'rack1' }),
    k8sNode('server3', 'bgp-cplane', 'worker', '10.0.4.2/24', '10.0.4.1', { rack: 'rack1' }),
  ];
  lab.links = [
    link('router0', 'net0', 'tor0', 'net0'),
    link('router0', 'net1', 'tor1', 'net0'),
    link('tor0', 'net1', 'server0', 'net0'),
    link('tor0', 'net2', 'server1', 'net0'),
    link('tor1', 'net1', 'server2', 'net0'),
    link('tor1', 'net2', 'server3', 'net0'),
  ];
  lab.clusters = [
    {
      name: 'bgp-cplane',
      cni: 'cilium',
      podCidr: '10.1.0.0/16',
      podCidrMaskSize: 24,
      serviceCidr: '10.96.0.0/12',
      cilium: {
        version,
        bgpApi,
        routingMode: 'native',
        autoDirectNodeRoutes: false,
        ipamMode: 'kubernetes',
        kubeProxyReplacement: true,
        policies: [
          {
            name: 'rack0',
            nodeSelector: { rack: 'rack0' },
            localAsn: 65010,
            exportPodCidr: true,
            advertiseLoadBalancerIps: true,
            neighbors: [{ peerAddress: '10.0.0.1/32', peerAsn: 65010 }],
          },
          {
            name: 'rack1',
            nodeSelector: { rack: 'rack1' },
            localAsn: 65011,
            exportPodCidr: true,
            neighbors: [{ peerAddress: '10.0.0.2/32', peerAsn: 65011, multihop: 2 }],
          },
        ],
      },
      loadBalancerPools: [{ name: 'lb-pool', cidr: '192.0.2.0/24' }],
      services: [{ name: 'web', type: 'LoadBalancer' }],
    },
  ];
  return lab;
}

/** Calico in AS63400 with the mesh off, a BIRD route reflector on the nodes' segment, FRR border. */
export function calicoRrLab(): Lab {
  const lab = emptyLab('calico-rr');
  const rr: Router = {
    kind: 'router',
    daemon: 'bird',
    role: 'route-reflector',
    name: 'rr',
    interfaces: [
      lo('10.10.255.1/32'),
      iface('eth1', ['10.10.0.254/24']),
      iface('eth2', ['172.16.0.1/30']),
    ],
    staticRoutes: [{ prefix: '10.244.0.0/16', blackhole: true }],
    labels: {},
    kernel: { mergePaths: true },
    bgp: bgp(63400, {
      routerId: '10.10.255.1',
      clusterId: '10.10.255.1',
      peerGroups: [{ name: 'NODES', remoteAs: 'internal', routeReflectorClient: true }],
      neighbors: [
        { peer: '10.10.0.11', peerGroup: 'NODES' },
        { peer: '10.10.0.12', peerGroup: 'NODES' },
        {
          peer: '172.16.0.2',
          remoteAs: 65000,
          routeMapIn: 'FROM-BORDER',
          routeMapOut: 'TO-BORDER',
        },
      ],
      listenRanges: [{ range: '10.10.0.0/24', peerGroup: 'NODES' }],
      aggregates: [{ prefix: '10.244.0.0/16', summaryOnly: true }],
      prefixLists: [
        { name: 'PODS', entries: [{ seq: 5, action: 'permit', prefix: '10.244.0.0/16', le: 26 }] },
        { name: 'DEFAULT', entries: [{ seq: 5, action: 'permit', prefix: '0.0.0.0/0' }] },
      ],
      routeMaps: [
        {
          name: 'FROM-BORDER',
          entries: [
            {
              seq: 10,
              action: 'permit',
              match: { prefixList: 'DEFAULT' },
              set: { localPref: 150 },
            },
          ],
        },
        {
          name: 'TO-BORDER',
          entries: [
            { seq: 10, action: 'deny', match: { prefixList: 'DEFAULT' }, set: {} },
            {
              seq: 20,
              action: 'permit',
              match: { prefixList: 'PODS' },
              set: { asPathPrepend: [63400, 63400], med: 10 },
            },
          ],
        },
      ],
    }),
  };
  const border = router(
    'border',
    [lo('10.99.0.1/32'), iface('eth1', ['172.16.0.2/30'])],
    bgp(65000, {
      neighbors: [
        {
          peer: '172.16.0.1',
          remoteAs: 63400,
          routeMapIn: 'ANY',
          routeMapOut: 'ANY',
          defaultOriginate: true,
        },
      ],
      routeMaps: [{ name: 'ANY', entries: [{ seq: 10, action: 'permit', match: {}, set: {} }] }],
    }),
  );
  const seg: Bridge = {
    kind: 'bridge',
    name: 'nodes-segment',
    interfaces: [iface('p1'), iface('p2'), iface('p3')],
    staticRoutes: [],
    labels: {},
  };
  const node = (name: string, role: K8sNode['k8sRole'], addr: string, rack: string): K8sNode =>
    k8sNode(name, 'calico', role, addr, '10.10.0.254', { rack });
  lab.devices = [
    rr,
    border,
    seg,
    node('cp', 'control-plane', '10.10.0.11/24', 'r1'),
    node('w1', 'worker', '10.10.0.12/24', 'r1'),
  ];
  lab.links = [
    link('rr', 'eth1', 'nodes-segment', 'p1'),
    link('cp', 'net0', 'nodes-segment', 'p2'),
    link('w1', 'net0', 'nodes-segment', 'p3'),
    link('rr', 'eth2', 'border', 'eth1'),
  ];
  lab.clusters = [
    {
      name: 'calico',
      cni: 'calico',
      podCidr: '10.244.0.0/16',
      podCidrMaskSize: 24,
      serviceCidr: '10.96.0.0/12',
      calico: {
        asn: 63400,
        nodeToNodeMesh: false,
        blockSize: 26,
        advertise: 'blocks',
        peers: [
          {
            name: 'rack-r1-rr',
            nodeSelector: { rack: 'r1' },
            peerIp: '10.10.0.254',
            asNumber: 63400,
          },
        ],
        serviceClusterIps: ['10.96.0.0/12'],
      },
      loadBalancerPools: [],
      services: [{ name: 'api', type: 'ClusterIP' }],
    },
  ];
  return lab;
}

/**
 * FRR features a BIRD router must rebuild: `core` (FRR) peers unnumbered with `edge` (BIRD),
 * which filters by as-path list, and `edge` default-originates to `branch` (FRR, numbered).
 */
export function birdEdgeLab(): Lab {
  const lab = emptyLab('bird-edge');
  lab.description = 'BIRD edge: unnumbered to FRR, as-path policy, default-originate';
  const core = router(
    'core',
    [lo('10.255.0.1/32'), iface('eth1', [], { unnumbered: true })],
    bgp(65000, {
      profile: 'datacenter',
      routerId: '10.255.0.1',
      neighbors: [{ peer: 'eth1', interface: true, remoteAs: 'external' }],
      redistribute: [{ source: 'connected' }],
    }),
    { role: 'router' },
  );
  const edge = router(
    'edge',
    [lo('10.255.0.2/32'), iface('eth1', [], { unnumbered: true }), iface('eth2', ['10.20.0.1/30'])],
    bgp(65100, {
      routerId: '10.255.0.2',
      neighbors: [
        { peer: 'eth1', interface: true, remoteAs: 'external', routeMapIn: 'FROM-CORE' },
        { peer: '10.20.0.2', remoteAs: 65200, defaultOriginate: true },
      ],
      redistribute: [{ source: 'connected' }],
      asPathLists: [
        {
          name: 'CORE-ORIGIN',
          entries: [
            { action: 'deny', regex: '^65000_64999_' },
            { action: 'permit', regex: '_65000$' },
          ],
        },
      ],
      routeMaps: [
        {
          name: 'FROM-CORE',
          entries: [
            {
              seq: 10,
              action: 'permit',
              match: { asPathList: 'CORE-ORIGIN' },
              set: { localPref: 150 },
            },
            { seq: 20, action: 'permit', match: {}, set: {} },
          ],
        },
      ],
    }),
    { daemon: 'bird', role: 'router' },
  );
  const branch = router(
    'branch',
    [lo('10.255.0.3/32'), iface('eth1', ['10.20.0.2/30'])],
    bgp(65200, {
      routerId: '10.255.0.3',
      ebgpRequiresPolicy: false,
      neighbors: [{ peer: '10.20.0.1', remoteAs: 65100 }],
      redistribute: [{ source: 'connected' }],
    }),
    { role: 'router' },
  );
  lab.devices = [core, edge, branch];
  lab.links = [link('core', 'eth1', 'edge', 'eth1'), link('edge', 'eth2', 'branch', 'eth1')];
  return lab;
}

export const FIXTURE_LABS: Record<string, () => Lab> = {
  'bird-edge': birdEdgeLab,
  'spine-leaf': spineLeafLab,
  'cilium-tor': () => ciliumTorLab('bgpv2', '1.17'),
  'cilium-tor-v1': () => ciliumTorLab('peering-policy', '1.12'),
  'cilium-tor-legacy': () => ciliumTorLab('legacy-metallb', '1.11'),
  'cilium-tor-118': () => ciliumTorLab('bgpv2', '1.18'),
  'calico-rr': calicoRrLab,
};

export type { Device };

/** Predictions as the engine would hand them over (hand-written here; shapes only). */
export const FIXTURE_PREDICTIONS: Record<string, Predictions> = {
  'spine-leaf': {
    sessions: [
      { device: 'leaf1', peer: 'swp51', state: 'established' },
      { device: 'srv1', peer: '10.1.0.1', state: 'established' },
    ],
    routes: [
      { device: 'spine1', prefix: '10.255.0.11/32', present: true },
      { device: 'leaf2', prefix: '10.1.0.0/24', present: false },
    ],
    traces: [
      {
        from: 'client1',
        to: '10.255.1.11',
        hops: [['10.2.0.1'], ['10.255.0.1', '10.255.0.2'], ['10.255.0.11'], ['10.255.1.11']],
      },
    ],
  },
  'calico-rr': {
    routes: [{ device: 'rr', prefix: '10.244.0.0/26', present: true }],
    traces: [{ from: 'border', to: '10.10.0.11', hops: [['172.16.0.1'], ['10.10.0.11']] }],
  },
};
