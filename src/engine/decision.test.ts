/**
 * FRR 8.4 `bgp_path_info_cmp` step by step (bgpd/bgp_route.c; step names from
 * bgp_path_selection_reason2str), deterministic-MED grouping (bgp_best_selection) and the
 * multipath rules (bgp_mpath.c, "bgp bestpath as-path multipath-relax" in the FRR user guide).
 */
import { describe, expect, it } from 'vitest';
import type { PathAttrs } from './attrs';
import type { Candidate, DecisionOptions } from './decision';
import { comparePaths, selectBest, selectMultipath } from './decision';

const opts: DecisionOptions = {
  frrSteps: true,
  olderPathRule: true,
  compareRouterId: false,
  alwaysCompareMed: false,
  deterministicMed: false,
  asPathMultipathRelax: false,
  defaultLocalPref: 100,
};

function cand(a: Partial<PathAttrs> = {}, c: Partial<Candidate> = {}): Candidate {
  return {
    attrs: {
      origin: 'i',
      asPath: [65001],
      nextHop: '10.0.0.1',
      communities: [],
      clusterList: [],
      weight: 0,
      ...a,
    },
    local: false,
    ebgp: true,
    peerAs: a.asPath?.[0] ?? 65001,
    peerRouterId: '9.9.9.9',
    peerAddress: '10.0.0.1',
    selected: false,
    ...c,
  };
}

describe('comparePaths: one step at a time, in FRR order', () => {
  const cases: [string, Candidate, Candidate, string][] = [
    ['Weight', cand({ weight: 10, asPath: [1, 2, 3] }), cand(), 'higher weight wins first'],
    [
      'Local Pref',
      cand({ localPref: 200, asPath: [1, 2] }),
      cand({ localPref: 100 }),
      'higher LOCAL_PREF',
    ],
    [
      'Local Route',
      cand({ asPath: [] }, { local: true }),
      cand({ asPath: [] }),
      'locally originated',
    ],
    ['AS Path', cand({ asPath: [1], origin: '?' }), cand({ asPath: [1, 2] }), 'shorter AS_PATH'],
    ['Origin', cand({ origin: 'i', med: 99 }), cand({ origin: '?' }), 'IGP < EGP < incomplete'],
    [
      'MED',
      cand({ med: 5 }, { peerRouterId: '9.9.9.99' }),
      cand({ med: 10 }),
      'lower MED, same neighbour AS',
    ],
    [
      'eBGP Peer',
      cand({}, { ebgp: true, peerRouterId: '9.9.9.99' }),
      cand({}, { ebgp: false }),
      'eBGP over iBGP',
    ],
    [
      'Router ID',
      cand({}, { peerRouterId: '1.1.1.1', ebgp: false }),
      cand({}, { peerRouterId: '2.2.2.2', ebgp: false }),
      'lower router-id',
    ],
    [
      'Cluster length',
      cand({ clusterList: ['1.1.1.1'] }, { ebgp: false, peerAddress: '10.0.0.9' }),
      cand({ clusterList: ['1.1.1.1', '2.2.2.2'] }, { ebgp: false }),
      'shorter CLUSTER_LIST',
    ],
    [
      'Peer IP',
      cand({}, { ebgp: false, peerAddress: '10.0.0.1' }),
      cand({}, { ebgp: false, peerAddress: '10.0.0.2' }),
      'lower peer address',
    ],
  ];
  for (const [reason, winner, loser, why] of cases) {
    it(`${reason}: ${why}`, () => {
      expect(comparePaths(winner, loser, opts)).toMatchObject({ aWins: true, reason });
      expect(comparePaths(loser, winner, opts)).toMatchObject({ aWins: false, reason });
    });
  }

  it('compares MED only between paths from the same neighbour AS unless always-compare-med', () => {
    const a = cand({ asPath: [1], med: 50 }, { ebgp: false, peerRouterId: '1.1.1.1' });
    const b = cand({ asPath: [2], med: 10 }, { ebgp: false, peerRouterId: '2.2.2.2' });
    expect(comparePaths(a, b, opts)).toMatchObject({ aWins: true, reason: 'Router ID' });
    expect(comparePaths(a, b, { ...opts, alwaysCompareMed: true })).toMatchObject({
      aWins: false,
      reason: 'MED',
    });
  });

  it('treats a missing MED as 0 (FRR default without med missing-as-worst)', () => {
    const a = cand({}, { peerRouterId: '2.2.2.2' });
    const b = cand({ med: 1 }, { peerRouterId: '1.1.1.1' });
    expect(comparePaths(a, b, opts)).toMatchObject({ aWins: true, reason: 'MED' });
  });

  it('keeps the older (selected) of two eBGP paths unless compare-routerid', () => {
    const older = cand({}, { peerRouterId: '2.2.2.2', selected: true });
    const newer = cand({}, { peerRouterId: '1.1.1.1' });
    expect(comparePaths(newer, older, opts)).toMatchObject({ aWins: false, reason: 'Older Path' });
    expect(comparePaths(newer, older, { ...opts, compareRouterId: true })).toMatchObject({
      aWins: true,
      reason: 'Router ID',
    });
  });

  it('uses ORIGINATOR_ID in place of the peer router-id', () => {
    const a = cand({ originatorId: '1.1.1.1' }, { ebgp: false, peerRouterId: '9.9.9.9' });
    const b = cand({}, { ebgp: false, peerRouterId: '5.5.5.5' });
    expect(comparePaths(a, b, opts)).toMatchObject({ aWins: true, reason: 'Router ID' });
  });

  it('BIRD and GoBGP speakers have no weight step', () => {
    const a = cand({ weight: 10, asPath: [1, 2] });
    const b = cand({ asPath: [1] });
    expect(comparePaths(a, b, { ...opts, frrSteps: false })).toMatchObject({
      aWins: false,
      reason: 'AS Path',
    });
  });
});

