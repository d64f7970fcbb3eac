/**
 * L2 segments and pod endpoints. A Linux bridge joins its ports into one broadcast domain, and
 * Linux answers ARP for any of its addresses on any interface (arp_ignore=0, the default; the
 * real run in real/hop-address-lab.sh relies on it: r3 reaches r4's loopback 10.9.0.4 on-link).
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from './dataplane';
import { buildL2 } from './l2';
import { bridge, cluster, host, lab, link, node, router } from './testlab';
import { traceroute } from './traceroute';

function bridged() {
  return lab(
    [
      router('r', { lo: ['10.0.0.1/32'], eth0: ['10.0.5.1/24'] }),
      host('h1', { eth0: ['10.0.5.11/24'] }, [{ prefix: '0.0.0.0/0', via: '10.0.5.1' }]),
      host('h2', { eth0: ['10.0.5.12/24'] }),
      bridge('sw', ['p0', 'p1', 'p2']),
    ],
    [link('r:eth0', 'sw:p0'), link('h1:eth0', 'sw:p1'), link('h2:eth0', 'sw:p2')],
  );
}

describe('bridge segments', () => {
  it('a bridge joins every interface linked to it', () => {
    const l2 = buildL2(bridged());
    expect(
      l2
        .neighbours('h1', 'eth0')
        .map((p) => p.device)
        .sort(),
    ).toEqual(['h2', 'r']);
    expect(l2.resolve('h1', 'eth0', '10.0.5.12')).toEqual({ device: 'h2', interface: 'eth0' });
    // any interface of a device on the segment answers ARP for its addresses
    expect(l2.resolve('h1', 'eth0', '10.0.0.1')).toEqual({ device: 'r', interface: 'eth0' });
  });

  it('hosts on one bridge reach each other directly, without the router', () => {
    const t = traceroute(buildDataplane(bridged()), 'h1', '10.0.5.12');
    expect(t.paths).toEqual([
      expect.objectContaining({
        hops: [expect.objectContaining({ device: 'h2', address: '10.0.5.12' })],
      }),
    ]);
  });

  it('a down bridge or a down port link splits the segment', () => {
    const l = bridged();
    l.links[2] = { ...l.links[2]!, down: true };
    expect(
      buildL2(l)
        .neighbours('h1', 'eth0')
        .map((p) => p.device),
    ).toEqual(['r']);
    expect(buildL2(l).isUp('h2', 'eth0')).toBe(false);
    const m = bridged();
    m.devices[3]!.down = true;
    expect(buildL2(m).neighbours('h1', 'eth0')).toEqual([]);
    const t = traceroute(buildDataplane(m), 'h1', '10.0.5.12');
    expect(t.paths[0]?.end.kind).toBe('no route');
  });
});

describe('pods as endpoints', () => {
  function calico() {
    return lab(
      [
        node('n1', 'k', { eth0: ['10.0.1.10/24'] }, { pods: [{ name: 'a', address: '10.1.0.5' }] }),
        node(
          'n2',
          'k',
          { eth0: ['10.0.1.11/24'] },
          { pods: [{ name: 'b', address: '10.1.0.69' }] },
        ),
      ],
      [link('n1:eth0', 'n2:eth0')],
      [cluster('k', 'calico')],
    );
  }

  it('traces from a pod: its node is hop 1; delivery ends at the destination pod', () => {
    const l = calico();
    // n2's block 10.1.0.64/26 as BIRD would install it from n2's announcement.
    const dp = buildDataplane(l, (d) =>
      d === 'n1'
        ? [{ prefix: '10.1.0.64/26', nextHops: [{ address: '10.0.1.11' }], ibgp: true }]
        : [],
    );
    const t = traceroute(dp, 'n1/a', '10.1.0.69');
    expect(t.paths[0]?.hops.map((h) => [h.device, h.pod])).toEqual([
      ['n1', undefined],
      ['n2', undefined],
      ['n2', 'b'],
    ]);
    expect(t.paths[0]?.end).toMatchObject({ kind: 'delivered', device: 'n2', pod: 'b' });
    expect(traceroute(dp, 'a', '10.1.0.69').paths).toEqual(t.paths);
  });

  it("an address in the node's own Calico block with no pod hits the blackhole", () => {
    const t = traceroute(buildDataplane(calico()), 'n2', '10.1.0.9');
    // n2 has no route to n1's block (no BGP here): its own block is 10.1.0.64/26.
    expect(t.paths[0]?.end.kind).toBe('no route');
    const u = traceroute(buildDataplane(calico()), 'n1', '10.1.0.9');
    expect(u.paths[0]?.end).toMatchObject({ kind: 'blackhole', device: 'n1' });
  });
});
