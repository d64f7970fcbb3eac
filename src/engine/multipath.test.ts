/**
 * ECMP per daemon. FRR: `*=` paths equal through the IGP-metric step with a different next hop;
 * eBGP needs the same neighbour AS unless `bgp bestpath as-path multipath-relax` (the VyOS seed
 * and the Cilium+BIRD seed both needed multipath-relax for ECMP across two ASes — confirmed on real
 * FRR here, notes/real-daemons.md); with no `maximum-paths` Debian's FRR allows 256. BIRD installs
 * one path unless `merge paths`; Cilium's GoBGP installs nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Daemon } from '../model';
import { apply, installedRoutes, simulate } from './index';
import { labBuilder } from './testing/build';
import { paths } from './testing/read';

/** leaf (65005) with two spines; both spines hear 192.0.2.0/24 from the origin router. */
function twoSpines(
  spineAs: [number, number],
  leafOpts: { relax?: boolean; max?: number; daemon?: Daemon; merge?: boolean } = {},
) {
  const b = labBuilder();
  b.router('leaf', {
    asn: 65005,
    lo: '10.255.0.5/32',
    daemon: leafOpts.daemon ?? 'frr',
    bgp: {
      bestpath: { asPathMultipathRelax: leafOpts.relax === true },
      ...(leafOpts.max !== undefined ? { maximumPaths: leafOpts.max } : {}),
    },
  });
  const leaf = b.device('leaf');
  if (leaf.kind === 'router' && leafOpts.merge) leaf.kernel = { mergePaths: true };
  b.router('s1', { asn: spineAs[0], lo: '10.255.0.1/32' });
  b.router('s2', { asn: spineAs[1], lo: '10.255.0.2/32' });
  b.router('origin', { asn: 65010, lo: '10.255.0.10/32', bgp: { networks: ['192.0.2.0/24'] } });
  b.static('origin', { prefix: '192.0.2.0/24', blackhole: true });
  b.peer('leaf', 's1', '10.0.1.0/31').peer('leaf', 's2', '10.0.2.0/31');
  b.peer('s1', 'origin', '10.0.3.0/31').peer('s2', 'origin', '10.0.4.0/31');
  return simulate(b.lab);
}

const P = '192.0.2.0/24';

describe('multipath', () => {
  it('different neighbour AS without multipath-relax: one installed path', () => {
    const r = twoSpines([500, 1000]);
    expect(paths(r, 'leaf', P)).toHaveLength(2);
    expect(paths(r, 'leaf', P).filter((p) => p.multipath)).toHaveLength(0);
    expect(installedRoutes(r, 'leaf').find((x) => x.prefix === P)?.nextHops).toHaveLength(1);
  });

  it('multipath-relax: ECMP across the two ASes (*> and *=)', () => {
    const r = twoSpines([500, 1000], { relax: true });
    const ps = paths(r, 'leaf', P);
    expect(ps.filter((p) => p.best)).toHaveLength(1);
    expect(ps.filter((p) => !p.best && p.multipath)).toHaveLength(1);
    const hops = installedRoutes(r, 'leaf').find((x) => x.prefix === P)?.nextHops ?? [];
    expect(hops.map((h) => h.device).sort()).toEqual(['s1', 's2']);
  });

  it('same neighbour AS: ECMP without relax; maximum-paths 1 turns it off', () => {
    expect(
      installedRoutes(twoSpines([500, 500]), 'leaf').find((x) => x.prefix === P)?.nextHops,
    ).toHaveLength(2);
    expect(
      installedRoutes(twoSpines([500, 500], { max: 1 }), 'leaf').find((x) => x.prefix === P)
        ?.nextHops,
    ).toHaveLength(1);
  });

  it('BIRD installs the best path only, unless merge paths', () => {
    expect(
      installedRoutes(twoSpines([500, 500], { daemon: 'bird' }), 'leaf').find((x) => x.prefix === P)
        ?.nextHops,
    ).toHaveLength(1);
    expect(
      installedRoutes(twoSpines([500, 500], { daemon: 'bird', merge: true }), 'leaf').find(
        (x) => x.prefix === P,
      )?.nextHops,
    ).toHaveLength(2);
  });

  it('GoBGP installs nothing', () => {
    const r = twoSpines([500, 500], { daemon: 'gobgp' });
    expect(paths(r, 'leaf', P)).toHaveLength(2);
    expect(installedRoutes(r, 'leaf')).toEqual([]);
  });
});

describe('older path (FRR: both eBGP, no compare-routerid)', () => {
  // Spines with router-ids 10.255.0.1 (s1) and 10.255.0.2 (s2), different ASes, no relax.
  function lab(compareRouterId = false) {
    const b = labBuilder();
    b.router('leaf', { asn: 65005, lo: '10.255.0.5/32', bgp: { bestpath: { compareRouterId } } });
    b.router('s1', { asn: 500, lo: '10.255.0.1/32' });
    b.router('s2', { asn: 1000, lo: '10.255.0.2/32' });
    b.router('origin', { asn: 65010, lo: '10.255.0.10/32', bgp: { networks: [P] } });
    b.static('origin', { prefix: P, blackhole: true });
    b.peer('leaf', 's1', '10.0.1.0/31').peer('leaf', 's2', '10.0.2.0/31');
    b.peer('s1', 'origin', '10.0.3.0/31').peer('s2', 'origin', '10.0.4.0/31');
    return b.lab;
  }
  const best = (r: ReturnType<typeof simulate>) => paths(r, 'leaf', P).find((p) => p.best);

  it('paths arriving together are decided by router-id (as in the VyOS seed run)', () => {
    expect(best(simulate(lab()))).toMatchObject({ fromDevice: 's1', reason: 'Router ID' });
  });

  it('a path arriving after convergence does not displace the installed one', () => {
    const l = lab();
    const link = l.links.find((x) => x.a.device === 'leaf' && x.b.device === 's1');
    const down = simulate({
      ...l,
      links: l.links.map((x) => (x === link ? { ...x, down: true } : x)),
    });
    expect(best(down)?.fromDevice).toBe('s2');
    const up = apply(down, { kind: 'link-up', link: link?.id ?? '' });
    expect(best(up)).toMatchObject({ fromDevice: 's2', reason: 'Older Path' });
  });

  it('compare-routerid turns the older-path rule off', () => {
    const l = lab(true);
    const link = l.links.find((x) => x.a.device === 'leaf' && x.b.device === 's1');
    const down = simulate({
      ...l,
      links: l.links.map((x) => (x === link ? { ...x, down: true } : x)),
    });
    const up = apply(down, { kind: 'link-up', link: link?.id ?? '' });
    expect(best(up)).toMatchObject({ fromDevice: 's1', reason: 'Router ID' });
  });
});
