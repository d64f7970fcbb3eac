/**
 * Per-render lookups every node and edge of the canvas needs, computed once per lab / simulation
 * result and shared: with a thousand devices, each component scanning the lab or the session list
 * on its own costs O(devices × sessions) per update.
 */
import type { SessionView } from '../../engine/types';
import type { Device, Lab } from '../../model/types';
import type { TraceView } from '../../worker/views';
import { linkState, sessionsOver, traceHops } from './flow';
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

/** Every link's state for this lab and run (sessions of its two ends only). */
export function linkStates(lab: Lab, sessions: readonly SessionView[]): Map<string, LinkState> {
  let perRun = statesByLab.get(lab);
  if (!perRun) {
    perRun = new WeakMap();
    statesByLab.set(lab, perRun);
  }
  let states = perRun.get(sessions);
  if (!states) {
    states = new Map();
    const down = new Set(lab.devices.filter((d) => d.down).map((d) => d.name));
    for (const link of lab.links) {
      const ends = [...sessionsOf(sessions, link.a.device), ...sessionsOf(sessions, link.b.device)];
      states.set(link.id, linkState(sessionsOver(lab, link, ends), link, down));
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
