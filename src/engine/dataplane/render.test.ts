/**
 * Renderings against real output: FRR 8.4.4 (zebra + staticd) in a network namespace, run with
 * real/frr-show-ip-route.sh on 2026-11-23; the expected text below is its `show ip route` (route
 * ages cut) and `ip route` (`nhid N` cut: kernel ids differ per run) for the same routes.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from './dataplane';
import { FRR_ROUTE_CODES, renderFrrRoutes, renderLinuxRoutes } from './render';
import { hopAddressLab, lab, link, router } from './testlab';

function frrLab() {
  return lab(
    [
      router(
        'r1',
        { lo: ['10.9.0.1/32'], eth1: ['10.9.12.1/24'], eth2: ['10.9.13.1/24'] },
        [
          { prefix: '10.9.4.0/24', via: '10.9.12.2' },
          { prefix: '10.9.4.0/24', via: '10.9.13.3' },
          { prefix: '10.5.0.0/16', via: '10.9.4.2' },
          { prefix: '10.6.0.0/16', blackhole: true },
          { prefix: '10.7.0.0/16', via: '10.9.12.2', distance: 200 },
          { prefix: '10.7.0.0/16', via: '10.9.13.3', distance: 150 },
          { prefix: '10.8.0.0/24', interface: 'eth1' },
        ],
        'frr',
      ),
      router('peer', { p1: ['10.9.12.2/24'], p2: ['10.9.13.3/24'] }),
    ],
    [link('r1:eth1', 'peer:p1'), link('r1:eth2', 'peer:p2')],
  );
}

describe('FRR show ip route', () => {
  it('prints connected, static ECMP, recursive, blackhole and distance as FRR 8.4 does', () => {
    const dp = buildDataplane(frrLab());
    const fib = dp.fibs['r1'];
    if (!fib) throw new Error('no fib');
    expect(renderFrrRoutes(fib)).toBe(
      `${FRR_ROUTE_CODES}
S>  10.5.0.0/16 [1/0] via 10.9.4.2 (recursive), weight 1
  *                     via 10.9.12.2, eth1, weight 1
  *                     via 10.9.13.3, eth2, weight 1
S>* 10.6.0.0/16 [1/0] unreachable (blackhole), weight 1
S>* 10.7.0.0/16 [150/0] via 10.9.13.3, eth2, weight 1
S   10.7.0.0/16 [200/0] via 10.9.12.2, eth1, weight 1
S>* 10.8.0.0/24 [1/0] is directly connected, eth1, weight 1
C>* 10.9.0.1/32 is directly connected, lo
S>* 10.9.4.0/24 [1/0] via 10.9.12.2, eth1, weight 1
  *                   via 10.9.13.3, eth2, weight 1
C>* 10.9.12.0/24 is directly connected, eth1
C>* 10.9.13.0/24 is directly connected, eth2
`,
    );
  });
});

describe('Linux ip route', () => {
  it('prints what zebra installed (proto static metric 20, ECMP nexthop lines, blackhole)', () => {
    const l = frrLab();
    const dp = buildDataplane(l);
    const fib = dp.fibs['r1'];
    if (!fib) throw new Error('no fib');
    const out = renderLinuxRoutes(fib, l.devices[0]);
    // Real (nhid cut). The kernel listed 10.9.4.0/24's members as 13.3 then 12.2: order within
    // an ECMP group is the kernel's, so that route is compared as a set.
    expect(
      out.split('\n').filter((x) => !x.startsWith('\tnexthop') && !x.startsWith('10.9.4.0')),
    ).toEqual([
      '10.5.0.0/16 proto static metric 20 ',
      'blackhole 10.6.0.0/16 proto static metric 20 ',
      '10.7.0.0/16 via 10.9.13.3 dev eth2 proto static metric 20 ',
      '10.8.0.0/24 dev eth1 proto static metric 20 ',
      '10.9.12.0/24 dev eth1 proto kernel scope link src 10.9.12.1 ',
      '10.9.13.0/24 dev eth2 proto kernel scope link src 10.9.13.1 ',
      '',
    ]);
    expect(out).toContain(
      '10.5.0.0/16 proto static metric 20 \n\tnexthop via 10.9.12.2 dev eth1 weight 1 \n\tnexthop via 10.9.13.3 dev eth2 weight 1 \n',
    );
    expect(out).toContain('10.9.4.0/24 proto static metric 20 \n');
    expect(out).toContain('\tnexthop via 10.9.13.3 dev eth2 weight 1 \n');
  });

  it('prints plain kernel routes as `ip route` does (real/hop-address-lab.sh, r1 and r3)', () => {
    const l = hopAddressLab();
    const dp = buildDataplane(l);
    const r1 = dp.fibs['r1'];
    const r3 = dp.fibs['r3'];
    if (!r1 || !r3) throw new Error('no fib');
    expect(renderLinuxRoutes(r1, l.devices[1])).toBe(
      '10.9.1.0/24 dev eth0 proto kernel scope link src 10.9.1.1 \n' +
        '10.9.4.0/24 \n\tnexthop via 10.9.12.2 dev eth1 weight 1 \n\tnexthop via 10.9.13.3 dev eth2 weight 1 \n' +
        '10.9.12.0/24 dev eth1 proto kernel scope link src 10.9.12.1 \n' +
        '10.9.13.0/24 dev eth2 proto kernel scope link src 10.9.13.1 \n',
    );
    expect(renderLinuxRoutes(r3, l.devices[3])).toBe(
      '10.9.0.4 dev eth1 scope link \n' +
        '10.9.1.0/24 via 10.9.13.1 dev eth0 \n' +
        '10.9.4.0/24 via 10.9.0.4 dev eth1 \n' +
        '10.9.13.0/24 dev eth0 proto kernel scope link src 10.9.13.3 \n',
    );
  });
});
