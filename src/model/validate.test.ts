// GIVEN the clean fixture lab WHEN one thing is broken THEN exactly that rule speaks, at that path.
// Each case asserts the specific problem, so deleting the rule makes its case fail.
import { describe, expect, it } from 'vitest';
import type { Problem } from './problems';
import { cleanLab } from './testing/fixtures';
import type { Device, K8sNode, Lab, Router } from './types';
import { validateLab } from './validate';

const dev = <T extends Device = Router>(lab: Lab, name: string): T =>
  lab.devices.find((d) => d.name === name) as T;
const bgpOf = (lab: Lab, name: string) => {
  const b = dev(lab, name).bgp;
  if (!b) throw new Error(`${name} has no bgp`);
  return b;
};
const iface = (lab: Lab, d: string, i: string) => {
  const x = dev(lab, d).interfaces.find((n) => n.name === i);
  if (!x) throw new Error(`${d}/${i} missing`);
  return x;
};

interface Case {
  rule: string;
  breakIt: (lab: Lab) => void;
  severity: Problem['severity'];
  path: string;
  message: RegExp;
}

const cases: Case[] = [
  {
    rule: 'duplicate device names',
    breakIt: (lab) => lab.devices.push({ ...dev(lab, 'client0'), interfaces: [] }),
    severity: 'error',
    path: 'devices/client0',
    message: /device name client0 is used by 2 devices/,
  },
  {
    rule: 'device name over 63 characters',
    breakIt: (lab) => {
      dev(lab, 'client0').name = 'c'.repeat(64);
    },
    severity: 'error',
    path: 'devices/' + 'c'.repeat(64) + '/name',
    message: /64 characters long; the limit is 63/,
  },
  {
    rule: 'device name with a slash',
    breakIt: (lab) => {
      dev(lab, 'client0').name = 'rack0/client';
    },
    severity: 'error',
    path: 'devices/rack0/client',
    message: /may hold only letters/,
  },
  {
    rule: 'duplicate address',
    breakIt: (lab) => {
      iface(lab, 'tor1', 'eth2').addresses = ['10.0.2.1/24', '10.0.1.1/24'];
    },
    severity: 'error',
    path: 'devices/tor1/interfaces/eth2',
    message: /^10\.0\.1\.1\/24 is also on tor0\/eth2$/,
  },
  {
    rule: 'anycast loopback is only a warning',
    breakIt: (lab) => {
      iface(lab, 'tor1', 'lo').addresses = ['10.0.0.2/32', '10.0.0.99/32'];
      iface(lab, 'tor0', 'lo').addresses = ['10.0.0.1/32', '10.0.0.99/32'];
    },
    severity: 'warning',
    path: 'devices/tor1/interfaces/lo',
    message: /10\.0\.0\.99\/32 is also on tor0\/lo \(anycast\?\)/,
  },
  {
    rule: 'overlapping subnets on different links',
    breakIt: (lab) => {
      iface(lab, 'tor1', 'eth2').addresses = ['10.0.1.129/25'];
      iface(lab, 'node2', 'eth0').addresses = ['10.0.1.130/25'];
    },
    severity: 'error',
    path: 'devices/tor1/interfaces/eth2',
    message:
      /10\.0\.1\.129\/25 overlaps 10\.0\.1\.1\/24 on tor0\/eth2, which is on a different link/,
  },
  {
    rule: 'invalid address',
    breakIt: (lab) => {
      iface(lab, 'client0', 'eth0').addresses = ['192.168.0.300/24'];
    },
    severity: 'error',
    path: 'devices/client0/interfaces/eth0',
    message: /192\.168\.0\.300\/24 is not an IPv4 or IPv6 address with a prefix length/,
  },
  {
    rule: 'absurd prefix length',
    breakIt: (lab) => {
      iface(lab, 'client0', 'eth0').addresses = ['192.168.0.2/33'];
    },
    severity: 'error',
    path: 'devices/client0/interfaces/eth0',
    message: /impossible prefix length for IPv4/,
  },
  {
    rule: 'address without prefix length',
    breakIt: (lab) => {
      iface(lab, 'client0', 'eth0').addresses = ['192.168.0.2'];
    },
    severity: 'error',
    path: 'devices/client0/interfaces/eth0',
    message: /has no prefix length/,
  },
  {
    rule: 'IPv6 router-id',
    breakIt: (lab) => {
      bgpOf(lab, 'tor0').routerId = 'fd00::1';
    },
    severity: 'error',
    path: 'devices/tor0/bgp',
    message: /router-id fd00::1 is not a non-zero IPv4 address/,
  },
  {
    rule: 'router-id missing',
    breakIt: (lab) => {
      dev(lab, 'tor1').interfaces = [
        { name: 'eth1', addresses: [], unnumbered: true },
        { name: 'eth2', addresses: ['fd00:2::1/64'] },
      ];
      lab.links = lab.links.filter((l) => l.b.device !== 'node2' && l.b.device !== 'tor1');
      bgpOf(lab, 'tor1').neighbors = [{ peer: 'eth1', interface: true, remoteAs: 'external' }];
      bgpOf(lab, 'router0').neighbors = bgpOf(lab, 'router0').neighbors.slice(0, 1);
      lab.clusters[0]?.cilium?.policies.pop();
    },
    severity: 'error',
    path: 'devices/tor1/bgp',
    message: /tor1 has no router-id/,
  },
  {
    rule: 'router-id duplicated in one AS',
    breakIt: (lab) => {
      bgpOf(lab, 'tor0').routerId = '10.0.1.10';
    },
    severity: 'error',
    path: 'devices/node0/bgp',
    message: /router-id 10\.0\.1\.10 is also used by tor0 in the same AS 65010/,
  },
  {
    rule: 'AS 0',
    breakIt: (lab) => {
      bgpOf(lab, 'tor1').asn = 0;
    },
    severity: 'error',
    path: 'devices/tor1/bgp',
    message: /AS 0 is out of range/,
  },
  {
    rule: 'AS above 4294967295',
    breakIt: (lab) => {
      bgpOf(lab, 'router0').neighbors[0]!.remoteAs = 4294967296;
    },
    severity: 'error',
    path: 'devices/router0/bgp/neighbors/10.1.0.1',
    message: /remote-as 4294967296 is out of range/,
  },
  {
    rule: 'peer address no device owns',
    breakIt: (lab) => {
      bgpOf(lab, 'tor0').neighbors.push({ peer: '10.0.1.99', peerGroup: 'nodes' });
    },
    severity: 'error',
    path: 'devices/tor0/bgp/neighbors/10.0.1.99',
    message: /peer 10\.0\.1\.99 is not an address of any device/,
  },
  {
    rule: 'unknown peer group',
    breakIt: (lab) => {
      bgpOf(lab, 'tor0').neighbors[1]!.peerGroup = 'nodez';
    },
    severity: 'error',
    path: 'devices/tor0/bgp/neighbors/10.0.1.10',
    message: /peer-group nodez, which is not defined/,
  },
  {
    rule: 'unknown route-map',
    breakIt: (lab) => {
      bgpOf(lab, 'router0').neighbors[0]!.routeMapIn = 'nope';
    },
    severity: 'error',
    path: 'devices/router0/bgp/neighbors/10.1.0.1',
    message: /uses route-map nope in, which is not defined/,
  },
  {
    rule: 'unknown prefix-list',
    breakIt: (lab) => {
      bgpOf(lab, 'router0').routeMaps[0]!.entries[0]!.match.prefixList = 'podz';
    },
    severity: 'error',
    path: 'devices/router0/bgp/routeMaps/to-tors/10',
    message: /matches prefix-list podz, which is not defined/,
  },
  {
    rule: 'neighbour without remote-as',
    breakIt: (lab) => {
      delete bgpOf(lab, 'tor1').neighbors[0]!.remoteAs;
    },
    severity: 'error',
    path: 'devices/tor1/bgp/neighbors/10.1.0.2',
    message: /neighbor 10\.1\.0\.2 has no remote-as/,
  },
  {
    rule: 'link endpoint unknown device',
    breakIt: (lab) => {
      lab.links[0]!.b.device = 'tor9';
    },
    severity: 'error',
    path: 'links/router0:eth1--tor0:eth1',
    message: /there is no device tor9/,
  },
  {
    rule: 'link endpoint unknown interface',
    breakIt: (lab) => {
      lab.links[0]!.b.interface = 'eth9';
    },
    severity: 'error',
    path: 'links/router0:eth1--tor0:eth1',
    message: /tor0 has no interface eth9/,
  },
  {
    rule: 'interface on two links',
    breakIt: (lab) => {
      lab.links.push({
        id: 'extra',
        a: { device: 'tor0', interface: 'eth1' },
        b: { device: 'client0', interface: 'eth0' },
      });
    },
    severity: 'error',
    path: 'devices/tor0/interfaces/eth1',
    message: /tor0\/eth1 is on two links: router0:eth1--tor0:eth1 and extra/,
  },
  {
    rule: 'bridge with one member',
    breakIt: (lab) => {
      lab.links = lab.links.filter((l) => l.a.device !== 'node0' && l.a.device !== 'node1');
      lab.devices = lab.devices.filter((d) => d.name !== 'node0' && d.name !== 'node1');
      bgpOf(lab, 'tor0').neighbors.splice(1);
      lab.expectations = [];
      lab.layout.groups = [];
    },
    severity: 'warning',
    path: 'devices/br0',
    message: /bridge br0 has 1 member\(s\); it needs two/,
  },
  {
    rule: 'k8s node in a cluster that does not exist',
    breakIt: (lab) => {
      dev<K8sNode>(lab, 'node2').cluster = 'c2';
    },
    severity: 'error',
    path: 'devices/node2',
    message: /node2 belongs to cluster c2, which does not exist/,
  },
  {
    rule: 'pod CIDR overlapping infrastructure',
    breakIt: (lab) => {
      lab.clusters[0]!.podCidr = '10.0.0.0/16';
    },
    severity: 'error',
    path: 'clusters/c1',
    message: /pod CIDR 10\.0\.0\.0\/16 overlaps 10\.0\.0\.254\/32 on router0\/lo/,
  },
  {
    rule: 'LoadBalancer pool exhaustion',
    breakIt: (lab) => {
      // 192.0.2.0/30 holds four addresses; routelab hands out every one (like Cilium LB-IPAM).
      for (const n of ['a', 'b', 'c', 'd'])
        lab.clusters[0]!.services.push({ name: n, type: 'LoadBalancer' });
    },
    severity: 'error',
    path: 'clusters/c1/services/d',
    message: /no free LoadBalancer address left for d \(pools: 192\.0\.2\.0\/30\)/,
  },
  {
    rule: 'expectation naming an unknown device',
    breakIt: (lab) => {
      lab.expectations.push({ name: 'x', kind: 'session', a: 'tor0', b: 'spine9', state: 'down' });
    },
    severity: 'error',
    path: 'expectations/x',
    message: /b spine9 is not a device of this lab/,
  },
  {
    rule: 'expectation naming an unknown pod',
    breakIt: (lab) => {
      lab.expectations.push({ name: 'y', kind: 'reach', from: 'client0', to: 'node1/web' });
    },
    severity: 'error',
    path: 'expectations/y',
    message: /node1 has no pod web/,
  },
  {
    rule: 'too many devices',
    breakIt: (lab) => {
      const c = dev(lab, 'client0');
      lab.devices = Array.from({ length: 100_001 }, () => c);
    },
    severity: 'error',
    path: 'devices',
    message: /has 100001 entries; the limit is 100000/,
  },
  {
    rule: 'interface name longer than Linux allows',
    breakIt: (lab) => {
      dev(lab, 'client0').interfaces.push({ name: 'a-very-long-name0', addresses: [] });
    },
    severity: 'error',
    path: 'devices/client0/interfaces/a-very-long-name0/name',
    message: /the limit is 15/,
  },
  {
    rule: 'static route via the other family',
    breakIt: (lab) => {
      dev(lab, 'client0').staticRoutes[0]!.via = 'fd00::1';
    },
    severity: 'error',
    path: 'devices/client0/staticRoutes/0',
    message: /next hop fd00::1 is not the same address family as 0\.0\.0\.0\/0/,
  },
  {
    rule: 'cilium peer no device owns',
    breakIt: (lab) => {
      lab.clusters[0]!.cilium!.policies[1]!.neighbors[0]!.peerAddress = '10.0.2.254/32';
    },
    severity: 'error',
    path: 'clusters/c1/cilium/policies/rack1/neighbors/10.0.2.254/32',
    message: /peer 10\.0\.2\.254 is not an address of any device/,
  },
  {
    rule: 'pod CIDRs of two nodes overlapping',
    breakIt: (lab) => {
      dev<K8sNode>(lab, 'node1').podCidrs = ['10.244.7.0/24'];
      dev<K8sNode>(lab, 'node2').podCidrs = ['10.244.7.128/25'];
    },
    severity: 'error',
    path: 'devices/node2',
    message: /pod CIDR 10\.244\.7\.128\/25 overlaps 10\.244\.7\.0\/24 of node1/,
  },
  {
    rule: 'pod pool too small for the nodes',
    breakIt: (lab) => {
      lab.clusters[0]!.podCidr = '10.244.0.0/23';
    },
    severity: 'error',
    path: 'devices/node2',
    message: /pod CIDR 10\.244\.0\.0\/23 has no \/24 block left for node2/,
  },
];

