/**
 * The example labs carry the write-ups' own values. Every expected value below is copied from the
 * seed text (/work/shared/seeds/<file>, line cited), not from the builders.
 */
import { describe, expect, it } from 'vitest';
import { contains } from '../addressing';
import { findDevice } from '../lab';
import { nodeBgp, nodeIp, nodePodCidrs, nodePods, serviceAddresses } from '../k8s';
import type { BgpConfig, Device, K8sNode, Lab } from '../types';
import { getExample } from './index';

function stepLab(example: string, step: string): Lab {
  const lab = getExample(example)?.steps.find((s) => s.id === step)?.lab;
  if (!lab) throw new Error(`no ${example}/${step}`);
  return lab;
}

function dev(lab: Lab, name: string): Device {
  const d = findDevice(lab, name);
  if (!d) throw new Error(`no device ${name}`);
  return d;
}

const node = (lab: Lab, name: string): K8sNode => dev(lab, name) as K8sNode;
const bgpOf = (lab: Lab, name: string): BgpConfig | undefined => {
  const d = dev(lab, name);
  return d.kind === 'router' || d.kind === 'k8s-node' ? d.bgp : undefined;
};
const addrs = (lab: Lab, name: string): string[] =>
  dev(lab, name).interfaces.flatMap((i) => i.addresses);
const peers = (lab: Lab, name: string): string[] =>
  (nodeBgp(lab, node(lab, name))?.bgp.neighbors ?? []).map((n) => n.peer).sort();

describe('cilium-frr-tor (seed 003)', () => {
  const before = stepLab('cilium-frr-tor', 'before-policies');
  const after = stepLab('cilium-frr-tor', 'after-policies');

  it('has router0 AS65000 unnumbered to both ToRs (l.181-198)', () => {
    const b = bgpOf(after, 'router0');
    expect(b?.asn).toBe(65000);
    expect(b?.routerId).toBe('10.0.0.0');
    expect(addrs(after, 'router0')).toEqual(['10.0.0.0/32']);
    expect(b?.peerGroups).toEqual([
      { name: 'ROUTERS', remoteAs: 'external', defaultOriginate: true },
    ]);
    expect(b?.neighbors.map((n) => [n.peer, n.interface, n.peerGroup])).toEqual([
      ['net0', true, 'ROUTERS'],
      ['net1', true, 'ROUTERS'],
    ]);
    expect(b?.redistribute).toEqual([{ source: 'connected' }]);
  });

  it('has the ToRs in AS65010/65011 with iBGP to their servers (l.209-262)', () => {
    for (const [tor, asn, lo, servers] of [
      ['tor0', 65010, '10.0.0.1/32', ['10.0.1.2', '10.0.2.2']],
      ['tor1', 65011, '10.0.0.2/32', ['10.0.3.2', '10.0.4.2']],
    ] as const) {
      const b = bgpOf(after, tor);
      expect(b?.asn).toBe(asn);
      expect(b?.profile).toBe('datacenter');
      expect(addrs(after, tor)[0]).toBe(lo);
      expect(b?.peerGroups.find((g) => g.name === 'SERVERS')?.remoteAs).toBe('internal');
      expect(b?.neighbors.filter((n) => !n.interface).map((n) => n.peer)).toEqual(servers);
    }
  });

  it('has the kind nodes, racks and pod subnet (l.108-144, l.271-296)', () => {
    const ips = ['server0', 'server1', 'server2', 'server3'].map((n) => nodeIp(node(after, n)));
    expect(ips).toEqual(['10.0.1.2', '10.0.2.2', '10.0.3.2', '10.0.4.2']);
    expect(node(after, 'server1').labels).toEqual({ rack: 'rack0' });
    expect(node(after, 'server2').labels).toEqual({ rack: 'rack1' });
    expect(node(after, 'server3').staticRoutes).toEqual([{ prefix: '0.0.0.0/0', via: '10.0.4.1' }]);
    expect(after.clusters[0]?.podCidr).toBe('10.1.0.0/16');
    // l.492: nettool-1 10.1.2.185 on server1, nettool-2 10.1.3.56 on server3
    expect(contains(nodePodCidrs(after, node(after, 'server1'))[0] ?? '', '10.1.2.185')).toBe(true);
    expect(nodePods(after, node(after, 'server3'))).toEqual([
      { name: 'nettool-2', address: '10.1.3.56' },
    ]);
  });

  it('peers each rack with its ToR loopback only after the policies (l.395-420)', () => {
    expect(nodeBgp(before, node(before, 'server0'))).toBeUndefined();
    const nb = nodeBgp(after, node(after, 'server2'));
    expect(nb?.bgp.asn).toBe(65011);
    expect(nb?.bgp.neighbors).toEqual([{ peer: '10.0.0.2', remoteAs: 65011 }]);
    expect(after.clusters[0]?.cilium?.bgpApi).toBe('peering-policy');
  });
});

