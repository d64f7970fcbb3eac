/**
 * Import and export rules, origination and policies on small labs. Expectations: RFC 4271
 * (§5.1.3 NEXT_HOP, §5.1.5 LOCAL_PREF, §9.1.2 AS loop), RFC 8212, FRR 8.4 behaviour recorded in
 * notes/real-daemons.md from real runs here (RFC 8212 vs default-originate, MED 0 on local routes,
 * import-check, next hops not resolved via the default route, aggregate blackhole, allowas-in),
 * and FRR's documentation for prefix-lists and route-maps (first match, implicit deny).
 */
import { describe, expect, it } from 'vitest';
import type { Neighbor } from '../model';
import { deviceView, installedRoutes, simulate } from './index';
import { getExample } from '../model/examples';
import { labBuilder } from './testing/build';
import { best, paths, prefixesOf, session } from './testing/read';

/** r1 (65001) — r2 (65002) — r3 (65003); r1 originates 1.1.1.1/32 and 192.0.2.0/24. */
function chain(asn3 = 65003) {
  const b = labBuilder();
  b.router('r1', {
    asn: 65001,
    lo: '1.1.1.1/32',
    bgp: { redistribute: [{ source: 'connected' }] },
  });
  b.router('r2', { asn: 65002, lo: '2.2.2.2/32' });
  b.router('r3', { asn: asn3, lo: '3.3.3.3/32' });
  b.peer('r1', 'r2', '10.0.0.0/31').peer('r2', 'r3', '10.0.0.2/31');
  b.static('r1', { prefix: '192.0.2.0/24', blackhole: true });
  b.bgp('r1').networks.push('192.0.2.0/24');
  return b;
}

describe('eBGP export', () => {
  it('prepends the own AS, sets next hop self and drops LOCAL_PREF', () => {
    const b = chain();
    b.bgp('r2').routeMaps.push({
      name: 'LP',
      entries: [{ seq: 10, action: 'permit', match: {}, set: { localPref: 200 } }],
    });
    const n = b.bgp('r2').neighbors.find((x) => x.peer === '10.0.0.0');
    if (n) n.routeMapIn = 'LP';
    const r = simulate(b.lab);
    expect(best(r, 'r2', '1.1.1.1/32')?.localPref).toBe(200);
    const p = best(r, 'r3', '1.1.1.1/32');
    expect(p?.asPath).toEqual([65002, 65001]);
    expect(p?.nextHop).toBe('10.0.0.2');
    expect(p?.localPref).toBeUndefined();
  });

  it('sends MED 0 on locally originated routes but not a MED learned from another AS', () => {
    const r = simulate(chain().lab);
    expect(best(r, 'r2', '1.1.1.1/32')?.med).toBe(0);
    expect(best(r, 'r3', '1.1.1.1/32')?.med).toBeUndefined();
    expect(best(r, 'r1', '1.1.1.1/32')?.weight).toBe(32768);
  });
});

describe('import: AS loop and allowas-in', () => {
  it('drops paths carrying the own AS, accepts them with allowas-in', () => {
    const looped = simulate(chain(65001).lab);
    expect(prefixesOf(looped, 'r3')).not.toContain('192.0.2.0/24');
    const rejected = deviceView(looped, 'r3')?.adjRibIn['10.0.0.2']?.find(
      (p) => p.prefix === '192.0.2.0/24',
    );
    expect(rejected?.invalidReason).toMatch(/AS_PATH loop: contains our AS 65001/);
    const b = chain(65001);
    const n = b.bgp('r3').neighbors[0];
    if (n) n.allowasIn = 1;
    expect(best(simulate(b.lab), 'r3', '192.0.2.0/24')?.asPath).toEqual([65002, 65001]);
  });

  it('a route sent back to the eBGP peer it came from carries next-hop-self', () => {
    // Real FRR 8.4.4 (tests/real corpus lab allowas-in, 2026-11-23): transit t sent s2's own /24
    // back to s2 with t as next hop — FRR's multiaccess check skips the route's source peer, so
    // s2's own address is not kept as a third-party next hop.
    const b = chain(65001);
    b.bgp('r3').networks.push('3.3.3.3/32');
    const n = b.bgp('r3').neighbors[0];
    if (n) n.allowasIn = 1;
    const back = paths(simulate(b.lab), 'r3', '3.3.3.3/32').find((p) => p.asPath.length > 0);
    expect(back?.asPath).toEqual([65002, 65001]);
    expect(back?.nextHop).toBe('10.0.0.2');
  });
});

