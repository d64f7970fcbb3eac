import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocRib } from './locrib';
import type { Dest } from './state';

const dest = (n: number): Dest =>
  ({ gen: n, data: [], best: -1, multipath: [], invalid: undefined, older: -1 }) as unknown as Dest;

type Op = { kind: 'set' | 'delete'; key: number; value: number } | { kind: 'derive' };

// Few keys and mostly writes, so deletes hit existing keys and overlays get several writes.
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('set' as const, 'delete' as const),
      key: fc.integer({ min: 0, max: 7 }),
      value: fc.integer({ min: 0, max: 1000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'derive' as const }) },
);

const contents = (t: LocRib | Map<number, Dest>): [number, number][] =>
  [...t.entries()].map(([k, d]) => [k, d.gen]);

describe('LocRib', () => {
  it('behaves as a Map copied at each derive (contents, size and iteration order)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 30, maxLength: 120 }), (ops) => {
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
        for (let k = 0; k <= 7; k++) expect(table.get(k)?.gen).toBe(model.get(k)?.gen);
        for (const [t, seen] of frozen) expect(contents(t)).toEqual(seen);
      }),
      { numRuns: 400 },
    );
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
