/**
 * Starts the daemon each device runs, inside its namespace, with a runtime dir of its own under
 * /run/rl/<run>/<dev>/ (short: unix sockets are limited to 108 bytes). Every PID is recorded on
 * the LabNet so teardown kills exactly these and nothing else.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DeviceConfig } from './configs';
import type { LabNet } from './netns';
import { logLine, must, run, sleep } from './sh';

export interface DaemonHandle {
  device: string;
  daemon: DeviceConfig['daemon'];
  ns: string;
  dir: string;
}

export function deviceDir(net: LabNet, device: string): string {
  return join(net.runDir, device);
}

/** Spawns a long-running process in a namespace (with its own UTS hostname) and records its PID. */
function spawnIn(net: LabNet, device: string, cmd: string, args: string[]): number {
  const ns = net.names.ns[device] as string;
  const script = `hostname ${device.replace(/[^A-Za-z0-9.-]/g, '-')}; exec "$0" "$@"`;
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, 'unshare', '--uts', 'sh', '-c', script, cmd, ...args],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${cmd} on ${device}`);
  // ip netns exec, unshare and sh all exec: the spawned PID is the daemon's own.
  net.pids.push(child.pid);
  logLine(net.log, `spawn ${device} pid ${child.pid}: ${cmd} ${args.join(' ')}`);
  return child.pid;
}

async function waitFor(path: string, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${path})`);
    await sleep(50);
  }
}

function frrArgs(dir: string, d: string): string[] {
  return [
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
  ];
}

async function startFrr(net: LabNet, cfg: DeviceConfig, dir: string): Promise<void> {
  await must(net.log, 'chown', ['frr:frr', dir]);
  spawnIn(net, cfg.device, '/usr/lib/frr/zebra', frrArgs(dir, 'zebra'));
  await waitFor(`${dir}/zserv.api`, `zebra on ${cfg.device}`);
  spawnIn(net, cfg.device, '/usr/lib/frr/bgpd', frrArgs(dir, 'bgpd'));
  spawnIn(net, cfg.device, '/usr/lib/frr/staticd', frrArgs(dir, 'staticd'));
  await waitFor(`${dir}/bgpd.vty`, `bgpd on ${cfg.device}`);
  await waitFor(`${dir}/staticd.vty`, `staticd on ${cfg.device}`);
  // vtysh sends each line to the daemon owning it and exits non-zero on any rejected line.
  const res = await run(net.log, 'vtysh', ['--vty_socket', dir, '-f', `${dir}/frr.conf`]);
  if (res.code !== 0) {
    throw new Error(`FRR rejected the config of ${cfg.device}:\n${res.stdout}${res.stderr}`);
  }
}

async function startBird(net: LabNet, cfg: DeviceConfig, dir: string): Promise<void> {
  const conf = `${dir}/bird.conf`;
  // A config BIRD cannot parse would leave the node silently without sessions.
  const check = await run(net.log, 'bird', ['-p', '-c', conf]);
  if (check.code !== 0) {
    throw new Error(`BIRD rejected the config of ${cfg.device}:\n${check.stderr}${check.stdout}`);
  }
  spawnIn(net, cfg.device, '/usr/sbin/bird', [
    '-f',
    '-c',
    conf,
    '-s',
    `${dir}/bird.ctl`,
    '-P',
    `${dir}/bird.pid`,
  ]);
  await waitFor(`${dir}/bird.ctl`, `bird on ${cfg.device}`);
}

async function startGobgp(net: LabNet, cfg: DeviceConfig, dir: string): Promise<void> {
  const conf = `${dir}/gobgpd.toml`;
  const check = await run(net.log, 'gobgpd', ['-f', conf, '-t', 'toml', '-d']);
  if (check.code !== 0) {
    throw new Error(`GoBGP rejected the config of ${cfg.device}:\n${check.stderr}${check.stdout}`);
  }
  // gobgpd writes its log to stdout: wrap it so the log lands in the runtime dir.
  spawnIn(net, cfg.device, 'sh', [
    '-c',
    `exec gobgpd -f ${conf} -t toml -p --api-hosts unix://${dir}/gobgp.sock --pprof-disable >${dir}/gobgpd.log 2>&1`,
  ]);
  await waitFor(`${dir}/gobgp.sock`, `gobgpd on ${cfg.device}`);
  // Cilium announces its pod CIDR and LoadBalancer IPs with ORIGIN IGP (the CLI default is
  // incomplete).
  for (const p of cfg.announce) {
    await must(net.log, 'gobgp', [
      '--target',
      `unix://${dir}/gobgp.sock`,
      'global',
      'rib',
      'add',
      '-a',
      'ipv4',
      p,
      'origin',
      'igp',
    ]);
  }
}

export async function startDaemons(net: LabNet, configs: DeviceConfig[]): Promise<DaemonHandle[]> {
  return Promise.all(
    configs.map(async (cfg) => {
      const dir = deviceDir(net, cfg.device);
      mkdirSync(dir, { recursive: true });
      const file = { frr: 'frr.conf', bird: 'bird.conf', gobgp: 'gobgpd.toml' }[cfg.daemon];
      writeFileSync(join(dir, file), cfg.text);
      if (cfg.daemon === 'frr') await startFrr(net, cfg, dir);
      else if (cfg.daemon === 'bird') await startBird(net, cfg, dir);
      else await startGobgp(net, cfg, dir);
      return {
        device: cfg.device,
        daemon: cfg.daemon,
        ns: net.names.ns[cfg.device] as string,
        dir,
      };
    }),
  );
}

/** Copies configs and daemon logs out of the runtime dir before teardown deletes it. */
export function saveDaemonFiles(net: LabNet, to: string): void {
  const raw = Object.entries(net.raw)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `===== ${k}\n${v}`);
  writeFileSync(join(to, 'raw.txt'), `${raw.join('\n')}\n`);
  if (!existsSync(net.runDir)) return;
  for (const dev of readdirSync(net.runDir)) {
    const src = join(net.runDir, dev);
    const dst = join(to, dev);
    mkdirSync(dst, { recursive: true });
    for (const f of readdirSync(src)) {
      if (/\.(log|conf|toml)$/.test(f)) copyFileSync(join(src, f), join(dst, f));
    }
  }
}

export function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
