/**
 * Per-render lookups every node and edge of the canvas needs, computed once per lab / simulation
 * result and shared: with a thousand devices, each component scanning the lab or the session list
 * on its own costs O(devices × sessions) per update.
 */
import { nodeBgp } from '../../model/k8s';
import type { Device, K8sNode, Lab } from '../../model/types';
import { NO_HEALTH } from '../../worker/health';
import type { SessionHealth } from '../../worker/health';
import type { TraceView } from '../../worker/views';
import { traceHops } from './flow';
import type { LinkState } from './flow';

function memo<K extends object, V>(fn: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined) {
      v = fn(k);
      cache.set(k, v);
    }
    return v;
  };
}

export const devicesByName = memo((lab: Lab): Map<string, Device> => {
  return new Map(lab.devices.map((d) => [d.name, d]));
});

const statesByLab = new WeakMap<Lab, WeakMap<SessionHealth, Map<string, LinkState>>>();

/**
 * Every link's state for this lab and run: failed by the user (the link or an end), else how
 * its sessions stand as the worker computed them with the run (worker/health.ts). The run may
 * be for an older revision of the lab: a link it did not know has no sessions yet.
 */
export function linkStates(lab: Lab, health: SessionHealth = NO_HEALTH): Map<string, LinkState> {
  let perRun = statesByLab.get(lab);
  if (!perRun) {
    perRun = new WeakMap();
    statesByLab.set(lab, perRun);
  }
  let states = perRun.get(health);
  if (!states) {
    const down = new Set(lab.devices.filter((d) => d.down).map((d) => d.name));
    states = new Map();
    for (const link of lab.links) {
      const failed = link.down || down.has(link.a.device) || down.has(link.b.device);
      states.set(link.id, failed ? 'failed' : (health.links.get(link.id) ?? 'plain'));
    }
    perRun.set(health, states);
  }
  return states;
}

const NO_TRACE = new Map<string, string>();
const hopsOf = memo((t: TraceView) => traceHops(t));
export const traceHopsOf = (t: TraceView | undefined): Map<string, string> =>
  t ? hopsOf(t) : NO_TRACE;

export const linksById = memo((lab: Lab) => new Map(lab.links.map((l) => [l.id, l])));

/** The first link between two devices, by "a|b" in both directions. */
export const linksByEnds = memo((lab: Lab) => {
  const out = new Map<string, Lab['links'][number]>();
  for (const l of lab.links) {
    const ab = `${l.a.device}|${l.b.device}`;
    const ba = `${l.b.device}|${l.a.device}`;
    if (!out.has(ab)) out.set(ab, l);
    if (!out.has(ba)) out.set(ba, l);
  }
  return out;
});

const bgpByLab = new WeakMap<Lab, Map<string, ReturnType<typeof nodeBgp>>>();

/** A Kubernetes node's BGP (from its CNI), once per lab: the profile showed it on every render. */
export function nodeBgpOf(lab: Lab, node: K8sNode): ReturnType<typeof nodeBgp> {
  let perLab = bgpByLab.get(lab);
  if (!perLab) {
    perLab = new Map();
    bgpByLab.set(lab, perLab);
  }
  if (!perLab.has(node.name)) perLab.set(node.name, nodeBgp(lab, node));
  return perLab.get(node.name);
}
