/**
 * The data plane's public face: FIBs from connected/static/CNI/BGP routes, L2 segments,
 * traceroute (all ECMP paths or one flow), the reachability matrix, before/after diffs,
 * explanations, and FRR/Linux renderings.
 */
export * from './types';
export { buildFib, fibTable, forwardingNextHops, runsZebra } from './fib';
export { buildL2, type L2, type Port } from './l2';
export { buildDataplane, type Dataplane } from './dataplane';
export { answerAddress, forwardStep, type Step, type Branch } from './forward';
export { l3Hash, pickEcmp } from './hash';
export { traceroute, resolveOrigin, resolveTarget, type TraceOptions } from './traceroute';
export {
  reachabilityMatrix,
  reachEndpoints,
  type ReachEndpoint,
  type ReachMatrix,
  type ReachStatus,
} from './reachability';
export {
  diffSnapshots,
  snapshot,
  describeRoute,
  type DataplaneDiff,
  type DeviceDiff,
  type Snapshot,
} from './diff';
export {
  explainPrefix,
  explainTraceEnd,
  coveringPrefix,
  type Explanation,
  type ExplainContext,
  type Finding,
  type FindingKind,
} from './explain';
export { renderFrrRoutes, renderLinuxRoutes, FRR_ROUTE_CODES } from './render';
export { providerFromSim, dataplaneFromSim, dataplaneOf } from './fromSim';