describe('export: the same attribute set from two sources', () => {
  it('next-hop-self towards the source peer even when another source sent identical attributes', () => {
    // s hears 198.51.100.0/24 from b and, one batch later, 192.0.2.0/24 from a, with identical
    // attributes (a keeps b's LAN address as a third-party next hop). The export result depends
    // on the source too: sent back to a, the route learned from a carries next-hop-self (FRR's
    // multiaccess check skips the route's source peer: real run, FRR 8.4.4, corpus lab
    // allowas-in), whatever went to a for the route learned from b.
    const b = labBuilder();
    b.router('a', { asn: 65001, lo: '1.1.1.1/32' });
    b.router('b', { asn: 65001, lo: '2.2.2.2/32' });
    b.router('s', { asn: 65003, lo: '3.3.3.3/32' });
    b.router('z', { asn: 65009, lo: '9.9.9.9/32' });
    b.bridge('lan');
    b.attach('a', 'lan', '10.0.0.1/24');
    b.attach('b', 'lan', '10.0.0.2/24');
    b.attach('s', 'lan', '10.0.0.3/24');
    b.peer('b', 'z', '172.16.0.0/31');
    for (const p of ['192.0.2.0/24', '198.51.100.0/24']) {
      b.static('z', { prefix: p, blackhole: true });
      b.bgp('z').networks.push(p);
    }
    const only = (device: string, name: string, prefix: string): void => {
      b.bgp(device).prefixLists.push({
        name,
        entries: [{ seq: 5, action: 'permit', prefix }],
      });
    };
    only('a', 'ONLY-192', '192.0.2.0/24');
    only('b', 'ONLY-198', '198.51.100.0/24');
    b.neighbor('b', '10.0.0.1', { remoteAs: 'internal', nextHopSelf: true });
    b.neighbor('a', '10.0.0.2', { remoteAs: 'internal' });
    b.neighbor('a', '10.0.0.3', { remoteAs: 65003, prefixListOut: 'ONLY-192' });
    b.neighbor('b', '10.0.0.3', { remoteAs: 65003, prefixListOut: 'ONLY-198' });
    b.neighbor('s', '10.0.0.1', { remoteAs: 65001 });
    b.neighbor('s', '10.0.0.2', { remoteAs: 65001 });
    const r = simulate(b.lab);
    const at = (prefix: string): string | undefined => {
      const p = best(r, 's', prefix);
      return p && `${p.fromDevice} ${p.nextHop} ${p.asPath.join(' ')}`;
    };
    expect(at('192.0.2.0/24')).toBe('a 10.0.0.2 65001 65009');
    expect(at('198.51.100.0/24')).toBe('b 10.0.0.2 65001 65009');
    const toA = deviceView(r, 's')?.adjRibOut['10.0.0.1'] ?? [];
    expect(toA.find((p) => p.prefix === '192.0.2.0/24')?.nextHop).toBe('10.0.0.3');
  });
});

