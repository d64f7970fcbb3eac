import type { Bridge, K8sNode } from '../../../src/model';
import { linkId } from '../../../src/model';
import { addRouter, bgpOf, connect, corpus, newLab, peer } from './build';

/**
 * A Cilium-like rack: ToR (FRR, AS65010) and two Kubernetes nodes on one L2 segment; Cilium's
 * BGP control plane (GoBGP: dials out, does not listen) peers iBGP with the ToR, announces each
 * node's pod CIDR and a LoadBalancer address both nodes carry (ORIGIN IGP). Upstream router0
 * (AS65000) over an unnumbered link. The ToR installs the LB /32 over both nodes (iBGP
 * multipath: identical, empty AS_PATH); router0 gets the ToR's best path only.
 */
export function ciliumRack() {
  const lab = newLab('cilium-rack', 'FRR ToR + two GoBGP (Cilium) nodes, LB address ECMP');
  lab.clusters.push({
    name: 'kind',
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
      kubeProxyReplacement: true,
      policies: [
        {
          name: 'rack0',
          nodeSelector: { rack: 'rack0' },
          localAsn: 65010,
          exportPodCidr: true,
          advertiseLoadBalancerIps: true,
          neighbors: [{ peerAddress: '10.0.10.1/32', peerAsn: 65010 }],
        },
      ],
    },
    loadBalancerPools: [{ name: 'pool', cidr: '192.0.2.0/28' }],
    services: [{ name: 'web', type: 'LoadBalancer' }],
  });
  addRouter(lab, 'router0', { asn: 65000, loopback: '10.0.0.100/32' });
  addRouter(lab, 'tor', { asn: 65010, loopback: '10.0.0.1/32' });
  peer(lab, 'router0', 'tor', connect(lab, 'router0', 'tor', null));
  const sw: Bridge = {
    kind: 'bridge',
    name: 'sw0',
    role: 'bridge',
    interfaces: [],
    staticRoutes: [],
    labels: {},
  };
  lab.devices.push(sw);
  const tor = lab.devices.find((d) => d.name === 'tor');
  tor?.interfaces.push({ name: 'eth9', addresses: ['10.0.10.1/24'] });
  const attach = (dev: string, ifName: string, port: string): void => {
    sw.interfaces.push({ name: port, addresses: [] });
    const a = { device: dev, interface: ifName };
    const b = { device: 'sw0', interface: port };
    lab.links.push({ id: linkId(a, b), a, b });
  };
  attach('tor', 'eth9', 'p0');
  for (const i of [1, 2]) {
    const node: K8sNode = {
      kind: 'k8s-node',
      name: `node${i}`,
      role: 'node',
      cluster: 'kind',
      k8sRole: i === 1 ? 'control-plane' : 'worker',
      interfaces: [{ name: 'eth1', addresses: [`10.0.10.1${i}/24`] }],
      staticRoutes: [{ prefix: '0.0.0.0/0', via: '10.0.10.1' }],
      labels: { rack: 'rack0' },
    };
    lab.devices.push(node);
    attach(node.name, 'eth1', `p${i}`);
    bgpOf(lab, 'tor').neighbors.push({ peer: `10.0.10.1${i}`, remoteAs: 'internal' });
  }
  bgpOf(lab, 'tor').redistribute.push({ source: 'connected' });
  // router0's loopback is its only IPv4 address (unnumbered uplink): announced, so answers to
  // its traceroute probes can come back.
  bgpOf(lab, 'router0').redistribute.push({ source: 'connected' });
  lab.expectations.push(
    { kind: 'session', name: 'tor-node1', a: 'tor', b: 'node1', state: 'established' },
    {
      kind: 'route',
      name: 'tor has node2 pods',
      device: 'tor',
      prefix: '10.244.1.0/24',
      nextHopDevices: ['node2'],
    },
    {
      kind: 'route',
      name: 'LB ecmp',
      device: 'tor',
      prefix: '192.0.2.0/32',
      nextHopDevices: ['node1', 'node2'],
    },
    {
      kind: 'route',
      name: 'router0 has pods',
      device: 'router0',
      prefix: '10.244.0.0/24',
      nextHopDevices: ['tor'],
    },
    {
      kind: 'reach',
      name: 'router0 to node1 pod',
      from: 'router0',
      to: 'node1/node1-pod',
      via: ['tor'],
    },
  );
  return corpus('cilium-rack', lab);
}
