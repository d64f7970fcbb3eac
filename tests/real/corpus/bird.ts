import type { K8sNode } from '../../../src/model';
import { emptyBgp } from '../../../src/model';
import { addRouter, connect, corpus, newLab, peer } from './build';

function birdNode(name: string, asn: number, podCidr: string): K8sNode {
  const bgp = emptyBgp(asn);
  bgp.networks.push(podCidr);
  return {
    kind: 'k8s-node',
    name,
    role: 'node',
    cluster: 'c1',
    k8sRole: 'worker',
    podCidrs: [podCidr],
    interfaces: [],
    staticRoutes: [],
    labels: {},
    daemon: 'bird',
    bgp,
  };
}

/**
 * BIRD speakers: an FRR router (AS65100) with two nodes in different subnets, each running BIRD
 * by hand (AS65010, AS65020) and announcing its pod CIDR (a blackhole static in BIRD, as the
 * exporter writes it). The router learns both pod CIDRs; each node learns the other's via the
 * router and BIRD installs it into the kernel. BIRD's fast connect timers are asked for here.
 */
export function birdNodes() {
  const lab = newLab('bird-nodes', 'FRR router + two BIRD nodes across subnets');
  lab.clusters.push({
    name: 'c1',
    cni: 'cilium',
    podCidr: '10.244.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    loadBalancerPools: [],
    services: [],
  });
  addRouter(lab, 'router', { asn: 65100, loopback: '10.0.0.1/32' });
  lab.devices.push(
    birdNode('node1', 65010, '10.244.1.0/24'),
    birdNode('node2', 65020, '10.244.2.0/24'),
  );
  peer(lab, 'router', 'node1', connect(lab, 'router', 'node1', '10.0.1.0/24'));
  peer(lab, 'router', 'node2', connect(lab, 'router', 'node2', '10.0.2.0/24'));
  lab.expectations.push(
    {
      kind: 'route',
      name: 'router has node1 pods',
      device: 'router',
      prefix: '10.244.1.0/24',
      nextHopDevices: ['node1'],
    },
    {
      kind: 'route',
      name: 'node1 has node2 pods',
      device: 'node1',
      prefix: '10.244.2.0/24',
      nextHopDevices: ['router'],
    },
    { kind: 'reach', name: 'pod to pod', from: 'node1/node1-pod', to: 'node2/node2-pod' },
  );
  return corpus('bird-nodes', lab, { fastBirdTimers: true });
}
