/**
 * The whole engine on the seed 003 lab (expectations from the real FRR + GoBGP run recorded in
 * notes/real-daemons.md), incremental `apply`, the event queue, the log, and non-convergence
 * detection on Griffin's BAD GADGET (Griffin, Shepherd, Wilfong: "The stable paths problem and
 * interdomain routing", 2002 — a policy configuration with no stable solution).
 */
import { describe, expect, it } from 'vitest';
import type { Lab } from '../model';
import { apply, deviceView, installedRoutes, simulate } from './index';
import { labBuilder } from './testing/build';
import { frrTorCiliumLab } from './testing/labs';
import { best, prefixesOf, session } from './testing/read';
import type { SimResult } from './types';

const PODS = ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24'];

function bests(r: SimResult, lab: Lab): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of lab.devices) {
    for (const e of deviceView(r, d.name)?.locRib ?? []) {
      const b = e.paths.find((p) => p.best);
      if (b)
        out[`${d.name} ${e.prefix}`] =
          `${b.fromDevice ?? 'local'} ${b.asPath.join(' ')} ${b.nextHop}`;
    }
  }
  return out;
}

describe('seed 003: FRR ToRs + Cilium', () => {
  const lab = frrTorCiliumLab();
  const r = simulate(lab);

  it('converges with every session Established', () => {
    expect(r.convergence.converged).toBe(true);
    for (const d of lab.devices)
      for (const s of deviceView(r, d.name)?.sessions ?? []) expect(s.state).toBe('Established');
    expect(session(r, 'control-plane', '10.0.0.1')?.peerDevice).toBe('tor0');
  });

  it('router0 learns the four pod /24s and installs them via the ToRs', () => {
    for (const p of PODS) expect(prefixesOf(r, 'router0')).toContain(p);
    const inst = installedRoutes(r, 'router0').find((x) => x.prefix === '10.1.2.0/24');
    expect(inst?.nextHops.map((h) => h.device)).toEqual(['tor1']);
  });

  it("a rack0 node does not get the other rack0 node's pod CIDR (iBGP split horizon)", () => {
    expect(prefixesOf(r, 'control-plane')).not.toContain('10.1.1.0/24');
    expect(prefixesOf(r, 'control-plane')).toContain('10.1.2.0/24');
  });

  it('eBGP-learned routes reach the nodes with the ToR as next hop, and GoBGP installs nothing', () => {
    expect(best(r, 'control-plane', '10.1.2.0/24')?.nextHopDevice).toBe('tor0');
    expect(best(r, 'control-plane', '0.0.0.0/0')?.asPath).toEqual([65000]);
    expect(installedRoutes(r, 'control-plane')).toEqual([]);
  });

  it('keeps a replayable log of session-up and update events', () => {
    expect(r.log.filter((e) => e.kind === 'session-up')).toHaveLength(6);
    const u = r.log.find(
      (e) => e.kind === 'update' && e.to === 'router0' && e.prefixes.includes('10.1.0.0/24'),
    );
    expect(u?.from).toBe('tor0');
    expect(u?.detail).toMatch(/accepted/);
    expect(r.log.map((e) => e.step)).toEqual([...r.log.map((e) => e.step)].sort((a, b) => a - b));
  });

  it('is structured-clone serialisable', () => {
    expect(() => structuredClone(r)).not.toThrow();
  });
});

