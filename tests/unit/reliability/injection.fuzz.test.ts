/**
 * Nothing injected (issue 10), as a property over every exporter: GIVEN a lab where one user
 * string (lab/device name, descriptions, labels, policy names) is replaced by a hostile one —
 * shell metacharacters, a newline followed by `neighbor 1.2.3.4 remote-as 1`, YAML indicators,
 * unicode, 10 kB — WHEN exported, THEN no config has more lines than the same lab with a plain
 * string in that place (no line added, so no neighbour added), every YAML/JSON file parses,
 * and every script passes `bash -n`. src/export/injection.test.ts covers two fixed hostile labs
 * (and runs their scripts against stub tools); this suite adds random positions and strings, the
 * VyOS/BIRD/GoBGP/Calico exporters via the example labs, and runs scripts of new string classes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportBundle } from '../../../src/export';
import type { BundleFile } from '../../../src/export';
import { calicoRrLab, ciliumTorLab, spineLeafLab } from '../../../src/export/fixtures';
import { examples } from '../../../src/model/examples';
import { renameDevice } from '../../../src/model/lab';
import type { Lab } from '../../../src/model/types';
import { FUZZ_TIMEOUT, fuzzRuns, fuzzSeed } from '../../../src/testing/fuzz';

const EVIL = [
  '$(touch pwned)',
  '`touch pwned`',
  "a'b;rm -rf ~",
  'x"; touch pwned; echo "',
  'x\n neighbor 1.2.3.4 remote-as 1\n',
  'x\r\nneighbor 1.2.3.4 remote-as 1',
  'x\n  protocol bgp evil { neighbor 1.2.3.4 as 1; }',
  'x\nset protocols bgp neighbor 1.2.3.4 remote-as 1',
  'x\n[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "1.2.3.4"',
  ': #&*!|>\'"%@`',
  '- a: b\n  c: [d',
  '{{ .Values.x }}',
  '${HOME}',
  '\\\\n\\0',
  '\u202Eevil\u200B\u0000\u0007',
  'ünïcødé-名前-🚀',
  `long-${'y'.repeat(10_000)}`,
];
const hostile = fc.oneof(
  fc.constantFrom(...EVIL),
  fc
    .tuple(fc.constantFrom(...EVIL), fc.string({ unit: 'grapheme', maxLength: 8 }))
    .map(([a, b]) => a + b),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const LABS: [string, () => Lab][] = [
  ['spine-leaf (FRR)', spineLeafLab],
  ['cilium-tor (FRR + GoBGP)', () => ciliumTorLab()],
  ['calico-rr (BIRD + Calico)', calicoRrLab],
  ...examples.map((e): [string, () => Lab] => [
    `example ${e.id}`,
    () => structuredClone(e.steps[e.steps.length - 1]?.lab ?? e.steps[0]!.lab),
  ]),
];

type Target = (lab: Lab, s: string) => Lab;
/** Places a user string can go, each picking its element by index so any lab works. */
const TARGETS: [string, (i: number) => Target][] = [
  ['lab name', () => (lab, s) => ({ ...lab, name: s })],
  ['lab description', () => (lab, s) => ({ ...lab, description: s })],
  [
    'device name',
    (i) => (lab, s) => {
      const d = lab.devices[i % lab.devices.length];
      return d ? renameDevice(lab, d.name, s) : lab;
    },
  ],
  [
    'device description',
    (i) => (lab, s) => {
      const d = lab.devices[i % lab.devices.length];
      if (d) d.description = s;
      return lab;
    },
  ],
  [
    'device label value',
    (i) => (lab, s) => {
      const d = lab.devices[i % lab.devices.length];
      if (d) d.labels = { ...d.labels, note: s };
      return lab;
    },
  ],
  [
    'interface description',
    (i) => (lab, s) => {
      const ifs = lab.devices.flatMap((d) => d.interfaces);
      const f = ifs[i % Math.max(ifs.length, 1)];
      if (f) f.description = s;
      return lab;
    },
  ],
  [
    'neighbour description',
    (i) => (lab, s) => {
      const ns = lab.devices.flatMap((d) =>
        (d.kind === 'router' || d.kind === 'k8s-node') && d.bgp ? d.bgp.neighbors : [],
      );
      const n = ns[i % Math.max(ns.length, 1)];
      if (n) n.description = s;
      return lab;
    },
  ],
  [
    'cluster name',
    () => (lab, s) => {
      const c = lab.clusters[0];
      if (!c) return lab;
      const old = c.name;
      c.name = s;
      for (const d of lab.devices) if (d.kind === 'k8s-node' && d.cluster === old) d.cluster = s;
      return lab;
    },
  ],
];

const skipLines = (path: string): boolean => /README\.md$|predictions\.json$/.test(path);

const lineCount = (f: BundleFile): number => f.content.split(/\r\n|\r|\n/).length;

/**
 * No file has more lines than with the plain string (exporters may drop what they cannot write
 * safely, e.g. a label value Kubernetes would refuse, but must never add a line). Paths change
 * with names, so files are paired by path where they can be and compared in total otherwise.
 */
function expectNoAddedLine(evil: BundleFile[], plain: BundleFile[]): void {
  const byPath = new Map(plain.map((f) => [f.path, f]));
  let evilTotal = 0;
  let plainTotal = 0;
  for (const f of evil.filter((x) => !skipLines(x.path))) evilTotal += lineCount(f);
  for (const f of plain.filter((x) => !skipLines(x.path))) plainTotal += lineCount(f);
  expect(evilTotal).toBeLessThanOrEqual(plainTotal);
  for (const f of evil) {
    const p = byPath.get(f.path);
    if (p && !skipLines(f.path)) expect(lineCount(f), f.path).toBeLessThanOrEqual(lineCount(p));
  }
}

