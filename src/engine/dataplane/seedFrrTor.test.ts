/**
 * Issue 4's key check on the built-in lab from seed 003 (FRR ToRs + Cilium BGP control plane),
 * through the real engine. Expected hops: the write-up's `traceroute -n` (seed 003, section 7:
 * tor0's node-facing address, router0's lo, tor1's lo, server3's net0, then the pod) and
 * notes/real-daemons.md, where the same lab on real FRR/GoBGP gave "ToR (its node-facing
 * address), router0 (loopback: unnumbered), tor1 (loopback), destination". The failure case
 * follows from router0's config in the write-up: `ip route add blackhole 10.0.0.0/8`.
 */
import { describe, expect, it } from 'vitest';
import { getExample } from '../../model/examples';
import type { Lab } from '../../model/types';
import { simulate } from '../index';
import { buildDataplane } from './dataplane';
import { diffSnapshots, snapshot } from './diff';
import { explainPrefix, explainTraceEnd } from './explain';
import { providerFromSim } from './fromSim';
import { reachabilityMatrix } from './reachability';
import { traceroute } from './traceroute';

function labOf(step: string): Lab {
  const l = getExample('cilium-frr-tor')?.steps.find((s) => s.id === step)?.lab;
  if (!l) throw new Error('example missing');
  return structuredClone(l);
}

function build(l: Lab) {
  const provider = providerFromSim(simulate(l, { keepLog: false }));
  const dp = buildDataplane(l, (d) => provider.installedRoutes(d));
  return { dp, provider, ctx: { lab: l, bgp: provider, dp } };
}

const failRouter0Tor1 = (l: Lab): Lab => ({
  ...l,
  links: l.links.map((x) =>
    [x.a.device, x.b.device].sort().join() === 'router0,tor1' ? { ...x, down: true } : x,
  ),
});

describe('seed 003: FRR ToRs + Cilium', () => {
  it('rack0 node → rack1 pod: node → ToR → router0 (lo) → tor1 (lo) → node → pod', () => {
    const { dp } = build(labOf('after-policies'));
    const t = traceroute(dp, 'server0', '10.1.3.56');
    expect(t.paths).toHaveLength(1);
    const hops = t.paths[0]?.hops.map((h) => [
      h.pod ? `${h.device}/${h.pod}` : h.device,
      h.address,
    ]);
    expect(hops).toEqual([
      ['tor0', '10.0.1.1'],
      ['router0', '10.0.0.0'],
      ['tor1', '10.0.0.2'],
      ['server3', '10.0.4.2'],
      ['server3/nettool-2', '10.1.3.56'],
    ]);
    expect(t.paths[0]?.end).toMatchObject({
      kind: 'delivered',
      device: 'server3',
      pod: 'nettool-2',
    });
  });

  it('pod → pod as in the write-up (hops 2–5; hop 1 is the node, see report on cilium_host)', () => {
    const { dp } = build(labOf('after-policies'));
    const t = traceroute(dp, 'server1/nettool-1', 'server3/nettool-2');
    expect(t.paths[0]?.hops.slice(1).map((h) => h.address)).toEqual([
      '10.0.2.1',
      '10.0.0.0',
      '10.0.0.2',
      '10.0.4.2',
      '10.1.3.56',
    ]);
    expect(t.paths[0]?.hops[0]?.device).toBe('server1');
  });

  it('after failing router0–tor1 it says where and why it stops', () => {
    const { dp, ctx } = build(failRouter0Tor1(labOf('after-policies')));
    const t = traceroute(dp, 'server0', '10.1.3.56');
    const end = t.paths[0]?.end;
    expect(end).toMatchObject({ kind: 'blackhole', device: 'router0' });
    expect(end?.reason).toContain('10.0.0.0/8');
    const why = explainTraceEnd(ctx, t, end!)
      .map((f) => f.text)
      .join('\n');
    expect(why).toContain('router0 lacks 10.1.3.0/24');
    expect(why).toMatch(/session to tor1 .* is (Active|Idle): .*down/);
  });

  it('a rack0 node does not learn the other rack0 pod CIDR: iBGP split horizon at tor0', () => {
    // notes/real-daemons.md: "a rack0 node does not learn the other rack0 node's pod CIDR
    // (iBGP split horizon, no reflector)".
    const { ctx } = build(labOf('after-policies'));
    const e = explainPrefix(ctx, 'server0', '10.1.2.0/24');
    expect(e.findings.map((f) => [f.kind, f.device])).toContainEqual(['split-horizon', 'tor0']);
  });

  it('before the peering policies router0 has no pod routes: not originated', () => {
    const { ctx } = build(labOf('before-policies'));
    expect(explainPrefix(ctx, 'router0', '10.1.3.0/24').findings.map((f) => f.kind)).toEqual([
      'not-originated',
    ]);
  });

  it('the failure diff: router0 loses rack1 routes; rack0 ↔ rack1 pods lose reachability', () => {
    const before = build(labOf('after-policies'));
    const after = build(failRouter0Tor1(labOf('after-policies')));
    const views = (b: ReturnType<typeof build>) =>
      Object.fromEntries(b.dp.lab.devices.map((d) => [d.name, b.provider.view(d.name)]));
    const diff = diffSnapshots(
      snapshot(before.dp, views(before)),
      snapshot(after.dp, views(after)),
    );
    const router0 = diff.devices.find((d) => d.device === 'router0');
    expect(router0?.lost.map((r) => r.prefix)).toEqual(
      expect.arrayContaining(['10.1.1.0/24', '10.1.3.0/24', '10.0.0.2/32']),
    );
    expect(router0?.bestPaths.map((r) => r.prefix)).toContain('10.1.3.0/24');
    expect(diff.lostReachability).toContainEqual(
      expect.objectContaining({
        from: 'server1/nettool-1',
        to: 'server3/nettool-2',
        before: 'reachable',
        after: 'unreachable',
      }),
    );
    expect(diff.lostReachability.some((c) => c.from === 'server0' && c.to === 'server1')).toBe(
      false,
    );
    expect(diff.gainedReachability).toEqual([]);
  });

  it('the reachability matrix before the policies: pods across racks unreachable', () => {
    const { dp } = build(labOf('before-policies'));
    const m = reachabilityMatrix(dp);
    const i = m.endpoints.findIndex((e) => e.id === 'server1/nettool-1');
    const j = m.endpoints.findIndex((e) => e.id === 'server3/nettool-2');
    expect(m.status[i]?.[j]).toBe('unreachable');
    // Nodes reach each other through the ToRs' connected subnets and the default route.
    const n0 = m.endpoints.findIndex((e) => e.id === 'server0');
    const n3 = m.endpoints.findIndex((e) => e.id === 'server3');
    expect(m.status[n0]?.[n3]).toBe('reachable');
  });
});
