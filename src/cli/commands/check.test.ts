import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getExample } from '../../model/examples';
import { serializeLab } from '../../model/labfile';
import type { Lab } from '../../model/types';

const bin = join(__dirname, '..', '..', '..', 'bin', 'routelab.mjs');
const routelab = (...args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });

function labFile(lab: Lab): string {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-check-'));
  const path = join(dir, 'lab.json');
  writeFileSync(path, serializeLab(lab, 'json'));
  return path;
}

const frrTor = (): Lab => {
  const lab = getExample('cilium-frr-tor')?.steps.find((s) => s.id === 'after-policies')?.lab;
  if (!lab) throw new Error('missing example');
  return lab;
};

describe('routelab check', () => {
  it('exits 0 when every expectation holds, printing PASS lines and a count', () => {
    const r = routelab('check', labFile(frrTor()));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}router0 has 10\.1\.3\.0\/24/m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it('exits 1 and names the failing expectation with its reason', () => {
    const lab = frrTor();
    lab.expectations = [
      {
        name: 'wrong next hop',
        kind: 'route',
        device: 'router0',
        prefix: '10.1.3.0/24',
        nextHopDevices: ['tor0'],
      },
    ];
    const r = routelab('check', labFile(lab), '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      failed: number;
      expectations: { name: string; reason: string }[];
    };
    expect(out.failed).toBe(1);
    expect(out.expectations[0]?.reason).toContain('expected [tor0]');
  });

  it('exits 2 when the lab does not load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelab-check-'));
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "schemaVersion": 1, "devices": [');
    expect(routelab('check', path).status).toBe(2);
    expect(routelab('check', join(dir, 'missing.json')).status).toBe(2);
  });
});
