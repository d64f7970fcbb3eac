import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixTable } from './prefixtable';

type Op =
  { kind: 'set'; pid: number; v: number } | { kind: 'delete'; pid: number } | { kind: 'copy' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      pid: fc.nat(3_000),
      // Attribute ids and the small negative reject codes.
      v: fc.oneof(fc.nat(1_000_000), fc.integer({ min: -8, max: -1 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pid: fc.nat(3_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy' as const) }) },
);

const sorted = (t: PrefixTable) => [...t].sort((a, b) => a[0] - b[0]);

describe('PrefixTable', () => {
  it('behaves as a Map from prefix id to code, small or dense, copied or not', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 100, maxLength: 600 }),
        fc.nat(4_000),
        fc.boolean(),
        (drawn, known, inOrder) => {
          // Ids in the order an interner hands them out make a dense table grow past its size.
          const ops = inOrder
            ? [...drawn].sort((a, b) => ('pid' in a ? a.pid : 0) - ('pid' in b ? b.pid : 0))
            : drawn;
          const space = { names: new Array<unknown>(known) };
          let t = new PrefixTable(known % 2 === 0 ? space : undefined);
          let ref = new Map<number, number>();
          const copies: [PrefixTable, Map<number, number>][] = [];
          for (const o of ops) {
            if (o.kind === 'set') {
              t.set(o.pid, o.v);
              ref.set(o.pid, o.v);
            } else if (o.kind === 'delete') {
              expect(t.delete(o.pid)).toBe(ref.delete(o.pid));
            } else {
              // The copy is written from now on; the original must not change.
              copies.push([t, new Map(ref)]);
              t = PrefixTable.copy(t);
              ref = new Map(ref);
            }
            expect(t.size).toBe(ref.size);
          }
          for (let pid = 0; pid <= 3_001; pid++) expect(t.get(pid)).toBe(ref.get(pid));
          expect(sorted(t)).toEqual([...ref].sort((a, b) => a[0] - b[0]));
          const seen: [number, number][] = [];
          t.forEach((v, pid) => seen.push([pid, v]));
          expect(seen.sort((a, b) => a[0] - b[0])).toEqual(sorted(t));
          for (const [old, oldRef] of copies) {
            expect(sorted(old)).toEqual([...oldRef].sort((a, b) => a[0] - b[0]));
            expect(old.size).toBe(oldRef.size);
          }
        },
      ),
      // Shrinking 600 operations takes minutes; the failing case is printed unshrunk.
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('keeps insertion order while small', () => {
    const t = new PrefixTable();
    for (const pid of [9, 3, 7]) t.set(pid, pid * 10);
    expect([...t]).toEqual([
      [9, 90],
      [3, 30],
      [7, 70],
    ]);
  });
});
