/**
 * The engine's public result types: plain serialisable data that crosses the worker boundary
 * and feeds the CLI, the UI, expectations and the differential suite. Internal state (interned
 * attributes, typed arrays) is private to the engine; these are the views of it.
 */
import type { Lab } from '../model';

export interface SimOptions {
  /** Delivery order of queued events: FIFO (default) or a seeded random order. */
  order?: 'fifo' | 'random';
  seed?: number;
  /** Hard cap on processed events; past it the run stops and reports non-convergence. */
  maxEvents?: number;
  /** Keep the full event log (for step-through). Default true. */
  keepLog?: boolean;
  /**
   * Fill `SimResult.devices` eagerly (default true). Large labs pass false and read devices
   * through `deviceView(result, name)`, which builds the view from `SimResult.state`.
   */
  views?: boolean;
}

export type BgpSessionState = 'Established' | 'Idle' | 'Active';
export type SessionType = 'ibgp' | 'ebgp';

export interface SessionView {
  device: string;
  /** As configured: an address, or the interface name for unnumbered peers. */
  peer: string;
  /** The device at the other end, when there is one. */
  peerDevice?: string;
  localAs: number;
  remoteAs?: number;
  type?: SessionType;
  state: BgpSessionState;
  /** Why the session is not Established, in plain words ("peer does not configure us", …). */
  reason?: string;
  routeReflectorClient: boolean;
  /** Prefixes accepted from the peer / advertised to it (FRR `PfxRcd` / `PfxSnt`). */
  prefixesReceived: number;
  prefixesSent: number;
  /** Addresses of the TCP session when up. */
  localAddress?: string;
  remoteAddress?: string;
  /** From a listen range (dynamic peer). */
  dynamic?: boolean;
  /**
   * RFC 8212 blocks this Established eBGP session (`bgp ebgp-requires-policy` and no policy in
   * that direction): FRR's summary shows "(Policy)". Only default-originate still goes out.
   */
  policyBlocked?: 'in' | 'out' | 'both';
}

export type Origin = 'i' | 'e' | '?';

/** FRR's words for the step of `bgp_path_info_cmp` that decided. */
export type DecisionReason =
  | 'First path received'
  | 'Weight'
  | 'Local Pref'
  | 'Local Route'
  | 'AS Path'
  | 'Origin'
  | 'MED'
  | 'eBGP Peer'
  | 'iBGP Peer'
  | 'IGP Metric'
  | 'Cluster length'
  | 'Older Path'
  | 'Router ID'
  | 'Peer IP'
  | 'Nothing left to compare';

export interface PathView {
  prefix: string;
  /** Next-hop address as carried ("0.0.0.0" for locally originated); link-local peers: the interface. */
  nextHop: string;
  /** The device owning the next hop, when known. */
  nextHopDevice?: string;
  /** Peer the path was learned from (address or interface); absent for local routes. */
  fromPeer?: string;
  fromDevice?: string;
  peerRouterId?: string;
  asPath: number[];
  origin: Origin;
  med?: number;
  localPref?: number;
  weight: number;
  communities: string[];
  originatorId?: string;
  clusterList: string[];
  ibgp: boolean;
  local: boolean;
  /** Eligible for best path (next hop resolves, not looped, …). */
  valid: boolean;
  invalidReason?: string;
  best: boolean;
  multipath: boolean;
  /** On the best path: the step that decided; on others: why it lost to the best. */
  reason?: DecisionReason;
  /** Why this non-best path is not in the multipath set. */
  notMultipathReason?: string;
  /** Logical time it was learned (event number), for the older-path rule. */
  learnedAt: number;
}

export interface RouteEntryView {
  prefix: string;
  paths: PathView[];
}

export interface DeviceBgpView {
  device: string;
  asn: number;
  routerId?: string;
  sessions: SessionView[];
  /** Every prefix with all candidate paths; best and multipath flagged. */
  locRib: RouteEntryView[];
  /** Per peer (SessionView.peer): what it sent us, after import policy (rejected ones flagged invalid). */
  adjRibIn: Record<string, PathView[]>;
  /** Per peer: what we send it. */
  adjRibOut: Record<string, PathView[]>;
}

export interface LogEntry {
  step: number;
  kind:
    | 'session-up'
    | 'session-down'
    | 'update'
    | 'withdraw'
    | 'link-down'
    | 'link-up'
    | 'device-down'
    | 'device-up'
    | 'config';
  from?: string;
  to?: string;
  prefixes: string[];
  /** What happened at the receiver: accepted/rejected and why, best path changes. */
  detail: string;
}

export interface Convergence {
  converged: boolean;
  events: number;
  /** Set when the event cap or a repeated state stopped the run. */
  oscillating?: { prefixes: string[]; devices: string[] };
}

export interface SimResult {
  lab: string;
  convergence: Convergence;
  /** Per BGP speaker; may be empty with `views: false` — read devices through `deviceView`. */
  devices: Record<string, DeviceBgpView>;
  log: LogEntry[];
  /** The engine's internal state (opaque; not to be cloned or sent): input of deviceView/apply. */
  state?: unknown;
}

/** An incremental change `apply` re-converges from the current state. */
export type SimEvent =
  | { kind: 'link-down' | 'link-up'; link: string }
  | { kind: 'device-down' | 'device-up'; device: string }
  /** `neighbor PEER shutdown` on (shutdown true) or off, PEER as configured on DEVICE. */
  | { kind: 'session-shutdown'; device: string; peer: string; shutdown: boolean }
  /** Any other edit: the new lab (recomputed from scratch). */
  | { kind: 'config'; lab: Lab };
