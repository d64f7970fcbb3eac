/**
 * The BGP engine's public face: `simulate` converges a lab, `deviceView` reads one device in
 * FRR's vocabulary, `installedRoutes` gives what each daemon puts into its kernel (the data plane
 * builds FIBs from it), and `apply` re-converges incrementally after a failure or edit.
 */
import type { Lab } from '../model';
import { deriveState, ownPeer, ownSpeaker } from './cow';
import { builtFibsOf, converge, logConfig, newState, speakerInfos, topologyOf } from './engine';
import type { InstalledRoute } from './install';
import { resolveRecursive, speakerInstalled } from './install';
import type { SpeakerInfo } from './sessions';
import type { EngineState, SpeakerState } from './state';
import type { DeviceBgpView, SimEvent, SimOptions, SimResult } from './types';
import { sameDeviceTopology } from './fibs';
import { buildTopology, deriveTopology } from './topology';
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
  const topo = topologyOf(st);
  return resolveRecursive(
    topo,
    sp.info.device,
    speakerInstalled(st, sp),
    sp.info.defaults.nextHopCheck === 'frr',
  );
}

/**
 * The lab with the event applied. Only the edited link or device is copied: the rest is shared
 * with the earlier result's lab (neither is ever edited in place), so unchanged devices keep
 * their identity and their speakers their configuration.
 */
function editLab(lab: Lab, ev: Exclude<SimEvent, { kind: 'config' }>): Lab {
  switch (ev.kind) {
    case 'link-down':
    case 'link-up': {
      const i = lab.links.findIndex((x) => x.id === ev.link);
      const l = lab.links[i];
      if (!l) throw new Error(`no link ${ev.link}`);
      const links = lab.links.slice();
      links[i] = { ...structuredClone(l), down: ev.kind === 'link-down' };
      return { ...lab, links };
    }
    case 'device-down':
    case 'device-up':
    case 'session-shutdown': {
      const i = lab.devices.findIndex((x) => x.name === ev.device);
      const d = lab.devices[i];
      if (!d) throw new Error(`no device ${ev.device}`);
      const next = structuredClone(d);
      if (ev.kind !== 'session-shutdown') next.down = ev.kind === 'device-down';
      else {
        const bgp = next.kind === 'router' || next.kind === 'k8s-node' ? next.bgp : undefined;
        const n = bgp?.neighbors.find((x) => x.peer === ev.peer);
        if (!n) throw new Error(`${ev.device} has no configured neighbor ${ev.peer}`);
        n.shutdown = ev.shutdown;
      }
      const devices = lab.devices.slice();
      devices[i] = next;
      return { ...lab, devices };
    }
  }
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
  const prevTopo = topologyOf(prev);
  const st = deriveState(prev);
  st.lab = editLab(st.lab, event);
  const topo =
    event.kind === 'link-down' || event.kind === 'link-up'
      ? deriveTopology(prevTopo, st.lab, event.link)
      : buildTopology(st.lab);
  // A link changes no speaker's configuration (bgpSpeakers reads devices and clusters only).
  const linkEvent = event.kind === 'link-down' || event.kind === 'link-up';
  const infos = linkEvent ? st.speakers.map((s) => s.info) : speakerInfos(st.lab, topo);
  if (
    infos.length !== st.speakers.length ||
    infos.some((x, i) => x.name !== st.speakers[i]?.info.name)
  )
    return simulate(st.lab, { ...st.options, ...options, views });
  const edited = new Set<number>();
  for (let i = 0; i < st.speakers.length; i++) {
    const sp = st.speakers[i] as SpeakerState;
    const info = infos[i] as SpeakerInfo;
    if (info !== sp.info) edited.add(i);
    if (info === sp.info && sameDeviceTopology(prevTopo, topo, sp.info.device)) continue;
    // Import/export results depend on the configuration and the connected subnets (third-party
    // next hops): this speaker's peers start with empty caches (ownPeer).
    const own = ownSpeaker(st, i);
    own.info = info;
    for (const pid of own.peers) ownPeer(st, pid);
  }
  st.capped = false;
  delete st.oscillating;
  st.options = { ...st.options, maxEvents: st.step + (options.maxEvents ?? st.options.maxEvents) };
  logConfig(st, JSON.stringify(event), event.kind === 'session-shutdown' ? 'config' : event.kind);
  const built = builtFibsOf(prev);
  converge(st, topo, built && prevTopo === built.topo ? { built, edited } : undefined);
  return resultOf(st, views);
}