const NEIGHBOUR =
  /^\s*(neighbor\s+\S+\s+remote-as|set protocols bgp neighbor \S+ remote-as|neighbor\s+[\d.:a-f]+\s+as\b|\[\[neighbors\]\])/gm;
const neighbours = (files: BundleFile[]): number =>
  files.reduce((n, f) => n + (f.content.match(NEIGHBOUR)?.length ?? 0), 0);

function parses(f: BundleFile): void {
  if (/\.ya?ml$/.test(f.path)) {
    for (const d of parseAllDocuments(f.content) as { errors: unknown[] }[])
      expect(d.errors, f.path).toEqual([]);
  }
  if (/\.json$/.test(f.path)) JSON.parse(f.content);
}

function bashN(files: BundleFile[]): void {
  for (const f of files.filter((x) => x.path.endsWith('.sh'))) {
    const r = spawnSync('bash', ['-n'], { input: f.content, encoding: 'utf8' });
    expect(r.status, `${f.path}: ${r.stderr}`).toBe(0);
  }
}

describe('property: hostile strings anywhere add no config line and break no file', () => {
  it(
    'every lab, every target, random hostile strings',
    () => {
      const arb = fc.tuple(
        fc.nat(LABS.length - 1),
        fc.nat(TARGETS.length - 1),
        fc.nat(50),
        hostile,
      );
      fc.assert(
        fc.property(arb, ([li, ti, at, s]) => {
          const [, make] = LABS[li]!;
          const [, target] = TARGETS[ti]!;
          const plain = exportBundle(target(at)(make(), 'plain0'));
          const evil = exportBundle(target(at)(make(), s));
          expect(evil.length).toBe(plain.length);
          expectNoAddedLine(evil, plain);
          expect(neighbours(evil)).toBe(neighbours(plain));
          for (const f of evil) {
            expect(f.path).toMatch(/^[A-Za-z0-9_./-]+$/);
            parses(f);
          }
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(40) },
      );
    },
    FUZZ_TIMEOUT,
  );

  it('scripts of bundles with each hostile string pass bash -n', () => {
    for (const s of EVIL) {
      const lab = renameDevice(spineLeafLab(), 'srv1', s);
      lab.name = s;
      bashN(exportBundle(lab));
    }
  });
});

/** Runs deploy/verify/destroy against logging stubs in a throw-away dir; returns what was run. */
function runWithStubs(files: BundleFile[]): { created: string[]; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rl-rel10-'));
  try {
    const stubs = join(dir, 'stubs');
    const home = join(dir, 'home');
    mkdirSync(stubs);
    mkdirSync(home);
    const stub = '#!/bin/sh\nprintf "%s\\n" "$(basename "$0") $*" >> "$STUB_LOG"\n';
    for (const t of ['kind', 'containerlab', 'kubectl', 'helm', 'docker', 'ip', 'jq', 'clab'])
      writeFileSync(join(stubs, t), stub);
    writeFileSync(join(stubs, 'id'), '#!/bin/sh\necho 0\n');
    writeFileSync(join(stubs, 'sudo'), '#!/bin/sh\nexec "$@"\n');
    for (const t of readdirSync(stubs)) chmodSync(join(stubs, t), 0o755);
    for (const f of files) {
      const p = join(dir, 'b', f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.content);
    }
    const root = join(dir, 'b', files[0]?.path.split('/')[0] ?? '');
    const log = join(dir, 'log');
    writeFileSync(log, '');
    for (const s of ['deploy.sh', 'verify.sh', 'destroy.sh']) {
      spawnSync('bash', [`./${s}`], {
        cwd: root,
        env: { PATH: `${stubs}:/usr/bin:/bin`, HOME: home, STUB_LOG: log },
        encoding: 'utf8',
        timeout: 30_000,
      });
    }
    const found = spawnSync('find', [dir, '-name', 'pwned*'], { encoding: 'utf8' }).stdout.trim();
    const text = spawnSync('cat', [log], { encoding: 'utf8' }).stdout;
    return { created: found ? found.split('\n') : [], log: text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('scripts run against stub tools execute nothing of the lab strings', () => {
  const cases: [string, Lab][] = [
    [
      'YAML specials and unicode in names',
      (() => {
        let lab = calicoRrLab();
        lab.name = ': #&*!|>\'"%@`$(touch pwned-lab)';
        const d = lab.devices.find((x) => x.kind === 'k8s-node');
        if (d) lab = renameDevice(lab, d.name, 'ünï-$(touch pwned)-🚀');
        return lab;
      })(),
    ],
    [
      '10 kB names with command substitution',
      (() => {
        let lab = ciliumTorLab();
        lab.name = `$(touch pwned-long)${'z'.repeat(10_000)}`;
        const d = lab.devices.find((x) => x.kind === 'router');
        if (d) lab = renameDevice(lab, d.name, `\`touch pwned-r\`${'r'.repeat(10_000)}`);
        return lab;
      })(),
    ],
  ];
  for (const [name, lab] of cases) {
    it(name, () => {
      const { created, log } = runWithStubs(exportBundle(lab));
      expect(created).toEqual([]);
      expect(log).toMatch(/containerlab|clab/);
      expect(log).not.toMatch(/touch /);
    });
  }
});
