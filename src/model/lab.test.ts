import { describe, expect, it } from 'vitest';
import { emptyBgp, linkOf, otherEnd, renameDevice, routerIdOf } from './lab';
import { cleanLab } from './testing/fixtures';
import type { Interface, K8sNode, Router } from './types';

const router = (interfaces: Interface[]): Router => ({
  kind: 'router',
  name: 'r1',
  daemon: 'frr',
  interfaces,
  staticRoutes: [],
  labels: {},
});

describe('routerIdOf (as FRR 8.4 zebra picks it with no `bgp router-id`)', () => {
  // Checked on FRR 8.4.4 (zebra + bgpd in a private netns, `show ip bgp summary json` routerId):
  //   lo 127.0.0.1, eth1 10.1.1.1/24, eth2 10.2.2.2/24           → 10.2.2.2 (highest address)
  //   + lo 10.0.0.1/32                                            → 10.0.0.1 (loopback wins, though lower)
  //   + 10.0.0.200/32 on an ifb, + eth1 10.255.0.1/8              → still 10.0.0.1 (only `lo` is a loopback)
  //   + lo 10.0.0.5/32                                            → 10.0.0.5 (highest loopback)
  const lo = (...a: string[]): Interface => ({ name: 'lo', addresses: a, loopback: true });
  const eth = (name: string, ...a: string[]): Interface => ({ name, addresses: a });

  it('uses the configured router-id first', () => {
    expect(routerIdOf(router([lo('10.0.0.1/32')]), { ...emptyBgp(1), routerId: '192.0.2.9' })).toBe(
      '192.0.2.9',
    );
  });

  it('picks the highest interface address when there is no loopback address', () => {
    expect(
      routerIdOf(
        router([lo('127.0.0.1/8'), eth('eth1', '10.1.1.1/24'), eth('eth2', '10.2.2.2/24')]),
      ),
    ).toBe('10.2.2.2');
  });

  it('prefers a loopback address even when an interface address is higher', () => {
    const r = router([
      lo('127.0.0.1/8', '10.0.0.1/32'),
      eth('eth1', '10.255.0.1/8', '10.1.1.1/24'),
    ]);
    expect(routerIdOf(r)).toBe('10.0.0.1');
  });

  it('picks the highest loopback address, compared as numbers', () => {
    expect(routerIdOf(router([lo('10.0.0.1/32', '10.0.0.5/32')]))).toBe('10.0.0.5');
    expect(routerIdOf(router([lo('10.0.0.9/32', '10.0.0.10/32')]))).toBe('10.0.0.10');
  });

  it('never picks 127/8 and has none with IPv6 only', () => {
    expect(routerIdOf(router([lo('127.0.0.1/8')]))).toBeUndefined();
    expect(routerIdOf(router([eth('eth0', 'fd00::1/64')]))).toBeUndefined();
  });
});

describe('links', () => {
  it('finds the link of an interface and its far end', () => {
    const lab = cleanLab();
    const l = linkOf(lab, { device: 'tor0', interface: 'eth1' });
    expect(l?.id).toBe('router0:eth1--tor0:eth1');
    expect(l && otherEnd(l, { device: 'tor0', interface: 'eth1' })).toEqual({
      device: 'router0',
      interface: 'eth1',
    });
    expect(linkOf(lab, { device: 'tor0', interface: 'lo' })).toBeUndefined();
  });
});

describe('renameDevice', () => {
  it('rewrites every reference and leaves other devices alone', () => {
    const lab = cleanLab();
    lab.links.push({
      id: 'custom',
      a: { device: 'node1', interface: 'eth9' },
      b: { device: 'tor1', interface: 'eth9' },
    });
    lab.clusters[0]!.services[0]!.nodes = ['node1', 'node2'];
    lab.expectations.push(
      {
        name: 'r',
        kind: 'route',
        device: 'node1',
        prefix: '0.0.0.0/0',
        nextHopDevices: ['tor0'],
        bestFrom: 'node1',
      },
      { name: 'p', kind: 'reach', from: 'node1/node1-pod', to: 'node1', via: ['node1'] },
      { name: 's', kind: 'session', a: 'node1', b: 'tor0', state: 'established' },
    );
    lab.layout.positions.node1 = { x: 5, y: 6 };
    lab.layout.groups[0]!.members.push('node1');
    const out = renameDevice(lab, 'node1', 'worker1');

    expect(out.devices.map((d) => d.name)).toContain('worker1');
    expect(out.devices.map((d) => d.name)).not.toContain('node1');
    expect(out.links.find((l) => l.a.device === 'worker1' && l.a.interface === 'eth0')?.id).toBe(
      'worker1:eth0--br0:p2',
    );
    expect(out.links.find((l) => l.id === 'custom')?.a).toEqual({
      device: 'worker1',
      interface: 'eth9',
    });
    expect(out.clusters[0]!.services[0]!.nodes).toEqual(['worker1', 'node2']);
    expect(out.expectations.find((e) => e.name === 'r')).toMatchObject({
      device: 'worker1',
      bestFrom: 'worker1',
      nextHopDevices: ['tor0'],
    });
    expect(out.expectations.find((e) => e.name === 'p')).toMatchObject({
      from: 'worker1/node1-pod',
      to: 'worker1',
      via: ['worker1'],
    });
    expect(out.expectations.find((e) => e.name === 's')).toMatchObject({ a: 'worker1', b: 'tor0' });
    expect(out.layout.positions.worker1).toEqual({ x: 5, y: 6 });
    expect(out.layout.positions.node1).toBeUndefined();
    expect(out.layout.groups[0]!.members).toEqual(['tor0', 'node0', 'worker1']);
    // The input lab is a value: untouched.
    expect(lab.devices.some((d) => d.name === 'node1')).toBe(true);
    expect((out.devices.find((d) => d.name === 'worker1') as K8sNode).cluster).toBe('c1');
  });
});
