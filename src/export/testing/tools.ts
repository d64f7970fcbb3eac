/**
 * Test-only helpers that run the real tools (FRR, BIRD, GoBGP, bash, shellcheck) on exported
 * files. Used by *.test.ts only; the exporters themselves stay pure.
 */
/* eslint-disable no-restricted-imports, no-restricted-globals */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasTool(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Skips loudly: a missing tool must never pass silently. */
export function requireTool(cmd: string): boolean {
  if (hasTool(cmd)) return true;
  console.warn(`\n!!! ${cmd} is not installed: the real-tool check that needs it is SKIPPED !!!\n`);
  return false;
}

export function tempFile(name: string, content: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rlx11-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return { dir, path };
}

export function run(cmd: string, args: string[], cwd?: string): { status: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export const isRoot = (): boolean => process.getuid?.() === 0;

let nsCounter = 0;

/**
 * Loads an integrated frr.conf into real zebra+bgpd+staticd in a fresh network namespace (per
 * notes/real-daemons.md) and returns vtysh's exit status, its output and the running config.
 * Nothing is added to the root namespace; only the PIDs started here are killed.
 */
export function loadIntoFrr(conf: string): { status: number; out: string; running: string } {
  const id = `${process.pid}-${nsCounter++}`;
  const ns = `rlx11-${id}`;
  const dir = `/run/rlx11/${id}`;
  const { path, dir: tmp } = tempFile('frr.conf', conf);
  mkdirSync(dir, { recursive: true });
  const uid = Number(execFileSync('id', ['-u', 'frr'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'frr'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  const inNs = (args: string[]): { status: number; out: string } =>
    run('ip', ['netns', 'exec', ns, ...args]);
  const daemon = (d: string): void => {
    inNs([
      `/usr/lib/frr/${d}`,
      '-d',
      '-i',
      `${dir}/${d}.pid`,
      '--vty_socket',
      dir,
      '-z',
      `${dir}/zserv.api`,
      '-P',
      '0',
      '-u',
      'frr',
      '-g',
      'frr',
      '-f',
      '/dev/null',
      '--log',
      `file:${dir}/${d}.log`,
    ]);
  };
  const waitFor = (file: string): void => {
    for (let i = 0; i < 100 && !existsSync(file); i++) execFileSync('sleep', ['0.05']);
  };
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    inNs(['ip', 'link', 'set', 'lo', 'up']);
    daemon('zebra');
    waitFor(`${dir}/zserv.api`);
    daemon('bgpd');
    daemon('staticd');
    waitFor(`${dir}/bgpd.vty`);
    waitFor(`${dir}/staticd.vty`);
    const r = inNs(['vtysh', '--vty_socket', dir, '-f', path]);
    const running = inNs(['vtysh', '--vty_socket', dir, '-c', 'show running-config']).out;
    return { ...r, running };
  } finally {
    for (const d of ['bgpd', 'staticd', 'zebra']) {
      const pidFile = `${dir}/${d}.pid`;
      if (existsSync(pidFile)) spawnSync('sh', ['-c', `kill "$(cat '${pidFile}')"`]);
    }
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}
