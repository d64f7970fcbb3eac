/**
 * The reachability matrix: which endpoints (pods, nodes, hosts, router loopbacks) reach which.
 * One pass: per destination, each device's "what can happen from here" set is computed once
 * and shared by every source, so an N×N matrix costs about one forwarding walk per destination.
 * Reachability is one-way (the forward path); a reply needs the reverse cell too.
 */
import { hostOf } from '../../model/addressing';
import { nodeIp, nodePods } from '../../model/k8s';
import type { Dataplane } from './dataplane';
import { forwardStep } from './forward';
import type { TraceEndKind } from './types';

export interface ReachEndpoint {
  /** `device`, or `device/pod` for pods. */
  id: string;
  kind: 'pod' | 'node' | 'host' | 'loopback';
  device: string;
  pod?: string;
  address: string;
}

export type ReachStatus = 'reachable' | 'partial' | 'unreachable';

export interface ReachMatrix {
  endpoints: ReachEndpoint[];
  /** status[i][j]: from endpoints[i] to endpoints[j]; `partial` = some ECMP branches fail. */
  status: ReachStatus[][];
  /** The ways the failing paths end, per failing cell ("i,j" → kinds). */
  failures: Record<string, TraceEndKind[]>;
}

export function reachEndpoints(dp: Dataplane): ReachEndpoint[] {
  const out: ReachEndpoint[] = [];
  for (const d of dp.lab.devices) {
    if (d.kind === 'k8s-node') {
      const ip = nodeIp(d);
      if (ip) out.push({ id: d.name, kind: 'node', device: d.name, address: ip });
      for (const p of nodePods(dp.lab, d)) {
        out.push({
          id: `${d.name}/${p.name}`,
          kind: 'pod',
          device: d.name,
          pod: p.name,
          address: p.address,
        });
      }
    } else if (d.kind === 'host') {
      const a = d.interfaces.flatMap((i) => i.addresses).find((x) => !x.includes(':'));
      if (a) out.push({ id: d.name, kind: 'host', device: d.name, address: hostOf(a) });
    } else if (d.kind === 'router') {
      const a = d.interfaces
        .filter((i) => i.loopback)
        .flatMap((i) => i.addresses)
        .find((x) => !x.includes(':') && !x.startsWith('127.'));
      if (a) out.push({ id: d.name, kind: 'loopback', device: d.name, address: hostOf(a) });
    }
  }
  return out;
}

export function reachabilityMatrix(dp: Dataplane, endpoints = reachEndpoints(dp)): ReachMatrix {
  const status: ReachStatus[][] = endpoints.map(() =>
    endpoints.map((): ReachStatus => 'unreachable'),
  );
  const failures: Record<string, TraceEndKind[]> = {};
  endpoints.forEach((dst, j) => {
    const memo = new Map<string, Set<TraceEndKind>>();
    endpoints.forEach((src, i) => {
      // A pod's only route is its default via its node, so it starts at the node (in transit).
      const ends =
        src.address === dst.address
          ? new Set<TraceEndKind>(['delivered'])
          : endsFrom(dp, src.device, dst, !!src.pod, memo, []);
      const ok = ends.has('delivered');
      const bad = [...ends].filter((k) => k !== 'delivered');
      status[i]![j] = ok && bad.length === 0 ? 'reachable' : ok ? 'partial' : 'unreachable';
      if (bad.length) failures[`${i},${j}`] = bad.sort();
    });
  });
  return { endpoints, status, failures };
}

/** How paths from `device` towards `dst` can end (memoised per destination). */
function endsFrom(
  dp: Dataplane,
  device: string,
  dst: ReachEndpoint,
  transit: boolean,
  memo: Map<string, Set<TraceEndKind>>,
  stack: string[],
): Set<TraceEndKind> {
  const key = `${device}\u0000${transit ? 't' : 's'}`;
  const known = memo.get(key);
  if (known) return known;
  if (stack.includes(device)) return new Set(['loop']);
  const step = forwardStep(dp, device, dst.address, transit);
  const out = new Set<TraceEndKind>();
  if (step.kind === 'end') {
    // A pod endpoint must be delivered to that pod; a node endpoint to the node itself.
    out.add(
      step.end.kind === 'delivered' && dst.pod && step.end.pod !== dst.pod
        ? 'no route'
        : step.end.kind,
    );
  } else {
    for (const b of step.branches) {
      if (b.end) out.add(b.end.kind);
      else if (b.next)
        for (const k of endsFrom(dp, b.next.device, dst, true, memo, [...stack, device]))
          out.add(k);
    }
  }
  // Results computed inside a cycle depend on the entry point: memoise only loop-free ones.
  if (!out.has('loop')) memo.set(key, out);
  return out;
}
