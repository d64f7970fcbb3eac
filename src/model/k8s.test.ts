// Expectations follow the model's documented rules (src/model/k8s.ts, DESIGN.md) and the CNI
// documents cited beside them; pool arithmetic is worked out by hand.
import { describe, expect, it } from 'vitest';
import { nodeBgp, nodePodCidrs, nodePods, serviceAddresses } from './k8s';
import { emptyLab } from './lab';
import type { CalicoConfig, CiliumConfig, Cluster, K8sNode, Lab } from './types';

function node(name: string, role: K8sNode['k8sRole'], addr: string, rack: string): K8sNode {
  return {
    kind: 'k8s-node',
    name,
    cluster: 'c1',
    k8sRole: role,
    interfaces: [{ name: 'eth0', addresses: [addr] }],
    staticRoutes: [],
    labels: { rack },
  };
}

function lab(cluster: Partial<Cluster>, nodes: K8sNode[]): Lab {
  const l = emptyLab('k8s');
  l.devices.push(...nodes);
  l.clusters.push({
    name: 'c1',
    cni: 'cilium',
    podCidr: '10.244.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    loadBalancerPools: [],
    services: [],
    ...cluster,
  });
  return l;
}

const three = (): K8sNode[] => [
  node('w1', 'worker', '10.0.1.11/24', 'rack0'),
  node('cp', 'control-plane', '10.0.1.10/24', 'rack0'),
  node('w2', 'worker', '10.0.2.10/24', 'rack1'),
];
const cidrs = (l: Lab) =>
  Object.fromEntries(
    l.devices.map((d) => [d.name, d.kind === 'k8s-node' ? nodePodCidrs(l, d) : []]),
  );

describe('pod CIDR allocation', () => {
  it('gives the control plane the first block, then workers in lab order', () => {
    // kind registers the control-plane node first, so the range allocator hands it block 0.
    expect(cidrs(lab({}, three()))).toEqual({
      w1: ['10.244.1.0/24'],
      cp: ['10.244.0.0/24'],
      w2: ['10.244.2.0/24'],
    });
  });

  it('keeps explicit pod CIDRs and skips blocks they occupy, even partly', () => {
    const nodes = three();
    nodes[0]!.podCidrs = ['10.244.0.0/24'];
    expect(cidrs(lab({}, nodes))).toEqual({
      w1: ['10.244.0.0/24'],
      cp: ['10.244.1.0/24'],
      w2: ['10.244.2.0/24'],
    });
    const partial = three();
    partial[0]!.podCidrs = ['10.244.1.0/25']; // inside block 1 → block 1 is not free
    expect(cidrs(lab({}, partial))).toEqual({
      w1: ['10.244.1.0/25'],
      cp: ['10.244.0.0/24'],
      w2: ['10.244.2.0/24'],
    });
  });

  it('uses the Calico block size (default /26) for Calico clusters', () => {
    const calico: CalicoConfig = {
      asn: 63400,
      nodeToNodeMesh: true,
      blockSize: 26,
      advertise: 'blocks',
      peers: [],
      serviceClusterIps: [],
    };
    // /26 blocks step by 64 in the last octet.
    expect(cidrs(lab({ cni: 'calico', calico }, three()))).toEqual({
      w1: ['10.244.0.64/26'],
      cp: ['10.244.0.0/26'],
      w2: ['10.244.0.128/26'],
    });
  });

  it('runs out cleanly when the pool is too small', () => {
    expect(cidrs(lab({ podCidr: '10.244.0.0/23' }, three())).w2).toEqual([]);
  });

  it('puts one pod at the first host address of each pod CIDR', () => {
    const l = lab({}, three());
    const cp = l.devices[1] as K8sNode;
    expect(nodePods(l, cp)).toEqual([{ name: 'cp-pod', address: '10.244.0.1' }]);
  });
});