describe('selectBest', () => {
  // Newest first: A (AS100 MED 10), B (AS200 MED 5), C (AS100 MED 20); iBGP so no older-path rule.
  const A = cand({ asPath: [100], med: 10 }, { ebgp: false, peerRouterId: '10.0.0.3' });
  const B = cand({ asPath: [200], med: 5 }, { ebgp: false, peerRouterId: '10.0.0.2' });
  const C = cand({ asPath: [100], med: 20 }, { ebgp: false, peerRouterId: '10.0.0.1' });

  it('without deterministic-med compares pairwise newest first and can end on the worst MED', () => {
    // A vs B: Router ID → B; C vs B: Router ID → C (AS100's worse MED) — the effect FRR documents.
    expect(selectBest([A, B, C], [true, true, true], opts).best).toBe(2);
  });

  it('with deterministic-med picks each neighbour AS group winner first', () => {
    // AS100 group: A (MED 10) beats C; then A vs B: Router ID → B.
    const s = selectBest([A, B, C], [true, true, true], { ...opts, deterministicMed: true });
    expect(s.best).toBe(1);
    expect(s.lostBy[0]).toBe('Router ID');
  });

  it('ignores invalid paths and reports First path received for a single candidate', () => {
    const s = selectBest([A, B], [false, true], opts);
    expect(s).toMatchObject({ best: 1, reason: 'First path received' });
    expect(selectBest([A], [false], opts).best).toBe(-1);
  });
});

describe('selectMultipath', () => {
  const caps = { ebgp: 256, ibgp: 256 };
  const e1 = cand(
    { asPath: [100, 300], nextHop: '10.0.0.1' },
    { peerAs: 100, peerRouterId: '1.1.1.1', selected: true },
  );
  const e2 = cand(
    { asPath: [100, 400], nextHop: '10.0.0.3' },
    { peerAs: 100, peerRouterId: '2.2.2.2' },
  );
  const e3 = cand(
    { asPath: [200, 300], nextHop: '10.0.0.5' },
    { peerAs: 200, peerRouterId: '3.3.3.3' },
  );

  it('eBGP: same neighbour AS joins; another AS needs multipath-relax', () => {
    const m = selectMultipath([e1, e2, e3], [true, true, true], 0, opts, caps);
    expect(m.multipath).toEqual([1]);
    expect(m.notMultipath.get(2)).toMatch(/neighbour AS/);
    const relaxed = selectMultipath(
      [e1, e2, e3],
      [true, true, true],
      0,
      { ...opts, asPathMultipathRelax: true },
      caps,
    );
    expect(relaxed.multipath).toEqual([1, 2]);
  });

  it('iBGP: only an identical AS_PATH joins (without relax)', () => {
    const i1 = cand(
      { asPath: [100], nextHop: '10.0.0.1' },
      { ebgp: false, peerRouterId: '1.1.1.1' },
    );
    const i2 = cand(
      { asPath: [100], nextHop: '10.0.0.2' },
      { ebgp: false, peerRouterId: '2.2.2.2' },
    );
    const i3 = cand(
      { asPath: [200], nextHop: '10.0.0.3' },
      { ebgp: false, peerRouterId: '3.3.3.3' },
    );
    const m = selectMultipath([i1, i2, i3], [true, true, true], 0, opts, caps);
    expect(m.multipath).toEqual([1]);
    expect(m.notMultipath.get(2)).toMatch(/identical AS_PATH/);
  });

  it('needs a different next hop and respects maximum-paths (counting the best)', () => {
    const same = cand(
      { asPath: [100, 500], nextHop: '10.0.0.1' },
      { peerAs: 100, peerRouterId: '4.4.4.4' },
    );
    const m = selectMultipath([e1, same, e2], [true, true, true], 0, opts, caps);
    expect(m.multipath).toEqual([2]);
    expect(m.notMultipath.get(1)).toMatch(/same next hop/);
    const capped = selectMultipath(
      [e1, e2, e3],
      [true, true, true],
      0,
      { ...opts, asPathMultipathRelax: true },
      { ebgp: 2, ibgp: 2 },
    );
    expect(capped.multipath).toEqual([1]);
    expect(capped.notMultipath.get(2)).toMatch(/maximum-paths 2/);
  });

  it('a worse path is not multipath, with the step that made it worse', () => {
    const worse = cand({ asPath: [100, 300], nextHop: '10.0.0.9', med: 50 }, { peerAs: 100 });
    const m = selectMultipath([e1, worse], [true, true], 0, opts, caps);
    expect(m.multipath).toEqual([]);
    expect(m.notMultipath.get(1)).toMatch(/worse MED/);
  });
});
