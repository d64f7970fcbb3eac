/**
 * A small, valid lab for tests: an FRR router0 over two ToRs, a Cilium cluster whose rack0 nodes
 * share an L2 bridge, a client behind router0. Every validation rule test starts from this lab and
 * breaks exactly one thing, so `validateLab(cleanLab())` must return no problems at all.
 */
import { emptyBgp, emptyLab } from '../lab';
import type { Device, Interface, K8sNode, Lab, Link, Router } from '../types';

const ifc = (name: string, ...addresses: string[]): Interface => ({ name, addresses });
const lo = (...addresses: string[]): Interface => ({ name: 'lo', addresses, loopback: true });

function router(name: string, asn: number, interfaces: Interface[]): Router {
  return {
    kind: 'router',
    name,
    daemon: 'frr',
    interfaces,
    staticRoutes: [],
    labels: {},
    bgp: { ...emptyBgp(asn), profile: 'datacenter' },
  };
}

function node(name: string, role: K8sNode['k8sRole'], rack: string, addr: string): K8sNode {
  return {
    kind: 'k8s-node',
    name,
    cluster: 'c1',
    k8sRole: role,
    interfaces: [ifc('eth0', addr)],
    staticRoutes: [],
    labels: { rack },
  };
}

function link(a: string, ai: string, b: string, bi: string): Link {
  return {
    id: `${a}:${ai}--${b}:${bi}`,
    a: { device: a, interface: ai },
    b: { device: b, interface: bi },
  };
}

export function cleanLab(): Lab {
  const lab = emptyLab('clean');
  const r0 = router('router0', 65000, [
    lo('10.0.0.254/32'),
    ifc('eth1', '10.1.0.0/31'),
    ifc('eth2', '10.1.0.2/31'),
    ifc('eth3', '192.168.0.1/24'),
  ]);
  r0.bgp?.neighbors.push(
    { peer: '10.1.0.1', remoteAs: 65010 },
    { peer: '10.1.0.3', remoteAs: 'external', routeMapOut: 'to-tors' },
  );
  r0.bgp?.prefixLists.push({
    name: 'pods',
    entries: [{ seq: 5, action: 'permit', prefix: '10.244.0.0/16', le: 24 }],
  });
  r0.bgp?.routeMaps.push({
    name: 'to-tors',
    entries: [
      { seq: 10, action: 'permit', match: { prefixList: 'pods' }, set: { localPref: 200 } },
    ],
  });
  const tor0 = router('tor0', 65010, [
    lo('10.0.0.1/32'),
    ifc('eth1', '10.1.0.1/31'),
    ifc('eth2', '10.0.1.1/24'),
  ]);
  tor0.bgp?.peerGroups.push({ name: 'nodes', remoteAs: 'internal', routeReflectorClient: true });
  tor0.bgp?.neighbors.push(
    { peer: '10.1.0.0', remoteAs: 'external' },
    { peer: '10.0.1.10', peerGroup: 'nodes' },
    { peer: '10.0.1.11', peerGroup: 'nodes' },
  );
  const tor1 = router('tor1', 65011, [
    lo('10.0.0.2/32'),
    ifc('eth1', '10.1.0.3/31'),
    ifc('eth2', '10.0.2.1/24'),
  ]);
  tor1.bgp?.neighbors.push(
    { peer: '10.1.0.2', remoteAs: 'external' },
    { peer: '10.0.2.10', remoteAs: 'internal' },
  );
  const br0: Device = {
    kind: 'bridge',
    name: 'br0',
    interfaces: [ifc('p0'), ifc('p1'), ifc('p2')],
    staticRoutes: [],
    labels: {},
  };
  const client: Device = {
    kind: 'host',
    name: 'client0',
    interfaces: [ifc('eth0', '192.168.0.2/24')],
    staticRoutes: [{ prefix: '0.0.0.0/0', via: '192.168.0.1' }],
    labels: {},
  };
  lab.devices.push(
    r0,
    tor0,
    tor1,
    br0,
    node('node0', 'control-plane', 'rack0', '10.0.1.10/24'),
    node('node1', 'worker', 'rack0', '10.0.1.11/24'),
    node('node2', 'worker', 'rack1', '10.0.2.10/24'),
    client,
  );
  lab.links.push(
    link('router0', 'eth1', 'tor0', 'eth1'),
    link('router0', 'eth2', 'tor1', 'eth1'),
    link('router0', 'eth3', 'client0', 'eth0'),
    link('tor0', 'eth2', 'br0', 'p0'),
    link('node0', 'eth0', 'br0', 'p1'),
    link('node1', 'eth0', 'br0', 'p2'),
    link('tor1', 'eth2', 'node2', 'eth0'),
  );
  lab.clusters.push({
    name: 'c1',
    cni: 'cilium',
    podCidr: '10.244.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    cilium: {
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
          neighbors: [{ peerAddress: '10.0.1.1/32', peerAsn: 65010 }],
        },
        {
          name: 'rack1',
          nodeSelector: { rack: 'rack1' },
          localAsn: 65011,
          exportPodCidr: true,
          neighbors: [{ peerAddress: '10.0.2.1/32', peerAsn: 65011 }],
        },
      ],
    },
    loadBalancerPools: [{ name: 'pool', cidr: '192.0.2.0/30' }],
    services: [{ name: 'web', type: 'LoadBalancer' }],
  });
  lab.expectations.push(
    { name: 'client-to-pod', kind: 'reach', from: 'client0', to: 'node0/node0-pod' },
    { name: 'pods-on-router0', kind: 'route', device: 'router0', prefix: '10.244.0.0/24' },
    { name: 'tor0-up', kind: 'session', a: 'tor0', b: 'router0', state: 'established' },
    { name: 'no-spof', kind: 'survives', failures: { links: true }, expectations: ['tor0-up'] },
  );
  lab.layout.positions = { router0: { x: 0, y: 0 }, tor0: { x: -100, y: 100 } };
  lab.layout.groups.push({
    name: 'rack0',
    label: 'Rack 0',
    kind: 'rack',
    members: ['tor0', 'node0'],
  });
  return lab;
}
