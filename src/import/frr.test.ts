/**
 * FRR import. fixtures/frr-features/frr.conf was loaded into real FRR 8.4.4 (zebra + bgpd +
 * staticd in a network namespace, `vtysh -f`); frr.running.txt is what `show running-config`
 * printed back. Expected values below come from that run or from FRR's documentation.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importFrr } from './index';

const DIR = fileURLToPath(new URL('./fixtures/frr-features/', import.meta.url));
const conf = readFileSync(`${DIR}frr.conf`, 'utf8');
const running = readFileSync(`${DIR}frr.running.txt`, 'utf8');

describe('FRR: every modelled command', () => {
  const { fragment: f, problems } = importFrr(conf, 'frr.conf');
  const bgp = f.bgp;

  it('has no errors or warnings', () => {
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('global BGP settings', () => {
    expect(bgp?.asn).toBe(65001);
    expect(bgp?.routerId).toBe('10.0.0.1');
    expect(bgp?.clusterId).toBe('1.1.1.1');
    expect(bgp?.profile).toBe('datacenter');
    expect(bgp?.bestpath).toEqual({
      asPathMultipathRelax: true,
      compareRouterId: true,
      alwaysCompareMed: true,
      deterministicMed: false,
    });
    expect(bgp?.timers).toEqual({ keepalive: 3, hold: 9 });
    expect([bgp?.maximumPaths, bgp?.maximumPathsIbgp]).toEqual([8, 4]);
    expect(bgp?.networks).toEqual(['10.0.0.1/32']);
    expect(bgp?.redistribute).toEqual([
      { source: 'connected', routeMap: 'CONN' },
      { source: 'static' },
    ]);
    expect(bgp?.aggregates).toEqual([{ prefix: '10.0.0.0/8', summaryOnly: true }]);
    expect(bgp?.listenRanges).toEqual([{ range: '10.2.0.0/24', peerGroup: 'FABRIC' }]);
  });

  it('peer group and neighbours', () => {
    // FRR 8.4.4 shows bare `ebgp-multihop` as `ebgp-multihop 255` (show running-config).
    expect(bgp?.peerGroups).toEqual([
      {
        name: 'FABRIC',
        remoteAs: 'external',
        ebgpMultihop: 255,
        timers: { keepalive: 1, hold: 3 },
        routeMapIn: 'IN',
        prefixListOut: 'OUT',
      },
    ]);
    const n = Object.fromEntries((bgp?.neighbors ?? []).map((x) => [x.peer, x]));
    expect(n['10.1.0.2']).toEqual({ peer: '10.1.0.2', peerGroup: 'FABRIC' });
    // allowas-in without a count: 3 (FRR docs, "neighbor PEER allowas-in [<(1-10)|origin>]").
    expect(n['10.1.0.3']).toEqual({
      peer: '10.1.0.3',
      remoteAs: 65001,
      updateSource: 'lo',
      description: 'rack node 3',
      routeReflectorClient: true,
      nextHopSelf: 'force',
      allowasIn: 3,
      defaultOriginate: true,
    });
    expect(n['10.1.0.4']).toEqual({
      peer: '10.1.0.4',
      remoteAs: 'internal',
      shutdown: true,
      passive: true,
    });
  });

  it('policy objects', () => {
    // FRR numbered the seq-less entries 5 and 25 (highest + 5): see frr.running.txt.
    expect(bgp?.prefixLists).toEqual([
      {
        name: 'OUT',
        entries: [
          { seq: 5, action: 'permit', prefix: '10.0.0.0/8', le: 24 },
          { seq: 20, action: 'deny', prefix: '0.0.0.0/0', le: 32 },
          { seq: 25, action: 'permit', prefix: '192.168.0.0/16', ge: 24, le: 32 },
        ],
      },
    ]);
    expect(bgp?.communityLists).toEqual([
      { name: 'COMM', entries: [{ action: 'permit', community: '65001:100' }] },
    ]);
    expect(bgp?.asPathLists).toEqual([
      { name: 'ASP', entries: [{ action: 'permit', regex: '^65002_' }] },
    ]);
    expect(bgp?.routeMaps).toEqual([
      {
        name: 'IN',
        entries: [
          {
            seq: 10,
            action: 'permit',
            match: { prefixList: 'OUT', communityList: 'COMM', asPathList: 'ASP' },
            set: {
              localPref: 200,
              med: 50,
              weight: 100,
              asPathPrepend: [65001, 65001],
              community: { values: ['65001:1', '65001:2'], additive: true },
            },
          },
        ],
      },
      { name: 'CONN', entries: [{ seq: 5, action: 'deny', match: {}, set: {} }] },
    ]);
  });

  it('interfaces and static routes', () => {
    expect(f.hostname).toBe('r1');
    expect(f.interfaces).toEqual([
      { name: 'eth1', addresses: ['10.1.0.1/24'], description: 'uplink to spine' },
      { name: 'lo', addresses: ['10.0.0.1/32'], loopback: true },
    ]);
    expect(f.staticRoutes).toEqual([
      { prefix: '10.9.0.0/16', blackhole: true },
      { prefix: '10.8.0.0/16', blackhole: true },
      { prefix: '10.7.0.0/16', via: '10.1.0.2', distance: 200 },
    ]);
  });

  it('keeps unmodelled lines verbatim with their section', () => {
    // Contexts are the innermost section the exporter writes (src/export/frr.ts keys on them);
    // the lines of an unmodelled section follow its header in the enclosing one.
    expect(f.unmodelled).toEqual([
      { file: 'frr.conf', line: 6, text: 'log syslog informational' },
      { file: 'frr.conf', line: 26, text: 'bgp log-neighbor-changes', context: 'router bgp 65001' },
      {
        file: 'frr.conf',
        line: 54,
        text: 'neighbor 10.1.0.3 soft-reconfiguration inbound',
        context: 'address-family ipv4 unicast',
      },
      {
        file: 'frr.conf',
        line: 57,
        text: 'address-family ipv6 unicast',
        context: 'router bgp 65001',
      },
      {
        file: 'frr.conf',
        line: 58,
        text: 'neighbor 10.1.0.3 activate',
        context: 'router bgp 65001',
      },
      { file: 'frr.conf', line: 78, text: 'set origin igp', context: 'route-map IN permit 10' },
      { file: 'frr.conf', line: 84, text: 'line vty' },
    ]);
  });

  it("reads FRR's own rendering of the config to the same BGP model", () => {
    const again = importFrr(running, 'running').fragment;
    // FRR omits `timers bgp 3 9` because it equals the datacenter default.
    const { timers: _t, ...mine } = f.bgp ?? { timers: undefined };
    const { timers: _t2, ...theirs } = again.bgp ?? { timers: undefined };
    expect(theirs).toEqual(mine);
    expect(again.staticRoutes).toEqual(expect.arrayContaining(f.staticRoutes));
  });
});

describe('FRR: hand-written files and errors', () => {
  it('falls back to the parent section like vtysh (no exit lines)', () => {
    const { fragment } = importFrr(
      [
        'router bgp 65000',
        ' neighbor 10.0.0.2 remote-as 65001',
        'ip prefix-list PL permit 10.0.0.0/8',
        'interface eth0',
        ' ip address 10.0.0.1/24',
        'ip route 0.0.0.0/0 10.0.0.2',
      ].join('\n'),
      'frr.conf',
    );
    expect(fragment.bgp?.prefixLists.map((l) => l.name)).toEqual(['PL']);
    expect(fragment.interfaces).toEqual([{ name: 'eth0', addresses: ['10.0.0.1/24'] }]);
    expect(fragment.staticRoutes).toEqual([{ prefix: '0.0.0.0/0', via: '10.0.0.2' }]);
  });

  it('bad values are errors with line and column; the rest imports', () => {
    const { fragment, problems } = importFrr(
      [
        'router bgp 65000',
        ' neighbor 10.0.0.2 remote-as 65001',
        ' neighbor 10.0.0.3 remote-as sixty',
        ' bgp router-id 300.1.1.1',
        ' neighbor GHOST peer-group',
        ' neighbor 10.0.0.4 peer-group NOPE',
      ].join('\n'),
      'frr.conf',
    );
    const errs = problems.filter((p) => p.severity === 'error');
    expect(errs.map((p) => [p.line, p.column])).toEqual([
      [3, 30],
      [4, 16],
      [6, 31],
    ]);
    expect(errs[0]?.file).toBe('frr.conf');
    expect(fragment.bgp?.neighbors.map((n) => n.peer)).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(fragment.bgp?.peerGroups.map((g) => g.name)).toEqual(['GHOST']);
  });

  it('`no bgp default ipv4-unicast`: only activated neighbours carry IPv4', () => {
    const { fragment } = importFrr(
      [
        'router bgp 65000',
        ' no bgp default ipv4-unicast',
        ' neighbor 10.0.0.2 remote-as 65001',
        ' neighbor 10.0.0.3 remote-as 65001',
        ' address-family ipv4 unicast',
        '  neighbor 10.0.0.2 activate',
      ].join('\n'),
      'frr.conf',
    );
    expect(fragment.bgp?.neighbors.map((n) => [n.peer, n.activate])).toEqual([
      ['10.0.0.2', true],
      ['10.0.0.3', false],
    ]);
  });

  it('a second `router bgp` with another AS is an error, its lines kept', () => {
    const { fragment, problems } = importFrr(
      ['router bgp 1', 'router bgp 2', ' neighbor 10.0.0.1 remote-as 3'].join('\n'),
      'frr.conf',
    );
    expect(problems.some((p) => p.severity === 'error' && p.line === 2)).toBe(true);
    expect(fragment.bgp?.asn).toBe(1);
    expect(fragment.bgp?.neighbors).toEqual([]);
    expect(fragment.unmodelled.map((u) => u.line)).toEqual([2, 3]);
  });
});
