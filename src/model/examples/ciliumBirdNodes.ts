/**
 * Seed 000: an FRR router between two Vagrant VMs in different subnets running Cilium with native
 * routing; first BIRD on each node announces its pod CIDR, then Cilium's built-in (MetalLB-based)
 * BGP announces a LoadBalancer address from both nodes.
 * Line numbers (l.N) refer to /work/shared/seeds/000_b7efea343be3d027.txt.
 *
 * Modelling choices:
 * - BIRD's `route 172.31.254.0/26 via "cilium_host"` (l.179) is a static route on the node to its
 *   pod CIDR out of the `cilium_host` interface (the kernel holds the same route: Cilium installs
 *   it). `export filter {accept;}` exports BIRD's table, which holds only that route (direct
 *   disabled, kernel `import none`): so the node originates exactly its pod CIDR, a `network`
 *   statement. (`redistribute static` would also export the node's default route, which BIRD
 *   never sees.)
 * - `import filter {reject;}` and the kernel protocol's `export none` are a deny-all route-map.
 * - The router's 192.168.121.16 (its router-id, and the address Cilium peers with, l.239) is
 *   its Vagrant management address; the nodes have no address there and reach it through
 *   their default route, which is why the router still sees them as 10.0.1.10 / 10.0.2.10.
 *   Checked on real daemons here (GoBGP 3.10 not listening, FRR 8.4 `neighbor 10.0.1.10
 *   remote-as 65000`, no multihop on either side): the session is Established and FRR takes
 *   the node's /32; with one more router in between it stays Active (GoBGP's eBGP TTL is 1).
 * - Interface names: the nodes' `eth1` is from Cilium's `devices: eth1` (l.100); the router's
 *   eth1/eth2 follow the Vagrant convention (the write-up shows them only in a picture); its
 *   management address sits on `mgmt0`, on no link, as eth0 belongs to containerlab.
 */
import type { Cluster, Expectation, K8sNode, Lab, Router } from '../types';
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
  reach,
  route,
  router,
  session,
} from './build';

type Stage = 'no-bird' | 'bird' | 'metallb';

// frr.conf l.55-66 (stage 1-2) and l.317-330 (stage 3)
function frrRouter(stage: Stage): Router {
  const metallb = stage === 'metallb';
  return router(
    'router',
    'frr',
    'router',
    [
      lo(['192.168.121.16/24'], 'mgmt0', 'the VM’s Vagrant management NIC (eth0 there)'),
      ifc('eth1', '10.0.1.2/24'),
      ifc('eth2', '10.0.2.2/24'),
    ],
    {
      bgp: bgp(65100, {
        routerId: '192.168.121.16',
        profile: 'traditional',
        ebgpRequiresPolicy: false,
        neighbors: [
          { peer: '10.0.1.10', remoteAs: metallb ? 65000 : 65010 },
          { peer: '10.0.2.10', remoteAs: metallb ? 65000 : 65020 },
        ],
        ...(metallb ? { bestpath: { asPathMultipathRelax: true } } : {}),
      }),
      ...(metallb
        ? {
            unmodelled: [
              {
                file: 'frr.conf',
                line: 8,
                text: ' bgp bestpath bandwidth skip-missing',
                context: 'router bgp 65100',
              },
            ],
          }
        : {}),
    },
  );
}

const denyAll = {
  name: 'reject',
  entries: [{ seq: 10, action: 'deny' as const, match: {}, set: {} }],
};

// bird.conf l.161-190 (written for node1; node2 the same with its own address, AS and CIDR)
function birdBgp(addr: string, asn: number, gw: string, podCidr: string): K8sNode['bgp'] {
  return bgp(asn, {
    routerId: addr,
    neighbors: [
      {
        peer: gw,
        remoteAs: 65100,
        description: 'BGP uplink 0',
        updateSource: addr,
        routeMapIn: 'reject',
      },
    ],
    networks: [podCidr],
    routeMaps: [denyAll],
  });
}

// node1 10.0.1.10 / node2 10.0.2.10 with default routes via the router (l.20); AS65010 / AS65020
// (l.63-64). node1 is the API server (k8sServiceHost, l.97). Pod CIDRs: node1's /26 is in the
// BIRD config (l.179); node2 gets the cluster pool's next /26 (the write-up shows its
// `cilium node list` only as a picture).
function node(n: 1 | 2, stage: Stage): K8sNode {
  const addr = `10.0.${n}.10`;
  const gw = `10.0.${n}.2`;
  const podCidr = n === 1 ? '172.31.254.0/26' : '172.31.254.64/26';
  const bird = stage === 'bird';
  return k8sNode(
    `node${n}`,
    'kubernetes',
    n === 1 ? 'control-plane' : 'worker',
    [ifc('eth1', `${addr}/24`), lo([], 'cilium_host', 'Cilium host-side veth')],
    {
      staticRoutes: [defaultVia(gw), { prefix: podCidr, interface: 'cilium_host' }],
      podCidrs: [podCidr],
      ...(bird
        ? {
            daemon: 'bird' as const,
            bgp: birdBgp(addr, n === 1 ? 65010 : 65020, gw, podCidr),
            kernel: { exportFilter: 'reject' },
          }
        : {}),
    },
  );
}

