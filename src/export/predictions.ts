/**
 * What routelab predicted for the lab, as plain data. The lead fills it from the engine; the
 * exporters never import the engine. verify.sh compares the real lab with it.
 */
export interface PredictedSession {
  /** Model device names. */
  device: string;
  /** Peer address or (unnumbered) the model interface name. */
  peer: string;
  state: 'established' | 'down';
}

export interface PredictedRoute {
  device: string;
  prefix: string;
  /** Present in the BGP table (true) or absent (false). */
  present: boolean;
}

export interface PredictedTrace {
  /** Model device name (a client or router) the trace starts from. */
  from: string;
  /** Destination address. */
  to: string;
  /** Per hop, the addresses any ECMP branch may answer from. */
  hops: string[][];
}

export interface Predictions {
  sessions?: PredictedSession[];
  routes?: PredictedRoute[];
  traces?: PredictedTrace[];
  /** The lab's own expectations, printed by name with `routelab check`'s PASS/FAIL words. */
  expectations?: PredictedExpectation[];
}

/**
 * A lab expectation in the shape verify.sh can check on the real lab: model names, with the
 * session peer already resolved (address or model interface) and the reach target an address.
 */
export type PredictedExpectation =
  | {
      kind: 'route';
      name: string;
      device: string;
      prefix: string;
      absent?: boolean;
      nextHopCount?: number;
      /** Model device names; compared by device because link-local next hops change per run. */
      nextHopDevices?: string[];
    }
  | { kind: 'session'; name: string; device: string; peer: string; state: 'established' | 'down' }
  | { kind: 'reach'; name: string; from: string; to: string; not?: boolean };
