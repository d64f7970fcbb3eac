/**
 * A device's FIB: every candidate route from connected interfaces, static routes, CNI (kernel)
 * routes and the BGP routes its daemon installs; one selected per prefix by admin distance as
 * FRR's zebra does (connected 0, kernel 0, static 1, eBGP 20, iBGP 200), gateways resolved to an
 * interface and neighbour — recursively through other routes on zebra devices (FRR/VyOS), only
 * through connected networks on plain Linux devices (the kernel refuses an off-link gateway).
 */
import { familyOf, hostOf, isIpv4, networkOf, parsePrefix4 } from '../../model/addressing';
import type { Device, Lab } from '../../model/types';
import { cniRoutes } from './cni';
import { buildL2, type L2 } from './l2';
import { LpmTable } from './lpm';
import type { Fib, FibNextHop, FibRoute, InstalledBgpRoute, RouteSource } from './types';

/** A next hop as configured/learned, before resolution. */
interface NextHopSpec {
  via?: string;
  interface?: string;
  device?: string;
  linkLocal?: boolean;
}

interface Candidate {
  route: FibRoute;
  specs: NextHopSpec[];
  /** zebra resolves gateways through any route; the kernel only through connected ones. */
  recursive: boolean;
}

const SOURCE_RANK: Record<RouteSource, number> = { connected: 0, kernel: 1, static: 2, bgp: 3 };
const MAX_RESOLVE_ROUNDS = 4;

/** Does this device run zebra (FRR or VyOS), so FRR's route selection and NHT apply? */
export function runsZebra(device: Device): boolean {
  return device.kind === 'router' && (device.daemon === 'frr' || device.daemon === 'vyos');
}

export function buildFib(
  lab: Lab,
  deviceName: string,
  bgpRoutes: readonly InstalledBgpRoute[],
  l2: L2 = buildL2(lab),
): Fib {
  const device = lab.devices.find((d) => d.name === deviceName);
  if (!device || device.down || device.kind === 'bridge') return { device: deviceName, routes: [] };
  const zebra = runsZebra(device);
  const cands: Candidate[] = [
    ...connectedRoutes(device, l2),
    ...(device.kind === 'k8s-node'
      ? cniRoutes(lab, device, l2).map((route) => ({
          route,
          // Pod delivery goes out CNI interfaces the lab does not model: nothing to resolve.
          specs: route.podDelivery
            ? []
            : route.nextHops.map(({ via, interface: i, device: d }) => ({
                via,
                interface: i,
                device: d,
              })),
          recursive: false,
        }))
      : []),
    ...staticRoutes(device, zebra),
    ...bgpCandidates(bgpRoutes),
  ];

  // Resolve gateways against the routes selected so far until nothing changes (a static can
  // resolve through a BGP route and a BGP next hop through a static).
  let table = selectAndIndex(cands);
  for (let round = 0; round < MAX_RESOLVE_ROUNDS; round++) {
    let changed = false;
    for (const c of cands) {
      if (resolve(c, table, device.name, l2)) changed = true;
    }
    table = selectAndIndex(cands);
    if (!changed) break;
  }
  const routes = cands.map((c) => c.route);
  routes.sort(comparePrefixThenRank);
  return { device: device.name, routes };
}

/** The kernel's view: the selected route for each prefix, ready for longest-prefix match. */
export function fibTable(fib: Fib): LpmTable<FibRoute> {
  const t = new LpmTable<FibRoute>();
  for (const r of fib.routes) if (r.selected && familyOf(r.prefix) === 4) t.set(r.prefix, r);
  return t;
}

/** The next hops a packet really leaves by: recursive next hops replaced by what they resolved to. */
export function forwardingNextHops(route: FibRoute): FibNextHop[] {
  return route.nextHops.flatMap((nh) => (nh.recursive ? (nh.resolved ?? []) : [nh]));
}

// ---------------------------------------------------------------- sources

function connectedRoutes(device: Device, l2: L2): Candidate[] {
  const out: Candidate[] = [];
  for (const i of device.interfaces) {
    if (!i.loopback && !l2.isUp(device.name, i.name)) continue;
    for (const a of i.addresses) {
      if (familyOf(a) !== 4) continue;
      out.push({
        route: {
          prefix: networkOf(a.includes('/') ? a : `${a}/32`),
          source: 'connected',
          distance: 0,
          metric: 0,
          src: hostOf(a),
          nextHops: [{ interface: i.name, weight: 1 }],
          selected: false,
          origin: `interface ${i.name} (${a})`,
        },
        specs: [],
        recursive: false,
      });
    }
  }
  return out;
}

/**
 * Static routes; entries for the same prefix and distance form one ECMP route, as staticd does
 * with two `ip route P X` lines and as `ip route add P nexthop via … nexthop via …` does.
 */
function staticRoutes(device: Device, zebra: boolean): Candidate[] {
  const groups = new Map<string, Candidate>();
  for (const s of device.staticRoutes) {
    if (familyOf(s.prefix) !== 4) continue;
    const prefix = networkOf(s.prefix);
    const distance = s.distance ?? 1;
    const key = `${prefix} ${distance} ${s.blackhole ? 'b' : ''}`;
    const spec = { via: s.via, interface: s.interface };
    const existing = groups.get(key);
    if (existing) {
      if (!s.blackhole) existing.specs.push(spec);
      continue;
    }
    groups.set(key, {
      route: {
        prefix,
        source: 'static',
        distance,
        metric: 0,
        ...(s.blackhole ? { blackhole: true } : {}),
        nextHops: [],
        selected: false,
        origin: 'static route',
      },
      specs: s.blackhole ? [] : [spec],
      recursive: zebra,
    });
  }
  return [...groups.values()];
}

