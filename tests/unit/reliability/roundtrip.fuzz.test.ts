/**
 * Export → import round trip over random BGP configs (issue 10 "export → import round trip is
 * property-tested over random labs"): GIVEN a random router — arbBgp from
 * src/model/testing/arbitraries.ts, and arbConsistentBgp (./arbitraries.ts) whose neighbours,
 * peer-groups and policies all resolve — with no validation error except unknown peers, WHEN its
 * frr.conf is rendered by the FRR exporter and read back by the FRR importer, THEN the BGP config
 * means the same. src/import/roundtrip.test.ts does this for the fixture files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderFrrConf } from '../../../src/export/frr';
import { planExport } from '../../../src/export/plan';
import { importFrr } from '../../../src/import';
import { isCidr, networkOf } from '../../../src/model/addressing';
import { emptyLab } from '../../../src/model/lab';
import { arbBgp } from '../../../src/model/testing/arbitraries';
import type { BgpConfig, Lab, Router } from '../../../src/model/types';
import { validateLab } from '../../../src/model/validate';
import { FUZZ_TIMEOUT, fuzzRuns, fuzzSeed } from '../../../src/testing/fuzz';
import { arbConsistentBgp } from './arbitraries';

function routerLab(bgp: BgpConfig): Lab {
  const lab = emptyLab('rt');
  const r: Router = {
    name: 'r1',
    kind: 'router',
    daemon: 'frr',
    interfaces: [
      { name: 'lo', addresses: ['10.255.0.1/32'], loopback: true },
      { name: 'eth1', addresses: ['10.0.0.1/24'] },
    ],
    staticRoutes: [],
    labels: {},
    bgp,
  };
  lab.devices.push(r);
  return lab;
}

function exportFrr(lab: Lab): string {
  const dp = planExport(lab).devices.get('r1');
  if (!dp) throw new Error('no plan for r1');
  return renderFrrConf(dp, (dp.device as Router).bgp);
}

/**
 * Equal in meaning, written differently: a missing profile is FRR's built-in `traditional`, which
 * the exporter writes out (as src/import/roundtrip.test.ts notes); a policy list with no entries
 * cannot be written in frr.conf and denies like an undefined one (FRR implicit deny); a
 * prefix (network, aggregate, prefix-list, listen range) with host bits is written as its
 * network, as FRR masks it; an empty
 * settings object or list (`bestpath: {}`, `asPathPrepend: []`) or a knob set to false is FRR's default (no line), except
 * the two whose default depends on the profile, which are resolved.
 */
function canonicalPrefix(p: string): string {
  return p.includes('/') && isCidr(p) ? networkOf(p) : p;
}

/** `set community additive` with nothing to add changes nothing; FRR has no line for it. */
function isNoOpCommunitySet(v: unknown): boolean {
  const c = v as { values?: string[]; additive?: boolean } | undefined;
  return !!c && c.additive === true && !c.values?.length;
}

function comparable(b: BgpConfig | undefined): unknown {
  if (!b) return null;
  const some = <T extends { entries: unknown[] }>(xs: T[]): T[] =>
    xs.filter((x) => x.entries.length);
  // Entries act in sequence-number order, whatever order the list holds them in.
  const bySeq = <T extends { entries: { seq: number }[] }>(xs: T[]): T[] =>
    some(xs).map((x) => ({ ...x, entries: [...x.entries].sort((a, c) => a.seq - c.seq) }));
  const profile = b.profile ?? 'traditional';
  // FRR 8.4 defaults: `frr defaults datacenter` turns deterministic-med on and
  // ebgp-requires-policy off; every other bestpath knob is off in both profiles.
  const bestpath = {
    ...b.bestpath,
    deterministicMed: b.bestpath?.deterministicMed ?? profile === 'datacenter',
  };
  return JSON.parse(
    JSON.stringify({
      ...b,
      profile,
      bestpath,
      ebgpRequiresPolicy: b.ebgpRequiresPolicy ?? profile !== 'datacenter',
      prefixLists: bySeq(b.prefixLists),
      // FRR keeps one `redistribute` per source; a later line replaces the earlier one.
      redistribute: [...new Map(b.redistribute.map((r) => [r.source, r])).values()],
      routeMaps: bySeq(b.routeMaps),
      communityLists: some(b.communityLists),
      asPathLists: some(b.asPathLists),
    }),
    (k, v: unknown) =>
      typeof v === 'string'
        ? canonicalPrefix(v)
        : k === 'community' && isNoOpCommunitySet(v)
          ? undefined
          : v === false && k !== 'deterministicMed' && k !== 'ebgpRequiresPolicy'
            ? undefined
            : v && typeof v === 'object' && Object.keys(v).length === 0
              ? undefined
              : v,
  ) as unknown;
}

