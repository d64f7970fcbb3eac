/**
 * BIRD import. Syntax verdicts quoted below come from `bird -p -c` (BIRD 2.0.12 on this
 * machine); prefix-set semantics from the BIRD 2 user guide ("Prefix sets": `P+` = P and all
 * longer, `P-` = only longer, `P{a,b}` = lengths a..b; `net ~ P` with a plain prefix = subnet of P).
 */
import { describe, expect, it } from 'vitest';
import { BIRD_DENY_ALL, importBird } from './index';

describe('BIRD: protocols', () => {
  // This exact text passes `bird -p -c` (BIRD 2.0.12).
  const conf = [
    'router id 10.0.0.1;',
    'protocol device { scan time 10; }',
    'protocol direct { ipv4; interface "eth*"; }',
    'filter to_kernel { if net ~ [ 10.0.0.0/8{16,24}, 172.16.0.0/12+, 192.168.0.0/16- ] then { bgp_local_pref = 200; accept; } else reject; }',
    'protocol kernel { ipv4 { export filter to_kernel; }; merge paths on; }',
    'protocol static {',
    '  ipv4;',
    '  route 10.1.0.0/24 via 192.168.0.2;',
    '  route 10.2.0.0/24 via "cilium_host";',
    '  route 10.3.0.0/16 blackhole;',
    '  route 10.4.0.0/24 via 192.168.0.2 via 192.168.0.3;',
    '}',
    'template bgp tbase { local 10.0.0.1 as 65001; multihop 2; ipv4 { import all; export where net ~ 10.0.0.0/8; next hop self; }; }',
    'template bgp rrc from tbase { rr client; rr cluster id 1.1.1.1; }',
    'protocol bgp spine1 from tbase { neighbor 10.0.0.2 as 65000; hold time 9; keepalive time 3; }',
    'protocol bgp node1 from rrc { neighbor 10.0.0.3 as 65001; passive; disabled; }',
    'protocol bgp dyn from rrc { neighbor range 10.5.0.0/24 as 65001; }',
  ].join('\n');
  const { fragment: f, problems } = importBird(conf, 'bird.conf');
  const bgp = f.bgp;

  it('has no errors', () => {
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('router id, local AS, redistribution of what BIRD holds', () => {
    expect([bgp?.asn, bgp?.routerId, bgp?.clusterId]).toEqual([65001, '10.0.0.1', '1.1.1.1']);
    expect(bgp?.redistribute).toEqual([{ source: 'connected' }]);
    // exactly the static protocol's prefixes enter BGP
    expect(bgp?.networks).toEqual(['10.1.0.0/24', '10.2.0.0/24', '10.3.0.0/16', '10.4.0.0/24']);
  });

  it('static routes via address, interface, blackhole, multipath', () => {
    expect(f.staticRoutes).toEqual([
      { prefix: '10.1.0.0/24', via: '192.168.0.2' },
      { prefix: '10.2.0.0/24', interface: 'cilium_host' },
      { prefix: '10.3.0.0/16', blackhole: true },
      { prefix: '10.4.0.0/24', via: '192.168.0.2' },
      { prefix: '10.4.0.0/24', via: '192.168.0.3' },
    ]);
  });

  it('templates become peer groups; protocols are neighbours in them', () => {
    expect(bgp?.peerGroups).toEqual([
      {
        name: 'tbase',
        updateSource: '10.0.0.1',
        ebgpMultihop: 2,
        routeMapOut: 'tbase_export',
        nextHopSelf: true,
      },
      {
        name: 'rrc',
        updateSource: '10.0.0.1',
        ebgpMultihop: 2,
        routeMapOut: 'tbase_export',
        nextHopSelf: true,
        routeReflectorClient: true,
      },
      {
        name: 'dyn',
        updateSource: '10.0.0.1',
        ebgpMultihop: 2,
        routeMapOut: 'tbase_export',
        nextHopSelf: true,
        routeReflectorClient: true,
        remoteAs: 65001,
      },
    ]);
    expect(bgp?.listenRanges).toEqual([{ range: '10.5.0.0/24', peerGroup: 'dyn' }]);
    expect(bgp?.neighbors).toEqual([
      {
        peer: '10.0.0.2',
        remoteAs: 65000,
        timers: { keepalive: 3, hold: 9 },
        description: 'spine1',
        peerGroup: 'tbase',
      },
      {
        peer: '10.0.0.3',
        remoteAs: 65001,
        passive: true,
        shutdown: true,
        description: 'node1',
        peerGroup: 'rrc',
      },
    ]);
  });

  it('filters become route-maps with prefix lists', () => {
    const maps = Object.fromEntries((bgp?.routeMaps ?? []).map((m) => [m.name, m.entries]));
    const lists = Object.fromEntries((bgp?.prefixLists ?? []).map((l) => [l.name, l.entries]));
    expect(maps['to_kernel']).toEqual([
      { seq: 10, action: 'permit', match: { prefixList: 'to_kernel_10' }, set: { localPref: 200 } },
      { seq: 20, action: 'deny', match: {}, set: {} },
    ]);
    expect(lists['to_kernel_10']).toEqual([
      { seq: 5, action: 'permit', prefix: '10.0.0.0/8', ge: 16, le: 24 },
      { seq: 10, action: 'permit', prefix: '172.16.0.0/12', le: 32 },
      { seq: 15, action: 'permit', prefix: '192.168.0.0/16', ge: 17, le: 32 },
    ]);
    expect(maps['tbase_export']).toEqual([
      { seq: 10, action: 'permit', match: { prefixList: 'tbase_export_10' }, set: {} },
    ]);
    expect(lists['tbase_export_10']).toEqual([
      { seq: 5, action: 'permit', prefix: '10.0.0.0/8', le: 32 },
    ]);
    expect(f.kernel).toEqual({ exportFilter: 'to_kernel', mergePaths: true });
  });
});

describe('BIRD: what BIRD 2 itself refuses is flagged', () => {
  it('a filter used above its definition (bird -p: "unexpected CF_SYM_UNDEFINED")', () => {
    const { problems, fragment } = importBird(
      'protocol kernel { ipv4 { export filter late; }; }\nfilter late { accept; }\n',
      'f.conf',
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 1, column: 40 }),
    );
    expect(fragment.kernel?.exportFilter).toBe('late');
  });

  it('kernel/static without a channel ("Channel not specified")', () => {
    // bird -p: "k.conf:4:1 Channel not specified" for `protocol kernel { merge paths on; }`
    const { problems, fragment } = importBird(
      'router id 1.1.1.1;\nprotocol kernel {\n merge paths on;\n}\n',
      'k.conf',
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 2, column: 1 }),
    );
    expect(fragment.kernel).toEqual({ mergePaths: true });
  });

  it('eBGP without explicit import/export ("EBGP requires explicit export policy")', () => {
    const { problems } = importBird(
      'router id 1.1.1.1;\nprotocol bgp x {\n local as 1;\n neighbor 10.0.0.1 as 2;\n ipv4 { import all; };\n}\n',
      'b.conf',
    );
    const w = problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    expect(w).toEqual([expect.stringContaining('explicit export policy')]);
  });

  it('iBGP without a channel is fine (bird -p accepts it)', () => {
    const { problems, fragment } = importBird(
      'router id 1.1.1.1;\nprotocol bgp x {\n local as 1;\n neighbor 10.0.0.1 as 1;\n}\n',
      'b.conf',
    );
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
    // No protocol kernel: BIRD installs nothing.
    expect(fragment.kernel).toEqual({ exportFilter: BIRD_DENY_ALL });
  });
});

