/**
 * The engine's internal state. It stays where it was made (the worker keeps it; only views cross
 * the boundary): Adj-RIBs are class instances over typed arrays, and `apply` derives new states
 * that share unchanged parts copy-on-write (cow.ts), so a structured clone of it is not a state.
 * Attribute sets, prefixes and reject reasons are append-only interners shared by a state and the
 * states `apply` derives from it. Ids are small integers: speakers index `speakers`, peers index
 * `peers`, prefixes index `prefixes.names`, attribute sets index `attrs.list`.
 */
import type { Lab, Prefix4 } from '../model';
import type { AttrTable, Interner } from './attrs';
import type { DecisionRule } from './candidates';
import type { NeighborConfig } from './neighbors';
import type { LocRib } from './locrib';
import type { PrefixTable } from './prefixtable';
import type { SessionRow, SpeakerInfo } from './sessions';
import type { LogEntry, SessionType, SimOptions } from './types';

/** One side of an Established session, as FRR's `struct peer` (one per session per speaker). */
export interface Peer {
  id: number;
  /** The state generation that owns this object (cow.ts): others share it read-only. */
  gen: number;
  speaker: number;
  /** The other side's Peer id. */
  remote: number;
  sessionKey: string;
  config: NeighborConfig;
  type: SessionType;
  localAddress: string;
  remoteAddress: string;
  /** Local interface of an unnumbered session. */
  iface?: string;
  remoteSpeaker: number;
  remoteAs: number;
  remoteRouterId: string;
  /** remoteRouterId and remoteAddress as the decision compares them (addrkey.ts). */
  remoteRouterIdKey: number | string;
  remoteAddressKey: number | string;
  rrClient: boolean;
  up: boolean;
  /** Adj-RIB-In: prefix id → accepted attribute id (≥ 0), or −(1 + reject-reason id). */
  adjIn: PrefixTable;
  /** Adj-RIB-Out: prefix id → attribute id advertised. */
  adjOut: PrefixTable;
  /** The generations owning the `adjIn` and `adjOut` tables (copied apart on first write). */
  adjInGen: number;
  adjOutGen: number;
  /**
   * Export result per Loc-RIB attr when no prefix-dependent policy applies, for the first source
   * peer it was exported from (the result also depends on the source; another source computes
   * afresh). Keyed by the attribute id alone: a combined key would leave the small-integer range
   * on a big fabric and allocate on every lookup.
   */
  exportCache: ExportCache;
  /** Import result per received attr when no prefix-dependent policy applies. */
  importCache: Map<number, number>;
}

/**
 * A peer's export results per Loc-RIB attribute set (see Peer.exportCache), and the last one
 * looked up: exports to a peer come in runs of one attribute set (a spine sends a leaf's nodes'
 * prefixes, which share their attributes, one after the other), and on a big fabric millions of
 * exports so cost two comparisons instead of a Map lookup.
 */
export interface ExportCache {
  byAttr: Map<number, { src: number; out: number }>;
  attr: number;
  src: number;
  out: number;
}

export function newExportCache(): ExportCache {
  return { byAttr: new Map(), attr: -1, src: 0, out: -1 };
}

/** Empties the cache (its results hold only for the topology and configuration of one run). */
export function clearExportCache(c: ExportCache): void {
  if (c.byAttr.size > 0) c.byAttr.clear();
  c.attr = -1;
}

export type LocalKind = 'network' | 'redistribute' | 'aggregate';

/** One candidate path of a destination (FRR `bgp_path_info`), as views read it (dest.ts). */
export interface Path {
  /** Peer id it came from; −1 for a locally originated route. */
  src: number;
  attr: number;
  learnedAt: number;
  local?: LocalKind;
  /** A local route that exists in the table but is not eligible (import-check). */
  localInvalid?: string;
}

/** One prefix in a Loc-RIB (FRR `bgp_dest`): candidates newest first, plus the decision. */
export interface Dest {
  /** The generation of the speaker object that owns it (cow.ts). */
  gen: number;
  /** The candidate paths packed as (source peer, attribute id, step learned) triples (dest.ts). */
  data: number[];
  /** How many paths: `data` may be longer. */
  n: number;
  /** Index of the best path, −1 when no path is eligible. */
  best: number;
  multipath: number[];
  /** Per path, why it is not eligible; undefined when every path is (most destinations). */
  invalid: (string | undefined)[] | undefined;
  /**
   * What the last decision read beyond the paths, so a view recomputes its reasons exactly
   * (reasons.ts): the index of the path that counted as selected for the older-path rule (−1
   * none), and the speaker's decision rule then (`apply` may have replaced it since).
   */
  older: number;
  rule: DecisionRule | undefined;
  /** The selected path's source peer (−2 none): FRR's BGP_PATH_SELECTED for the older-path rule. */
  selSrc: number;
  selAttr: number;
}

export interface SpeakerState {
  /** The state generation that owns this object (cow.ts): others share it read-only. */
  gen: number;
  info: SpeakerInfo;
  /** Peer ids of Established sessions. */
  peers: number[];
  /** Loc-RIB: prefix id → destination (shared with derived states until written: locrib.ts). */
  locRib: LocRib;
  clusterId: string;
  /** Local routes currently originated: prefix id → attribute id (or the invalid reason). */
  local: Map<number, { attr: number; kind: LocalKind; invalid?: string }>;
  /** Loc-RIB best-path changes per prefix, for oscillation detection. */
  changes: PrefixTable;
}

/** An UPDATE on the wire: many prefixes, each with an attribute id or −1 (withdrawn). */
export interface Message {
  /** Receiving Peer id (the channel: delivery per session is in order). */
  to: number;
  /** Typed arrays: the log keeps every delivered UPDATE's prefixes (4 bytes an entry, not 8). */
  prefixes: Int32Array;
  attrs: Int32Array;
}

export interface EngineState {
  /**
   * This state's generation. `apply` starts a new state that shares every speaker, peer and
   * destination with the converged one it came from, and copies one only when it first writes it
   * (cow.ts), so the earlier result reads the same afterwards.
   */
  gen: number;
  lab: Lab;
  options: Required<Pick<SimOptions, 'order' | 'seed' | 'maxEvents' | 'keepLog'>>;
  speakers: SpeakerState[];
  peers: Peer[];
  prefixes: Interner;
  parsed: Prefix4[];
  attrs: AttrTable;
  rejectReasons: Interner;
  /** Pending messages per receiving peer, and the order channels became ready (FIFO). */
  queue: Message[];
  rng: number;
  step: number;
  log: LogEntry[];
  rows: SessionRow[];
  oscillating?: { prefixes: string[]; devices: string[] };
  capped: boolean;
  /** Some prefix reached the oscillation threshold of best-path changes. */
  oscillationSuspect?: boolean;
  /** Step at which the current convergence run (simulate or apply) started. */
  epoch?: number;
  /** IPv4 interface address → device name, for naming next-hop devices. */
  nextHopOwners?: Record<string, string>;
}
