/**
 * Test-only helpers that run the real tools (FRR, BIRD, GoBGP, bash, shellcheck) on exported
 * files. Used by *.test.ts only; the exporters themselves stay pure.
 */
/* eslint-disable no-restricted-imports, no-restricted-globals */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const tempDirs: string[] = [];
// Each test file that uses these helpers removes its temp dirs when it ends.
afterAll(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return { dir, path };
}

export function run(cmd: string, args: string[], cwd?: string): { status: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * vtysh's exit status is not a verdict: FRR 8.4.4 `vtysh -f` exited 0 after "% Failed to edit
 * configuration" and `vtysh -C` exited 0 with "% Unknown command" lines. Every line it starts
 * with `%` is a refusal, so checks assert this list is empty as well as the status.
 */
export function vtyshRefusals(out: string): string[] {
  return out.split('\n').filter((l) => /^\s*%/.test(l));
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

/** Runs `body` inside a fresh network namespace and removes it afterwards. */
function withNetns<T>(body: (ns: string, dir: string) => T): T {
  const id = `${process.pid}-${nsCounter++}`;
  const ns = `rlx11-${id}`;
  const dir = `/run/rlx11/${id}`;
  mkdirSync(dir, { recursive: true });
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    return body(ns, dir);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const killPidFile = (pidFile: string): void => {
  if (existsSync(pidFile)) spawnSync('sh', ['-c', `kill "$(cat '${pidFile}')"`]);
};

/** Starts BIRD on `conf` in a fresh namespace and returns `birdc show protocols`. */
export function runBird(conf: string): { status: number; protocols: string } {
  const { path } = tempFile('bird.conf', conf);
  return withNetns((ns, dir) => {
    const pid = `${dir}/bird.pid`;
    const sock = `${dir}/bird.ctl`;
    const started = run('ip', ['netns', 'exec', ns, 'bird', '-c', path, '-s', sock, '-P', pid]);
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++) execFileSync('sleep', ['0.05']);
      const r = run('ip', ['netns', 'exec', ns, 'birdc', '-s', sock, 'show', 'protocols']);
      return { status: started.status, protocols: r.out };
    } finally {
      killPidFile(pid);
    }
  });
}

/** Starts gobgpd on `toml` in a fresh namespace and returns its neighbour list (JSON). */
export function runGobgp(toml: string): { neighbors: { conf: { neighbor_address: string } }[] } {
  const { path } = tempFile('gobgpd.toml', toml);
  return withNetns((ns, dir) => {
    const sock = `unix://${dir}/gobgp.sock`;
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'gobgpd',
        '-f',
        path,
        '-t',
        'toml',
        '--api-hosts',
        sock,
        '--pprof-disable',
      ],
      { stdio: 'ignore' },
    );
    try {
      let out = '';
      for (let i = 0; i < 100; i++) {
        execFileSync('sleep', ['0.05']);
        const r = run('ip', ['netns', 'exec', ns, 'gobgp', '--target', sock, 'neighbor', '-j']);
        if (r.status === 0 && r.out.trim().startsWith('[')) {
          out = r.out;
          break;
        }
      }
      return { neighbors: JSON.parse(out || '[]') as { conf: { neighbor_address: string } }[] };
    } finally {
      child.kill();
    }
  });
}

export interface LabDaemon {
  name: string;
  daemon: 'frr' | 'bird';
  /** frr.conf or bird.conf as exported. */
  conf: string;
  /** Commands run in the node's namespace first (the containerlab `exec` list): `ip …` only. */
  exec?: string[];
}

export interface RunningLab {
  vtysh(node: string, cmd: string): string;
  birdc(node: string, cmd: string): string;
  /** Runs a command (e.g. `ip -j route`) inside the node's namespace. */
  exec(node: string, args: string[]): string;
}

/**
 * Builds a small lab of real FRR (zebra+bgpd) and BIRD daemons, one network namespace per node
 * joined by veths created directly inside the namespaces (notes/real-daemons.md), runs `body`
 * on it and tears everything down: only the PIDs recorded here are killed, only the namespaces
 * created here are deleted, and nothing touches the root namespace.
 */
