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
}