function bgpCandidates(bgpRoutes: readonly InstalledBgpRoute[]): Candidate[] {
  return bgpRoutes
    .filter((r) => familyOf(r.prefix) === 4)
    .map((r) => ({
      route: {
        prefix: networkOf(r.prefix),
        source: 'bgp' as const,
        distance: r.distance ?? (r.ibgp ? 200 : 20),
        metric: r.metric ?? 0,
        // FRR installs an aggregate (`summary-only`) with no next hop as a kernel blackhole.
        ...(r.nextHops.length === 0 ? { blackhole: true } : {}),
        nextHops: [],
        selected: false,
        origin: r.ibgp ? 'iBGP' : 'eBGP',
      },
      specs: r.nextHops.map((nh) => ({
        ...(nh.address !== undefined && isIpv4(nh.address) ? { via: nh.address } : {}),
        interface: nh.interface,
        device: nh.device,
        linkLocal: nh.address === undefined || !isIpv4(nh.address),
      })),
      recursive: true,
    }));
}

// ---------------------------------------------------------------- resolution and selection

/** Re-resolves a candidate's next hops; returns whether anything changed. */
function resolve(c: Candidate, table: LpmTable<FibRoute>, device: string, l2: L2): boolean {
  if (c.specs.length === 0) {
    const iface = c.route.nextHops[0]?.interface;
    const down =
      iface !== undefined && c.route.source !== 'kernel' && !l2.isUp(device, iface)
        ? (l2.downReason(device, iface) ?? `${iface} is down`)
        : undefined;
    const changed = down !== c.route.inactiveReason;
    c.route.inactiveReason = down;
    return changed;
  }
  const before = JSON.stringify([c.route.nextHops, c.route.inactiveReason]);
  const hops: FibNextHop[] = [];
  const problems: string[] = [];
  for (const spec of c.specs) {
    const r = resolveSpec(spec, c, table, device, l2);
    if (typeof r === 'string') problems.push(r);
    else hops.push(r);
  }
  c.route.nextHops = hops;
  c.route.inactiveReason = hops.length === 0 ? problems.join('; ') || 'no next hop' : undefined;
  return JSON.stringify([c.route.nextHops, c.route.inactiveReason]) !== before;
}

function resolveSpec(
  spec: NextHopSpec,
  c: Candidate,
  table: LpmTable<FibRoute>,
  device: string,
  l2: L2,
): FibNextHop | string {
  if (spec.interface !== undefined && !l2.isUp(device, spec.interface)) {
    return l2.downReason(device, spec.interface) ?? `${spec.interface} is down`;
  }
  if (spec.via === undefined) {
    if (spec.interface === undefined) return 'next hop has neither address nor interface';
    const peer = spec.device ?? l2.neighbours(device, spec.interface)[0]?.device;
    return {
      interface: spec.interface,
      ...(peer !== undefined ? { device: peer } : {}),
      ...(spec.linkLocal ? { linkLocal: true } : {}),
      weight: 1,
    };
  }
  const via = spec.via;
  if (spec.interface !== undefined) {
    const peer = spec.device ?? l2.resolve(device, spec.interface, via)?.device;
    return { via, interface: spec.interface, ...(peer ? { device: peer } : {}), weight: 1 };
  }
  // FRR does not resolve a next hop through the default route (no `ip nht resolve-via-default`).
  const hit = table.lookup(
    via,
    (r) => r.prefix !== c.route.prefix && parsePrefix4(r.prefix).len > 0,
  );
  if (!hit) return `next hop ${via} unresolved: no route to it`;
  const r = hit.item;
  if (r.blackhole) return `next hop ${via} unresolved: it resolves to a blackhole (${r.prefix})`;
  if (r.source === 'connected') {
    const iface = r.nextHops[0]?.interface;
    const peer = spec.device ?? (iface ? l2.resolve(device, iface, via)?.device : undefined);
    return {
      via,
      ...(iface ? { interface: iface } : {}),
      ...(peer ? { device: peer } : {}),
      weight: 1,
    };
  }
  if (!c.recursive)
    return `gateway ${via} is not on a connected network (the kernel needs it on-link)`;
  const resolved = forwardingNextHops(r).map((nh) => ({ ...nh, via: nh.via ?? via }));
  if (resolved.length === 0)
    return `next hop ${via} unresolved: ${r.prefix} has no usable next hop`;
  return { via, recursive: true, resolved, weight: 1 };
}

/** Marks the selected route per prefix (lowest distance among active ones) and indexes them. */
function selectAndIndex(cands: Candidate[]): LpmTable<FibRoute> {
  const byPrefix = new Map<string, FibRoute[]>();
  for (const c of cands) {
    c.route.selected = false;
    const list = byPrefix.get(c.route.prefix) ?? [];
    list.push(c.route);
    byPrefix.set(c.route.prefix, list);
  }
  const table = new LpmTable<FibRoute>();
  for (const [prefix, list] of byPrefix) {
    const best = list
      .filter((r) => r.inactiveReason === undefined)
      .sort((a, b) => a.distance - b.distance || SOURCE_RANK[a.source] - SOURCE_RANK[b.source])[0];
    if (best) {
      best.selected = true;
      table.set(prefix, best);
    }
  }
  return table;
}

function comparePrefixThenRank(a: FibRoute, b: FibRoute): number {
  const pa = parsePrefix4(a.prefix);
  const pb = parsePrefix4(b.prefix);
  return (
    pa.addr - pb.addr ||
    pa.len - pb.len ||
    a.distance - b.distance ||
    SOURCE_RANK[a.source] - SOURCE_RANK[b.source]
  );
}
