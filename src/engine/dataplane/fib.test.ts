/**
 * FIB sources, selection and resolution. Expectations come from: FRR's admin distances (FRR
 * docs, "Administrative Distance": connected 0, kernel 0, static 1, eBGP 20, iBGP 200); real
 * FRR 8.4 static recursion (real/frr-show-ip-route.sh: `10.5.0.0/16 via 10.9.4.2 (recursive)`
 * resolved through the ECMP static); the kernel refusing an off-link gateway (real: `ip route
 * add 10.9.3.0/24 via 10.9.2.7` → "Error: Nexthop has invalid gateway." when 10.9.2.7 is only
 * reachable through another gateway route); FRR not resolving a BGP next hop through the
 * default route (notes/real-daemons.md); Cilium's autoDirectNodeRoutes (docs: "installs routes
 * to other nodes' pod CIDRs when they share an L2 network") and Calico's blackhole for its
 * own blocks (seed 004: `blackhole 10.244.x.0/26 proto bird`).
 */
import { describe, expect, it } from 'vitest';
import { buildFib, fibTable, forwardingNextHops } from './fib';
import { buildL2 } from './l2';
import { bridge, cluster, lab, link, node, router } from './testlab';
import type { Fib, FibRoute } from './types';

const sel = (fib: Fib, prefix: string): FibRoute | undefined =>
  fib.routes.find((r) => r.prefix === prefix && r.selected);

function twoRouters(daemon: 'frr' | 'bird' = 'frr') {
  return lab(
    [
      router('a', { lo: ['10.0.0.1/32'], eth0: ['10.0.12.1/24'], eth1: [] }, [], daemon),
      router('b', { lo: ['10.0.0.2/32'], eth0: ['10.0.12.2/24'], eth1: [] }, [], daemon),
    ],
    [link('a:eth0', 'b:eth0'), link('a:eth1', 'b:eth1')],
  );
}

describe('connected routes', () => {
  it('are the interface subnets and /32 loopbacks, gone when the link is down', () => {
    const l = twoRouters();
    const fib = buildFib(l, 'a', []);
    expect(
      fib.routes
        .filter((r) => r.source === 'connected')
        .map((r) => [r.prefix, r.nextHops[0]?.interface, r.src]),
    ).toEqual([
      ['10.0.0.1/32', 'lo', '10.0.0.1'],
      ['10.0.12.0/24', 'eth0', '10.0.12.1'],
    ]);
    l.links[0] = { ...l.links[0]!, down: true };
    expect(buildFib(l, 'a', []).routes.map((r) => r.prefix)).toEqual(['10.0.0.1/32']);
  });

  it('a down device has an empty FIB', () => {
    const l = twoRouters();
    l.devices[0]!.down = true;
    expect(buildFib(l, 'a', []).routes).toEqual([]);
  });
});

describe('static routes', () => {
  it('blackhole, via and interface', () => {
    const l = twoRouters();
    l.devices[0]!.staticRoutes = [
      { prefix: '10.9.0.0/16', blackhole: true },
      { prefix: '10.8.0.0/16', via: '10.0.12.2' },
      { prefix: '10.7.0.0/16', interface: 'eth0' },
    ];
    const fib = buildFib(l, 'a', []);
    expect(sel(fib, '10.9.0.0/16')).toMatchObject({ blackhole: true, distance: 1 });
    expect(sel(fib, '10.8.0.0/16')?.nextHops).toEqual([
      { via: '10.0.12.2', interface: 'eth0', device: 'b', weight: 1 },
    ]);
    expect(sel(fib, '10.7.0.0/16')?.nextHops).toEqual([
      { interface: 'eth0', device: 'b', weight: 1 },
    ]);
  });

  it('plain Linux refuses a gateway that is not on a connected network', () => {
    const l = twoRouters('bird');
    l.devices[0]!.staticRoutes = [
      { prefix: '10.9.2.0/24', via: '10.0.12.2' },
      { prefix: '10.9.3.0/24', via: '10.9.2.7' },
    ];
    const fib = buildFib(l, 'a', []);
    expect(sel(fib, '10.9.2.0/24')).toBeDefined();
    expect(sel(fib, '10.9.3.0/24')).toBeUndefined();
    expect(fib.routes.find((r) => r.prefix === '10.9.3.0/24')?.inactiveReason).toMatch(
      /not on a connected network/,
    );
  });
});