describe('BIRD: comments, includes, broken files', () => {
  it('ignores comments, warns on include, keeps unknown statements', () => {
    const { fragment, problems } = importBird(
      [
        '/* multi',
        '   line */ router id 10.0.0.9; # trailing',
        'include "other.conf";',
        'log syslog all;',
        'protocol bgp p { local as 65000; neighbor 10.0.0.1 as 65000; }',
      ].join('\n'),
      'bird.conf',
    );
    expect(fragment.bgp?.routerId).toBe('10.0.0.9');
    expect(problems.find((p) => p.message.includes('include'))).toMatchObject({
      severity: 'warning',
      line: 3,
    });
    expect(fragment.unmodelled.map((u) => u.text)).toEqual([
      'include "other.conf";',
      'log syslog all;',
    ]);
  });

  it('a missing brace is an error with a position; what parsed stays', () => {
    const { fragment, problems } = importBird(
      'router id 10.0.0.1;\nprotocol bgp p {\n local as 65000;\n neighbor 10.0.0.2 as 65001;\n',
      'bird.conf',
    );
    expect(problems.find((p) => p.severity === 'error')).toMatchObject({ file: 'bird.conf' });
    expect(fragment.bgp?.neighbors.map((n) => n.peer)).toEqual(['10.0.0.2']);
  });
});
