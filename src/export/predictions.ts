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
 * Optional fields are the claim's details (as `routelab check` reads them) and display text.
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
      /** The best path's AS_PATH. */
      asPath?: number[];
      /** Model device the best path was learned from. */
      bestFrom?: string;
    }
  | {
      kind: 'session';
      name: string;
      device: string;
      peer: string;
      state: 'established' | 'down';
      /** The two devices as the expectation names them (for the reason line). */
      a?: string;
      b?: string;
    }
  | {
      kind: 'reach';
      name: string;
      /** Model device, or `device/pod` (probes leave from that pod). */
      from: string;
      /** Destination address (the model's; a pod's real address is looked up at run time). */
      to: string;
      not?: boolean;
      /** Devices the path must cross, in order (the source device counts, as in the engine). */
      via?: string[];
      /** The destination as the expectation writes it (address, device or `device/pod`). */
      label?: string;
      /** Model device that owns the destination, to name the last hop. */
      toDevice?: string;
      /** The destination is this `device/pod`. */
      toPod?: string;
    }
  | {
      kind: 'survives';
      name: string;
      /** Names of the expectations that must still hold after each failure. */
      expectations: string[];
      /** Each single failure: the interfaces to set down (both ends of a link, or a device's). */
      failures: PredictedFailure[];
    };

export interface PredictedFailure {
  /** As `routelab check` names it: `link ID down` or `DEVICE down`. */
  name: string;
  /** Model device and interface names. */
  ends: { device: string; interface: string }[];
}