describe('validateLab', () => {
  it('finds no problem at all in the clean fixture', () => {
    expect(validateLab(cleanLab())).toEqual([]);
  });

  for (const c of cases) {
    it(`reports: ${c.rule}`, () => {
      const lab = cleanLab();
      c.breakIt(lab);
      const problems = validateLab(lab);
      const hit = problems.find((p) => p.path === c.path && c.message.test(p.message));
      expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
      expect(hit?.severity).toBe(c.severity);
    });
  }

  it('never throws on junk input; wrong types become problems', () => {
    for (const junk of [
      null,
      42,
      'lab',
      [],
      {},
      { devices: 'x' },
      { devices: [{ kind: 'toaster' }] },
    ]) {
      const problems = validateLab(junk);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => typeof p.path === 'string' && p.message.length > 0)).toBe(true);
    }
    const lab = cleanLab() as unknown as { devices: { interfaces: unknown }[] };
    lab.devices[0]!.interfaces = 'eth0';
    expect(validateLab(lab)).toContainEqual({
      severity: 'error',
      path: 'devices/router0/interfaces',
      message: 'expected a list, got "eth0"',
    });
  });

  it('warns about unknown fields instead of dropping them silently', () => {
    const lab = cleanLab() as Lab & { colour?: string };
    lab.colour = 'blue';
    expect(validateLab(lab)).toContainEqual({
      severity: 'warning',
      path: '/',
      message: "unknown field 'colour' is ignored",
    });
  });
});