// Helm values l.97-120: native routing, cluster-pool 172.31.254.0/23 with /26 per node,
// autoDirectNodeRoutes false, strict kube-proxy replacement. Stage 3 adds the bgp-config
// ConfigMap (l.231-246) and `bgp.announce.loadbalancerIP/podCIDR` (l.259-263).
function cluster(stage: Stage): Cluster {
  const metallb = stage === 'metallb';
  return {
    name: 'kubernetes',
    cni: 'cilium',
    podCidr: '172.31.254.0/23',
    podCidrMaskSize: 26,
    serviceCidr: '10.96.0.0/12',
    cilium: {
      version: '1.12',
      bgpApi: metallb ? 'legacy-metallb' : 'none',
      routingMode: 'native',
      autoDirectNodeRoutes: false,
      ipamMode: 'cluster-pool',
      kubeProxyReplacement: true,
      policies: metallb
        ? [
            {
              name: 'bgp-config',
              nodeSelector: {},
              localAsn: 65000,
              exportPodCidr: true,
              advertiseLoadBalancerIps: true,
              neighbors: [{ peerAddress: '192.168.121.16', peerAsn: 65100 }],
            },
          ]
        : [],
    },
    loadBalancerPools: metallb ? [{ name: 'default', cidr: '192.0.2.0/24' }] : [],
    // l.282-294; the address comes from the pool (192.0.2.0, l.296)
    services: metallb ? [{ name: 'whoami-lb', type: 'LoadBalancer' }] : [],
  };
}

function lab(stage: Stage, expectations: Expectation[]): Lab {
  return makeLab('cilium-bird-nodes', {
    description:
      'FRR router (AS65100) between node1 (10.0.1.10) and node2 (10.0.2.10) in different ' +
      'subnets; Cilium native routing needs BGP to carry pod CIDRs between them.',
    devices: [frrRouter(stage), node(1, stage), node(2, stage)],
    links: [link('router:eth1', 'node1:eth1'), link('router:eth2', 'node2:eth1')],
    clusters: [cluster(stage)],
    expectations,
    rows: [['router'], ['node1', 'node2']],
    groups: [],
  });
}

const pod1 = 'node1/node1-pod';
const pod2 = 'node2/node2-pod';

const noBird: ExampleStep = {
  id: 'no-bird',
  title: 'Native routing without BGP',
  description:
    'Cilium with tunnel disabled and autoDirectNodeRoutes false: the nodes are in different ' +
    'subnets, so nothing tells the router where the pod CIDRs are.',
  whatYouShouldSee: ['Pods get addresses, but a pod on node1 cannot reach a pod on node2.'],
  // l.122: cross-node pods cannot talk
  lab: lab('no-bird', [noReach(pod1, pod2)]),
};

const bird: ExampleStep = {
  id: 'bird',
  title: 'BIRD on the nodes',
  description:
    'BIRD 2 on each node (AS65010, AS65020) announces the node’s pod /26, a static route via ' +
    'cilium_host, to the router and accepts nothing back.',
  whatYouShouldSee: [
    'router ↔ node1 and router ↔ node2 sessions are established.',
    'The router has 172.31.254.0/26 via node1 and 172.31.254.64/26 via node2.',
    'Pods on the two nodes reach each other through the router.',
  ],
  lab: lab('bird', [
    // l.192-204: the sessions are checked on the router
    session('router', 'node1', 'established'),
    session('router', 'node2', 'established'),
    // l.207-209: the router has the pod CIDRs
    route('router', '172.31.254.0/26', ['node1']),
    route('router', '172.31.254.64/26', ['node2']),
    // l.206: the container networks of node1 and node2 are connected
    reach(pod1, pod2, ['router']),
  ]),
};

const metallb: ExampleStep = {
  id: 'metallb-ecmp',
  title: 'Cilium built-in BGP: LoadBalancer ECMP',
  description:
    'BIRD removed; Cilium’s MetalLB-based BGP (ConfigMap bgp-config) runs on both nodes in ' +
    'AS65000 and announces the LoadBalancer address of whoami-lb from pool 192.0.2.0/24.',
  whatYouShouldSee: [
    'whoami-lb gets 192.0.2.0 as its EXTERNAL-IP.',
    'With `bgp bestpath as-path multipath-relax`, the router installs 192.0.2.0/32 over both nodes.',
  ],
  lab: lab('metallb', [
    session('router', 'node1', 'established'),
    session('router', 'node2', 'established'),
    // l.296, l.300, l.332-333: the router's ECMP for the service address
    route('router', '192.0.2.0/32', ['node1', 'node2'], true),
  ]),
};

export const ciliumBirdNodes: ExampleLab = {
  id: 'cilium-bird-nodes',
  title: 'Cilium native routing with BIRD, then built-in BGP',
  description:
    'Two nodes in different subnets behind an FRR router: BIRD on each node announces its pod ' +
    'CIDR; then Cilium’s own BGP announces a LoadBalancer address from both nodes (ECMP).',
  source: { file: '000_b7efea343be3d027.txt' },
  steps: [noBird, bird, metallb],
};
