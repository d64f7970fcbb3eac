/**
 * Before/after: what a failure or edit changed. Compares two snapshots (FIBs, BGP views,
 * reachability) — the engine's `apply` produces the "after" result; this only compares.
 */
import type { DeviceBgpView, PathView } from '../types';
import type { Dataplane } from './dataplane';
import { forwardingNextHops } from './fib';
import { reachabilityMatrix, type ReachMatrix, type ReachStatus } from './reachability';
import type { Fib, FibRoute } from './types';

export interface Snapshot {
  fibs: Record<string, Fib>;
  bgp?: Record<string, DeviceBgpView | undefined>;
  reach?: ReachMatrix;
}

export interface RouteChange {
  prefix: string;
  /** The selected route in words ("bgp via 10.0.1.1 net1 (tor0)"); absent = none. */
  before?: string;
  after?: string;
}

export interface DeviceDiff {
  device: string;
  lost: RouteChange[];
  gained: RouteChange[];
  /** Same prefix, different selected route or next hops. */
  changed: RouteChange[];
  /** BGP best path changed (next hop, neighbour or AS path). */
  bestPaths: RouteChange[];
}

export interface ReachChange {
  from: string;
  to: string;
  before: ReachStatus;
  after: ReachStatus;
}

export interface DataplaneDiff {
  devices: DeviceDiff[];
  /** Pairs whose status got worse / better. */
  lostReachability: ReachChange[];
  gainedReachability: ReachChange[];
}

export function snapshot(
  dp: Dataplane,
  bgp?: Record<string, DeviceBgpView | undefined>,
  withReach = true,
): Snapshot {
  return {
    fibs: dp.fibs,
    ...(bgp ? { bgp } : {}),
    ...(withReach ? { reach: reachabilityMatrix(dp) } : {}),
  };
}

export function describeRoute(r: FibRoute): string {
  if (r.blackhole) return `${r.source} blackhole`;
  if (r.podDelivery) return `${r.source} pods on ${r.podDelivery.interface}`;
  const hops = forwardingNextHops(r)
    .map((nh) =>
      [
        nh.via ?? (nh.linkLocal ? 'link-local' : 'direct'),
        nh.interface ?? '?',
        nh.device ? `(${nh.device})` : '',
      ]
        .filter(Boolean)
        .join(' '),
    )
    .sort();
  return `${r.source} [${r.distance}] via ${hops.join(', ')}`;
}

function describeBest(p: PathView): string {
  return `${p.nextHop}${p.fromDevice ? ` from ${p.fromDevice}` : ''} AS_PATH [${p.asPath.join(' ')}]`;
}

const RANK: Record<ReachStatus, number> = { reachable: 2, partial: 1, unreachable: 0 };

export function diffSnapshots(before: Snapshot, after: Snapshot): DataplaneDiff {
  const names = [...new Set([...Object.keys(before.fibs), ...Object.keys(after.fibs)])].sort();
  const devices: DeviceDiff[] = [];
  for (const device of names) {
    const b = selectedByPrefix(before.fibs[device]);
    const a = selectedByPrefix(after.fibs[device]);
    const d: DeviceDiff = { device, lost: [], gained: [], changed: [], bestPaths: [] };
    for (const [prefix, r] of b) {
      const x = a.get(prefix);
      if (!x) d.lost.push({ prefix, before: r });
      else if (x !== r) d.changed.push({ prefix, before: r, after: x });
    }
    for (const [prefix, x] of a) if (!b.has(prefix)) d.gained.push({ prefix, after: x });
    const bb = bestByPrefix(before.bgp?.[device]);
    const ab = bestByPrefix(after.bgp?.[device]);
    for (const prefix of new Set([...bb.keys(), ...ab.keys()])) {
      const x = bb.get(prefix);
      const y = ab.get(prefix);
      if (x !== y)
        d.bestPaths.push({ prefix, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) });
    }
    if (d.lost.length + d.gained.length + d.changed.length + d.bestPaths.length > 0)
      devices.push(d);
  }
  const lost: ReachChange[] = [];
  const gained: ReachChange[] = [];
  if (before.reach && after.reach) {
    const idx = new Map(after.reach.endpoints.map((e, i) => [e.id, i]));
    before.reach.endpoints.forEach((from, i) => {
      before.reach?.endpoints.forEach((to, j) => {
        const ai = idx.get(from.id);
        const aj = idx.get(to.id);
        const was = before.reach?.status[i]?.[j] ?? 'unreachable';
        const now =
          ai === undefined || aj === undefined
            ? 'unreachable'
            : (after.reach?.status[ai]?.[aj] ?? 'unreachable');
        if (RANK[now] < RANK[was]) lost.push({ from: from.id, to: to.id, before: was, after: now });
        if (RANK[now] > RANK[was])
          gained.push({ from: from.id, to: to.id, before: was, after: now });
      });
    });
  }
  return { devices, lostReachability: lost, gainedReachability: gained };
}

function selectedByPrefix(fib: Fib | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of fib?.routes ?? []) if (r.selected) m.set(r.prefix, describeRoute(r));
  return m;
}

function bestByPrefix(view: DeviceBgpView | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of view?.locRib ?? []) {
    const best = e.paths.find((p) => p.best);
    if (best) m.set(e.prefix, describeBest(best));
  }
  return m;
}
