/**
 * What a speaker's daemon installs into its kernel from BGP: FRR/VyOS the best path plus the
 * multipath set, BIRD the best path (all equal paths only with `merge paths`), GoBGP nothing.
 * Aggregates install a blackhole (FRR installs one for `aggregate-address`, seen with summary-only).
 */
import { attrsOf } from './attrs';
import type { EngineState, SpeakerState } from './state';
import type { FibRoute } from './topology';

export interface InstalledNextHop {
  address?: string;
  interface?: string;
  device?: string;
}

export interface InstalledRoute {
  prefix: string;
  nextHops: InstalledNextHop[];
  /** Aggregate-address: the kernel gets a blackhole route. */
  blackhole?: boolean;
  /** Zebra's administrative distance: eBGP 20, iBGP and local (aggregate) 200. */
  distance?: number;
}

/** The device owning a next hop as seen from `sp` (link partner for link-local next hops). */
export function nextHopDevice(
  st: EngineState,
  sp: SpeakerState,
  src: number,
  nextHop: string,
): string | undefined {
  const peer = src >= 0 ? st.peers[src] : undefined;
  if (nextHop.startsWith('%')) {
    const other = peer ? st.speakers[peer.remoteSpeaker] : undefined;
    return other?.info.name;
  }
  if (peer && peer.remoteAddress === nextHop) return st.speakers[peer.remoteSpeaker]?.info.name;
  return st.nextHopOwners?.[nextHop] ?? undefined;
}

export function speakerInstalled(st: EngineState, sp: SpeakerState): InstalledRoute[] {
  const mode = sp.info.defaults.install;
  if (mode === 'none') return [];
  const out: InstalledRoute[] = [];
  for (const [pid, dest] of sp.locRib) {
    const best = dest.paths[dest.best];
    if (!best) continue;
    const prefix = st.prefixes.names[pid] ?? '';
    if (best.local === 'aggregate') {
      out.push({ prefix, nextHops: [], blackhole: true, distance: 200 });
      continue;
    }
    if (best.local) continue;
    const idx = mode === 'multipath' ? [dest.best, ...dest.multipath] : [dest.best];
    const nextHops: InstalledNextHop[] = [];
    for (const i of idx) {
      const p = dest.paths[i];
      if (!p) continue;
      const nh = attrsOf(st.attrs, p.attr).nextHop;
      const device = nextHopDevice(st, sp, p.src, nh);
      nextHops.push({
        ...(nh.startsWith('%') ? { interface: nh.slice(1) } : { address: nh }),
        ...(device ? { device } : {}),
      });
    }
    const peer = st.peers[best.src];
    out.push({ prefix, nextHops, distance: peer?.type === 'ebgp' ? 20 : 200 });
  }
  return out;
}

/** The same routes in the shape the engine's reachability walk uses. */
export function toFibRoutes(
  routes: readonly InstalledRoute[],
  parse: (p: string) => { addr: number; len: number },
  ipv4: (a: string) => number,
): FibRoute[] {
  return routes.map((r) => ({
    prefix: parse(r.prefix),
    distance: r.distance ?? 200,
    ...(r.blackhole ? { blackhole: true } : {}),
    hops: r.nextHops.map((h) =>
      h.interface !== undefined ? { iface: h.interface } : { via: ipv4(h.address ?? '0.0.0.0') },
    ),
  }));
}
