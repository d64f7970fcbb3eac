/**
 * The exported verify.sh against the real daemons: corpus labs (BIRD speakers, GoBGP/Cilium
 * speakers, a field lab with pod-to-pod reach through `via` devices) are started in network
 * namespaces, and the bundle's verify.sh runs through an exec shim (ROUTELAB_EXEC) that maps each
 * node onto its namespace and daemon socket. Its PASS/FAIL per expectation must equal
 * `routelab check`'s (the engine's), deliberately broken expectations must FAIL on both sides, and
 * `verify.sh --survives` must break the same expectations under the same single link failures.
 */
import { execFile } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Expectation, Lab } from '../../src/model';
import { exportBundle } from '../../src/export';
import { checkExpectations } from '../../src/engine/expectations';
import { predict } from '../../src/worker/predictions';
import { corpusLabs } from './corpus';
import type { CorpusLab } from './corpus/build';
import { startLab, writeShim } from './livelab';

function daemonsPresent(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  for (const cmd of ['vtysh', 'birdc', 'gobgpd', 'gobgp', 'traceroute', 'jq', 'bash']) {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    } catch {
      return `${cmd} missing`;
    }
  }
  return undefined;
}
const missing = daemonsPresent();
if (missing) console.warn(`\n!!! verify.sh real-daemon test SKIPPED (${missing}) !!!\n`);

interface Line {
  verdict: string;
  reason: string;
}

/** `PASS  NAME  REASON` lines of verify.sh, by the names we know (names may hold spaces). */
function verdictLines(out: string, names: string[]): Map<string, Line> {
  const found = new Map<string, Line>();
  for (const line of out.split('\n')) {
    for (const n of names) {
      for (const v of ['PASS', 'FAIL', 'SKIP']) {
        const head = `${v}  ${n}  `;
        if (line.startsWith(head)) found.set(n, { verdict: v, reason: line.slice(head.length) });
      }
    }
  }
  return found;
}

function runVerify(
  dir: string,
  shim: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [`${dir}/verify.sh`, ...args],
      {
        cwd: dir,
        env: { ...process.env, ROUTELAB_EXEC: shim, ...env },
        timeout: 600_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, out: `${String(stdout)}\n--- stderr\n${String(stderr)}` });
      },
    );
  });
}

/** Claims that do not hold in these labs: an absurd ECMP width and an address nobody routes. */
function broken(lab: Lab): Expectation[] {
  const route = lab.expectations.find((e) => e.kind === 'route' && !e.absent);
  const from = lab.devices.find((d) => d.kind === 'router')?.name ?? '';
  return [
    ...(route && route.kind === 'route'
      ? [{ ...route, name: `BROKEN ${route.name}`, nextHopCount: 9 }]
      : []),
    { kind: 'reach', name: `BROKEN ${from} reaches nowhere`, from, to: '203.0.113.99' },
  ];
}

async function verifyAgainstDaemons(
  c: CorpusLab,
  args: string[],
  env: Record<string, string>,
): Promise<{ out: string; lines: Map<string, Line>; lab: Lab }> {
  const lab = c.lab;
  const dir = fileURLToPath(new URL(`./logs/verify-${c.id}/`, import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const verify = exportBundle(lab, { predictions: predict(lab) }).find((f) =>
    f.path.endsWith('/verify.sh'),
  );
  if (!verify) throw new Error('no verify.sh in the bundle');
  writeFileSync(`${dir}/verify.sh`, verify.content);
  const live = await startLab(c, { file: `${dir}/runner.log` });
  try {
    expect(live.converged, `${c.id} did not converge`).toBe(true);
    const shim = writeShim(live, dir);
    const r = await runVerify(dir, shim, args, env);
    writeFileSync(`${dir}/verify.out`, r.out);
    return {
      out: r.out,
      lines: verdictLines(
        r.out,
        lab.expectations.map((e) => e.name),
      ),
      lab,
    };
  } finally {
    await live.stop();
  }
}

const LABS = [
  'bird-nodes', // BIRD speakers on nodes
  'cilium-rack', // GoBGP (Cilium) speakers, LB ECMP over a bridge, unnumbered uplink
  'ex-cilium-frr-tor-after-policies', // field lab: pod-to-pod reach through tor0 → router0 → tor1
  'ex-calico-bird-rr-route-reflector', // Calico nodes (BIRD) and a BIRD route reflector
];

describe.skipIf(missing !== undefined)('verify.sh on the real daemons', () => {
  for (const id of LABS) {
    test(`${id}: verify.sh says what routelab check says`, async () => {
      const c = corpusLabs().find((x) => x.id === id);
      if (!c) throw new Error(`no corpus lab ${id}`);
      const withBroken = {
        ...c,
        lab: { ...c.lab, expectations: [...c.lab.expectations, ...broken(c.lab)] },
      };
      const engine = checkExpectations(withBroken.lab).filter((v) => v.kind !== 'survives');
      for (const v of engine.filter((x) => x.name.startsWith('BROKEN ')))
        expect(v.passed, `engine: ${v.name}`).toBe(false);
      const { out, lines } = await verifyAgainstDaemons(withBroken, ['--expectations'], {
        VERIFY_DEADLINE: '12',
      });
      for (const v of engine) {
        const got = lines.get(v.name);
        expect(got, `${v.name} missing from verify.sh output:\n${out}`).toBeDefined();
        expect(
          got?.verdict,
          `${v.name}: routelab says ${v.passed ? 'PASS' : 'FAIL'} (${v.reason}), verify.sh ${got?.verdict} (${got?.reason})`,
        ).toBe(v.passed ? 'PASS' : 'FAIL');
      }
    }, 300_000);
  }

  test('link-failure: --survives breaks what routelab check says each single failure breaks', async () => {
    const c = corpusLabs().find((x) => x.id === 'link-failure');
    if (!c) throw new Error('no corpus lab link-failure');
    const name = 'square survives any single link';
    const lab: Lab = {
      ...c.lab,
      expectations: [
        ...c.lab.expectations.filter((e) => e.name !== 'r3 after'),
        {
          kind: 'survives',
          name,
          failures: { links: true },
          expectations: ['r1 reaches r4', 'ecmp before'],
        },
      ],
    };
    const engine = checkExpectations(lab).find((v) => v.name === name);
    // Every link of the square carries one of r1's two ECMP branches: each failure breaks
    // 'ecmp before' and none breaks reachability.
    expect(engine?.failures?.length).toBe(4);
    const { out, lines } = await verifyAgainstDaemons(
      { ...c, lab },
      ['--expectations', '--survives'],
      {
        VERIFY_DEADLINE: '20',
        SURVIVES_SETTLE: '6',
        SURVIVES_DEADLINE: '10',
      },
    );
    expect(lines.get(name)?.verdict, out).toBe(engine?.passed ? 'PASS' : 'FAIL');
    for (const f of engine?.failures ?? []) {
      const sub = out.split('\n').find((l) => l.startsWith(`        ${f.failure}: `));
      if (f.broken.length === 0) {
        expect(sub, `${f.failure} broke nothing in routelab:\n${out}`).toBeUndefined();
        continue;
      }
      expect(sub, `${f.failure}:\n${out}`).toBeDefined();
      for (const b of ['r1 reaches r4', 'ecmp before'])
        expect(sub?.includes(`${b} (`), `${f.failure} / ${b}:\n${out}`).toBe(
          f.broken.some((x) => x.name === b),
        );
    }
  }, 420_000);
});