describe('apply: incremental failures equal a full recompute', () => {
  const lab = frrTorCiliumLab();
  const base = simulate(lab);
  const cases = [
    { kind: 'link-down', link: lab.links[0]?.id ?? '' },
    { kind: 'device-down', device: 'tor1' },
    { kind: 'session-shutdown', device: 'tor0', peer: '10.0.1.2', shutdown: true },
  ] as const;
  for (const ev of cases) {
    it(`${ev.kind}`, () => {
      const inc = apply(base, ev);
      const edited = structuredClone(lab);
      if (ev.kind === 'link-down')
        (edited.links.find((l) => l.id === ev.link) as { down?: boolean }).down = true;
      if (ev.kind === 'device-down')
        (edited.devices.find((d) => d.name === ev.device) as { down?: boolean }).down = true;
      if (ev.kind === 'session-shutdown') {
        const d = edited.devices.find((x) => x.name === ev.device);
        const n =
          d?.kind === 'router' ? d.bgp?.neighbors.find((x) => x.peer === ev.peer) : undefined;
        if (n) n.shutdown = true;
      }
      const full = simulate(edited);
      expect(inc.convergence.converged).toBe(true);
      expect(bests(inc, edited)).toEqual(bests(full, edited));
      // Only the change was processed, not the whole lab again.
      expect(inc.convergence.events - base.convergence.events).toBeLessThan(
        base.convergence.events,
      );
    });
  }

  it('a config edit recomputes from scratch', () => {
    const edited = structuredClone(lab);
    edited.devices = edited.devices.filter((d) => d.name !== 'tor1');
    const r = apply(base, { kind: 'config', lab: edited });
    expect(bests(r, edited)).toEqual(bests(simulate(edited), edited));
    expect(prefixesOf(r, 'router0')).not.toContain('10.1.3.0/24');
  });

  it('link down then up restores the original best paths', () => {
    const id = lab.links[0]?.id ?? '';
    const down = apply(base, { kind: 'link-down', link: id });
    expect(prefixesOf(down, 'router0')).not.toContain('10.1.0.0/24');
    const up = apply(down, { kind: 'link-up', link: id });
    expect(bests(up, lab)).toEqual(bests(base, lab));
  });
});

describe('event order', () => {
  it('same lab and seed give the same result; random order converges to the same tables here', () => {
    const lab = frrTorCiliumLab();
    const a = simulate(lab, { order: 'random', seed: 42 });
    const b = simulate(lab, { order: 'random', seed: 42 });
    expect(JSON.stringify(a.devices)).toBe(JSON.stringify(b.devices));
    expect(bests(a, lab)).toEqual(bests(simulate(lab), lab));
  });
});

describe('non-convergence', () => {
  it('reports BAD GADGET as oscillating with the prefix instead of hanging', () => {
    // Origin o (AS 100) with a ring r1 (1) → r2 (2) → r3 (3) → r1: each ri prefers the path via
    // its clockwise neighbour ([next, 100], local-pref 200) over its direct path, and accepts
    // nothing else from the ring.
    const b = labBuilder('bad-gadget');
    b.router('o', { asn: 100, lo: '192.0.2.1/32', bgp: { networks: ['192.0.2.1/32'] } });
    const asn = [1, 2, 3];
    asn.forEach((a) => b.router(`r${a}`, { asn: a, lo: `10.255.0.${a}/32` }));
    asn.forEach((a) => b.peer(`r${a}`, 'o', `10.0.${a}.0/31`));
    b.peer('r1', 'r2', '10.1.1.0/31')
      .peer('r2', 'r3', '10.1.2.0/31')
      .peer('r3', 'r1', '10.1.3.0/31');
    asn.forEach((a) => {
      const next = (a % 3) + 1;
      const bgp = b.bgp(`r${a}`);
      bgp.asPathLists.push({
        name: 'VIA_NEXT',
        entries: [{ action: 'permit', regex: `^${next} 100$` }],
      });
      bgp.routeMaps.push({
        name: 'FROM_NEXT',
        entries: [
          { seq: 10, action: 'permit', match: { asPathList: 'VIA_NEXT' }, set: { localPref: 200 } },
        ],
      });
      bgp.routeMaps.push({
        name: 'NONE',
        entries: [{ seq: 10, action: 'deny', match: {}, set: {} }],
      });
      const prev = ((a + 1) % 3) + 1;
      for (const n of bgp.neighbors) {
        if (n.remoteAs === next) n.routeMapIn = 'FROM_NEXT';
        if (n.remoteAs === prev) n.routeMapIn = 'NONE';
      }
    });
    const r = simulate(b.lab, { maxEvents: 20000 });
    expect(r.convergence.converged).toBe(false);
    expect(r.convergence.oscillating?.prefixes).toContain('192.0.2.1/32');
  });

  it('the event cap stops a run and reports it', () => {
    const r = simulate(frrTorCiliumLab(), { maxEvents: 5 });
    expect(r.convergence.converged).toBe(false);
    expect(r.convergence.events).toBe(5);
  });
});
