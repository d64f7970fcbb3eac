/**
 * A FIB as users read it on the box: FRR's `show ip route` and Linux `ip route`.
 * Left out on purpose: route ages (the simulation has no wall clock) and FRR 8's `nhid N`
 * (kernel nexthop-group ids, different every run). Unnumbered next hops are IPv6 link-local
 * addresses that change every run; they print as `fe80::%<peer device>`.
 */
import type { Daemon, Device } from '../../model/types';
import { forwardingNextHops, runsZebra } from './fib';
import type { Fib, FibNextHop, FibRoute, RouteSource } from './types';

const CODE: Record<RouteSource, string> = { kernel: 'K', connected: 'C', static: 'S', bgp: 'B' };

export const FRR_ROUTE_CODES = `Codes: K - kernel route, C - connected, S - static, R - RIP,
       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,
       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,
       f - OpenFabric,
       > - selected route, * - FIB route, q - queued, r - rejected, b - backup
       t - trapped, o - offload failure
`;

function gateway(nh: FibNextHop): string {
  if (nh.via !== undefined) return nh.via;
  return nh.linkLocal ? `fe80::%${nh.device ?? '?'}` : '';
}

function frrNextHop(nh: FibNextHop, route: FibRoute): string {
  if (nh.recursive) return ` via ${nh.via ?? '?'} (recursive), weight ${nh.weight}`;
  const gw = gateway(nh);
  if (gw === '')
    return ` is directly connected, ${nh.interface ?? '?'}${route.source === 'connected' ? '' : `, weight ${nh.weight}`}`;
  return ` via ${gw}, ${nh.interface ?? '?'}${route.inactiveReason ? ' inactive' : ''}, weight ${nh.weight}`;
}

/** FRR `show ip route` (vtysh), all candidate routes: `>` selected, `*` in the FIB. */
export function renderFrrRoutes(fib: Fib, withCodes = true): string {
  const lines: string[] = [];
  for (const r of fib.routes) {
    // A recursive route is selected but only its resolved next hops are in the FIB (`S>  `).
    const status = !r.selected ? '  ' : r.nextHops.some((nh) => nh.recursive) ? '> ' : '>*';
    const head = `${CODE[r.source]}${status} ${r.prefix}${r.source === 'connected' ? '' : ` [${r.distance}/${r.metric}]`}`;
    if (r.blackhole) {
      lines.push(`${head} unreachable (blackhole), weight 1`);
      continue;
    }
    const hops: { nh: FibNextHop; level: number }[] = r.nextHops.flatMap((nh) => [
      { nh, level: 0 },
      ...(nh.recursive ? (nh.resolved ?? []).map((x) => ({ nh: x, level: 1 })) : []),
    ]);
    if (hops.length === 0) {
      lines.push(`${head} inactive (${r.inactiveReason ?? 'no next hop'})`);
      continue;
    }
    hops.forEach(({ nh, level }, i) => {
      if (i === 0) lines.push(`${head}${frrNextHop(nh, r)}`);
      else {
        // FRR pads continuation lines so " via" lines up under the first one.
        const mark = r.selected && !nh.recursive ? '*' : ' ';
        lines.push(
          `  ${mark}${' '.repeat(Math.max(1, head.length - 3 + 2 * level))}${frrNextHop(nh, r)}`,
        );
      }
    });
  }
  return (withCodes ? `${FRR_ROUTE_CODES}\n` : '') + lines.map((l) => `${l}\n`).join('');
}

function kernelProto(r: FibRoute, device: Device | undefined): string {
  const daemon: Daemon | undefined =
    device && (device.kind === 'router' || device.kind === 'k8s-node') ? device.daemon : undefined;
  if (r.source === 'bgp')
    return daemon === 'bird' ? ' proto bird metric 32' : ' proto bgp metric 20';
  if (r.source === 'static' && device && runsZebra(device)) return ' proto static metric 20';
  if (r.source === 'kernel' && r.blackhole) return ' proto bird';
  return '';
}

function linuxPrefix(prefix: string): string {
  if (prefix === '0.0.0.0/0') return 'default';
  return prefix.endsWith('/32') ? prefix.slice(0, -3) : prefix;
}

function linuxVia(nh: FibNextHop): string {
  if (nh.via !== undefined) return `via ${nh.via} dev ${nh.interface ?? '?'}`;
  if (nh.linkLocal) return `via inet6 ${gateway(nh)} dev ${nh.interface ?? '?'}`;
  return `dev ${nh.interface ?? '?'}`;
}

/** Linux `ip route` (main table): the selected routes only, as the kernel holds them. */
export function renderLinuxRoutes(fib: Fib, device?: Device): string {
  const lines: string[] = [];
  for (const r of fib.routes) {
    if (!r.selected) continue;
    const p = linuxPrefix(r.prefix);
    const proto = kernelProto(r, device);
    if (r.source === 'connected') {
      // An address with a /32 mask adds no prefix route to the main table.
      if (r.prefix.endsWith('/32')) continue;
      lines.push(
        `${p} dev ${r.nextHops[0]?.interface ?? '?'} proto kernel scope link src ${r.src ?? '?'} `,
      );
      continue;
    }
    if (r.blackhole) {
      lines.push(`blackhole ${p}${proto} `);
      continue;
    }
    const hops = forwardingNextHops(r);
    if (hops.length === 1 && hops[0]) {
      // `ip route add P dev X` shows `scope link`; zebra's interface routes do not.
      const scope =
        hops[0].via === undefined && !hops[0].linkLocal && proto === '' ? ' scope link' : '';
      lines.push(`${p} ${linuxVia(hops[0])}${proto}${scope} `);
    } else {
      lines.push(`${p}${proto} `);
      for (const nh of hops) lines.push(`\tnexthop ${linuxVia(nh)} weight ${nh.weight} `);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
