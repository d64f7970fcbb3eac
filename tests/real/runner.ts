/**
 * Runs one corpus lab on the real daemons: export configs, build the namespaces, start daemons,
 * wait for convergence, collect, optionally fail links and collect again, always tear down.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../../src/model';
import type { DeviceConfig } from './configs';
import { labConfigs } from './configs';
import { addressMap, collectSnapshot, waitConverged } from './collect';
import type { CorpusLab } from './corpus/build';
import { saveDaemonFiles, startDaemons } from './daemons';
import { buildNet, teardown } from './netns';
import type { Snapshot } from './normal';
import { reachTraces } from './expect';
import { traceTarget } from './runner-targets';
import type { RunLog } from './sh';
import { logLine, must } from './sh';

export interface Phase {
  /** 'initial', or 'after <link ids> down'. */
  label: string;
  /** The lab as the engine must see this phase (failed links marked down). */
  lab: Lab;
  converged: boolean;
  ms: number;
  snapshot: Snapshot;
}

export interface RealRun {
  id: string;
  configs: DeviceConfig[];
  phases: Phase[];
  totalMs: number;
}

/** The traces a lab asks for plus one per `reach` expectation, without duplicates. */
export function labTraces(c: CorpusLab): { from: string; to: string }[] {
  const all = [
    ...(c.options.traces ?? []).map((t) => ({ from: t.from, to: traceTarget(c.lab, t.to) })),
    ...reachTraces(c.lab),
  ];
  return all.filter((t, i) => all.findIndex((u) => u.from === t.from && u.to === t.to) === i);
}

export async function runLab(c: CorpusLab, logDir?: string): Promise<RealRun> {
  const start = Date.now();
  if (logDir) {
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
  }
  const log: RunLog = logDir ? { file: join(logDir, 'runner.log') } : {};
  const configs = labConfigs(c.lab, { fastBirdTimers: c.options.fastBirdTimers });
  // A router's FRR (staticd) or BIRD (protocol static) installs the statics its exported config
  // carries. A Kubernetes node's statics are the node OS's routes: installed here, whatever
  // speaker the node runs.
  const routers = new Set(c.lab.devices.filter((d) => d.kind === 'router').map((d) => d.name));
  const staticsByDaemon = new Set(
    configs.filter((x) => x.daemon !== 'gobgp' && routers.has(x.device)).map((x) => x.device),
  );
  const net = await buildNet(c.lab, { log, staticsByDaemon });
  const traces = labTraces(c);
  const phases: Phase[] = [];
  try {
    const handles = await startDaemons(net, configs);
    const map = await addressMap(net);
    const conv = await waitConverged(net, handles, map);
    phases.push({
      label: 'initial',
      lab: c.lab,
      converged: conv.converged,
      ms: conv.ms,
      snapshot: await collectSnapshot(net, handles, map, conv.devices, traces),
    });
    if (c.options.failLinks && c.options.failLinks.length > 0) {
      const failed = new Set(c.options.failLinks);
      for (const l of c.lab.links.filter((x) => failed.has(x.id))) {
        for (const e of [l.a, l.b]) {
          await must(log, 'ip', [
            '-n',
            net.names.ns[e.device] as string,
            'link',
            'set',
            net.names.ifName[e.device]?.[e.interface] ?? e.interface,
            'down',
          ]);
        }
      }
      logLine(log, `failed links ${[...failed].join(', ')}`);
      // Longer than the datacenter hold time (9 s), so sessions that only time out are seen down.
      const after = await waitConverged(net, handles, map, {
        settleMs: 10_000,
        settleDownMs: 10_000,
      });
      phases.push({
        label: `after ${[...failed].join(', ')} down`,
        lab: {
          ...c.lab,
          links: c.lab.links.map((l) => (failed.has(l.id) ? { ...l, down: true } : l)),
        },
        converged: after.converged,
        ms: after.ms,
        snapshot: await collectSnapshot(net, handles, map, after.devices, traces),
      });
    }
  } finally {
    if (logDir) {
      saveDaemonFiles(net, logDir);
      writeFileSync(join(logDir, 'names.json'), JSON.stringify(net.names, null, 2));
    }
    await teardown(net);
  }
  if (logDir)
    writeFileSync(
      join(logDir, 'snapshots.json'),
      JSON.stringify(
        phases.map((p) => ({ label: p.label, snapshot: p.snapshot })),
        null,
        2,
      ),
    );
  return { id: c.id, configs, phases, totalMs: Date.now() - start };
}
