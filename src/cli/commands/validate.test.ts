// Runs the real CLI (`node bin/routelab.mjs`, as `npx routelab` does) on checked-in fixtures.
// dup-ip-unknown-peer.json is the clean fixture lab (src/model/testing/fixtures.ts) with
// 10.0.1.1/24 added to tor1/eth2 (it is tor0/eth2's address) and a tor0 neighbour 10.0.1.99
// that no device owns.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const fixture = (n: string): string => join(root, 'src', 'cli', 'fixtures', n);
const tmp = mkdtempSync(join(tmpdir(), 'routelab-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function routelab(...args: string[]) {
  const r = spawnSync('node', [join(root, 'bin', 'routelab.mjs'), 'validate', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('routelab validate', () => {
  it('prints the duplicate IP and the unknown peer with their paths and exits 1', () => {
    const file = fixture('dup-ip-unknown-peer.json');
    const r = routelab(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^error {2}devices\/tor1\/interfaces\/eth2 {2}10\.0\.1\.1\/24 is also on tor0\/eth2 {2}\[.*:\d+:\d+\]$/m,
    );
    expect(r.stdout).toMatch(
      /^error {2}devices\/tor0\/bgp\/neighbors\/10\.0\.1\.99 {2}peer 10\.0\.1\.99 is not an address of any device {2}\[/m,
    );
    expect(r.stderr).toMatch(/dup-ip-unknown-peer\.json: 3 error\(s\)/);
    // The position is the `{` opening tor1's eth2 object, found here by reading the text.
    const lines = readFileSync(file, 'utf8').split('\n');
    const tor1 = lines.findIndex((l) => l.includes('"name": "tor1"'));
    const eth2 = lines.findIndex((l, i) => i > tor1 && l.includes('"name": "eth2"'));
    const open = lines[eth2 - 1] ?? '';
    expect(open.trim()).toBe('{');
    expect(r.stdout).toContain(
      `is also on tor0/eth2  [${file}:${eth2}:${open.indexOf('{') + 1}]\n`,
    );
  });

  it('exits 0 on a clean lab', () => {
    const r = routelab(fixture('clean.yaml'));
    expect(r.stdout).toMatch(/clean\.yaml: no problems\n$/);
    expect(r.code).toBe(0);
  });

  it('--json gives the documented shape', () => {
    const r = routelab(fixture('dup-ip-unknown-peer.json'), '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; errors: number; problems: unknown[] };
    expect(out).toMatchObject({ ok: false, errors: 3, warnings: 0 });
    expect(out.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        path: 'devices/tor1/interfaces/eth2',
        message: '10.0.1.1/24 is also on tor0/eth2',
        file: fixture('dup-ip-unknown-peer.json'),
        line: expect.any(Number) as number,
      }),
    );
  });

  it('exits 2 when the file cannot be read, 1 on a syntax error with its position', () => {
    expect(routelab(join(tmp, 'missing.json')).code).toBe(2);
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: x\nname: y\n');
    const r = routelab(bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error {2}\/ {2}YAML syntax error: .*\[.*bad\.yaml:2:1\]$/m);
  });
});
