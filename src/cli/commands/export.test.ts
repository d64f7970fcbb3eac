/** GIVEN a built-in example, WHEN `routelab export` runs, THEN it writes the bundle (folder or zip). */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from './export';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'rlx11-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('routelab export', () => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

  it('writes a folder with executable scripts', async () => {
    const dir = tempDir();
    expect(await run(['--example', 'cilium-frr-tor', '-o', dir, '--cilium', '1.16'])).toBe(0);
    const root = join(dir, 'cilium-frr-tor');
    expect(statSync(join(root, 'deploy.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(/Cilium 1\.16/);
  });

  it("writes the engine's predictions for verify.sh", async () => {
    const dir = tempDir();
    expect(await run(['--example', 'cilium-frr-tor/after-policies', '-o', dir])).toBe(0);
    const root = join(dir, 'cilium-frr-tor');
    const p = JSON.parse(readFileSync(join(root, 'predictions.json'), 'utf8')) as {
      sessions: { device: string; peer: string; state: string }[];
      routes: { device: string; prefix: string; present: boolean }[];
    };
    // After the peering policies tor0's iBGP sessions to its nodes are up and router0 has
    // rack1's pod CIDR (seed 003; shared/notes/real-daemons.md).
    expect(p.sessions).toContainEqual({ device: 'tor0', peer: '10.0.1.2', state: 'established' });
    expect(p.routes).toContainEqual({ device: 'router0', prefix: '10.1.3.0/24', present: true });
    expect(readFileSync(join(root, 'verify.sh'), 'utf8')).toContain("'10.1.3.0/24' yes");
  });

  it('writes a zip', async () => {
    const dir = tempDir();
    const zip = join(dir, 'lab.zip');
    expect(await run(['--example', 'cilium-frr-tor', '-o', zip, '--frr', '9.1.0'])).toBe(0);
    const files = unzipSync(readFileSync(zip));
    const clab = new TextDecoder().decode(files['cilium-frr-tor/cilium-frr-tor.clab.yml']);
    expect(clab).toMatch(/quay\.io\/frrouting\/frr:9\.1\.0/);
  });

  it('fails with usage when the output is missing', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(['--example', 'cilium-frr-tor'])).toBe(2);
    err.mockRestore();
  });
});
