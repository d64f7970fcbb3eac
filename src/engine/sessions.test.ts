/**
 * Session establishment and the reason of every down session. Expectations follow FRR 8.4's
 * behaviour (bgpd: OPEN AS check in bgp_open_receive, connected check for single-hop eBGP in
 * bgp_connect/bgp_start, accept-side peer lookup in bgp_accept by source address, listen ranges
 * in bgp_dynamic_neighbor) and the seed 003 lab run on real FRR + GoBGP (notes/real-daemons.md).
 */
import { describe, expect, it } from 'vitest';
import { apply, simulate } from './index';
import { labBuilder } from './testing/build';
import { best, session } from './testing/read';

function pair() {
  const b = labBuilder();
  b.router('r1', { asn: 65001, lo: '1.1.1.1/32' }).router('r2', { asn: 65002, lo: '2.2.2.2/32' });
  return b;
}

describe('sessions', () => {
  // The owner of a peer address whose interface is down is looked up per lab (sessions.ts
  // `configuredOwner` keeps one index per topology lineage): two labs with the same address on
  // differently named devices each name their own, before and after a link failure.
  it('names the device whose interface with the peer address is down, per lab', () => {
    for (const peer of ['r2', 'r9']) {
      const b = labBuilder();
      b.router('r1', { asn: 65001 }).router(peer, { asn: 65002 });
      b.peer('r1', peer, '10.0.0.0/31');
      const r = simulate(b.lab);
      const down = apply(r, { kind: 'link-down', link: b.lab.links[0]?.id ?? '' });
      expect(session(down, 'r1', '10.0.0.1')?.reason).toBe(
        `${peer} is down or its interface with 10.0.0.1 is down`,
      );
    }
  });

  it('comes up when both ends configure each other on a connected subnet', () => {
    const b = pair().peer('r1', 'r2', '10.0.0.0/31');
    const r = simulate(b.lab);
    const s = session(r, 'r1', '10.0.0.1');
    expect(s?.state).toBe('Established');
    expect(s?.peerDevice).toBe('r2');
    expect(s?.type).toBe('ebgp');
    expect(s?.localAddress).toBe('10.0.0.0');
  });

  it('stays down when the peer does not configure us', () => {
    const b = pair();
    b.link('r1', 'r2', '10.0.0.0/31');
    b.neighbor('r1', '10.0.0.1', { remoteAs: 65002 });
    const s = session(simulate(b.lab), 'r1', '10.0.0.1');
    expect(s?.state).not.toBe('Established');
    expect(s?.reason).toMatch(/r2 has no neighbor 10\.0\.0\.0/);
  });

  it('reports an AS mismatch on either side', () => {
    const b = pair().peer('r1', 'r2', '10.0.0.0/31', { remoteAs: 65009 });
    const r = simulate(b.lab);
    expect(session(r, 'r1', '10.0.0.1')?.reason).toMatch(
      /AS mismatch: remote-as 65009 configured, r2 is AS 65002/,
    );
    expect(session(r, 'r2', '10.0.0.0')?.state).not.toBe('Established');
    expect(session(r, 'r2', '10.0.0.0')?.reason).toMatch(/AS mismatch/);
  });

  it('resolves remote-as internal / external against the local AS', () => {
    const ok = pair().peer(
      'r1',
      'r2',
      '10.0.0.0/31',
      { remoteAs: 'external' },
      { remoteAs: 'external' },
    );
    expect(session(simulate(ok.lab), 'r1', '10.0.0.1')?.state).toBe('Established');
    const bad = pair().peer('r1', 'r2', '10.0.0.0/31', { remoteAs: 'internal' });
    expect(session(simulate(bad.lab), 'r1', '10.0.0.1')?.reason).toMatch(
      /AS mismatch: remote-as internal/,
    );
  });

  it('needs ebgp-multihop or disable-connected-check for single-hop eBGP to a loopback', () => {
    const build = (extra: object) => {
      const b = pair();
      b.link('r1', 'r2', '10.0.0.0/31');
      b.static('r1', { prefix: '2.2.2.2/32', via: '10.0.0.1' });
      b.static('r2', { prefix: '1.1.1.1/32', via: '10.0.0.0' });
      b.neighbor('r1', '2.2.2.2', { remoteAs: 65002, updateSource: 'lo', ...extra });
      b.neighbor('r2', '1.1.1.1', { remoteAs: 65001, updateSource: 'lo', ...extra });
      return simulate(b.lab);
    };
    expect(session(build({}), 'r1', '2.2.2.2')?.reason).toMatch(/not directly connected/);
    expect(session(build({ ebgpMultihop: 2 }), 'r1', '2.2.2.2')?.state).toBe('Established');
    expect(session(build({ disableConnectedCheck: true }), 'r1', '2.2.2.2')?.state).toBe(
      'Established',
    );
  });

  it('reports an unreachable peer address', () => {
    const b = pair();
    b.link('r1', 'r2', '10.0.0.0/31');
    b.neighbor('r1', '2.2.2.2', { remoteAs: 65002, ebgpMultihop: 2 });
    b.neighbor('r2', '10.0.0.0', { remoteAs: 65001 });
    const s = session(simulate(b.lab), 'r1', '2.2.2.2');
    expect(s?.state).toBe('Active');
    expect(s?.reason).toMatch(/no route to 2\.2\.2\.2|unreachable/);
  });

  it('uses update-source as the connection source (and fails when the peer expects another)', () => {
    const build = (r2peer: string) => {
      const b = pair();
      b.link('r1', 'r2', '10.0.0.0/31');
      b.static('r2', { prefix: '1.1.1.1/32', via: '10.0.0.0' });
      b.neighbor('r1', '10.0.0.1', { remoteAs: 65002, updateSource: 'lo' });
      b.neighbor('r2', r2peer, { remoteAs: 65001, passive: true, disableConnectedCheck: true });
      return simulate(b.lab);
    };
    expect(session(build('1.1.1.1'), 'r1', '10.0.0.1')?.state).toBe('Established');
    expect(session(build('1.1.1.1'), 'r1', '10.0.0.1')?.localAddress).toBe('1.1.1.1');
    const wrong = build('10.0.0.0');
    expect(session(wrong, 'r1', '10.0.0.1')?.reason).toMatch(/has no neighbor 1\.1\.1\.1/);
    const b = pair();
    b.link('r1', 'r2', '10.0.0.0/31');
    b.neighbor('r1', '10.0.0.1', { remoteAs: 65002, updateSource: 'eth7' });
    expect(session(simulate(b.lab), 'r1', '10.0.0.1')?.reason).toMatch(/update-source eth7/);
  });

  it('two passive ends never connect', () => {
    const b = pair().peer('r1', 'r2', '10.0.0.0/31', { passive: true }, { passive: true });
    const s = session(simulate(b.lab), 'r1', '10.0.0.1');
    expect(s?.state).toBe('Active');
    expect(s?.reason).toMatch(/passive/);
    const one = pair().peer('r1', 'r2', '10.0.0.0/31', { passive: true });
    expect(session(simulate(one.lab), 'r1', '10.0.0.1')?.state).toBe('Established');
  });

  it('is Idle when shut down, and the other side names it', () => {
    const b = pair().peer('r1', 'r2', '10.0.0.0/31', { shutdown: true });
    const r = simulate(b.lab);
    expect(session(r, 'r1', '10.0.0.1')?.state).toBe('Idle');
    expect(session(r, 'r1', '10.0.0.1')?.reason).toMatch(/administratively shut down/);
    expect(session(r, 'r2', '10.0.0.0')?.reason).toMatch(/r1 has the session shut down/);
  });

  it('goes down with its link or its peer device', () => {
    const b = pair().peer('r1', 'r2', '10.0.0.0/31');
    const link = b.lab.links[0];
    if (link) link.down = true;
    expect(session(simulate(b.lab), 'r1', '10.0.0.1')?.reason).toMatch(/down/);
    const c = pair().peer('r1', 'r2', '10.0.0.0/31');
    c.device('r2').down = true;
    expect(session(simulate(c.lab), 'r1', '10.0.0.1')?.reason).toMatch(/r2 is down/);
    expect(session(simulate(c.lab), 'r2', '10.0.0.0')?.reason).toBe('device is down');
  });

  it('peers unnumbered over the link partner, and names a partner that does not', () => {
    const b = pair();
    b.unnumbered('r1', 'r2');
    const r = simulate(b.lab);
    expect(session(r, 'r1', 'eth0')?.state).toBe('Established');
    expect(session(r, 'r1', 'eth0')?.peerDevice).toBe('r2');
    const c = pair();
    c.unnumbered('r1', 'r2');
    c.bgp('r2').neighbors = [];
    expect(session(simulate(c.lab), 'r1', 'eth0')?.reason).toMatch(
      /r2 has no 'neighbor eth0 interface'/,
    );
  });

  it('accepts dynamic peers from a listen range with the peer group settings', () => {
    const b = pair();
    b.link('r1', 'r2', '10.0.0.0/31');
    b.bgp('r1').peerGroups.push({ name: 'DYN', remoteAs: 'external' });
    b.bgp('r1').listenRanges.push({ range: '10.0.0.0/24', peerGroup: 'DYN' });
    b.neighbor('r2', '10.0.0.0', { remoteAs: 65001 });
    const r = simulate(b.lab);
    const s = session(r, 'r1', '10.0.0.1');
    expect(s?.state).toBe('Established');
    expect(s?.dynamic).toBe(true);
    expect(session(r, 'r2', '10.0.0.0')?.state).toBe('Established');
  });

  it('accepts a two-hop eBGP peer from a listen range without ebgp-multihop (FRR side)', () => {
    // Real FRR 8.4.4 + GoBGP 3.10 in netns (2026-11-23): a — plain forwarder — b; FRR on a has
    // `bgp listen range` with a `remote-as external` peer group and no ebgp-multihop, b (GoBGP,
    // multihop-ttl 255) dials a. The session came up and stayed up (keepalives flowing) although
    // `show bgp neighbor` said "may be up to 1 hops away": FRR does not limit the TTL of a
    // connection it accepted for a dynamic neighbour. So only the dialling side's TTL matters.
    const b = labBuilder();
    b.router('a', { asn: 65001, lo: '1.1.1.1/32' }).router('m').router('b', { asn: 65002 });
    b.link('a', 'm', '10.9.1.0/30');
    b.link('m', 'b', '10.9.2.0/30');
    b.static('a', { prefix: '0.0.0.0/0', via: '10.9.1.2' });
    b.static('b', { prefix: '0.0.0.0/0', via: '10.9.2.1' });
    b.bgp('a').peerGroups.push({ name: 'NODES', remoteAs: 'external' });
    b.bgp('a').listenRanges.push({ range: '10.9.2.0/24', peerGroup: 'NODES' });
    b.neighbor('b', '10.9.1.1', { remoteAs: 65001, ebgpMultihop: 255 });
    const r = simulate(b.lab);
    expect(session(r, 'b', '10.9.1.1')?.state).toBe('Established');
    expect(session(r, 'a', '10.9.2.2')?.dynamic).toBe(true);
    // Without multihop on the dialling side its TTL-1 packets die at m.
    b.neighbor('b', '10.9.1.1', { remoteAs: 65001 });
    b.bgp('b').neighbors.shift();
    const down = session(simulate(b.lab), 'b', '10.9.1.1');
    expect(down?.state).not.toBe('Established');
    expect(down?.reason).toMatch(/not directly connected|TTL 1/);
  });

  it('a configured single-hop eBGP neighbour two hops away stays down although it dialled us', () => {
    // Same real lab with `neighbor 10.9.2.2 remote-as 65002` instead of the listen range: FRR
    // accepted the TCP connection but its OPEN (TTL 1) never reached b — Active, "Hold Timer
    // Expired", GoBGP stuck in OpenSent. With ebgp-multihop on FRR's side it comes up.
    const b = labBuilder();
    b.router('a', { asn: 65001, lo: '1.1.1.1/32' }).router('m');
    b.router('b', { asn: 65002, daemon: 'gobgp' });
    b.link('a', 'm', '10.9.1.0/30');
    b.link('m', 'b', '10.9.2.0/30');
    b.static('a', { prefix: '0.0.0.0/0', via: '10.9.1.2' });
    b.static('b', { prefix: '0.0.0.0/0', via: '10.9.2.1' });
    b.neighbor('a', '10.9.2.2', { remoteAs: 65002 });
    b.neighbor('b', '10.9.1.1', { remoteAs: 65001, ebgpMultihop: 255 });
    const r = simulate(b.lab);
    expect(session(r, 'b', '10.9.1.1')?.state).not.toBe('Established');
    expect(session(r, 'b', '10.9.1.1')?.reason).toMatch(
      /a sends to 10\.9\.2\.2 with TTL 1.*2 hops/,
    );
    expect(session(r, 'a', '10.9.2.2')?.state).not.toBe('Established');
    const n = b.bgp('a').neighbors.find((x) => x.peer === '10.9.2.2');
    if (n) n.ebgpMultihop = 2;
    expect(session(simulate(b.lab), 'b', '10.9.1.1')?.state).toBe('Established');
  });

  it('brings up a loopback session once BGP routes to the loopbacks are installed', () => {
    // r1 — r2 — r3 in a chain; r1 and r3 peer between loopbacks learned over BGP via r2.
    const b = labBuilder();
    b.router('r1', {
      asn: 65001,
      lo: '1.1.1.1/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.router('r2', { asn: 65002, lo: '2.2.2.2/32' });
    b.router('r3', {
      asn: 65003,
      lo: '3.3.3.3/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.peer('r1', 'r2', '10.0.0.0/31').peer('r2', 'r3', '10.0.0.2/31');
    b.neighbor('r1', '3.3.3.3', { remoteAs: 65003, ebgpMultihop: 3, updateSource: 'lo' });
    b.neighbor('r3', '1.1.1.1', { remoteAs: 65001, ebgpMultihop: 3, updateSource: 'lo' });
    const r = simulate(b.lab);
    expect(session(r, 'r1', '3.3.3.3')?.state).toBe('Established');
    expect(session(r, 'r1', '3.3.3.3')?.prefixesReceived).toBeGreaterThan(0);
    // r3's link subnet over the multihop session: shorter AS_PATH, next hop 3.3.3.3 resolved
    // recursively through the BGP route to r3's loopback (FRR NHT resolves via BGP routes).
    expect(best(r, 'r1', '10.0.0.2/31')?.fromDevice).toBe('r3');
    expect(best(r, 'r1', '10.0.0.2/31')?.asPath).toEqual([65003]);
  });

  it('a Cilium (GoBGP) node does not listen: the ToR cannot connect to it', () => {
    const b = labBuilder();
    b.router('tor', { asn: 65010, lo: '10.0.0.1/32' });
    b.node('n1', 'c', { rack: 'a' });
    b.link('tor', 'n1', '10.0.1.0/31');
    b.neighbor('tor', '10.0.1.1', { remoteAs: 65010 });
    b.lab.clusters.push({
      name: 'c',
      cni: 'cilium',
      podCidr: '10.1.0.0/16',
      podCidrMaskSize: 24,
      serviceCidr: '10.96.0.0/12',
      loadBalancerPools: [],
      services: [],
      cilium: {
        version: '1.13',
        bgpApi: 'peering-policy',
        routingMode: 'native',
        autoDirectNodeRoutes: false,
        ipamMode: 'kubernetes',
        kubeProxyReplacement: false,
        policies: [
          {
            name: 'p',
            nodeSelector: { rack: 'b' },
            localAsn: 65010,
            exportPodCidr: true,
            neighbors: [],
          },
        ],
      },
    });
    const s = session(simulate(b.lab), 'tor', '10.0.1.1');
    expect(s?.reason).toMatch(/does not run BGP/);
    const pol = b.lab.clusters[0]?.cilium?.policies[0];
    if (pol) {
      pol.nodeSelector = { rack: 'a' };
      pol.neighbors = [{ peerAddress: '10.0.0.9/32', peerAsn: 65010 }];
    }
    expect(session(simulate(b.lab), 'tor', '10.0.1.1')?.reason).toMatch(
      /does not accept connections/,
    );
  });
});
