/**
 * Route reflection per RFC 4456 §8 as FRR implements it: from an eBGP peer → all; from a client →
 * clients and non-clients; from a non-client → clients only; ORIGINATOR_ID set once, CLUSTER_LIST
 * prepended with the cluster-id (default: router-id); next hop unchanged on reflection, even with
 * `next-hop-self` (only `next-hop-self force` changes it — FRR user guide, "next-hop-self").
 * The VyOS spine/leaf run (notes/real-daemons.md) showed reflected routes keeping the original
 * next hop and carrying ORIGINATOR_ID and CLUSTER_LIST.
 */
import { describe, expect, it } from 'vitest';
import { deviceView, simulate } from './index';
import { labBuilder } from './testing/build';
import { best, paths, prefixesOf, session } from './testing/read';

/** rr with clients c1, c2, non-clients n1, n2 on one shared segment; ext eBGP to rr. */
function rrLab(clusterId?: string) {
  const b = labBuilder();
  b.router('rr', { asn: 65000, lo: '10.255.0.1/32', bgp: clusterId ? { clusterId } : {} });
  b.bridge('sw');
  b.attach('rr', 'sw', '10.0.0.1/24');
  const members = [
    ['c1', '10.0.0.11', true],
    ['c2', '10.0.0.12', true],
    ['n1', '10.0.0.21', false],
    ['n2', '10.0.0.22', false],
  ] as const;
  members.forEach(([n, addr, client], i) => {
    b.router(n, {
      asn: 65000,
      lo: `10.255.1.${i + 1}/32`,
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.attach(n, 'sw', `${addr}/24`);
    b.neighbor(n, '10.0.0.1', { remoteAs: 'internal' });
    b.neighbor('rr', addr, {
      remoteAs: 'internal',
      ...(client ? { routeReflectorClient: true } : {}),
    });
  });
  b.router('ext', {
    asn: 65100,
    lo: '9.9.9.9/32',
    bgp: { redistribute: [{ source: 'connected' }] },
  });
  b.peer('rr', 'ext', '172.16.0.0/31');
  return b;
}

describe('route reflection', () => {
  const r = simulate(rrLab().lab);

  it('reflects a client route to clients and non-clients with ORIGINATOR_ID and CLUSTER_LIST', () => {
    for (const d of ['c2', 'n1', 'n2']) {
      const p = best(r, d, '10.255.1.1/32');
      expect(p?.originatorId).toBe('10.255.1.1');
      expect(p?.clusterList).toEqual(['10.255.0.1']);
      expect(p?.nextHop).toBe('10.0.0.11');
    }
  });

  it('reflects a non-client route to clients only', () => {
    expect(prefixesOf(r, 'c1')).toContain('10.255.1.3/32');
    expect(prefixesOf(r, 'c2')).toContain('10.255.1.3/32');
    expect(prefixesOf(r, 'n2')).not.toContain('10.255.1.3/32');
  });

  it('passes eBGP routes to every iBGP peer without ORIGINATOR_ID', () => {
    for (const d of ['c1', 'n1']) {
      // Next hop unchanged (ext's address), so it does not resolve on the clients: present, invalid.
      const p = paths(r, d, '9.9.9.9/32')[0];
      expect(p?.nextHop).toBe('172.16.0.1');
      expect(p?.originatorId).toBeUndefined();
      expect(p?.clusterList).toEqual([]);
    }
  });

  it('sends a client its own route back, which the client drops by ORIGINATOR_ID (FRR)', () => {
    expect(paths(r, 'c1', '10.255.1.1/32').every((p) => p.local)).toBe(true);
    const back = deviceView(r, 'c1')?.adjRibIn['10.0.0.1']?.find(
      (p) => p.prefix === '10.255.1.1/32',
    );
    expect(back?.invalidReason).toBe('ORIGINATOR_ID is our router-id');
  });

  it('uses a configured cluster-id', () => {
    expect(best(simulate(rrLab('1.2.3.4').lab), 'n1', '10.255.1.1/32')?.clusterList).toEqual([
      '1.2.3.4',
    ]);
  });

  it('keeps the next hop on reflection with next-hop-self; changes it with force', () => {
    const b = rrLab();
    const toN1 = b.bgp('rr').neighbors.find((n) => n.peer === '10.0.0.21');
    if (toN1) toN1.nextHopSelf = true;
    expect(best(simulate(b.lab), 'n1', '10.255.1.1/32')?.nextHop).toBe('10.0.0.11');
    if (toN1) toN1.nextHopSelf = 'force';
    expect(best(simulate(b.lab), 'n1', '10.255.1.1/32')?.nextHop).toBe('10.0.0.1');
  });

  it('drops a route carrying its own cluster-id (two reflectors of one cluster)', () => {
    // rr and rr2 share cluster-id 7.7.7.7 and peer as non-clients; c1 is a client of both.
    const b = labBuilder();
    b.bridge('sw');
    b.router('rr', { asn: 65000, lo: '10.255.0.1/32', bgp: { clusterId: '7.7.7.7' } });
    b.router('rr2', { asn: 65000, lo: '10.255.0.2/32', bgp: { clusterId: '7.7.7.7' } });
    b.router('c1', {
      asn: 65000,
      lo: '10.255.1.1/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.attach('rr', 'sw', '10.0.0.1/24');
    b.attach('rr2', 'sw', '10.0.0.2/24');
    b.attach('c1', 'sw', '10.0.0.11/24');
    b.neighbor('rr', '10.0.0.2', { remoteAs: 'internal' }).neighbor('rr2', '10.0.0.1', {
      remoteAs: 'internal',
    });
    for (const [rr, addr] of [
      ['rr', '10.0.0.1'],
      ['rr2', '10.0.0.2'],
    ] as const) {
      b.neighbor(rr, '10.0.0.11', { remoteAs: 'internal', routeReflectorClient: true });
      b.neighbor('c1', addr, { remoteAs: 'internal' });
    }
    const res = simulate(b.lab);
    const onRr2 = paths(res, 'rr2', '10.255.1.1/32');
    expect(onRr2).toHaveLength(1);
    expect(onRr2[0]?.fromDevice).toBe('c1');
  });
});

describe('checked against a real FRR 8.4 run (chain a—b—c—d, netns rl3f, 2026-11-23)', () => {
  // a, b, c AS65000: a is b's route-reflector client; b → c `next-hop-self` (non-client);
  // c `frr defaults traditional` with eBGP to d (AS65100, datacenter) and no policy.
  // a, c, d redistribute connected. FRR showed:
  //   b summary: to a PfxRcd 2 PfxSnt 5 (a's own two reflected back), to c PfxRcd 3 PfxSnt 2.
  //   a: 10.0.0.3/32 "i" via 10.9.1.1, not valid (next hop unchanged on reflection).
  //   c: 10.0.0.1/32 via 10.9.0.0 (inaccessible), Originator 10.0.0.1, Cluster list 10.0.0.2
  //      — next-hop-self does not apply to reflected routes; to d: (Policy) (Policy).
  //   d: PfxRcd 0, PfxSnt 2.
  function lab() {
    const b = labBuilder();
    b.router('a', {
      asn: 65000,
      lo: '10.0.0.1/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.router('b', { asn: 65000, lo: '10.0.0.2/32' });
    b.router('c', {
      asn: 65000,
      lo: '10.0.0.3/32',
      profile: 'traditional',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.router('d', {
      asn: 65100,
      lo: '10.0.0.4/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.peer('a', 'b', '10.9.0.0/31', {}, { routeReflectorClient: true });
    b.peer('b', 'c', '10.9.1.0/31', { nextHopSelf: true });
    b.peer('c', 'd', '10.9.2.0/31');
    return simulate(b.lab);
  }

  it('matches the summaries and the reflected paths', () => {
    const r = lab();
    expect(session(r, 'b', '10.9.0.0')).toMatchObject({ prefixesReceived: 2, prefixesSent: 5 });
    expect(session(r, 'b', '10.9.1.1')).toMatchObject({ prefixesReceived: 3, prefixesSent: 2 });
    expect(session(r, 'c', '10.9.2.1')?.policyBlocked).toBe('both');
    expect(session(r, 'd', '10.9.2.0')).toMatchObject({ prefixesReceived: 0, prefixesSent: 2 });
    expect(paths(r, 'a', '10.0.0.3/32')[0]).toMatchObject({ nextHop: '10.9.1.1', valid: false });
    expect(paths(r, 'c', '10.0.0.1/32')[0]).toMatchObject({
      nextHop: '10.9.0.0',
      valid: false,
      originatorId: '10.0.0.1',
      clusterList: ['10.0.0.2'],
    });
  });
});
