/**
 * What a speaker's daemon installs into its kernel from BGP: FRR/VyOS the best path plus the
 * multipath set, BIRD the best path (all equal paths only with `merge paths`), GoBGP nothing.
 * Aggregates install a blackhole (FRR installs one for `aggregate-address`, seen with summary-only).
 */
import { formatPrefix4, intToIpv4, prefixContainsAddr } from '../model';
import { ipv4Int, prefix4Key } from './addrkey';
import { attrsOf } from './attrs';
import { pathAt } from './dest';
import type { EngineState, SpeakerState } from './state';
import type { FibRoute, Topology } from './topology';
import { indexFib, linkPartner, lookup } from './topology';

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
    const best = pathAt(sp, pid, dest, dest.best);
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
      const p = pathAt(sp, pid, dest, i);
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

/**
 * Zebra resolves a recursive BGP next hop (one not on a connected subnet) through the rest of
 * the routing table and installs the resolved gateway in the kernel. This does the same over
 * connected + static + the device's other BGP routes (FRR skips the default route; BIRD and
 * GoBGP do not check). A next hop that cannot be resolved is dropped from the route.
 */
export function resolveRecursive(
  topo: Topology,
  device: number,
  routes: readonly InstalledRoute[],
  skipDefault: boolean,
): InstalledRoute[] {
  const conns = topo.connected[device] ?? [];
  const onLink = (a: number): boolean =>
    conns.some((c) => c.prefix.len < 32 && prefixContainsAddr(c.prefix, a));
  if (routes.every((r) => r.nextHops.every((h) => !h.address || onLink(ipv4Int(h.address)))))
    return [...routes];
  const all = [
    ...(topo.baseFib[device] ?? []),
    ...toFibRoutes(routes, prefix4Key, ipv4Int).filter((r) => r.hops.length > 0),
  ];
  const fib = indexFib(all);
  const resolve = (addr: number, self: string, depth: number): InstalledNextHop[] => {
    if (onLink(addr)) {
      const text = intToIpv4(addr);
      const owner = topo.owners.get(addr)?.[0];
      const name = owner ? topo.devices[owner.device]?.name : undefined;
      return [{ address: text, ...(name ? { device: name } : {}) }];
    }
    if (depth > 4) return [];
    const r = lookup(fib, addr, { skipDefault });
    if (!r || r.blackhole || formatPrefix4(r.prefix) === self) return [];
    return r.hops.flatMap((h) => {
      if (h.via !== undefined) return resolve(h.via, self, depth + 1);
      if (h.iface === undefined) return [];
      const p = linkPartner(topo, device, h.iface);
      const name = p ? topo.devices[p.device]?.name : undefined;
      return [{ interface: h.iface, ...(name ? { device: name } : {}) }];
    });
  };
  return routes.map((r) => {
    const hops = r.nextHops.flatMap((h) =>
      h.address && !onLink(ipv4Int(h.address)) ? resolve(ipv4Int(h.address), r.prefix, 0) : [h],
    );
    const seen = new Set<string>();
    const nextHops = hops.filter((h) => {
      const k = `${h.address ?? ''}|${h.interface ?? ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { ...r, nextHops };
  });
}
