/**
 * Traceroute on the lab of real/hop-address-lab.sh. Every expected hop address below was read
 * from `traceroute -n` in that lab (Linux 6.x network namespaces, static routes, no daemons,
 * run 2026-11-23): e.g. from src via r2: 10.9.1.1, 10.9.12.2, 10.9.0.4, 10.9.4.2 — r4 answers
 * from its loopback because its route back to src leaves by the unnumbered eth1, although the
 * probe came in on numbered eth0 (10.9.24.4).
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from './dataplane';
import { answerAddress } from './forward';
import { hopAddressLab, lab as mkLab, link, router } from './testlab';
import { traceroute } from './traceroute';
import type { TraceResult } from './types';

const addrs = (t: TraceResult): string[][] =>
  t.paths.map((p) => p.hops.map((h) => h.address ?? '*'));

describe('traceroute over static routes (checked against real traceroute -n)', () => {
  it('branches on the ECMP set at r1 and merges at r4; hops answer from the route back', () => {
    const t = traceroute(buildDataplane(hopAddressLab()), 'src', '10.9.4.2');
    // Real: forcing r1 onto each member gave these two hop lists.
    expect(addrs(t).sort()).toEqual([
      ['10.9.1.1', '10.9.12.2', '10.9.0.4', '10.9.4.2'],
      ['10.9.1.1', '10.9.13.3', '10.9.0.4', '10.9.4.2'],
    ]);
    expect(t.paths.every((p) => p.end.kind === 'delivered' && p.end.device === 'dst')).toBe(true);
    expect(t.graph['r1']).toEqual(['r2', 'r3']);
    expect(t.graph['r2']).toEqual(['r4']);
    expect(t.graph['r3']).toEqual(['r4']);
    expect(t.source).toBe('10.9.1.2');
  });

  it('single-path mode follows one ECMP member, deterministically per flow', () => {
    const dp = buildDataplane(hopAddressLab());
    const a = traceroute(dp, 'src', '10.9.4.2', { single: true });
    expect(a.paths).toHaveLength(1);
    expect(traceroute(dp, 'src', '10.9.4.2', { single: true })).toEqual(a);
    // Real `ip route get 10.9.4.2 from S iif eth0` on r1 put different sources on different
    // members (10.9.1.2 → r3, 10.9.1.3 → r2): both members must be reachable by some flow.
    const seen = new Set<string>();
    for (let i = 2; i < 40; i++) {
      const d = buildDataplane(hopAddressLab());
      const srcHost = d.lab.devices.find((x) => x.name === 'src');
      if (srcHost?.interfaces[0]) srcHost.interfaces[0].addresses = [`10.9.1.${i}/24`];
      const t = traceroute(d, 'src', '10.9.4.2', { single: true });
      seen.add(t.paths[0]?.hops[1]?.device ?? '');
    }
    expect([...seen].sort()).toEqual(['r2', 'r3']);
  });

  it('a router with no route back to the source does not answer (*)', () => {
    // Real: traceroute from r1 (source 10.9.12.1): r4 has no route to 10.9.12.1 and stays silent.
    const dp = buildDataplane(hopAddressLab());
    expect(answerAddress(dp, 'r4', '10.9.12.1').address).toBeUndefined();
    expect(answerAddress(dp, 'r2', '10.9.12.1').address).toBe('10.9.12.2');
  });

  it('ends in blackhole, and the blackholing router is silent', () => {
    const l = hopAddressLab();
    l.devices
      .find((d) => d.name === 'r4')
      ?.staticRoutes.push({ prefix: '10.9.4.2/32', blackhole: true });
    const t = traceroute(buildDataplane(l), 'src', '10.9.4.2');
    // Real: ` 1 10.9.1.1  2 10.9.12.2  3 *` — r4 drops before the TTL check.
    expect(addrs(t).sort()).toEqual([
      ['10.9.1.1', '10.9.12.2', '*'],
      ['10.9.1.1', '10.9.13.3', '*'],
    ]);
    expect(t.paths.map((p) => [p.end.kind, p.end.device])).toEqual([
      ['blackhole', 'r4'],
      ['blackhole', 'r4'],
    ]);
  });

  it('ends in no route at the router without one (which answers, then !N)', () => {
    const l = hopAddressLab();
    l.devices
      .find((d) => d.name === 'r1')
      ?.staticRoutes.push({ prefix: '10.9.7.0/24', via: '10.9.12.2' });
    const t = traceroute(buildDataplane(l), 'src', '10.9.7.7');
    // Real: ` 1  10.9.1.1   2  10.9.12.2 !N`.
    expect(addrs(t)).toEqual([['10.9.1.1', '10.9.12.2']]);
    expect(t.paths[0]?.end).toMatchObject({ kind: 'no route', device: 'r2' });
  });

  it('ends in loop with the cycle', () => {
    const l = hopAddressLab();
    l.devices
      .find((d) => d.name === 'r1')
      ?.staticRoutes.push({ prefix: '10.9.8.0/24', via: '10.9.12.2' });
    l.devices
      .find((d) => d.name === 'r2')
      ?.staticRoutes.push({ prefix: '10.9.8.0/24', via: '10.9.12.1' });
    const t = traceroute(buildDataplane(l), 'src', '10.9.8.8');
    // Real: 10.9.1.1, 10.9.12.2, 10.9.1.1, 10.9.12.2, … until the max TTL; we stop at the
    // first repeated router.
    expect(addrs(t)).toEqual([['10.9.1.1', '10.9.12.2', '10.9.1.1']]);
    expect(t.paths[0]?.end).toMatchObject({ kind: 'loop', cycle: ['r1', 'r2', 'r1'] });
  });

  it('ends in unreachable next hop when nothing on the segment owns the gateway', () => {
    const l = hopAddressLab();
    l.devices
      .find((d) => d.name === 'r1')
      ?.staticRoutes.push({ prefix: '10.9.9.0/24', via: '10.9.12.9' });
    const t = traceroute(buildDataplane(l), 'src', '10.9.9.9');
    // Real: ` 1  10.9.1.1  !H` (r1's ARP for 10.9.12.9 gets no answer).
    expect(addrs(t)).toEqual([['10.9.1.1']]);
    expect(t.paths[0]?.end).toMatchObject({ kind: 'unreachable next hop', device: 'r1' });
  });

  it('a down link carries nothing: the ECMP member over it is gone from the FIB', () => {
    const l = hopAddressLab();
    l.links = l.links.map((x) => (x.id === 'r1:eth1--r2:eth0' ? { ...x, down: true } : x));
    const t = traceroute(buildDataplane(l), 'src', '10.9.4.2');
    expect(addrs(t)).toEqual([['10.9.1.1', '10.9.13.3', '10.9.0.4', '10.9.4.2']]);
  });

  it('a device with no route at all ends in no route at the sender', () => {
    const l = mkLab(
      [router('a', { eth0: ['10.0.0.1/24'] }), router('b', { eth0: ['10.0.0.2/24'] })],
      [link('a:eth0', 'b:eth0')],
    );
    const t = traceroute(buildDataplane(l), 'a', '192.0.2.1');
    expect(t.paths).toEqual([
      { hops: [], end: expect.objectContaining({ kind: 'no route', device: 'a' }) as unknown },
    ]);
  });
});
