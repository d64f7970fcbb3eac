/**
 * A speaker's batch reuses decisions whose paths (source, attribute set, validity, older path)
 * are the same as one already decided (rib.ts `Decided`). Reused or not, every destination must
 * read the same: best, multipath set, invalid paths and every reason a view shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildFabric, workloads } from '../../bench/fabric';
import { corpusLabs } from '../../tests/real/corpus';
import type { Lab } from '../model';
import { DecisionMemo } from './decisionmemo';
import { apply, deviceView, simulate } from './index';
import { useDecisionMemo } from './rib';
import type { Dest } from './state';
import type { SimResult } from './types';

function views(r: SimResult, lab: Lab): unknown {
  return lab.devices.map((d) => deviceView(r, d.name));
}

function both(run: () => SimResult, lab: Lab): [unknown, unknown] {
  useDecisionMemo(false);
  const one = views(run(), lab);
  useDecisionMemo(true);
  return [views(run(), lab), one];
}

const labs: [string, Lab][] = [
  ...corpusLabs().map((c): [string, Lab] => [c.id, c.lab]),
  ['fabric S', buildFabric(workloads.S)],
];

describe('decisions reused within a batch', () => {
  afterEach(() => useDecisionMemo(true));

  it.each(labs)('read as decided one by one: %s', (_, lab) => {
    const [reused, fresh] = both(() => simulate(lab), lab);
    expect(reused).toEqual(fresh);
  });

  // Failures make paths invalid (next hop down) and leave older selected paths: both are part of
  // what a reused decision must match.
  it.each(labs.filter(([, lab]) => lab.links.length > 0))(
    'read as decided one by one after each link fails: %s',
    (_, lab) => {
      const base = simulate(lab);
      for (const link of lab.links) {
        const [reused, fresh] = both(
          () =>
            apply(apply(base, { kind: 'link-down', link: link.id }), {
              kind: 'link-up',
              link: link.id,
            }),
          lab,
        );
        expect(reused).toEqual(fresh);
      }
    },
  );
});

/** A destination whose paths are (source, attribute) pairs, newest first (dest.ts layout). */
function destOf(paths: [number, number][]): Dest {
  const data: number[] = [];
  for (const [src, attr] of [...paths].reverse()) data.push(src, attr, 0);
  return { data, n: paths.length } as unknown as Dest;
}

describe('DecisionMemo', () => {
  const paths: [number, number][] = [
    [4, 10],
    [6, 11],
    [-1, 12],
  ];
  const valid = [true, false, true];
  const memo = new DecisionMemo();
  memo.add(destOf(paths), 3, valid, 1, { best: 0, multipath: [2] });

  it('finds a decision for the same paths, validity and older path', () => {
    expect(memo.find(destOf(paths), 3, [...valid], 1)).toMatchObject({ best: 0, multipath: [2] });
  });

  // Each of these changes what the decision reads, so none may reuse the decision above.
  it.each([
    ['another source', [[5, 10], paths[1], paths[2]], valid, 1],
    ['another attribute set', [paths[0], [6, 13], paths[2]], valid, 1],
    ['paths in another order', [paths[1], paths[0], paths[2]], valid, 1],
    ['another validity', paths, [true, true, true], 1],
    ['another older path', paths, valid, -1],
    ['one path less', paths.slice(0, 2), valid.slice(0, 2), 1],
  ] as [string, [number, number][], boolean[], number][])(
    'does not reuse it with %s',
    (_, p, v, older) => {
      expect(memo.find(destOf(p), p.length, v, older)).toBeUndefined();
    },
  );
});