export function withDaemonLab<T>(
  nodes: LabDaemon[],
  links: { a: [string, string]; b: [string, string] }[],
  body: (lab: RunningLab) => T,
): T {
  const id = `${process.pid}-${nsCounter++}`;
  const root = `/run/rlx11/${id}`;
  const ns = (n: string): string => `rlx11-${id}-${n}`;
  const dir = (n: string): string => `${root}/${n}`;
  const inNs = (n: string, args: string[]): { status: number; out: string } =>
    run('ip', ['netns', 'exec', ns(n), ...args]);
  const uid = Number(execFileSync('id', ['-u', 'frr'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'frr'], { encoding: 'utf8' }).trim());
  const pidFiles: string[] = [];
  const made: string[] = [];
  try {
    for (const n of nodes) {
      mkdirSync(dir(n.name), { recursive: true });
      if (n.daemon === 'frr') chownSync(dir(n.name), uid, gid);
      execFileSync('ip', ['netns', 'add', ns(n.name)]);
      made.push(ns(n.name));
      inNs(n.name, ['ip', 'link', 'set', 'lo', 'up']);
      for (const kv of [
        'net.ipv4.ip_forward=1',
        'net.ipv6.conf.all.forwarding=1',
        'net.ipv6.conf.all.accept_dad=0',
        'net.ipv6.conf.default.accept_dad=0',
        'net.ipv4.conf.all.rp_filter=0',
        'net.ipv4.conf.default.rp_filter=0',
      ])
        inNs(n.name, ['sysctl', '-qw', kv]);
    }
    for (const l of links) {
      execFileSync('ip', [
        'link',
        'add',
        l.a[1],
        'netns',
        ns(l.a[0]),
        'type',
        'veth',
        'peer',
        'name',
        l.b[1],
        'netns',
        ns(l.b[0]),
      ]);
      inNs(l.a[0], ['ip', 'link', 'set', l.a[1], 'up']);
      inNs(l.b[0], ['ip', 'link', 'set', l.b[1], 'up']);
    }
    for (const n of nodes) for (const c of n.exec ?? []) inNs(n.name, c.split(' '));
    // FRR first: BIRD's first connect (after its 5 s connect delay) then finds bgpd listening.
    for (const n of nodes.filter((x) => x.daemon === 'frr')) {
      const d = dir(n.name);
      for (const daemon of ['zebra', 'bgpd']) {
        pidFiles.push(`${d}/${daemon}.pid`);
        inNs(n.name, [
          `/usr/lib/frr/${daemon}`,
          '-d',
          '-i',
          `${d}/${daemon}.pid`,
          '--vty_socket',
          d,
          '-z',
          `${d}/zserv.api`,
          '-P',
          '0',
          '-u',
          'frr',
          '-g',
          'frr',
          '-f',
          '/dev/null',
          '--log',
          `file:${d}/${daemon}.log`,
        ]);
        const wait = daemon === 'zebra' ? `${d}/zserv.api` : `${d}/bgpd.vty`;
        for (let i = 0; i < 100 && !existsSync(wait); i++) execFileSync('sleep', ['0.05']);
      }
      const { path } = tempFile('frr.conf', n.conf);
      const r = inNs(n.name, ['vtysh', '--vty_socket', d, '-f', path]);
      if (r.status !== 0 || vtyshRefusals(r.out).length > 0)
        throw new Error(`${n.name}: vtysh refused the config:\n${r.out}`);
    }
    for (const n of nodes.filter((x) => x.daemon === 'bird')) {
      const d = dir(n.name);
      const { path } = tempFile('bird.conf', n.conf);
      pidFiles.push(`${d}/bird.pid`);
      const r = inNs(n.name, ['bird', '-c', path, '-s', `${d}/bird.ctl`, '-P', `${d}/bird.pid`]);
      if (r.status !== 0) throw new Error(`${n.name}: bird refused the config:\n${r.out}`);
    }
    return body({
      vtysh: (node, cmd) => inNs(node, ['vtysh', '--vty_socket', dir(node), '-c', cmd]).out,
      birdc: (node, cmd) =>
        inNs(node, ['birdc', '-r', '-s', `${dir(node)}/bird.ctl`, ...cmd.split(' ')]).out,
      exec: (node, args) => inNs(node, args).out,
    });
  } finally {
    for (const p of pidFiles) killPidFile(p);
    execFileSync('sleep', ['0.2']);
    for (const n of made) spawnSync('ip', ['netns', 'del', n]);
    rmSync(root, { recursive: true, force: true });
  }
}

/** Polls `probe` every half second until it returns a value or `seconds` pass (then undefined). */
export function pollFor<T>(seconds: number, probe: () => T | undefined): T | undefined {
  for (let i = 0; i < seconds * 2; i++) {
    const v = probe();
    if (v !== undefined) return v;
    execFileSync('sleep', ['0.5']);
  }
  return undefined;
}

/**
 * Evaluates BIRD filter expressions with a real BIRD (`birdc eval`), in a namespace of its own:
 * the answers (`TRUE`, `FALSE`, or an error) are BIRD's, not ours.
 */
export function birdEval(exprs: string[]): string[] {
  const { path } = tempFile('bird.conf', 'router id 192.0.2.1;\nprotocol device {}\n');
  return withNetns((ns, dir) => {
    const pid = `${dir}/bird.pid`;
    const sock = `${dir}/bird.ctl`;
    run('ip', ['netns', 'exec', ns, 'bird', '-c', path, '-s', sock, '-P', pid]);
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++) execFileSync('sleep', ['0.05']);
      // Not `-r`: restricted mode refuses `eval` ("Access restricted"). The answer is the last line.
      return exprs.map(
        (e) =>
          run('ip', ['netns', 'exec', ns, 'birdc', '-s', sock, 'eval', e])
            .out.trim()
            .split('\n')
            .pop() ?? '',
      );
    } finally {
      killPidFile(pid);
    }
  });
}
