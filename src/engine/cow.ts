/**
 * Copy-on-write between a converged state and the states `apply` derives from it. A derived
 * state starts with the same speaker, peer and destination objects; each carries the generation
 * that owns it, and the engine copies one into the derived state the first time it writes it. A
 * single link failure on a big fabric so copies the few speakers, peers and destinations it
 * touches, and the earlier result keeps reading exactly what it read before.
 *
 * Interners (attribute sets, prefixes, reject reasons) are append-only and shared: an id means
 * the same in every state of a lineage.
 */
import { copyPaths } from './dest';
import { PrefixTable } from './prefixtable';
import { newExportCache } from './state';
import type { Dest, EngineState, Peer, SpeakerState } from './state';

let lastGen = 0;

/** A generation no existing state has. */
export function newGen(): number {
  return ++lastGen;
}

/** The state's own copy of speaker `i`, made on first write. */
export function ownSpeaker(st: EngineState, i: number): SpeakerState {
  const sp = st.speakers[i] as SpeakerState;
  if (sp.gen === st.gen) return sp;
  const own: SpeakerState = {
    ...sp,
    gen: st.gen,
    peers: sp.peers.slice(),
    // Destinations stay shared until written (ownDest).
    locRib: sp.locRib.derive(),
    local: new Map(sp.local),
    changes: PrefixTable.copy(sp.changes),
  };
  st.speakers[i] = own;
  return own;
}

/**
 * The state's own copy of peer `id`, made on first write; its Adj-RIBs stay shared until written
 * (adjInOf, adjOutOf). Its export/import caches start empty: what they hold depends on the
 * topology and configuration the run starts from.
 * `empty`: the copy starts with empty Adj-RIBs (the session goes down).
 */
export function ownPeer(st: EngineState, id: number, empty = false): Peer {
  const p = st.peers[id] as Peer;
  if (p.gen === st.gen) return p;
  const own: Peer = {
    ...p,
    gen: st.gen,
    ...(empty
      ? {
          adjIn: new PrefixTable(st.prefixes),
          adjOut: new PrefixTable(st.prefixes),
          adjInGen: st.gen,
          adjOutGen: st.gen,
        }
      : {}),
    exportCache: newExportCache(),
    importCache: new Map(),
  };
  st.peers[id] = own;
  return own;
}

/** The peer's Adj-RIB-In for writing (the peer must be owned). */
export function adjInOf(st: EngineState, p: Peer): PrefixTable {
  if (p.adjInGen !== st.gen) {
    p.adjIn = PrefixTable.copy(p.adjIn);
    p.adjInGen = st.gen;
  }
  return p.adjIn;
}

/** The peer's Adj-RIB-Out for writing (the peer must be owned). */
export function adjOutOf(st: EngineState, p: Peer): PrefixTable {
  if (p.adjOutGen !== st.gen) {
    p.adjOut = PrefixTable.copy(p.adjOut);
    p.adjOutGen = st.gen;
  }
  return p.adjOut;
}

/** The speaker's own copy of a destination (the speaker must be owned already). */
export function ownDest(sp: SpeakerState, prefix: number): Dest | undefined {
  const d = sp.locRib.get(prefix);
  if (!d || d.gen === sp.gen) return d;
  const own: Dest = { ...d, gen: sp.gen, data: copyPaths(d) };
  sp.locRib.set(prefix, own);
  return own;
}

/** A state that shares everything with `prev` until written. */
export function deriveState(prev: EngineState): EngineState {
  return {
    ...prev,
    gen: newGen(),
    options: { ...prev.options },
    speakers: prev.speakers.slice(),
    peers: prev.peers.slice(),
    queue: [],
    log: prev.log.slice(),
    rows: prev.rows.slice(),
  };
}
