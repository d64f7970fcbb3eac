/**
 * Hostile input: garbage, token soup, truncated and mutated real files at every parser.
 * The parsers are called directly (not through index.ts's safety net), so an exception here is
 * a real bug. `npm run fuzz` sets FUZZ_RUNS=10000.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importBird } from './bird';
import { birdStatements } from './birdsyntax';
import { importContainerlab } from './containerlab';
import { importFrr } from './frr';
import { shellWords, splitCommands } from './shell';
import { importVyos } from './vyos';

const RUNS = Number(globalThis.process?.env?.FUZZ_RUNS ?? 200);
/** 10,000 runs of the topology property take about a minute on this machine. */
const LONG = 600_000;
const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (p: string): string => readFileSync(`${FIX}${p}`, 'utf8');

const FRR = fixture('frr-features/frr.conf');
const BIRD = fixture('calico-bird-rr/rr/bird.conf') + fixture('frr-bird-nodes/node1/bird.conf');
const VYOS_BOOT = fixture('vyos-spine-leaf/vyos-boot-conf/leaf01-config.boot');
const VYOS_SET = fixture('vyos-spine-leaf/leaf01.set');
const CLAB = fixture('frr-tor-cilium/topo.clab.yml');

const WORDS = [
  'router',
  'bgp',
  'neighbor',
  'remote-as',
  'peer-group',
  'interface',
  'address-family',
  'ipv4',
  'unicast',
  'exit',
  'no',
  'route-map',
  'permit',
  'deny',
  'ip',
  'prefix-list',
  'le',
  'ge',
  'seq',
  'protocol',
  'static',
  'kernel',
  'filter',
  'template',
  'from',
  'local',
  'as',
  'if',
  'then',
  'else',
  'accept',
  'reject',
  'net',
  '~',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ';',
  ',',
  '"',
  "'",
  '/*',
  '*/',
  '#',
  '!',
  'set',
  'protocols',
  'system-as',
  'listen',
  'range',
  'nodes:',
  'links:',
  'kind:',
  'exec:',
  '- ',
  'endpoints:',
  'vtysh',
  '-c',
  '65000',
  '4294967296',
  '10.0.0.1',
  '10.0.0.0/8',
  '10.0.0.0/8{16,24}',
  '300.1.1.1/33',
  'eth0',
  'lo',
  '\n',
  '\t',
  ':',
  '&&',
  '\\',
];

const soup = fc
  .array(fc.constantFrom(...WORDS), { maxLength: 80 })
  .chain((ws) => fc.constant(ws.join(' ')));
const garbage = fc.string({ unit: 'binary', maxLength: 400 });

/** A real file cut at a random point, with a few random characters spliced in. */
function mangled(text: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.nat({ max: text.length }),
      fc.array(fc.tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 3 })), {
        maxLength: 5,
      }),
    )
    .map(([cut, edits]) => {
      let s = text.slice(0, cut);
      for (const [at, ins] of edits) s = s.slice(0, at) + ins + s.slice(at);
      return s;
    });
}

const inputs = (real: string): fc.Arbitrary<string> => fc.oneof(garbage, soup, mangled(real));

function wellFormed(problems: { severity: string; message: string; line?: number }[]): void {
  for (const p of problems) {
    expect(['error', 'warning', 'info']).toContain(p.severity);
    expect(typeof p.message).toBe('string');
    if (p.line !== undefined) expect(p.line).toBeGreaterThanOrEqual(1);
  }
}

describe('fuzz: parsers return problems, never throw', () => {
  it(
    'FRR',
    () => {
      fc.assert(
        fc.property(inputs(FRR), (t) => {
          const r = importFrr(t, 'frr.conf');
          wellFormed(r.problems);
          JSON.stringify(r.fragment); // plain data
        }),
        { numRuns: RUNS },
      );
    },
    LONG,
  );

  it(
    'BIRD',
    () => {
      fc.assert(
        fc.property(inputs(BIRD), (t) => {
          wellFormed(importBird(t, 'bird.conf').problems);
          birdStatements(t);
        }),
        { numRuns: RUNS },
      );
    },
    LONG,
  );

  it(
    'VyOS (config.boot and set commands)',
    () => {
      fc.assert(
        fc.property(fc.oneof(inputs(VYOS_BOOT), mangled(VYOS_SET)), (t) => {
          wellFormed(importVyos(t, 'config.boot').problems);
        }),
        { numRuns: RUNS },
      );
    },
    LONG,
  );

  it(
    'shell words',
    () => {
      fc.assert(
        fc.property(fc.oneof(garbage, soup), (t) => {
          shellWords(t);
          splitCommands(t);
        }),
        { numRuns: RUNS },
      );
    },
    LONG,
  );

  it(
    'containerlab topology with hostile bound files',
    () => {
      const bound = fc.oneof(garbage, soup, mangled(FRR), mangled(BIRD), mangled(VYOS_BOOT));
      const topo = fc.oneof(
        inputs(CLAB),
        mangled(fixture('frr-bird-nodes/frr-bird.clab.yml')),
        mangled(fixture('vyos-spine-leaf/cilium-bgp.clab.yaml')),
      );
      fc.assert(
        fc.property(topo, bound, garbage, (t, cfg, ann) => {
          const read = (p: string): string | undefined => {
            if (p === '/x/lab.clab.yml') return t;
            if (p.endsWith('.annotations.json')) return ann;
            return cfg;
          };
          const r = importContainerlab('/x/lab.clab.yml', read);
          wellFormed(r.problems);
          JSON.stringify(r.lab);
        }),
        { numRuns: RUNS },
      );
    },
    LONG,
  );

  it('a reader that throws is a problem, not an exception', () => {
    const r = importContainerlab('/x/lab.clab.yml', () => {
      throw new Error('EACCES');
    });
    expect(r.problems[0]?.severity).toBe('error');
  });
});