describe('vyos-spine-leaf-rr (seed 001)', () => {
  const after = stepLab('vyos-spine-leaf-rr', 'after-policies');
  const mp = stepLab('vyos-spine-leaf-rr', 'multipath-relax');

  it('has the AS numbers and underlay addresses (l.284-449)', () => {
    const asn = (n: string): number | undefined => bgpOf(after, n)?.asn;
    expect(['spine01', 'spine02', 'leaf01', 'leaf02'].map(asn)).toEqual([500, 1000, 65005, 65010]);
    expect(addrs(after, 'spine01')).toEqual(['10.0.101.1/24', '10.0.104.1/24']);
    expect(addrs(after, 'spine02')).toEqual(['10.0.102.1/24', '10.0.103.1/24', '192.168.0.1/24']);
    expect(addrs(after, 'leaf01')).toEqual(['10.0.5.1/24', '10.0.101.2/24', '10.0.103.2/24']);
    expect(addrs(after, 'leaf02')).toEqual(['10.0.10.1/24', '10.0.102.2/24', '10.0.104.2/24']);
    expect(addrs(after, 'client')).toEqual(['192.168.0.2/24']);
    expect(bgpOf(after, 'spine02')?.networks).toEqual(['192.168.0.0/24']);
    expect(dev(after, 'leaf01').kind === 'router' && dev(after, 'leaf01')).toMatchObject({
      daemon: 'vyos',
    });
  });

  it('reflects for the rack nodes (l.374-385, l.477-492)', () => {
    const l1 = bgpOf(after, 'leaf01');
    expect(l1?.peerGroups).toEqual([
      { name: 'RR-CLIENTS', remoteAs: 65005, routeReflectorClient: true },
    ]);
    expect(l1?.neighbors.filter((n) => n.peerGroup === 'RR-CLIENTS').map((n) => n.peer)).toEqual([
      '10.0.5.11',
      '10.0.5.12',
    ]);
    expect(bgpOf(after, 'leaf02')?.listenRanges).toEqual([
      { range: '10.0.10.0/24', peerGroup: 'RR-CLIENTS' },
    ]);
  });

  it('places the nodes and pods as kubectl shows them (l.625-629, l.717-720)', () => {
    const nodes = ['control-plane', 'worker', 'worker2', 'worker3'];
    expect(nodes.map((n) => nodeIp(node(after, n)))).toEqual([
      '10.0.5.11',
      '10.0.5.12',
      '10.0.10.11',
      '10.0.10.12',
    ]);
    expect(nodes.map((n) => nodePods(after, node(after, n))[0]?.address)).toEqual([
      '10.1.0.174',
      '10.1.3.219',
      '10.1.2.191',
      '10.1.1.239',
    ]);
    for (const n of nodes) {
      const pod = nodePods(after, node(after, n))[0]?.address ?? '';
      expect(contains(nodePodCidrs(after, node(after, n))[0] ?? '', pod), n).toBe(true);
    }
    expect(peers(after, 'worker3')).toEqual(['10.0.10.1']);
  });

  it('switches on multipath-relax and maximum-paths 2 only in the last step (l.389-391)', () => {
    expect(bgpOf(after, 'leaf01')?.bestpath).toBeUndefined();
    expect(bgpOf(mp, 'leaf01')?.bestpath).toEqual({ asPathMultipathRelax: true });
    expect(bgpOf(mp, 'leaf02')?.maximumPaths).toBe(2);
  });
});

