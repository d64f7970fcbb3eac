/**
 * Starts one corpus lab on the real daemons and keeps it running for a verify.sh run (or a
 * person poking at it): the netns build, daemons and convergence wait of runner.ts, plus the
 * exec shim that maps a verify.sh node name onto the lab's namespaces and daemon sockets.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodePods } from '../../src/model';
import { planExport } from '../../src/export/plan';
import { execTarget } from '../../src/export/scripts';
import { labConfigs } from './configs';
import { addressMap, waitConverged } from './collect';
import type { CorpusLab } from './corpus/build';
import type { DaemonHandle } from './daemons';
import { startDaemons } from './daemons';
import type { LabNet } from './netns';
import { buildNet, teardown } from './netns';
import type { RunLog } from './sh';

export interface LiveLab {
  net: LabNet;
  handles: DaemonHandle[];
  converged: boolean;
  stop: () => Promise<void>;
}

export async function startLab(c: CorpusLab, log: RunLog = {}): Promise<LiveLab> {
  const configs = labConfigs(c.lab, { fastBirdTimers: c.options.fastBirdTimers });
  // As runner.ts: routers' statics come from their daemon, nodes' from the node OS (here).
  const routers = new Set(c.lab.devices.filter((d) => d.kind === 'router').map((d) => d.name));
  const staticsByDaemon = new Set(
    configs.filter((x) => x.daemon !== 'gobgp' && routers.has(x.device)).map((x) => x.device),
  );
  const net = await buildNet(c.lab, { log, staticsByDaemon });
  try {
    const handles = await startDaemons(net, configs);
    const conv = await waitConverged(net, handles, await addressMap(net));
    return { net, handles, converged: conv.converged, stop: () => teardown(net) };
  } catch (e) {
    await teardown(net);
    throw e;
  }
}

/** Single-quotes a word for bash (the shim's case table). */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes `exec-shim NODE CMD…` for ROUTELAB_EXEC: NODE (verify.sh's name: the containerlab node,
 * or `node/pod`) → `ip netns exec <ns>`; vtysh, birdc and gobgp get the socket of the daemon
 * the runner started for that device. Daemon queries need no namespace (unix sockets).
 */
export function writeShim(live: LiveLab, dir: string): string {
  const { net } = live;
  const plan = planExport(net.lab);
  const byDevice = new Map(live.handles.map((h) => [h.device, h]));
  const cases: string[] = [];
  for (const d of net.lab.devices) {
    const h = byDevice.get(d.name);
    const node = execTarget(plan, d.name);
    if (node === undefined) continue;
    cases.push(`  ${q(node)}) ns=${q(net.names.ns[d.name] as string)}; dir=${q(h?.dir ?? '')} ;;`);
    if (d.kind !== 'k8s-node') continue;
    for (const p of nodePods(net.lab, d)) {
      const pod = execTarget(plan, `${d.name}/${p.name}`);
      const ns = net.podNs[`${d.name}/${p.name}`];
      if (pod !== undefined && ns !== undefined) cases.push(`  ${q(pod)}) ns=${q(ns)}; dir='' ;;`);
    }
  }
  const text = `#!/usr/bin/env bash
# exec-shim NODE CMD...: runs CMD for verify.sh inside the lab's network namespaces.
set -euo pipefail
node=$1
shift
case $node in
${cases.join('\n')}
  *) echo "exec-shim: unknown node $node" >&2; exit 127 ;;
esac
case $1 in
  vtysh) shift; exec vtysh --vty_socket "$dir" "$@" ;;
  birdc) shift; exec birdc -s "$dir/bird.ctl" "$@" ;;
  gobgp) shift; exec gobgp --target "unix://$dir/gobgp.sock" "$@" ;;
  *) exec ip netns exec "$ns" "$@" ;;
esac
`;
  const path = join(dir, 'exec-shim');
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}