describe('Cilium legacy BGP (MetalLB speaker)', () => {
  it('learns nothing and re-advertises nothing; its peers still get its own routes', () => {
    // MetalLB's speaker ignores received UPDATEs. Real run (tests/real lab
    // ex-cilium-legacy-bgp-main, GoBGP 3.10 emulating it with an import policy that keeps only
    // local routes, FRR 8.4.4 gateways, 2026-11-23): node94-1's table held only its own
    // 10.5.112.0/24, and gw83 got the seg94 pod CIDRs only via gw94 (no node in between).
    const lab = getExample('cilium-legacy-bgp')?.steps[0]?.lab;
    if (!lab) throw new Error('example changed');
    const r = simulate(lab);
    expect(prefixesOf(r, 'node94-1')).toEqual(['10.5.112.0/24']);
    const rejected = Object.values(deviceView(r, 'node94-1')?.adjRibIn ?? {}).flat();
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((p) => /received routes are ignored/.test(p.invalidReason ?? ''))).toBe(
      true,
    );
    expect(session(r, 'node83-1', '10.4.36.239')?.state).toBe('Established');
    expect(paths(r, 'gw83', '10.5.112.0/24').map((p) => p.asPath)).toEqual([[64524, 64513]]);
  });

  it('the gateways with compare-routerid pick the lower router-id between equal eBGP paths', () => {
    // Real FRR 8.4.4, same lab with `bgp bestpath compare-routerid` on the gateways (two runs,
    // 2026-11-23): gw94's best for node83-2's 10.5.113.0/24 came from gw83 (router-id
    // 10.4.36.250) over node83-2 itself (10.4.83.12), selectionReason "Router ID". Without it
    // one run kept node83-2's path ("Older Path": whichever arrived first).
    const lab = getExample('cilium-legacy-bgp')?.steps[0]?.lab;
    if (!lab) throw new Error('example changed');
    const b = best(simulate(lab), 'gw94', '10.5.113.0/24');
    expect(b?.fromDevice).toBe('gw83');
    expect(b?.reason).toBe('Router ID');
  });
});

/** ext (65001) eBGP r1 (65000) iBGP r2 (65000) iBGP r3 (65000), a chain without reflection. */
function ibgpChain() {
  const b = labBuilder();
  b.router('ext', {
    asn: 65001,
    lo: '9.9.9.9/32',
    bgp: { redistribute: [{ source: 'connected' }] },
  });
  for (const n of ['r1', 'r2', 'r3']) b.router(n, { asn: 65000, lo: `10.255.0.${n.slice(1)}/32` });
  b.peer('ext', 'r1', '10.0.0.0/31')
    .peer('r1', 'r2', '10.0.1.0/31')
    .peer('r2', 'r3', '10.0.2.0/31');
  return b;
}

describe('iBGP rules', () => {
  it('does not pass iBGP-learned routes to other iBGP peers (split horizon)', () => {
    const r = simulate(ibgpChain().lab);
    expect(paths(r, 'r2', '9.9.9.9/32')).toHaveLength(1);
    expect(paths(r, 'r3', '9.9.9.9/32')).toHaveLength(0);
  });

  it('keeps the eBGP next hop on iBGP: unresolvable on r2 without a route, with the reason', () => {
    const r = simulate(ibgpChain().lab);
    const p = paths(r, 'r2', '9.9.9.9/32')[0];
    expect(p?.nextHop).toBe('10.0.0.0');
    expect(p?.localPref).toBe(100);
    expect(p?.valid).toBe(false);
    expect(p?.invalidReason).toMatch(/next hop 10\.0\.0\.0 unresolvable/);
    expect(installedRoutes(r, 'r2').map((x) => x.prefix)).not.toContain('9.9.9.9/32');
  });

  it('FRR does not resolve a next hop through the default route', () => {
    const b = ibgpChain();
    b.static('r2', { prefix: '0.0.0.0/0', via: '10.0.1.0' });
    const p = paths(simulate(b.lab), 'r2', '9.9.9.9/32')[0];
    expect(p?.valid).toBe(false);
    expect(p?.invalidReason).toMatch(/via the default route/);
    b.static('r2', { prefix: '10.0.0.0/31', via: '10.0.1.0' });
    const r = simulate(b.lab);
    expect(best(r, 'r2', '9.9.9.9/32')?.valid).toBe(true);
    // Zebra installs the recursive next hop resolved to the real gateway.
    expect(installedRoutes(r, 'r2').find((x) => x.prefix === '9.9.9.9/32')?.nextHops).toEqual([
      { address: '10.0.1.0', device: 'r1' },
    ]);
  });

  it('BIRD resolves the next hop through the default route (notes: igp table trap)', () => {
    const b = ibgpChain();
    const r2 = b.device('r2');
    if (r2.kind === 'router') r2.daemon = 'bird';
    b.static('r2', { prefix: '0.0.0.0/0', via: '10.0.1.0' });
    expect(paths(simulate(b.lab), 'r2', '9.9.9.9/32')[0]?.valid).toBe(true);
  });

  it('next-hop-self makes the path resolvable', () => {
    const b = ibgpChain();
    const n = b.bgp('r1').neighbors.find((x) => x.peer === '10.0.1.1');
    if (n) n.nextHopSelf = true;
    const r = simulate(b.lab);
    expect(best(r, 'r2', '9.9.9.9/32')?.nextHop).toBe('10.0.1.0');
    expect(installedRoutes(r, 'r2').find((x) => x.prefix === '9.9.9.9/32')?.nextHops).toEqual([
      { address: '10.0.1.0', device: 'r1' },
    ]);
  });
});

