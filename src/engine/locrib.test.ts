import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocRib } from './locrib';
import type { Dest } from './state';

const dest = (n: number): Dest =>
  ({
    gen: n,
    data: [],
    n: 0,
    best: -1,
    multipath: [],
    invalid: undefined,
    older: -1,
  }) as unknown as Dest;

type Op = { kind: 'set' | 'delete'; key: number; value: number } | { kind: 'derive' };

/** Writes to keys 0..maxKey, now and then a derive. */
const opOver = (maxKey: number, deriveWeight: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constantFrom('set' as const, 'delete' as const),
        key: fc.integer({ min: 0, max: maxKey }),
        value: fc.integer({ min: 0, max: 1000 }),
      }),
    },
    { weight: deriveWeight, arbitrary: fc.constant({ kind: 'derive' as const }) },
  );

const contents = (t: LocRib | Map<number, Dest>): [number, number][] =>
  [...t.entries()].map(([k, d]) => [k, d.gen]);

describe('LocRib', () => {
  // Few keys (a small table, kept as a Map) and many (dense past 64 entries, with enough deletes
  // to compact its order list).
  it.each([
    ['small', 7, 30, 120, 400],
    ['dense', 160, 300, 1200, 60],
    ['dense over several pages', 900, 600, 1600, 40],
  ])('behaves as a Map copied at each derive: %s', (_, maxKey, minLength, maxLength, numRuns) => {
    fc.assert(
      fc.property(fc.array(opOver(maxKey, 1), { minLength, maxLength }), (ops) => {
        let model = new Map<number, Dest>();
        let table = new LocRib();
        // Every earlier generation must keep reading what it read when it was derived from.
        const frozen: [LocRib, [number, number][]][] = [];
        for (const o of ops) {
          if (o.kind === 'derive') {
            frozen.push([table, contents(table)]);
            table = table.derive();
            model = new Map(model);
          } else if (o.kind === 'set') {
            table.set(o.key, dest(o.value));
            model.set(o.key, dest(o.value));
          } else expect(table.delete(o.key)).toBe(model.delete(o.key));
          expect(table.size).toBe(model.size);
        }
        expect(contents(table)).toEqual(contents(model));
        expect([...table.keys()]).toEqual([...model.keys()]);
        const each: [number, number][] = [];
        table.forEach((d, k) => each.push([k, d.gen]));
        expect(each).toEqual(contents(model));
        for (let k = 0; k <= maxKey; k++) expect(table.get(k)?.gen).toBe(model.get(k)?.gen);
        for (const [t, seen] of frozen) expect(contents(t)).toEqual(seen);
        // Tables derived from one another share pages and order: writing any of them, even one
        // derived from since, changes none of the others.
        const all: [LocRib, Map<number, Dest>][] = [
          ...frozen.map(([t, seen]): [LocRib, Map<number, Dest>] => [
            t,
            new Map(seen.map(([k, g]) => [k, dest(g)])),
          ]),
          [table, model],
        ];
        all.forEach(([t, m], i) => {
          for (const k of [0, 1, maxKey, (i * 37) % (maxKey + 1)]) {
            t.set(k, dest(5000 + i));
            m.set(k, dest(5000 + i));
          }
          for (const k of [2, (i * 11) % (maxKey + 1)]) expect(t.delete(k)).toBe(m.delete(k));
        });
        for (const [t, m] of all) {
          expect(contents(t)).toEqual(contents(m));
          expect(t.size).toBe(m.size);
        }
      }),
      { numRuns },
    );
  });

  it('keeps Map order through densifying, deleting most keys and setting them again', () => {
    const t = new LocRib();
    const m = new Map<number, Dest>();
    const both = (f: (x: LocRib | Map<number, Dest>) => void): void => {
      f(t);
      f(m);
    };
    for (let k = 199; k >= 0; k--) both((x) => x.set(k, dest(k)));
    for (let k = 0; k < 200; k += 1) if (k % 10 !== 3) both((x) => x.delete(k));
    for (let k = 150; k < 160; k++) both((x) => x.set(k, dest(1000 + k)));
    both((x) => x.set(13, dest(7)));
    expect(t.size).toBe(m.size);
    expect(contents(t)).toEqual(contents(m));
    expect(contents(t.derive())).toEqual(contents(m));
  });

  it('moves a key deleted from its base and set again to the end, as a Map does', () => {
    const base = new LocRib();
    base.set(1, dest(1));
    base.set(2, dest(2));
    const t = base.derive();
    t.delete(1);
    t.set(1, dest(11));
    expect(contents(t)).toEqual([
      [2, 2],
      [1, 11],
    ]);
    expect(contents(base)).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});
