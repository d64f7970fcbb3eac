import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attrAt,
  copyPaths,
  dropPath,
  hasPathBefore,
  indexOfSrc,
  learnedAtOf,
  pathCount,
  putPath,
  srcAt,
} from './dest';
import type { Dest } from './state';

type Op = { put: true; src: number; attr: number; at: number } | { put: false; src: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      put: fc.constant(true as const),
      src: fc.integer({ min: -1, max: 9 }),
      attr: fc.nat(50),
      at: fc.nat(20),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      put: fc.constant(false as const),
      src: fc.integer({ min: -1, max: 9 }),
    }),
  },
);

const read = (d: Dest): [number, number, number][] =>
  Array.from({ length: pathCount(d) }, (_, i) => [srcAt(d, i), attrAt(d, i), learnedAtOf(d, i)]);

describe('a destination’s packed paths', () => {
  // The model: FRR's path list, newest first; a path from a source that has one replaces it in
  // place (it keeps its position).
  it('behave as a list of paths, newest first, replaced in place', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.nat(20), (ops, step) => {
        const d = { data: [], n: 0 } as unknown as Dest;
        let model: [number, number, number][] = [];
        for (const o of ops) {
          const i = model.findIndex((p) => p[0] === o.src);
          expect(indexOfSrc(d, o.src)).toBe(i);
          if (o.put) {
            putPath(d, o.src, o.attr, o.at);
            if (i >= 0) model[i] = [o.src, o.attr, o.at];
            else model = [[o.src, o.attr, o.at], ...model];
          } else if (i >= 0) {
            dropPath(d, i);
            model.splice(i, 1);
          }
          expect(read(d)).toEqual(model);
        }
        expect(hasPathBefore(d, step)).toBe(model.some((p) => p[2] < step));
        const copy = { data: copyPaths(d), n: pathCount(d) } as unknown as Dest;
        expect(copy.data).toHaveLength(3 * model.length);
        expect(read(copy)).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});