describe('cilium-bird-nodes (seed 000)', () => {
  const bird = stepLab('cilium-bird-nodes', 'bird');
  const lb = stepLab('cilium-bird-nodes', 'metallb-ecmp');

  it('has the FRR router and the two nodes in different subnets (l.20, l.60-64)', () => {
    const r = bgpOf(bird, 'router');
    expect(r?.asn).toBe(65100);
    expect(r?.routerId).toBe('192.168.121.16');
    expect(r?.neighbors).toEqual([
      { peer: '10.0.1.10', remoteAs: 65010 },
      { peer: '10.0.2.10', remoteAs: 65020 },
    ]);
    expect(addrs(bird, 'router')).toEqual(['192.168.121.16/24', '10.0.1.2/24', '10.0.2.2/24']);
    expect(node(bird, 'node2').staticRoutes[0]).toEqual({ prefix: '0.0.0.0/0', via: '10.0.2.2' });
  });

  it('runs BIRD on node1 announcing 172.31.254.0/26 (l.161-190)', () => {
    const nb = nodeBgp(bird, node(bird, 'node1'));
    expect(nb?.daemon).toBe('bird');
    expect(nb?.bgp.asn).toBe(65010);
    expect(nb?.bgp.routerId).toBe('10.0.1.10');
    expect(nb?.bgp.neighbors[0]).toMatchObject({ peer: '10.0.1.2', remoteAs: 65100 });
    expect(nb?.bgp.networks).toEqual(['172.31.254.0/26']);
    expect(bird.clusters[0]?.podCidr).toBe('172.31.254.0/23'); // l.103
    expect(bird.clusters[0]?.podCidrMaskSize).toBe(26); // l.105
  });

  it('moves to AS65000 with an LB pool; whoami-lb gets 192.0.2.0 (l.231-246, l.296, l.323)', () => {
    const c = lb.clusters[0];
    expect(c?.loadBalancerPools).toEqual([{ name: 'default', cidr: '192.0.2.0/24' }]);
    expect(c && serviceAddresses(c).get('whoami-lb')).toBe('192.0.2.0');
    const nb = nodeBgp(lb, node(lb, 'node2'));
    expect(nb?.bgp.asn).toBe(65000);
    expect(nb?.bgp.neighbors).toEqual([{ peer: '192.168.121.16', remoteAs: 65100 }]);
    expect(nb?.bgp.networks).toContain('192.0.2.0/32');
    expect(bgpOf(lb, 'router')?.bestpath).toEqual({ asPathMultipathRelax: true });
    expect(bgpOf(lb, 'router')?.neighbors.map((n) => n.remoteAs)).toEqual([65000, 65000]);
  });
});