describe('BGP routes and admin distance', () => {
  it('eBGP 20 beats iBGP 200; static 1 beats both; a static with distance 250 loses to eBGP', () => {
    const l = twoRouters();
    l.devices[0]!.staticRoutes = [
      { prefix: '10.1.1.0/24', via: '10.0.12.2' },
      { prefix: '10.1.3.0/24', via: '10.0.12.2', distance: 250 },
    ];
    const fib = buildFib(l, 'a', [
      { prefix: '10.1.1.0/24', nextHops: [{ interface: 'eth1' }] },
      { prefix: '10.1.2.0/24', nextHops: [{ address: '10.0.12.2' }], ibgp: true },
      { prefix: '10.1.3.0/24', nextHops: [{ interface: 'eth1' }] },
    ]);
    expect(sel(fib, '10.1.1.0/24')).toMatchObject({ source: 'static', distance: 1 });
    expect(fib.routes.find((r) => r.prefix === '10.1.1.0/24' && r.source === 'bgp')).toMatchObject({
      selected: false,
      distance: 20,
    });
    expect(sel(fib, '10.1.2.0/24')).toMatchObject({ source: 'bgp', distance: 200 });
    expect(sel(fib, '10.1.3.0/24')).toMatchObject({ source: 'bgp', distance: 20 });
  });

  it('an unnumbered next hop is the interface, towards the device at its far end', () => {
    const fib = buildFib(twoRouters(), 'a', [
      { prefix: '10.1.1.0/24', nextHops: [{ interface: 'eth1' }] },
    ]);
    expect(sel(fib, '10.1.1.0/24')?.nextHops).toEqual([
      { interface: 'eth1', device: 'b', linkLocal: true, weight: 1 },
    ]);
  });

  it('resolves an iBGP next hop recursively through another route (zebra)', () => {
    const l = twoRouters();
    l.devices[0]!.staticRoutes = [{ prefix: '10.0.0.2/32', via: '10.0.12.2' }];
    const fib = buildFib(l, 'a', [
      { prefix: '10.1.2.0/24', nextHops: [{ address: '10.0.0.2' }], ibgp: true },
    ]);
    const r = sel(fib, '10.1.2.0/24');
    expect(r?.nextHops[0]).toMatchObject({ via: '10.0.0.2', recursive: true });
    expect(forwardingNextHops(r!)).toEqual([
      { via: '10.0.12.2', interface: 'eth0', device: 'b', weight: 1 },
    ]);
  });

  it('does not resolve a BGP next hop through the default route', () => {
    const l = twoRouters();
    l.devices[0]!.staticRoutes = [{ prefix: '0.0.0.0/0', via: '10.0.12.2' }];
    const fib = buildFib(l, 'a', [
      { prefix: '10.1.2.0/24', nextHops: [{ address: '10.0.0.2' }], ibgp: true },
    ]);
    expect(sel(fib, '10.1.2.0/24')).toBeUndefined();
    expect(fib.routes.find((r) => r.prefix === '10.1.2.0/24')?.inactiveReason).toMatch(/no route/);
  });

  it('keeps an ECMP next-hop set', () => {
    const l = twoRouters();
    const fib = buildFib(l, 'a', [
      {
        prefix: '10.96.0.10/32',
        nextHops: [{ address: '10.0.12.2' }, { interface: 'eth1', device: 'b' }],
      },
    ]);
    expect(sel(fib, '10.96.0.10/32')?.nextHops).toHaveLength(2);
  });
});

describe('longest-prefix match', () => {
  it('prefers /24 over /16 over the default', () => {
    const l = twoRouters();
    l.devices[0]!.staticRoutes = [
      { prefix: '0.0.0.0/0', blackhole: true },
      { prefix: '10.1.0.0/16', interface: 'eth0' },
      { prefix: '10.1.2.0/24', interface: 'eth1' },
    ];
    const t = fibTable(buildFib(l, 'a', []));
    expect(t.lookup('10.1.2.9')?.item.prefix).toBe('10.1.2.0/24');
    expect(t.lookup('10.1.3.9')?.item.prefix).toBe('10.1.0.0/16');
    expect(t.lookup('192.0.2.1')?.item.prefix).toBe('0.0.0.0/0');
    expect(t.lookup('10.0.12.7')?.item.prefix).toBe('10.0.12.0/24');
  });
});

describe('CNI routes', () => {
  function ciliumLab(shared: boolean) {
    const nodes = [
      node('n1', 'k', { eth0: ['10.0.1.10/24'] }, { podCidrs: ['10.1.1.0/24'] }),
      node(
        'n2',
        'k',
        { eth0: [shared ? '10.0.1.11/24' : '10.0.2.10/24'] },
        { podCidrs: ['10.1.2.0/24'] },
      ),
    ];
    return shared
      ? lab(
          [...nodes, bridge('br', ['p1', 'p2'])],
          [link('n1:eth0', 'br:p1'), link('n2:eth0', 'br:p2')],
          [cluster('k', 'cilium')],
        )
      : lab(nodes, [link('n1:eth0', 'n2:eth0')], [cluster('k', 'cilium')]);
  }

  it('Cilium delivers its own pod CIDR locally and routes on-link nodes pod CIDRs directly', () => {
    const l = ciliumLab(true);
    const fib = buildFib(l, 'n1', [], buildL2(l));
    expect(sel(fib, '10.1.1.0/24')?.podDelivery).toEqual({
      interface: 'cilium_host',
      pods: [{ name: 'n1-pod', address: '10.1.1.1' }],
    });
    expect(sel(fib, '10.1.2.0/24')).toMatchObject({
      source: 'kernel',
      nextHops: [{ via: '10.0.1.11', interface: 'eth0', device: 'n2' }],
    });
  });

  it('autoDirectNodeRoutes installs nothing for a node that is not on the same subnet', () => {
    // A direct link but different subnets: Cilium needs the node IP on-link.
    const l = ciliumLab(false);
    const fib = buildFib(l, 'n1', []);
    expect(sel(fib, '10.1.2.0/24')).toBeUndefined();
  });

  it('Calico blackholes its own block and has a /32 per pod', () => {
    const l = lab(
      [node('n1', 'k', { eth0: ['10.0.1.10/24'] }, { pods: [{ name: 'p', address: '10.1.0.5' }] })],
      [],
      [cluster('k', 'calico')],
    );
    const fib = buildFib(l, 'n1', []);
    expect(sel(fib, '10.1.0.0/26')).toMatchObject({ blackhole: true, source: 'kernel' });
    expect(sel(fib, '10.1.0.5/32')?.podDelivery?.pods).toEqual([
      { name: 'p', address: '10.1.0.5' },
    ]);
  });
});