function uniquePolicies(b: BgpConfig): boolean {
  const unique = (xs: (string | number)[]): boolean => new Set(xs).size === xs.length;
  const lists = [b.prefixLists, b.routeMaps, b.communityLists, b.asPathLists];
  return (
    lists.every((l) => unique(l.map((x) => x.name))) &&
    b.prefixLists.every((l) => unique(l.entries.map((e) => e.seq))) &&
    b.routeMaps.every((l) => unique(l.entries.map((e) => e.seq)))
  );
}

describe('property: FRR export → import gives back the BGP config', () => {
  it(
    'random valid routers',
    () => {
      let checked = 0;
      let withNeighbours = 0;
      fc.assert(
        fc.property(arbBgp(), (bgp) => {
          const lab = routerLab(bgp);
          // A peer no device owns is an error about the lab, not about this router's config text.
          const errors = validateLab(lab).filter(
            (p) => p.severity === 'error' && !/is not an address of any device/.test(p.message),
          );
          fc.pre(errors.length === 0);
          // validateLab lets duplicate sequence numbers and list names through (reported to the
          // model owner); FRR merges or rejects those, so they cannot round-trip as written.
          fc.pre(uniquePolicies(bgp));
          // Well-known communities are dropped by the exporter: the separate case below.
          fc.pre(!JSON.stringify(bgp.routeMaps).includes('no-export'));
          checked++;
          if (bgp.neighbors.length > 0) withNeighbours++;
          const text = exportFrr(lab);
          const back = importFrr(text, 'frr.conf');
          expect(
            back.problems.filter((p) => p.severity === 'error'),
            text,
          ).toEqual([]);
          expect(comparable(back.fragment.bgp), text).toEqual(comparable(bgp));
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(100), maxSkipsPerRun: 1000 },
      );
      expect(checked).toBeGreaterThan(0);
      expect(withNeighbours, 'the property must exercise neighbours').toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});

describe('well-known communities survive export (found by the property above)', () => {
  // BUG (src/export/frr.ts, route-map and community-list rendering): only `N:M` communities are
  // written; `no-export` (RFC 1997 well-known, which validateLab accepts) is dropped without a
  // word, so the exported route-map is `route-map NOEXP permit 10` with no set line and the real
  // lab leaks routes the design kept inside the AS. FRR 8.4 accepts `set community no-export`
  // (and `bgp community-list standard X permit no-export`). Expected: written out.
  it('`set community no-export` is written to frr.conf', () => {
    const bgp: BgpConfig = {
      asn: 65001,
      peerGroups: [],
      neighbors: [{ peer: '10.0.0.2', remoteAs: 65002, routeMapOut: 'NOEXP' }],
      listenRanges: [],
      networks: [],
      redistribute: [],
      aggregates: [],
      prefixLists: [],
      routeMaps: [
        {
          name: 'NOEXP',
          entries: [
            { seq: 10, action: 'permit', match: {}, set: { community: { values: ['no-export'] } } },
          ],
        },
      ],
      communityLists: [],
      asPathLists: [],
    };
    const lab = routerLab(bgp);
    // As in the property above: the peer no device owns is about the lab, not this config.
    const errors = validateLab(lab).filter(
      (p) => p.severity === 'error' && !/is not an address of any device/.test(p.message),
    );
    expect(errors).toEqual([]);
    expect(exportFrr(lab)).toMatch(/^ set community no-export$/m);
  });
});

describe('property: neighbours and peer-groups survive FRR export → import', () => {
  it(
    'random neighbours whose references all exist',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arbConsistentBgp, (bgp) => {
          const lab = routerLab(bgp);
          const errors = validateLab(lab).filter(
            (p) => p.severity === 'error' && !/is not an address of any device/.test(p.message),
          );
          fc.pre(errors.length === 0);
          checked++;
          const text = exportFrr(lab);
          const back = importFrr(text, 'frr.conf');
          expect(
            back.problems.filter((p) => p.severity === 'error'),
            text,
          ).toEqual([]);
          expect(comparable(back.fragment.bgp), text).toEqual(comparable(bgp));
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(100), maxSkipsPerRun: 100 },
      );
      expect(checked).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});
