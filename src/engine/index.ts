/**
 * The BGP engine's public face: `simulate` converges a lab, `deviceView` reads one device in
 * FRR's vocabulary, `installedRoutes` gives what each daemon puts into its kernel (the data plane
 * builds FIBs from it), and `apply` re-converges incrementally after a failure or edit.
 */
import type { Lab } from '../model';
import { copyState } from './copy';
import { converge, logConfig, newState, speakerInfos } from './engine';
import type { InstalledRoute } from './install';
import { resolveRecursive, speakerInstalled } from './install';
import type { EngineState } from './state';
import type { Topology } from './topology';
import { buildTopology } from './topology';
import type { DeviceBgpView, SimEvent, SimOptions, SimResult } from './types';
import { buildDeviceView } from './views';

export type * from './types';
export type { InstalledRoute, InstalledNextHop } from './install';

function resultOf(st: EngineState, views: boolean): SimResult {
  const devices: Record<string, DeviceBgpView> = {};
  if (views) st.speakers.forEach((sp, i) => (devices[sp.info.name] = buildDeviceView(st, i)));
  return {
    lab: st.lab.name,
    convergence: {
      converged: !st.capped && st.oscillating === undefined,
      events: st.step,
      ...(st.oscillating ? { oscillating: st.oscillating } : {}),
    },
    devices,
    log: st.log,
    state: st,
  };
}

export function simulate(lab: Lab, options: SimOptions = {}): SimResult {
  const st = newState(lab, options);
  converge(st);
  return resultOf(st, options.views !== false);
}

function stateOf(result: SimResult): EngineState | undefined {
  return result.state as EngineState | undefined;
}

/** One device's sessions, Loc-RIB and Adj-RIBs; undefined when the device speaks no BGP. */
export function deviceView(result: SimResult, device: string): DeviceBgpView | undefined {
  const st = stateOf(result);
  if (!st) return result.devices[device];
  const i = st.speakers.findIndex((s) => s.info.name === device);
  return i < 0 ? undefined : buildDeviceView(st, i);
}

/** Per prefix, the BGP next hops the device's daemon installs into its kernel. */
export function installedRoutes(result: SimResult, device: string): InstalledRoute[] {
  const st = stateOf(result);
  const sp = st?.speakers.find((s) => s.info.name === device);
  if (!st || !sp || st.lab.devices.find((d) => d.name === device)?.down) return [];
  let topo = topologies.get(st);
  if (!topo) {
    topo = buildTopology(st.lab);
    topologies.set(st, topo);
  }
  return resolveRecursive(
    topo,
    sp.info.device,
    speakerInstalled(st, sp),
    sp.info.defaults.nextHopCheck === 'frr',
  );
}

/** Topology per state, so reading every device's routes does not rebuild it each time. */
const topologies = new WeakMap<EngineState, Topology>();

function editLab(lab: Lab, ev: Exclude<SimEvent, { kind: 'config' }>): Lab {
  const next = structuredClone(lab);
  switch (ev.kind) {
    case 'link-down':
    case 'link-up': {
      const l = next.links.find((x) => x.id === ev.link);
      if (!l) throw new Error(`no link ${ev.link}`);
      l.down = ev.kind === 'link-down';
      break;
    }
    case 'device-down':
    case 'device-up': {
      const d = next.devices.find((x) => x.name === ev.device);
      if (!d) throw new Error(`no device ${ev.device}`);
      d.down = ev.kind === 'device-down';
      break;
    }
    case 'session-shutdown': {
      const d = next.devices.find((x) => x.name === ev.device);
      const bgp = d && (d.kind === 'router' || d.kind === 'k8s-node') ? d.bgp : undefined;
      const n = bgp?.neighbors.find((x) => x.peer === ev.peer);
      if (!n) throw new Error(`${ev.device} has no configured neighbor ${ev.peer}`);
      n.shutdown = ev.shutdown;
      break;
    }
  }
  return next;
}

/**
 * Applies a failure or edit to a converged result and re-converges from there: only the
 * sessions, local routes and next hops that change produce UPDATEs. `config` edits recompute.
 */
export function apply(result: SimResult, event: SimEvent, options: SimOptions = {}): SimResult {
  const prev = stateOf(result);
  const views = options.views ?? Object.keys(result.devices).length > 0;
  if (!prev || event.kind === 'config') {
    const lab = event.kind === 'config' ? event.lab : undefined;
    if (!lab) throw new Error('apply needs a result from simulate()');
    return simulate(lab, { ...prev?.options, ...options, views });
  }
  const st = copyState(prev);
  st.lab = editLab(st.lab, event);
  const topo = buildTopology(st.lab);
  const infos = speakerInfos(st.lab, topo);
  if (
    infos.length !== st.speakers.length ||
    infos.some((x, i) => x.name !== st.speakers[i]?.info.name)
  )
    return simulate(st.lab, { ...st.options, ...options, views });
  infos.forEach((info, i) => {
    const sp = st.speakers[i];
    if (sp) sp.info = info;
  });
  for (const sp of st.speakers) sp.changes.clear();
  // Export results may depend on connected subnets (third-party next hops): start afresh.
  for (const p of st.peers) {
    p.exportCache?.clear();
    p.importCache?.clear();
  }
  st.capped = false;
  delete st.oscillating;
  st.options = { ...st.options, maxEvents: st.step + (options.maxEvents ?? st.options.maxEvents) };
  logConfig(st, JSON.stringify(event), event.kind === 'session-shutdown' ? 'config' : event.kind);
  converge(st, topo);
  return resultOf(st, views);
}
