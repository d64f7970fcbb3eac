import { describe, expect, it } from 'vitest';
import type { PathView } from '../../engine/types';
import {
  timelineText,
  bgpTableText,
  detailText,
  fibText,
  pathText,
  reachText,
  sessionsText,
  statusCode,
  traceText,
} from './frrText';

const path = (over: Partial<PathView>): PathView => ({
  prefix: '10.244.1.0/24',
  nextHop: '10.0.0.1',
  fromPeer: '10.0.0.1',
  peerRouterId: '10.255.0.1',
  asPath: [65000, 65002],
  origin: 'i',
  weight: 0,
  communities: [],
  clusterList: [],
  ibgp: false,
  local: false,
  valid: true,
  best: false,
  multipath: false,
  learnedAt: 1,
  ...over,
});

describe('FRR renderings', () => {
  // Status codes as in FRR's legend: "*" valid, ">" best, "=" multipath, "i" internal.
  it('writes status codes as FRR does', () => {
    expect(statusCode(path({ best: true }))).toBe('*> ');
    expect(statusCode(path({ multipath: true }))).toBe('*= ');
    expect(statusCode(path({ ibgp: true, best: true }))).toBe('*>i');
    expect(statusCode(path({ valid: false }))).toBe('   ');
  });

  it('ends the path with the origin code', () => {
    expect(pathText(path({}))).toBe('65000 65002 i');
  });

  it('writes the detail with the best path reason', () => {
    const text = detailText({
      prefix: '10.244.1.0/24',
      paths: [
        path({ multipath: true }),
        path({ best: true, multipath: true, reason: 'Older Path', nextHop: '10.0.0.3' }),
      ],
    });
    expect(text).toContain('Paths: (2 available, best #2, table default)');
    expect(text).toContain('Origin IGP, valid, external, multipath, best (Older Path)');
  });
});

describe('whole tables for Copy', () => {
  it('writes the event log one event a line, saying how many prefixes a cut list had', () => {
    const text = timelineText([
      {
        step: 1,
        kind: 'session-up',
        from: 'a',
        to: 'b',
        prefixes: [],
        detail: 'ebgp session a ↔ b Established',
      },
      {
        step: 2,
        kind: 'update',
        from: 'a',
        to: 'b',
        prefixes: ['10.0.0.0/24', '10.0.1.0/24'],
        prefixCount: 5,
        detail: 'accepted 5',
      },
      { step: 3, kind: 'config', prefixes: [], detail: '{"kind":"link-down"}' },
    ]);
    expect(text.split('\n')).toEqual([
      '    1  session-up    a → b  ebgp session a ↔ b Established',
      '    2  update        a → b  10.0.0.0/24 10.0.1.0/24 +3 more  accepted 5',
      '    3  config        {"kind":"link-down"}',
    ]);
  });

  it('lays the BGP table out as FRR route_vty_out does (17/16 columns, %10u %7u %7u)', () => {
    // Column widths from FRR 8.4 bgp_route.c (route_vty_out): network padded to 17, next hop to
    // 16, metric %10u, LocPrf %7u, weight %7u; the header is FRR's BGP_SHOW_HEADER. A second path
    // of the same prefix leaves the network column blank, as FRR prints it.
    const text = bgpTableText(
      [
        path({ multipath: true, best: true, nextHop: '10.0.0.0' }),
        path({ multipath: true, nextHop: '10.0.0.2' }),
        path({
          prefix: '10.1.0.0/24',
          nextHop: '0.0.0.0',
          asPath: [],
          med: 0,
          weight: 32768,
          origin: '?',
          best: true,
          local: true,
        }),
      ],
      { routerId: '10.255.0.3', asn: 65001 },
    );
    const lines = text.split('\n');
    expect(lines).toContain('   Network          Next Hop            Metric LocPrf Weight Path');
    expect(lines).toContain(
      '*> 10.244.1.0/24    10.0.0.0                               0 65000 65002 i',
    );
    expect(lines).toContain(
      '*=                  10.0.0.2                               0 65000 65002 i',
    );
    expect(lines).toContain('*> 10.1.0.0/24      0.0.0.0                  0         32768 ?');
    expect(lines.at(-1)).toBe('Displayed  2 routes and 3 total paths');
    expect(lines[0]).toBe('BGP table version is 0, local router ID is 10.255.0.3, vrf id 0');
  });

  it('writes the sessions summary with prefix counts or the state', () => {
    const text = sessionsText(
      [
        {
          device: 'leaf1',
          peer: '10.0.0.0',
          peerDevice: 'spine1',
          localAs: 65001,
          remoteAs: 65000,
          state: 'Established',
          routeReflectorClient: false,
          prefixesReceived: 3,
          prefixesSent: 2,
        },
        {
          device: 'leaf1',
          peer: '10.0.0.2',
          localAs: 65001,
          remoteAs: 65000,
          state: 'Active',
          reason: 'no route to peer',
          routeReflectorClient: false,
          prefixesReceived: 0,
          prefixesSent: 0,
        },
      ],
      { asn: 65001, routerId: '10.255.0.3' },
    );
    expect(text.split('\n')).toEqual([
      'BGP router identifier 10.255.0.3, local AS number 65001',
      '',
      'Neighbor        Device         V         AS State/PfxRcd   PfxSnt  Reason',
      '10.0.0.0        spine1         4      65000 3                   2',
      '10.0.0.2        -              4      65000 Active                 no route to peer',
      '',
      'Total number of neighbors 2 (1 Established)',
    ]);
  });

  it('writes ECMP routes as iproute2 does: nexthop continuation lines', () => {
    // iproute2 `ip route` prints a multipath route's hops as "\tnexthop via A dev D weight 1".
    expect(
      fibText([
        {
          prefix: '10.244.1.0/24',
          protocol: 'bgp',
          metric: 20,
          nextHops: [
            { via: '10.0.0.0', dev: 'eth1' },
            { via: '10.0.0.2', dev: 'eth2' },
          ],
        },
        { prefix: '10.0.0.0/31', protocol: 'kernel', nextHops: [{ dev: 'eth1' }] },
        { prefix: '10.9.0.0/16', protocol: 'static', blackhole: true, nextHops: [] },
      ]).split('\n'),
    ).toEqual([
      '10.244.1.0/24 proto bgp metric 20',
      '\tnexthop via 10.0.0.0 dev eth1 weight 1',
      '\tnexthop via 10.0.0.2 dev eth2 weight 1',
      '10.0.0.0/31 dev eth1 proto kernel scope link',
      'blackhole 10.9.0.0/16 proto static',
    ]);
  });

  it('writes traces and the reachability matrix', () => {
    const t = traceText({
      from: 'node1/pod',
      to: '10.244.2.10',
      address: '10.244.2.10',
      paths: [{ end: 'delivered', hops: [{ ttl: 1, device: 'leaf1', address: '10.1.0.1' }] }],
    });
    expect(t).toBe(
      'traceroute from node1/pod to 10.244.2.10 (10.244.2.10): 1 path(s)\n\npath 1: delivered\n  1  10.1.0.1         leaf1',
    );
    const m = reachText(
      {
        endpoints: [
          { id: 'a', kind: 'pod', address: '10.0.0.1' },
          { id: 'b', kind: 'pod', address: '10.0.0.2' },
        ],
        status: [
          ['reachable', 'partial'],
          ['unreachable', 'reachable'],
        ],
        failures: {},
      },
      [0, 1],
    );
    expect(m.split('\n').slice(1, 3)).toEqual([
      '  1. a    10.0.0.1          ·  ½',
      '  2. b    10.0.0.2          ✗  ·',
    ]);
  });
});
