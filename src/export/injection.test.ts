/**
 * GIVEN a lab whose names and free text carry shell and config injections, WHEN exported, THEN
 * no script runs any of it (the scripts are executed against stub tools in a temp dir, with HOME
 * pointing there) and no config gains a line (no extra neighbour, every config still parses).
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renameDevice } from '../model';
import type { Lab, Router } from '../model';
import { exportBundle } from './bundle';
import { ciliumTorLab, spineLeafLab } from './fixtures';
import { hasTool, requireTool, run, tempFile, vtyshRefusals } from './testing/tools';

const EVIL_LINE = '\n neighbor 1.2.3.4 remote-as 1\n';

function evilLab(): Lab {
  let lab = spineLeafLab();
  lab.name = "lab$(touch pwned-lab)'x";
  lab = renameDevice(lab, 'srv1', '$(touch pwned)');
  lab = renameDevice(lab, 'client1', "a'b;rm -rf ~");
  lab = renameDevice(lab, 'rack1', '`touch pwned-br`');
  lab.description = `desc${EVIL_LINE}`;
  const leaf1 = lab.devices.find((d) => d.name === 'leaf1') as Router;
  const bgp = leaf1.bgp;
  if (!bgp) throw new Error('fixture changed');
  const eth1 = leaf1.interfaces.find((i) => i.name === 'eth1');
  if (eth1) eth1.description = `servers${EVIL_LINE}`;
  const rack = bgp.peerGroups.find((g) => g.name === 'RACK');
  if (rack) rack.description = `rack${EVIL_LINE}`;
  bgp.routeMaps.push({ name: `EVIL${EVIL_LINE}`, entries: [] });
  bgp.neighbors.push({ peer: '10.1.0.99', remoteAs: 65001, description: `x${EVIL_LINE}` });
  leaf1.unmodelled?.push({
    file: 'frr.conf',
    line: 1,
    text: `bgp log-neighbor-changes${EVIL_LINE}`,
    context: `router bgp 65001${EVIL_LINE}`,
  });
  leaf1.staticRoutes.push({ prefix: '10.9.0.0/16; touch pwned-route', via: '10.1.0.11' });
  leaf1.labels = { rack: "r1'; touch pwned-label", 'ok-key': 'fine' };
  const spine = lab.devices.find((d) => d.name === 'spine1');
  if (spine)
    spine.interfaces[1] = { ...spine.interfaces[1], name: 'swp1$(touch pwned-if)', addresses: [] };
  lab.links = lab.links.map((l) =>
    l.a.device === 'spine1' && l.a.interface === 'swp1'
      ? { ...l, a: { ...l.a, interface: 'swp1$(touch pwned-if)' } }
      : l,
  );
  return lab;
}

function evilCluster(): Lab {
  const lab = ciliumTorLab('peering-policy', '1.16');
  const c = lab.clusters[0];
  if (!c?.cilium) throw new Error('fixture changed');
  c.name = "k$(touch pwned-cluster)'";
  for (const d of lab.devices) if (d.kind === 'k8s-node') d.cluster = c.name;
  c.cilium.policies[0] = { ...c.cilium.policies[0]!, name: "p'$(touch pwned-policy)" };
  c.services = [
    { name: 'svc$(touch pwned-svc)', namespace: "ns'; rm -rf ~", type: 'LoadBalancer' },
  ];
  return lab;
}

const bundles = [exportBundle(evilLab()), exportBundle(evilCluster())];

describe('injection', () => {
  it('no file carries the injected commands, and no config gains a neighbour', () => {
    for (const f of bundles.flat()) {
      // The README may quote the lab's name as text; nothing else may carry it.
      if (!f.path.endsWith('README.md'))
        expect(f.content, f.path).not.toMatch(/touch pwned|rm -rf ~/);
      expect(f.content, f.path).not.toMatch(/^\s*neighbor 1\.2\.3\.4/m);
      expect(f.path).toMatch(/^[A-Za-z0-9_./-]+$/);
    }
  });

  it('every exported FRR/BIRD config still parses', () => {
    for (const f of bundles.flat()) {
      if (f.path.endsWith('frr.conf') && hasTool('vtysh')) {
        const { path } = tempFile('frr.conf', f.content);
        const r = run('vtysh', ['-C', '-f', path]);
        expect(vtyshRefusals(r.out), f.path).toEqual([]);
        expect(r.status, f.path).toBe(0);
      }
      if (f.path.endsWith('bird.conf') && hasTool('bird')) {
        const { path } = tempFile('bird.conf', f.content);
        expect(run('bird', ['-p', '-c', path]).status, f.path).toBe(0);
      }
    }
  });

  it('the scripts pass bash -n and shellcheck', () => {
    for (const f of bundles.flat().filter((x) => x.path.endsWith('.sh'))) {
      const { path } = tempFile('s.sh', f.content);
      expect(run('bash', ['-n', path]).status, f.path).toBe(0);
      if (requireTool('shellcheck')) expect(run('shellcheck', [path]).out, f.path).toBe('');
    }
  });

  it('running the scripts against stub tools executes nothing of the lab strings', () => {
    if (!requireTool('bash')) return;
    for (const files of bundles) {
      const { dir } = tempFile('.keep', '');
      const home = join(dir, 'home');
      const stubs = join(dir, 'stubs');
      mkdirSync(home);
      mkdirSync(stubs);
      writeFileSync(join(home, 'precious'), 'x');
      // Stubs log their arguments and succeed; `id -u` says root so deploy.sh proceeds.
      const stub = '#!/bin/sh\nprintf "%s\\n" "$(basename "$0") $*" >> "$STUB_LOG"\n';
      for (const t of ['containerlab', 'kind', 'kubectl', 'helm', 'docker', 'ip', 'jq'])
        writeFileSync(join(stubs, t), stub);
      writeFileSync(join(stubs, 'id'), '#!/bin/sh\necho 0\n');
      for (const t of readdirSync(stubs)) chmodSync(join(stubs, t), 0o755);
      for (const f of files) {
        const p = join(dir, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
      }
      const root = join(dir, files[0]?.path.split('/')[0] ?? '');
      const env = { PATH: `${stubs}:/usr/bin:/bin`, HOME: home, STUB_LOG: join(dir, 'log') };
      for (const s of ['deploy.sh', 'verify.sh', 'destroy.sh']) {
        // verify.sh may report failures (the stubs return nothing); it must not run lab strings.
        run('bash', [
          '-c',
          `cd ${JSON.stringify(root)} && env -i ${Object.entries(env)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(' ')} bash ./${s}`,
        ]);
      }
      const created = run('find', [dir, '-name', 'pwned*']).out.trim();
      expect(created).toBe('');
      expect(existsSync(join(home, 'precious'))).toBe(true);
      const log = readFileSync(join(dir, 'log'), 'utf8');
      expect(log).toMatch(/containerlab deploy/);
      expect(log).not.toMatch(/touch |rm -rf/);
    }
  });
});