describe('RFC 8212 (ebgp-requires-policy)', () => {
  function lab(profile: 'traditional' | 'datacenter', explicit?: boolean) {
    const b = labBuilder();
    b.router('a', {
      asn: 65001,
      lo: '1.1.1.1/32',
      profile: 'datacenter',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.router('b', {
      asn: 65002,
      lo: '2.2.2.2/32',
      profile,
      bgp: {
        redistribute: [{ source: 'connected' }],
        ...(explicit !== undefined ? { ebgpRequiresPolicy: explicit } : {}),
      },
    });
    b.peer('a', 'b', '10.0.0.0/31', {}, { defaultOriginate: true });
    return simulate(b.lab);
  }

  it('traditional profile: session up, nothing accepted, only default-originate advertised', () => {
    const r = lab('traditional');
    expect(session(r, 'b', '10.0.0.0')?.state).toBe('Established');
    expect(session(r, 'b', '10.0.0.0')?.policyBlocked).toBe('both');
    expect(session(r, 'a', '10.0.0.1')?.policyBlocked).toBeUndefined();
    expect(prefixesOf(r, 'b')).not.toContain('1.1.1.1/32');
    const rej = deviceView(r, 'b')?.adjRibIn['10.0.0.0']?.find((p) => p.prefix === '1.1.1.1/32');
    expect(rej?.invalidReason).toMatch(/RFC 8212/);
    expect(prefixesOf(r, 'a')).toContain('0.0.0.0/0');
    expect(prefixesOf(r, 'a')).not.toContain('2.2.2.2/32');
  });

  it('a route-map in and out on the session satisfies it', () => {
    const b = labBuilder();
    b.router('a', {
      asn: 65001,
      lo: '1.1.1.1/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.router('b', { asn: 65002, lo: '2.2.2.2/32', profile: 'traditional' });
    b.bgp('b').routeMaps.push({
      name: 'ALL',
      entries: [{ seq: 10, action: 'permit', match: {}, set: {} }],
    });
    b.peer('a', 'b', '10.0.0.0/31', {}, { routeMapIn: 'ALL', routeMapOut: 'ALL' });
    const r = simulate(b.lab);
    expect(prefixesOf(r, 'b')).toContain('1.1.1.1/32');
    expect(session(r, 'b', '10.0.0.0')?.policyBlocked).toBeUndefined();
  });

  it('datacenter profile or `no bgp ebgp-requires-policy`: routes flow', () => {
    expect(prefixesOf(lab('datacenter'), 'b')).toContain('1.1.1.1/32');
    expect(prefixesOf(lab('traditional', false), 'b')).toContain('1.1.1.1/32');
    expect(prefixesOf(lab('traditional', false), 'a')).toContain('2.2.2.2/32');
  });
});

describe('prefix-lists and route-maps', () => {
  function lab() {
    const b = labBuilder();
    b.router('a', {
      asn: 65001,
      lo: '1.1.1.1/32',
      bgp: { networks: ['10.1.0.0/24', '10.2.0.0/24', '10.2.1.0/25'] },
    });
    for (const p of ['10.1.0.0/24', '10.2.0.0/24', '10.2.1.0/25'])
      b.static('a', { prefix: p, blackhole: true });
    b.router('b', { asn: 65002, lo: '2.2.2.2/32' });
    b.peer('a', 'b', '10.0.0.0/31');
    return b;
  }
  const inbound = (b: ReturnType<typeof lab>): Neighbor => {
    const n = b.bgp('b').neighbors[0];
    if (!n) throw new Error('no neighbour');
    return n;
  };

  it('prefix-list in: first matching entry decides, ge/le ranges, implicit deny', () => {
    const b = lab();
    b.bgp('b').prefixLists.push({
      name: 'PL',
      entries: [
        { seq: 5, action: 'deny', prefix: '10.2.1.0/24', ge: 25 },
        { seq: 10, action: 'permit', prefix: '10.2.0.0/16', le: 24 },
      ],
    });
    Object.assign(inbound(b), { prefixListIn: 'PL' });
    const r = simulate(b.lab);
    expect(prefixesOf(r, 'b')).toEqual(['10.2.0.0/24']);
    const rej = deviceView(r, 'b')?.adjRibIn['10.0.0.0']?.find((p) => p.prefix === '10.1.0.0/24');
    expect(rej?.invalidReason).toMatch(/prefix-list PL/);
  });

  it('route-map in: match prefix-list, set local-pref and weight; no match denies', () => {
    const b = lab();
    b.bgp('b').prefixLists.push({
      name: 'ONE',
      entries: [{ seq: 5, action: 'permit', prefix: '10.1.0.0/24' }],
    });
    b.bgp('b').routeMaps.push({
      name: 'IN',
      entries: [
        {
          seq: 10,
          action: 'permit',
          match: { prefixList: 'ONE' },
          set: { localPref: 300, weight: 7 },
        },
      ],
    });
    Object.assign(inbound(b), { routeMapIn: 'IN' });
    const r = simulate(b.lab);
    expect(prefixesOf(r, 'b')).toEqual(['10.1.0.0/24']);
    expect(best(r, 'b', '10.1.0.0/24')).toMatchObject({ localPref: 300, weight: 7 });
  });

  it('an undefined route-map denies everything (FRR)', () => {
    const b = lab();
    Object.assign(inbound(b), { routeMapIn: 'MISSING' });
    expect(prefixesOf(simulate(b.lab), 'b')).toEqual([]);
  });

  it('route-map out: prepend and community, matching an as-path list', () => {
    const b = lab();
    b.bgp('a').asPathLists.push({ name: 'LOCAL', entries: [{ action: 'permit', regex: '^$' }] });
    b.bgp('a').routeMaps.push({
      name: 'OUT',
      entries: [
        {
          seq: 10,
          action: 'permit',
          match: { asPathList: 'LOCAL' },
          set: { asPathPrepend: [65001, 65001], community: { values: ['65001:7'] } },
        },
      ],
    });
    const n = b.bgp('a').neighbors[0];
    if (n) n.routeMapOut = 'OUT';
    const p = best(simulate(b.lab), 'b', '10.1.0.0/24');
    expect(p?.asPath).toEqual([65001, 65001, 65001]);
    expect(p?.communities).toEqual(['65001:7']);
  });
});

describe('origination', () => {
  it('network with import-check: only when the prefix is in the routing table', () => {
    const b = labBuilder();
    b.router('a', { asn: 65001, lo: '1.1.1.1/32', bgp: { networks: ['10.9.0.0/24'] } });
    b.router('b', { asn: 65002, lo: '2.2.2.2/32' });
    b.peer('a', 'b', '10.0.0.0/31');
    const r = simulate(b.lab);
    const p = paths(r, 'a', '10.9.0.0/24')[0];
    expect(p?.valid).toBe(false);
    expect(p?.invalidReason).toMatch(/import-check/);
    expect(prefixesOf(r, 'b')).not.toContain('10.9.0.0/24');
    b.static('a', { prefix: '10.9.0.0/24', blackhole: true });
    expect(prefixesOf(simulate(b.lab), 'b')).toContain('10.9.0.0/24');
  });

  it('redistribute connected through a route-map', () => {
    const b = labBuilder();
    b.router('a', {
      asn: 65001,
      lo: '1.1.1.1/32',
      bgp: { redistribute: [{ source: 'connected', routeMap: 'LO' }] },
    });
    b.bgp('a').prefixLists.push({
      name: 'LOS',
      entries: [{ seq: 5, action: 'permit', prefix: '1.1.1.1/32' }],
    });
    b.bgp('a').routeMaps.push({
      name: 'LO',
      entries: [{ seq: 10, action: 'permit', match: { prefixList: 'LOS' }, set: {} }],
    });
    b.router('b', { asn: 65002, lo: '2.2.2.2/32' });
    b.peer('a', 'b', '10.0.0.0/31');
    const r = simulate(b.lab);
    expect(prefixesOf(r, 'b')).toEqual(['1.1.1.1/32']);
    expect(best(r, 'b', '1.1.1.1/32')?.origin).toBe('?');
  });

  it('aggregate-address summary-only: aggregate sent, more-specifics suppressed, blackhole installed', () => {
    const b = labBuilder();
    b.router('a', {
      asn: 65001,
      lo: '10.0.255.1/32',
      bgp: {
        redistribute: [{ source: 'connected' }],
        aggregates: [{ prefix: '10.0.0.0/16', summaryOnly: true }],
      },
    });
    b.router('b', { asn: 65002, lo: '2.2.2.2/32' });
    b.peer('a', 'b', '172.16.0.0/31');
    const r = simulate(b.lab);
    expect(prefixesOf(r, 'b')).toContain('10.0.0.0/16');
    expect(prefixesOf(r, 'b')).not.toContain('10.0.255.1/32');
    expect(best(r, 'b', '10.0.0.0/16')?.origin).toBe('?');
    expect(installedRoutes(r, 'a').find((x) => x.prefix === '10.0.0.0/16')).toMatchObject({
      blackhole: true,
    });
    b.bgp('a').aggregates = [{ prefix: '10.0.0.0/16' }];
    expect(prefixesOf(simulate(b.lab), 'b')).toEqual(
      expect.arrayContaining(['10.0.0.0/16', '10.0.255.1/32']),
    );
  });
});

describe('checked against a real FRR 8.4 run (two routers, netns rl3e, 2026-11-23)', () => {
  // a: AS65001, lo 10.0.255.1/32, redistribute connected, aggregate-address 10.0.0.0/16,
  //    route-map OUT out (match as-path ^$ → set as-path prepend 65001 65001; permit 20).
  // b: AS65002, lo 10.1.255.1/32, redistribute connected. Both `frr defaults datacenter`.
  // FRR showed on b:  10.0.0.0/16 and 10.0.255.1/32 Metric 0, Path "65001 65001 65001 ?";
  //   10.9.0.0/31 twice (local best + from a); summary: PfxRcd 3, PfxSnt 4.
  // a's kernel: "blackhole 10.0.0.0/16 proto bgp metric 20".
  function lab() {
    const b = labBuilder();
    b.router('a', {
      asn: 65001,
      lo: '10.0.255.1/32',
      bgp: { redistribute: [{ source: 'connected' }], aggregates: [{ prefix: '10.0.0.0/16' }] },
    });
    b.router('b', {
      asn: 65002,
      lo: '10.1.255.1/32',
      bgp: { redistribute: [{ source: 'connected' }] },
    });
    b.peer('a', 'b', '10.9.0.0/31', { routeMapOut: 'OUT' });
    b.bgp('a').asPathLists.push({ name: 'LOCAL', entries: [{ action: 'permit', regex: '^$' }] });
    b.bgp('a').routeMaps.push({
      name: 'OUT',
      entries: [
        {
          seq: 10,
          action: 'permit',
          match: { asPathList: 'LOCAL' },
          set: { asPathPrepend: [65001, 65001] },
        },
        { seq: 20, action: 'permit', match: {}, set: {} },
      ],
    });
    return simulate(b.lab);
  }

  it('matches the BGP table, counts and kernel blackhole', () => {
    const r = lab();
    for (const p of ['10.0.0.0/16', '10.0.255.1/32']) {
      expect(best(r, 'b', p)).toMatchObject({ asPath: [65001, 65001, 65001], origin: '?', med: 0 });
    }
    expect(paths(r, 'b', '10.9.0.0/31')).toHaveLength(2);
    expect(best(r, 'b', '10.9.0.0/31')?.local).toBe(true);
    expect(session(r, 'b', '10.9.0.0')).toMatchObject({ prefixesReceived: 3, prefixesSent: 4 });
    expect(installedRoutes(r, 'a').find((x) => x.prefix === '10.0.0.0/16')).toMatchObject({
      blackhole: true,
    });
  });
});