describe('cilium-legacy-bgp (seed 002)', () => {
  const lab = stepLab('cilium-legacy-bgp', 'main');

  it('gives the bgp-peer-83 peers only to labelled nodes (l.36-58)', () => {
    expect(peers(lab, 'node94-1')).toEqual(['10.4.36.238', '10.4.36.239']);
    expect(peers(lab, 'node83-2')).toEqual([
      '10.4.36.238',
      '10.4.36.239',
      '10.4.36.250',
      '10.4.36.251',
    ]);
  });

  it('has the Cilium 1.11 settings (l.59-133)', () => {
    const c = lab.clusters[0];
    expect(c?.podCidr).toBe('10.5.112.0/21');
    expect(c?.podCidrMaskSize).toBe(24);
    expect(c?.loadBalancerPools).toEqual([{ name: 'default', cidr: '10.5.112.0/21' }]);
    expect(c?.cilium).toMatchObject({
      version: '1.11.9',
      bgpApi: 'legacy-metallb',
      autoDirectNodeRoutes: true,
      ipamMode: 'cluster-pool',
    });
  });

  it('puts the nodes in 10.4.94.0/24 and 10.4.83.0/24 behind .1 gateways (l.141-155)', () => {
    expect(contains('10.4.94.0/24', nodeIp(node(lab, 'node94-2')) ?? '')).toBe(true);
    expect(contains('10.4.83.0/24', nodeIp(node(lab, 'node83-1')) ?? '')).toBe(true);
    expect(node(lab, 'node94-1').staticRoutes[0]?.via).toBe('10.4.94.1');
    expect(node(lab, 'node83-1').staticRoutes[0]?.via).toBe('10.4.83.1');
    expect(contains(nodePodCidrs(lab, node(lab, 'node83-1'))[0] ?? '', '10.5.119.30')).toBe(true);
    expect(contains(nodePodCidrs(lab, node(lab, 'node94-2'))[0] ?? '', '10.5.114.1')).toBe(true);
  });
});

describe('calico-bird-rr (seed 004)', () => {
  const rr = stepLab('calico-bird-rr', 'route-reflector');
  const agg = stepLab('calico-bird-rr', 'aggregate');

  it('has the four nodes with their host IPs and blocks (l.18-32)', () => {
    const want = [
      ['rke-node3', '192.168.0.7', '10.41.113.192/26'],
      ['rke-node4', '192.168.0.25', '10.41.57.192/26'],
      ['rke-node6', '192.168.2.14', '10.41.210.128/26'],
      ['rke-node7', '192.168.2.15', '10.41.210.0/26'],
    ];
    for (const [n, ip, block] of want) {
      expect(nodeIp(node(rr, n ?? ''))).toBe(ip);
      expect(nodePodCidrs(rr, node(rr, n ?? ''))).toEqual([block]);
    }
  });

  it('reflects from 192.168.0.40 / 192.168.2.16 in AS63400, mesh off (l.178-260, l.300-362)', () => {
    const b = bgpOf(rr, 'bird-rr');
    expect(b?.asn).toBe(63400);
    expect(b?.routerId).toBe('192.168.0.40');
    expect(addrs(rr, 'bird-rr')).toEqual(['192.168.0.40/24', '192.168.2.16/24']);
    expect(b?.neighbors.map((n) => [n.peer, n.routeReflectorClient])).toEqual([
      ['192.168.0.25', true],
      ['192.168.0.7', true],
      ['192.168.2.14', true],
      ['192.168.2.15', true],
    ]);
    expect(rr.clusters[0]?.calico?.nodeToNodeMesh).toBe(false);
    expect(peers(rr, 'rke-node3')).toEqual(['192.168.0.40']);
    expect(peers(rr, 'rke-node6')).toEqual(['192.168.2.16']);
    expect(nodeBgp(rr, node(rr, 'rke-node6'))?.bgp.networks).toEqual(['10.41.210.128/26']);
  });

  it('hands out the aggregate instead of reflecting (l.570-663)', () => {
    expect(bgpOf(agg, 'bird-rr')?.neighbors.some((n) => n.routeReflectorClient)).toBe(false);
    expect(dev(agg, 'bird-rr').staticRoutes.map((r) => r.prefix)).toEqual([
      '10.41.0.0/16',
      '10.42.0.0/16',
    ]);
  });

  it('advertises per-pod /32s and the service CIDR in their variants (l.767-782, l.792)', () => {
    const pods = stepLab('calico-bird-rr', 'per-pod-routes');
    const nets = nodeBgp(pods, node(pods, 'rke-node4'))?.bgp.networks;
    expect(nets).toEqual(['10.41.57.199/32', '10.41.57.203/32', '10.41.57.204/32']);
    const svc = stepLab('calico-bird-rr', 'service-cluster-ips');
    expect(nodeBgp(svc, node(svc, 'rke-node7'))?.bgp.networks).toContain('10.43.0.0/16');
  });
});
