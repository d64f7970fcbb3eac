/**
 * GIVEN the fixture labs and every built-in example, WHEN exported, THEN every file is accepted by the real tool that will
 * read it: FRR 8.4 (vtysh dry run and loading into running daemons), BIRD 2 (`bird -p`), GoBGP
 * (`gobgpd -d`), bash (`bash -n`) and shellcheck.
 */
import { describe, expect, it } from 'vitest';
import { allBundles } from './testing/bundles';
import {
  isRoot,
  loadIntoFrr,
  requireTool,
  run,
  runBird,
  runGobgp,
  tempFile,
  vtyshRefusals,
} from './testing/tools';

const bundles = allBundles();
const filesNamed = (suffix: string): { id: string; content: string }[] => {
  const seen = new Set<string>();
  return bundles.flatMap((b) =>
    b.files
      .filter((f) => f.path.endsWith(suffix) && !seen.has(f.content) && seen.add(f.content))
      .map((f) => ({ id: `${b.name}/${f.path}`, content: f.content })),
  );
};

/** Lines FRR accepts but does not show in `show running-config` (defaults of the profile). */
const HIDDEN_DEFAULTS = new Set([
  'bgp log-neighbor-changes',
  'end',
  'exit',
  '!',
  'exit-address-family',
]);
const norm = (l: string): string => l.trim().replace(/ seq \d+ /, ' ');

describe('frr.conf on real FRR 8.4', () => {
  const confs = filesNamed('frr.conf');
  it('has frr.conf files to check', () => expect(confs.length).toBeGreaterThan(4));

  it('vtysh --dryrun rejects a bad line (so the dry run is a real check)', () => {
    if (!requireTool('vtysh')) return;
    const { path } = tempFile(
      'bad.conf',
      'router bgp 65000\n neighbor 10.0.0.1 remote-as 1\n no-such-command\n',
    );
    expect(run('vtysh', ['-C', '-f', path]).status).not.toBe(0);
  });

  it.each(confs)('$id passes vtysh --dryrun', ({ content }) => {
    if (!requireTool('vtysh')) return;
    const { path } = tempFile('frr.conf', content);
    const r = run('vtysh', ['-C', '-f', path]);
    expect(r.out).not.toMatch(/Unknown command|Invalid|% /);
    expect(vtyshRefusals(r.out)).toEqual([]);
    expect(r.status).toBe(0);
  });

  it.each(confs)(
    '$id loads into zebra+bgpd+staticd and every line shows in the running config',
    ({ content }) => {
      if (!requireTool('vtysh') || !requireTool('ip')) return;
      if (!isRoot()) {
        console.warn('\n!!! not root: loading frr.conf into real FRR daemons is SKIPPED !!!\n');
        return;
      }
      const r = loadIntoFrr(content);
      expect(r.out).not.toMatch(/does not exist|Unknown command|% /);
      expect(vtyshRefusals(r.out)).toEqual([]);
      expect(r.status).toBe(0);
      const running = new Set(r.running.split('\n').map(norm));
      const missing = content
        .split('\n')
        .map(norm)
        .filter((l) => l !== '' && !HIDDEN_DEFAULTS.has(l) && !l.startsWith('hostname'))
        .filter((l) => !running.has(l));
      expect(missing).toEqual([]);
    },
    30_000,
  );
});

describe('bird.conf on real BIRD 2', () => {
  const confs = filesNamed('bird.conf');
  it('has bird.conf files to check', () => expect(confs.length).toBeGreaterThan(2));
  it('bird -p rejects eBGP without explicit import/export (so the parse is a real check)', () => {
    if (!requireTool('bird')) return;
    const { path } = tempFile(
      'bird.conf',
      'router id 1.1.1.1;\nprotocol bgp x { local as 1; neighbor 10.0.0.2 as 2; ipv4; }\n',
    );
    expect(run('bird', ['-p', '-c', path]).status).not.toBe(0);
  });
  it.each(confs)('$id parses with bird -p', ({ content }) => {
    if (!requireTool('bird')) return;
    const { path } = tempFile('bird.conf', content);
    const r = run('bird', ['-p', '-c', path]);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('bird.conf running in BIRD 2', () => {
  it.each(filesNamed('bird.conf'))(
    '$id starts and runs every BGP protocol it declares',
    ({ content }) => {
      if (!requireTool('bird') || !requireTool('birdc') || !isRoot()) return;
      const r = runBird(content);
      expect(r.status).toBe(0);
      const declared = [...content.matchAll(/^protocol bgp (\w+)/gm)].map((m) => m[1] ?? '');
      for (const name of declared) expect(r.protocols).toMatch(new RegExp(`^${name}\\s+BGP`, 'm'));
    },
  );
});

describe('gobgpd.toml on real GoBGP 3', () => {
  it.each(filesNamed('gobgpd.toml'))('$id runs in gobgpd with every neighbour', ({ content }) => {
    if (!requireTool('gobgpd') || !requireTool('gobgp') || !isRoot()) return;
    const declared = [...content.matchAll(/neighbor-address = "([\d.]+)"/g)].map((m) => m[1]);
    const r = runGobgp(content);
    expect(r.neighbors.map((n) => n.conf.neighbor_address).sort()).toEqual(declared.sort());
  });

  const confs = filesNamed('gobgpd.toml');
  it('has gobgpd.toml files to check', () => expect(confs.length).toBeGreaterThan(3));
  it.each(confs)('$id passes gobgpd --dry-run', ({ content }) => {
    if (!requireTool('gobgpd')) return;
    const { path } = tempFile('gobgpd.toml', content);
    const r = run('gobgpd', ['-d', '-t', 'toml', '-f', path]);
    expect(r.status).toBe(0);
  });
});

describe('scripts', () => {
  const scripts = filesNamed('.sh');
  it.each(scripts)('$id passes bash -n and shellcheck', ({ content }) => {
    const { path } = tempFile('s.sh', content);
    expect(run('bash', ['-n', path])).toEqual({ status: 0, out: '' });
    if (!requireTool('shellcheck')) return;
    expect(run('shellcheck', ['-s', 'bash', path])).toEqual({ status: 0, out: '' });
  });
});
