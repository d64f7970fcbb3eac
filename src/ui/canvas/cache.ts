/**
 * Per-render lookups every node and edge of the canvas needs, computed once per lab / simulation
 * result and shared: with a thousand devices, each component scanning the lab or the session list
 * on its own costs O(devices × sessions) per update.
 */
import type { SessionView } from '../../engine/types';
import { nodeBgp } from '../../model/k8s';
import type { Device, K8sNode, Lab } from '../../model/types';
import type { TraceView } from '../../worker/views';
import { endAddresses, linkState, traceHops } from './flow';
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

const EMPTY: SessionView[] = [];

export const sessionsByDevice = memo((sessions: readonly SessionView[]) => {
  const out = new Map<string, SessionView[]>();
  for (const s of sessions) {
    const list = out.get(s.device);
    if (list) list.push(s);
    else out.set(s.device, [s]);
  }
  return out;
});

export function sessionsOf(sessions: readonly SessionView[] | undefined, device: string) {
  return sessions ? (sessionsByDevice(sessions).get(device) ?? EMPTY) : EMPTY;
}

const statesByLab = new WeakMap<Lab, WeakMap<readonly SessionView[], Map<string, LinkState>>>();

/** Per link, the host addresses at its two ends (once per lab). */
const endsOf = memo(
  (lab: Lab) =>
    new Map(
      lab.links.map((l) => [
        l.id,
        [
          endAddresses(lab, l.a.device, l.a.interface),
          endAddresses(lab, l.b.device, l.b.interface),
        ] as const,
      ]),
    ),
);

/**
 * Every link's state for this lab and run: the sessions `sessionsOver` finds, looked up by
 * (device, peer device) and (device, peer address or interface) instead of scanning both ends'
 * sessions per link (a spine of L has 64 links and 64 sessions).
 */
export function linkStates(lab: Lab, sessions: readonly SessionView[]): Map<string, LinkState> {
  let perRun = statesByLab.get(lab);
  if (!perRun) {
    perRun = new WeakMap();
    statesByLab.set(lab, perRun);
  }
  let states = perRun.get(sessions);
  if (!states) {
    const index = new Map<string, SessionView[]>();
    const add = (key: string, s: SessionView) => {
      const list = index.get(key);
      if (list) list.push(s);
      else index.set(key, [s]);
    };
    for (const s of sessions) {
      if (s.peerDevice) add(`${s.device}\0d\0${s.peerDevice}`, s);
      add(`${s.device}\0p\0${s.peer}`, s);
    }
    const ends = endsOf(lab);
    const down = new Set(lab.devices.filter((d) => d.down).map((d) => d.name));
    states = new Map();
    for (const link of lab.links) {
      const [aAddrs, bAddrs] = ends.get(link.id) ?? [[], []];
      const over = new Set<SessionView>();
      const from = (device: string, peerDevice: string, iface: string, far: readonly string[]) => {
        for (const s of index.get(`${device}\0d\0${peerDevice}`) ?? []) over.add(s);
        for (const p of [...far, iface])
          for (const s of index.get(`${device}\0p\0${p}`) ?? []) over.add(s);
      };
      from(link.a.device, link.b.device, link.a.interface, bAddrs);
      from(link.b.device, link.a.device, link.b.interface, aAddrs);
      states.set(link.id, linkState([...over], link, down));
    }
    perRun.set(sessions, states);
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
