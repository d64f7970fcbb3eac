/**
 * VyOS import: the spine/leaf write-up's `set` commands (seed 001, verbatim in
 * fixtures/vyos-spine-leaf/leaf01.set) and the same config in config.boot form must give the
 * same device. Other syntax per the VyOS 1.4/1.5 BGP documentation (docs.vyos.io,
 * "configuration/protocols/bgp").
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importVyos } from './index';

const DIR = fileURLToPath(new URL('./fixtures/vyos-spine-leaf/', import.meta.url));
const read = (f: string): string => readFileSync(`${DIR}${f}`, 'utf8');

describe('VyOS: seed 001 leaf01', () => {
  const set = importVyos(read('leaf01.set'), 'leaf01.set');
  const boot = importVyos(read('vyos-boot-conf/leaf01-config.boot'), 'config.boot');

  it('set commands import with no error', () => {
    expect(set.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('AS, router id, neighbours and rr clients as the write-up sets them', () => {
    const bgp = set.fragment.bgp;
    expect([bgp?.asn, bgp?.routerId]).toEqual([65005, '10.0.5.1']);
    expect(bgp?.neighbors).toEqual([
      { peer: '10.0.101.1', remoteAs: 500, activate: true },
      { peer: '10.0.103.1', remoteAs: 1000, activate: true },
      { peer: '10.0.5.11', remoteAs: 65005, activate: true, routeReflectorClient: true },
      { peer: '10.0.5.12', remoteAs: 65005, activate: true, routeReflectorClient: true },
    ]);
    expect(bgp?.networks).toEqual(['10.0.5.0/24']);
    expect(set.fragment.interfaces).toEqual([
      { name: 'eth1', addresses: ['10.0.5.1/24'] },
      { name: 'eth2', addresses: ['10.0.101.2/24'] },
      { name: 'eth3', addresses: ['10.0.103.2/24'] },
      { name: 'lo', addresses: [], loopback: true },
    ]);
  });

  it('config.boot gives the same BGP and addresses (neighbour order aside)', () => {
    const sort = (xs: { peer: string }[] = []): { peer: string }[] =>
      [...xs].sort((a, b) => a.peer.localeCompare(b.peer));
    const { neighbors: n1, ...b1 } = set.fragment.bgp ?? { neighbors: [] };
    const { neighbors: n2, ...b2 } = boot.fragment.bgp ?? { neighbors: [] };
    expect(b2).toEqual(b1);
    expect(sort(n2)).toEqual(sort(n1));
    const addrs = (f: typeof set.fragment) =>
      Object.fromEntries(f.interfaces.map((i) => [i.name, i.addresses]));
    expect(addrs(boot.fragment)).toEqual(addrs(set.fragment)); // eth0 is dhcp: management, kept as a line;
    expect(boot.fragment.hostname).toBe('leaf01');
  });

  it('NAT rules are kept as unmodelled set commands, with their lines', () => {
    const nat = set.fragment.unmodelled.filter((u) => u.text.startsWith('set nat'));
    expect(nat.map((u) => u.line)).toEqual([54, 56, 58, 60, 61, 62]);
    expect(nat[0]?.text).toBe(
      "set nat source rule 10 description 'Do NOT NAT traffic to private networks'",
    );
    const bootNat = boot.fragment.unmodelled.filter((u) => u.text.startsWith('set nat'));
    expect(bootNat.map((u) => u.text)).toContain(
      'set nat source rule 100 translation address masquerade',
    );
  });

  it('the dynamic-peer variant: listen-range read, the non-VyOS `group` lines kept', () => {
    const dyn = importVyos(read('leaf01-dynamic.set'), 'dyn.set');
    expect(dyn.fragment.bgp).toBeUndefined(); // no system-as in this snippet: reported
    expect(
      dyn.problems.some((p) => p.severity === 'error' && p.message.includes('system-as')),
    ).toBe(true);
    const both = importVyos(
      `set protocols bgp system-as 65005\n${read('leaf01-dynamic.set')}`,
      'd.set',
    );
    expect(both.fragment.bgp?.listenRanges).toEqual([
      { range: '10.0.5.0/24', peerGroup: 'RR-CLIENTS-DYNAMIC' },
    ]);
    expect(both.fragment.unmodelled.filter((u) => u.text.includes(' group ')).length).toBe(6);
  });
});

describe('VyOS: syntax forms', () => {
  it('the ≤1.3 `protocols bgp <asn>` form, bestpath, multipath, peer groups', () => {
    const { fragment, problems } = importVyos(
      [
        'set protocols bgp 65005 parameters router-id 10.0.5.1',
        'set protocols bgp 65005 parameters bestpath as-path multipath-relax',
        "set protocols bgp 65005 address-family ipv4-unicast maximum-paths ebgp '2'",
        'set protocols bgp 65005 address-family ipv4-unicast maximum-paths ibgp 4',
        'set protocols bgp 65005 peer-group RR remote-as 65005',
        'set protocols bgp 65005 peer-group RR address-family ipv4-unicast route-reflector-client',
        'set protocols bgp 65005 neighbor 10.0.5.11 peer-group RR',
        'set protocols bgp 65005 listen range 10.0.5.0/24 peer-group RR',
        'set protocols bgp 65005 neighbor eth1 interface remote-as external',
        'set protocols bgp 65005 neighbor 10.0.9.1 address-family ipv4-unicast nexthop-self',
        'set protocols bgp 65005 neighbor 10.0.9.1 remote-as 65009',
        'set protocols bgp 65005 address-family ipv4-unicast redistribute connected route-map RM',
        'set protocols static route 0.0.0.0/0 next-hop 10.0.9.1',
        'set protocols static route 10.99.0.0/16 blackhole',
      ].join('\n'),
      'cfg.set',
    );
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
    const bgp = fragment.bgp;
    expect([bgp?.asn, bgp?.bestpath, bgp?.maximumPaths, bgp?.maximumPathsIbgp]).toEqual([
      65005,
      { asPathMultipathRelax: true },
      2,
      4,
    ]);
    expect(bgp?.peerGroups).toEqual([
      { name: 'RR', remoteAs: 65005, activate: true, routeReflectorClient: true },
    ]);
    expect(bgp?.neighbors).toEqual([
      { peer: '10.0.5.11', peerGroup: 'RR' },
      { peer: 'eth1', interface: true, remoteAs: 'external' },
      { peer: '10.0.9.1', activate: true, nextHopSelf: true, remoteAs: 65009 },
    ]);
    expect(bgp?.listenRanges).toEqual([{ range: '10.0.5.0/24', peerGroup: 'RR' }]);
    expect(bgp?.redistribute).toEqual([{ source: 'connected', routeMap: 'RM' }]);
    expect(fragment.staticRoutes).toEqual([
      { prefix: '0.0.0.0/0', via: '10.0.9.1' },
      { prefix: '10.99.0.0/16', blackhole: true },
    ]);
  });

  it('bad values: errors with line and column; broken braces reported', () => {
    const { fragment, problems } = importVyos(
      [
        'set protocols bgp system-as 65001',
        '  set protocols bgp neighbor 10.0.0.1 remote-as lots',
        'set interfaces ethernet eth1 address 10.0.0.300/24',
        'set protocols bgp neighbor 10.0.0.2 remote-as 65002',
      ].join('\n'),
      'x.set',
    );
    expect(problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.column])).toEqual([
      [2, 3],
      [3, 1],
    ]);
    expect(fragment.bgp?.neighbors.find((n) => n.peer === '10.0.0.2')?.remoteAs).toBe(65002);
    const boot = importVyos('protocols {\n    bgp {\n        system-as 1\n', 'c.boot');
    expect(boot.problems.find((p) => p.severity === 'error')?.message).toContain('missing }');
    expect(boot.fragment.bgp?.asn).toBe(1);
  });
});
