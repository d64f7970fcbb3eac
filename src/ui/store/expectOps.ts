/**
 * Expectations added in one click from where the user already is (issue 12): a trace result
 * becomes a `reach` claim, a BGP table row a `route` claim. Pure lab-in/lab-out like ops.ts.
 */
import type { PathView } from '../../engine/types';
import type { Expectation, Lab, ReachExpectation, RouteExpectation } from '../../model/types';
import type { TraceView } from '../../worker/views';

type Unnamed<T> = T extends Expectation ? Omit<T, 'name'> : never;

/** `stem`, or `stem-2`, `stem-3`… — the first name no expectation of the lab uses. */
export function uniqueExpectationName(lab: Lab, stem: string): string {
  const taken = new Set(lab.expectations.map((e) => e.name));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

export function addExpectation(lab: Lab, e: Unnamed<Expectation>, stem: string): Lab {
  const name = uniqueExpectationName(lab, stem);
  return { ...lab, expectations: [...lab.expectations, { ...e, name } as Expectation] };
}

/**
 * What the trace showed, as a claim: delivered → reach (through the path's devices when there
 * is only one path, since ECMP branches differ in the middle); not delivered → `not` reach.
 */
export function reachFromTrace(trace: TraceView): Unnamed<ReachExpectation> {
  const delivered = trace.paths.some((p) => p.end === 'delivered');
  const only = trace.paths.length === 1 ? trace.paths[0] : undefined;
  const via = delivered && only ? dedupe(only.hops.map((h) => h.device)) : undefined;
  return {
    kind: 'reach',
    from: trace.from,
    to: trace.to,
    ...(via && via.length > 0 ? { via } : {}),
    ...(delivered ? {} : { not: true }),
  };
}

export function reachStem(trace: TraceView): string {
  const delivered = trace.paths.some((p) => p.end === 'delivered');
  return `${trace.from} ${delivered ? 'reaches' : 'cannot reach'} ${trace.to}`;
}

/** The installed route: next hops are the devices of the best and multipath paths. */
export function routeFromPaths(
  device: string,
  prefix: string,
  paths: readonly PathView[],
): Unnamed<RouteExpectation> {
  const used = paths.filter((p) => p.prefix === prefix && (p.best || p.multipath));
  const hops = dedupe(used.flatMap((p) => (p.nextHopDevice ? [p.nextHopDevice] : [])));
  return {
    kind: 'route',
    device,
    prefix,
    ...(hops.length > 0 ? { nextHopDevices: hops.sort() } : {}),
  };
}

function dedupe(xs: string[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}
