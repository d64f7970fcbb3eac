/**
 * Properties over random small fabrics (fast-check): determinism for a lab and seed; FIFO and
 * random delivery reach the same best paths (FRR's older-path rule — "prefer the path received
 * first", FRR user guide, `bgp bestpath compare-routerid` — only applies across convergence runs
 * here, see rib.ts olderIndex); no Loc-RIB path carries the router's own AS from eBGP
 * (RFC 4271 §9.1.2) or its own ORIGINATOR_ID (RFC 4456 §8).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../model';
import { deviceView, simulate } from './index';
import { labBuilder } from './testing/build';

interface Spec {
  asns: number[];
  parents: number[];
  extra: [number, number][];
  rrClient: boolean[];
  compareRouterId: boolean;
}

const spec = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    asns: fc.array(fc.constantFrom(65001, 65002, 65003), { minLength: n, maxLength: n }),
    parents: fc.array(fc.nat(100), { minLength: n, maxLength: n }),
    extra: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 4 }),
    rrClient: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    compareRouterId: fc.boolean(),
  }),
);

/** A random tree plus extra links; every link carries a session; every router redistributes. */
function fabric(s: Spec): Lab {
  const b = labBuilder('random');
  s.asns.forEach((asn, i) =>
    b.router(`r${i}`, {
      asn,
      lo: `10.255.0.${i + 1}/32`,
      bgp: {
        redistribute: [{ source: 'connected' }],
        bestpath: { compareRouterId: s.compareRouterId },
      },
    }),
  );
  const edges: [number, number][] = [];
  for (let i = 1; i < s.asns.length; i++) edges.push([(s.parents[i] ?? 0) % i, i]);
  for (const [x, y] of s.extra)
    if (x !== y && !edges.some(([a, c]) => (a === x && c === y) || (a === y && c === x)))
      edges.push([x, y]);
  edges.forEach(([x, y], k) =>
    b.peer(`r${x}`, `r${y}`, `10.${k + 1}.0.0/31`, {
      routeReflectorClient: s.rrClient[k] === true && s.asns[x] === s.asns[y],
    }),
  );
  return b.lab;
}

function bests(lab: Lab, order: 'fifo' | 'random', seed: number): Record<string, string> {
  const r = simulate(lab, { order, seed, keepLog: false });
  const out: Record<string, string> = {};
  for (const d of lab.devices)
    for (const e of deviceView(r, d.name)?.locRib ?? []) {
      const b = e.paths.find((p) => p.best);
      if (b)
        out[`${d.name} ${e.prefix}`] =
          `${b.fromDevice ?? 'local'} ${b.asPath.join(' ')} ${b.nextHop}`;
    }
  return out;
}

describe('engine properties', () => {
  it('the same lab and seed always give the same result', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const lab = fabric(s);
        const a = simulate(lab, { order: 'random', seed });
        const b = simulate(lab, { order: 'random', seed });
        expect(JSON.stringify(b.devices)).toBe(JSON.stringify(a.devices));
      }),
      { numRuns: 30 },
    );
  });

  it('FIFO and random order converge to the same best paths (older-path rule only across runs)', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const lab = fabric(s);
        expect(bests(lab, 'random', seed)).toEqual(bests(lab, 'fifo', 1));
      }),
      { numRuns: 40 },
    );
  });

  it('no Loc-RIB path carries our AS from eBGP or our ORIGINATOR_ID', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const lab = fabric(s);
        const r = simulate(lab, { order: 'random', seed, keepLog: false });
        for (const d of lab.devices) {
          const v = deviceView(r, d.name);
          if (!v) continue;
          for (const e of v.locRib)
            for (const p of e.paths) {
              if (!p.ibgp && !p.local) expect(p.asPath).not.toContain(v.asn);
              expect(p.originatorId).not.toBe(v.routerId);
            }
        }
      }),
      { numRuns: 40 },
    );
  });
});
