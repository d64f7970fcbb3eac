/**
 * A copy of an engine state for `apply`, equivalent to structuredClone for everything the engine
 * mutates, while sharing what it only ever replaces: attribute sets, paths, log entries, parsed
 * prefixes, neighbour configs and the lab (apply swaps in an edited copy). On a big fabric this
 * is a few `Map` copies per peer instead of serialising millions of entries.
 *
 * Fields this file does not know are deep-copied with structuredClone, so a new field is safe.
 */
import type { Dest, EngineState, Peer, SpeakerState } from './state';

/** One level of containers copied, values shared (safe for values replaced, never mutated). */
function shallow<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    if (v instanceof Map) out[k] = new Map(v);
    else if (v instanceof Set) out[k] = new Set(v);
    else if (Array.isArray(v)) out[k] = v.slice();
  }
  return out as T;
}

function copyDest(d: Dest): Dest {
  // decide() replaces every per-path array; only `paths` is edited in place (upsert/remove).
  return { ...d, paths: d.paths.slice() };
}

function copySpeaker(sp: SpeakerState): SpeakerState {
  const out = shallow(sp);
  const locRib = new Map<number, Dest>();
  for (const [pid, d] of sp.locRib) locRib.set(pid, copyDest(d));
  out.locRib = locRib;
  return out;
}

const copiers: { [K in keyof EngineState]?: (v: EngineState[K]) => EngineState[K] } = {
  lab: (v) => v,
  options: (v) => ({ ...v }),
  speakers: (v) => v.map(copySpeaker),
  peers: (v) => v.map((p: Peer) => shallow(p)),
  prefixes: (v) => shallow(v),
  parsed: (v) => v.slice(),
  attrs: (v) => shallow(v),
  rejectReasons: (v) => shallow(v),
  queue: (v) => v.map((m) => shallow(m)),
  log: (v) => v.slice(),
  rows: (v) => v.slice(),
  nextHopOwners: (v) => v,
};

export function copyState(st: EngineState): EngineState {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(st)) {
    const copy = copiers[k as keyof EngineState] as ((x: unknown) => unknown) | undefined;
    out[k] = copy ? copy(v) : structuredClone(v);
  }
  return out as unknown as EngineState;
}
