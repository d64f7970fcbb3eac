/**
 * An overlay must read, size and iterate like a plain Map copied and edited the same way (the
 * reference here is the JS Map itself), whichever versions of a chain are read afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntMap, ReadMap } from './overlay';
import { Overlay, patchMap, valuesOf } from './overlay';

describe('Overlay', () => {
  it('reads like a Map copied and edited at every version of a patch chain', () => {
    const batch = fc.uniqueArray(
      fc.tuple(fc.integer({ min: 0, max: 200 }), fc.option(fc.integer(), { nil: undefined })),
      { selector: (x) => x[0], maxLength: 12 },
    );
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 40 }), (batches) => {
        let ref = new Map<number, number>();
        for (let i = 0; i < 100; i++) ref.set(i * 2, i);
        let cur: IntMap<number> = new Map(ref);
        const versions: [IntMap<number>, Map<number, number>][] = [];
        for (const b of batches) {
          ref = new Map(ref);
          for (const [k, v] of b) {
            if (v === undefined) ref.delete(k);
            else ref.set(k, v);
          }
          cur = Overlay.patch(cur, b);
          versions.push([cur, ref]);
        }
        for (const [m, r] of versions) {
          expect(m.size).toBe(r.size);
          for (let k = 0; k <= 200; k++) expect(m.get(k)).toBe(r.get(k));
          expect([...valuesOf(m)]).toEqual([...r.values()]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('patchMap', () => {
  it('reads like a Map copied and edited at every version of a patch chain', () => {
    const batch = fc.uniqueArray(
      fc.tuple(fc.integer({ min: 0, max: 60 }), fc.option(fc.integer(), { nil: undefined })),
      { selector: (x) => x[0], maxLength: 6 },
    );
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 30 }), (batches) => {
        let ref = new Map<string, number>();
        for (let i = 0; i < 30; i++) ref.set(`k${i * 2}`, i);
        let cur: ReadMap<string, number> = new Map(ref);
        const versions: [ReadMap<string, number>, Map<string, number>][] = [];
        for (const b of batches) {
          ref = new Map(ref);
          for (const [k, v] of b) {
            if (v === undefined) ref.delete(`k${k}`);
            else ref.set(`k${k}`, v);
          }
          cur = patchMap(
            cur,
            b.map(([k, v]): [string, number | undefined] => [`k${k}`, v]),
          );
          versions.push([cur, ref]);
        }
        for (const [m, r] of versions)
          for (let k = 0; k <= 60; k++) expect(m.get(`k${k}`)).toBe(r.get(`k${k}`));
      }),
      { numRuns: 200 },
    );
  });
});
