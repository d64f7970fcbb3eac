/**
 * routelab's side of the comparison: simulate the same lab, build the data plane from the routes
 * the engine says each daemon installs, trace the same endpoints — reduced to normal.ts's shape.
 */
import type { Lab } from '../../src/model';
import { hostOf, linkOf, otherEnd } from '../../src/model';
import { deviceView, installedRoutes, simulate } from '../../src/engine';
import type { PathView, SimResult } from '../../src/engine';
import { buildDataplane } from '../../src/engine/dataplane/dataplane';
import { forwardingNextHops } from '../../src/engine/dataplane/fib';
import { traceroute } from '../../src/engine/dataplane/traceroute';
import type { NDevice, NFibEntry, NPath, NTrace } from './normal';

/** A down session may carry no peer device: name it as the real side does (address owner / link). */
function acrossLink(lab: Lab, device: string, iface: string): string | undefined {
  const link = linkOf(lab, { device, interface: iface });
  return link ? otherEnd(link, { device, interface: iface }).device : undefined;
}

function npath(p: PathView): NPath {
  return {
    from: p.local ? 'self' : (p.fromDevice ?? `?${p.fromPeer ?? ''}`),
    nextHop: p.local ? 'self' : (p.nextHopDevice ?? `?${p.nextHop}`),
    asPath: p.asPath,
    valid: p.valid,
    best: p.best,
    multipath: p.best || p.multipath,
  };
}

export interface EngineSide {
  devices: Record<string, NDevice>;
  traces: NTrace[];
  /** Raw views, for "why" in diffs (FRR decision reasons). */
  result: SimResult;
}

/**
 * `REAL_MUTATE=always-compare-med`: the engine sees every speaker with `bgp always-compare-med`
 * while the daemons run the real config — the same as an engine that wrongly compares MED across
 * neighbour ASes. Used once to show the suite catches a wrong decision rule (see the report).
 */
function mutated(lab: Lab): Lab {
  if (process.env.REAL_MUTATE !== 'always-compare-med') return lab;
  const copy = structuredClone(lab);
  for (const d of copy.devices) {
    if ((d.kind === 'router' || d.kind === 'k8s-node') && d.bgp)
      d.bgp.bestpath = { ...d.bgp.bestpath, alwaysCompareMed: true };
  }
  return copy;
}

export function engineSide(lab: Lab, traces: { from: string; to: string }[]): EngineSide {
  const result = simulate(mutated(lab));
  const dp = buildDataplane(lab, (d) => installedRoutes(result, d));
  const devices: Record<string, NDevice> = {};
  const owner = new Map(
    lab.devices.flatMap((d) =>
      d.interfaces.flatMap((i) => i.addresses.map((a) => [hostOf(a), d.name] as const)),
    ),
  );
  for (const d of lab.devices) {
    if (d.kind === 'bridge') continue;
    const view = deviceView(result, d.name);
    const bgp: Record<string, NPath[]> = {};
    for (const e of view?.locRib ?? []) bgp[e.prefix] = e.paths.map(npath);
    const sessions: Record<string, string> = {};
    for (const s of view?.sessions ?? []) {
      sessions[s.peerDevice ?? owner.get(s.peer) ?? acrossLink(lab, d.name, s.peer) ?? s.peer] =
        s.state;
    }
    const fib: Record<string, NFibEntry> = {};
    for (const r of dp.fibs[d.name]?.routes ?? []) {
      if (!r.selected) continue;
      const hops = forwardingNextHops(r)
        .map((h) => h.device ?? (h.via ? (owner.get(h.via) ?? `?${h.via}`) : undefined))
        .map((x) => (x === d.name ? 'self' : x))
        .filter((x): x is string => x !== undefined);
      fib[r.prefix] = {
        protocol: r.blackhole ? 'blackhole' : r.podDelivery ? 'cni' : r.source,
        nextHops: [...new Set(hops)].sort(),
      };
    }
    devices[d.name] = { device: d.name, daemon: 'routelab', bgp, fib, sessions };
  }
  const out: NTrace[] = [];
  for (const t of traces) {
    const tr = traceroute(dp, t.from, t.to);
    // One NTrace per ECMP branch: the real trace must match one of them.
    for (const p of tr.paths) {
      const hops = p.hops.map((h) => (h.address ? { address: h.address, device: h.device } : {}));
      const answered = hops[hops.length - 1]?.address !== undefined;
      // As on the real side: trailing silent hops are traceroute waiting out its max TTL, and
      // "reached" means the destination answered (which needs a route back to the source).
      while (hops.length > 0 && hops[hops.length - 1]?.address === undefined) hops.pop();
      out.push({
        from: t.from,
        to: t.to,
        hops,
        reached: p.end.kind === 'delivered' && answered,
      });
    }
  }
  return { devices, traces: out, result };
}
