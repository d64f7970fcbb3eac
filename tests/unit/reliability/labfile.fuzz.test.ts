/**
 * GIVEN broken, mutated or random lab files and arbitrary JSON values, WHEN loaded with
 * `parseLabFile` or checked with `validateLab`, THEN nothing throws, and every problem is
 * well-formed: a severity, a non-empty message and an element path, plus a 1-based line/column
 * inside the text when it points into the file. Seeded; `npm run fuzz` runs 10,000 cases each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabFile, serializeLab } from '../../../src/model/labfile';
import { examples } from '../../../src/model/examples';
import { arbLab } from '../../../src/model/testing/arbitraries';
import { validateLab } from '../../../src/model/validate';
import { FUZZ_TIMEOUT, fuzzRuns, fuzzSeed } from '../../../src/testing/fuzz';
import { mutatedOneOf, readFixture } from './mutate';
import { expectWellFormed } from './wellformed';

const LONG = FUZZ_TIMEOUT;

const realTexts: string[] = [
  readFixture('src/cli/fixtures/clean.yaml'),
  readFixture('src/cli/fixtures/dup-ip-unknown-peer.json'),
  ...examples.slice(0, 3).flatMap((e) => {
    const lab = e.steps[0]?.lab;
    return lab ? [serializeLab(lab, 'json'), serializeLab(lab, 'yaml')] : [];
  }),
];

const fileName = fc.constantFrom('lab.json', 'lab.yaml', 'lab.yml', 'lab.txt', 'LAB');

function load(text: string, name: string): void {
  const r = parseLabFile(text, name);
  expectWellFormed(r.problems, text);
  if (r.problems.some((p) => /syntax error/.test(p.message))) {
    const syntax = r.problems.find((p) => /syntax error/.test(p.message));
    expect(syntax?.line, 'a syntax error says where').toBeDefined();
  }
  if (r.lab) {
    expect(r.problems.some((p) => p.severity === 'error')).toBe(false);
    expectWellFormed(validateLab(r.lab));
  }
}

describe('fuzz: lab files', () => {
  it(
    'mutated real lab files (JSON and YAML) load or give located problems',
    () => {
      fc.assert(
        fc.property(mutatedOneOf(realTexts), fileName, (t, n) => load(t, n)),
        {
          seed: fuzzSeed(),
          numRuns: fuzzRuns(100),
        },
      );
    },
    LONG,
  );

  it(
    'random labs, saved then mutated, load or give problems',
    () => {
      const saved = fc
        .tuple(arbLab({ devices: 3 }), fc.constantFrom('json' as const, 'yaml' as const))
        .chain(([lab, f]) =>
          mutatedOneOf([serializeLab(lab, f)]).map((t) => [t, `x.${f}`] as const),
        );
      fc.assert(
        fc.property(saved, ([t, n]) => load(t, n)),
        { seed: fuzzSeed(), numRuns: fuzzRuns(40) },
      );
    },
    LONG,
  );

  it(
    'random text and random JSON documents',
    () => {
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.json({ maxDepth: 6 }),
        fc.jsonValue({ maxDepth: 4 }).map((v) => `schemaVersion: 1\ndevices: ${JSON.stringify(v)}`),
      );
      fc.assert(
        fc.property(text, fileName, (t, n) => load(t, n)),
        { seed: fuzzSeed(), numRuns: fuzzRuns(150) },
      );
    },
    LONG,
  );
});

describe('fuzz: validateLab on arbitrary values', () => {
  it(
    'any JSON value, and real labs with one field replaced by any JSON value',
    () => {
      const base = examples[0]?.steps[0]?.lab;
      if (!base) throw new Error('no example lab');
      const json = JSON.stringify(base);
      // Replace the value at a random JSON position: the key/index path is picked from the lab.
      const paths: (string | number)[][] = [];
      const walk = (v: unknown, p: (string | number)[]): void => {
        paths.push(p);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      };
      walk(base, []);
      const surgery = fc
        .tuple(fc.constantFrom(...paths.slice(1)), fc.jsonValue({ maxDepth: 2 }))
        .map(([path, v]) => {
          const lab = JSON.parse(json) as Record<string | number, unknown>;
          let at: Record<string | number, unknown> = lab;
          for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
          at[path[path.length - 1] as string] = v;
          return lab;
        });
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), surgery), (v) => {
          expectWellFormed(validateLab(v));
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(200) },
      );
    },
    LONG,
  );
});