describe('service addresses', () => {
  it('keeps explicit addresses and hands out the next free pool address in order', () => {
    const c = lab(
      {
        // CiliumLoadBalancerIPPool: with allowFirstLastIPs unset, first and last IPs are allocatable.
        loadBalancerPools: [
          { name: 'a', cidr: '192.0.2.0/31' },
          { name: 'b', cidr: '198.51.100.0/30' },
        ],
        services: [
          { name: 's1', type: 'LoadBalancer' },
          { name: 's2', type: 'LoadBalancer', ip: '192.0.2.1' },
          { name: 'internal', type: 'ClusterIP' },
          { name: 's3', type: 'LoadBalancer' },
          { name: 's4', type: 'LoadBalancer' },
        ],
      },
      [],
    ).clusters[0]!;
    expect(Object.fromEntries(serviceAddresses(c))).toEqual({
      s1: '192.0.2.0',
      s2: '192.0.2.1',
      s3: '198.51.100.0', // pool a (two addresses) is used up
      s4: '198.51.100.1',
    });
  });
});

describe('node BGP from the CNI', () => {
  const cilium = (over: Partial<CiliumConfig> = {}): CiliumConfig => ({
    version: '1.16.0',
    bgpApi: 'peering-policy',
    routingMode: 'native',
    autoDirectNodeRoutes: false,
    ipamMode: 'kubernetes',
    kubeProxyReplacement: false,
    policies: [
      {
        name: 'rack0',
        nodeSelector: { rack: 'rack0' },
        localAsn: 65010,
        exportPodCidr: true,
        advertiseLoadBalancerIps: true,
        neighbors: [{ peerAddress: '10.0.0.1/32', peerAsn: 65010 }],
      },
    ],
    ...over,
  });

  it('Cilium: a policy applies to the nodes its nodeSelector matches (CiliumBGPPeeringPolicy)', () => {
    const l = lab(
      {
        cilium: cilium(),
        loadBalancerPools: [{ name: 'p', cidr: '192.0.2.0/32' }],
        services: [{ name: 'web', type: 'LoadBalancer' }],
      },
      three(),
    );
    const [w1, , w2] = l.devices as K8sNode[];
    expect(nodeBgp(l, w2!)).toBeUndefined(); // rack1: no policy selects it
    const b = nodeBgp(l, w1!);
    expect(b?.daemon).toBe('gobgp');
    expect(b?.bgp.asn).toBe(65010);
    expect(b?.bgp.routerId).toBe('10.0.1.11');
    expect(b?.bgp.neighbors).toEqual([{ peer: '10.0.0.1', remoteAs: 65010 }]);
    expect(b?.bgp.networks).toEqual(['10.244.1.0/24', '192.0.2.0/32']);
  });

  it("Cilium: an empty selector selects every node; bgpApi 'none' speaks no BGP", () => {
    const all = cilium();
    all.policies[0]!.nodeSelector = {};
    const l = lab({ cilium: all }, three());
    expect(l.devices.every((d) => nodeBgp(l, d as K8sNode) !== undefined)).toBe(true);
    const off = lab({ cilium: cilium({ bgpApi: 'none' }) }, three());
    expect(nodeBgp(off, off.devices[0] as K8sNode)).toBeUndefined();
  });

  it('Cilium: a service with a node list is announced only by those nodes, in service order', () => {
    // Service.nodes (types.ts): externalTrafficPolicy Local, only nodes with an endpoint announce.
    const l = lab(
      {
        cilium: cilium(),
        services: [
          { name: 'a', type: 'LoadBalancer', ip: '192.0.2.1', nodes: ['cp'] },
          { name: 'b', type: 'LoadBalancer', ip: '192.0.2.2' },
          { name: 'c', type: 'LoadBalancer', ip: '192.0.2.3', nodes: ['w1', 'cp', 'w1'] },
          { name: 'd', type: 'ClusterIP', ip: '10.96.0.10' },
        ],
      },
      three(),
    );
    const [w1, cp] = l.devices as K8sNode[];
    expect(nodeBgp(l, w1!)?.bgp.networks).toEqual([
      '10.244.1.0/24',
      '192.0.2.2/32',
      '192.0.2.3/32',
    ]);
    expect(nodeBgp(l, cp!)?.bgp.networks).toEqual([
      '10.244.0.0/24',
      '192.0.2.1/32',
      '192.0.2.2/32',
      '192.0.2.3/32',
    ]);
  });

  it('Cilium: an edited cluster (a new value, as edits make) announces its new services', () => {
    const l = lab({ cilium: cilium(), services: [] }, three());
    const w1 = l.devices[0] as K8sNode;
    expect(nodeBgp(l, w1)?.bgp.networks).toEqual(['10.244.1.0/24']);
    const c = l.clusters[0]!;
    const edited: Lab = {
      ...l,
      clusters: [{ ...c, services: [{ name: 'web', type: 'LoadBalancer', ip: '192.0.2.9' }] }],
    };
    expect(nodeBgp(edited, w1)?.bgp.networks).toEqual(['10.244.1.0/24', '192.0.2.9/32']);
    expect(nodeBgp(l, w1)?.bgp.networks).toEqual(['10.244.1.0/24']);
  });

  const calico = (over: Partial<CalicoConfig>): CalicoConfig => ({
    asn: 63400,
    nodeToNodeMesh: true,
    blockSize: 26,
    advertise: 'blocks',
    peers: [],
    serviceClusterIps: [],
    ...over,
  });

  it('Calico full mesh: every node peers with every other node in the cluster AS', () => {
    const l = lab({ cni: 'calico', calico: calico({}) }, three());
    const b = nodeBgp(l, l.devices[1] as K8sNode);
    expect(b?.daemon).toBe('bird');
    expect(b?.bgp.neighbors).toEqual([
      { peer: '10.0.1.11', remoteAs: 63400 },
      { peer: '10.0.2.10', remoteAs: 63400 },
    ]);
    expect(b?.bgp.networks).toEqual(['10.244.0.0/26']);
  });

  it('Calico with mesh off: only BGPPeers whose nodeSelector matches, plus serviceClusterIPs', () => {
    const cfg = calico({
      nodeToNodeMesh: false,
      peers: [
        { name: 'rr0', nodeSelector: { rack: 'rack0' }, peerIp: '10.0.1.1', asNumber: 63400 },
      ],
      serviceClusterIps: ['10.96.0.0/12'],
    });
    const l = lab({ cni: 'calico', calico: cfg }, three());
    const [w1, , w2] = l.devices as K8sNode[];
    expect(nodeBgp(l, w1!)?.bgp.neighbors).toEqual([{ peer: '10.0.1.1', remoteAs: 63400 }]);
    expect(nodeBgp(l, w1!)?.bgp.networks).toEqual(['10.244.0.64/26', '10.96.0.0/12']);
    expect(nodeBgp(l, w2!)?.bgp.neighbors).toEqual([]);
  });

  it('Calico: deriving BGP twice neither repeats networks nor touches the lab', () => {
    const nodes = three();
    nodes[1]!.podCidrs = ['10.244.9.0/26'];
    const l = lab(
      { cni: 'calico', calico: calico({ serviceClusterIps: ['10.96.0.0/12'] }) },
      nodes,
    );
    nodeBgp(l, nodes[1]!);
    expect(nodeBgp(l, nodes[1]!)?.bgp.networks).toEqual(['10.244.9.0/26', '10.96.0.0/12']);
    expect(nodes[1]!.podCidrs).toEqual(['10.244.9.0/26']);
  });

  it('Calico full mesh: a lab with one more node (a new value) meshes with it too', () => {
    const l = lab({ cni: 'calico', calico: calico({}) }, three());
    const cp = l.devices[1] as K8sNode;
    expect(nodeBgp(l, cp)?.bgp.neighbors).toHaveLength(2);
    const more: Lab = {
      ...l,
      devices: [...l.devices, node('w3', 'worker', '10.0.2.11/24', 'rack1')],
    };
    expect(nodeBgp(more, cp)?.bgp.neighbors.map((n) => n.peer)).toEqual([
      '10.0.1.11',
      '10.0.2.10',
      '10.0.2.11',
    ]);
  });

  it("Calico advertise 'pods' announces each pod as a /32", () => {
    const l = lab({ cni: 'calico', calico: calico({ advertise: 'pods' }) }, three());
    expect(nodeBgp(l, l.devices[1] as K8sNode)?.bgp.networks).toEqual(['10.244.0.1/32']);
  });
});
