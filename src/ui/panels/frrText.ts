/**
 * Renders engine views in FRR's words (pure text). Layout follows FRR 8.4's
 * `show bgp ipv4 unicast` and `show bgp ipv4 unicast <prefix>` (bgp_route.c route_vty_out /
 * route_vty_out_detail); the decision reason for non-best paths is routelab's addition.
 */
import type { RouteEntryView, SessionView } from '../../engine/types';
import { lpad, pad } from '../../worker/bgpText';
import type { TimelineEntry } from '../../worker/timeline';
import type { FibRouteView, ReachView, TracePathView, TraceView } from '../../worker/views';

const originWord: Record<string, string> = { i: 'IGP', e: 'EGP', '?': 'incomplete' };

export { bgpTableText, decidedBy, pathText, statusCode } from '../../worker/bgpText';

export function detailText(e: RouteEntryView, routerId?: string): string {
  const bestIdx = e.paths.findIndex((p) => p.best);
  const lines = [
    `BGP routing table entry for ${e.prefix}`,
    `Paths: (${e.paths.length} available${bestIdx >= 0 ? `, best #${bestIdx + 1}` : ', no best path'}, table default)`,
  ];
  for (const p of e.paths) {
    lines.push(`  ${p.asPath.length ? p.asPath.join(' ') : 'Local'}`);
    const from = p.local
      ? `0.0.0.0 from 0.0.0.0 (${routerId ?? '0.0.0.0'})`
      : `${p.nextHop} from ${p.fromPeer ?? '?'} (${p.peerRouterId ?? '?'})`;
    lines.push(`    ${from}${p.fromDevice ? `  [${p.fromDevice}]` : ''}`);
    const attrs = [`Origin ${originWord[p.origin] ?? p.origin}`];
    if (p.med !== undefined) attrs.push(`metric ${p.med}`);
    if (p.localPref !== undefined) attrs.push(`localpref ${p.localPref}`);
    if (p.weight) attrs.push(`weight ${p.weight}`);
    attrs.push(p.valid ? 'valid' : 'invalid');
    attrs.push(p.local ? 'sourced, local' : p.ibgp ? 'internal' : 'external');
    if (p.multipath) attrs.push('multipath');
    if (p.best) attrs.push(`best (${p.reason ?? 'First path received'})`);
    lines.push(`      ${attrs.join(', ')}`);
    if (p.communities.length) lines.push(`      Community: ${p.communities.join(' ')}`);
    if (p.originatorId)
      lines.push(`      Originator: ${p.originatorId}, Cluster list: ${p.clusterList.join(' ')}`);
    if (!p.valid && p.invalidReason) lines.push(`      ! not eligible: ${p.invalidReason}`);
    if (!p.best && p.reason) lines.push(`      ! lost to the best path on: ${p.reason}`);
    if (!p.best && !p.multipath && p.valid && p.notMultipathReason)
      lines.push(`      ! not multipath: ${p.notMultipathReason}`);
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ whole tables, for "Copy"

/**
 * `show bgp summary` rows (Neighbor, V, AS, State/PfxRcd, PfxSnt as FRR lays them out, plus the
 * peer device and why a session is down) — the same layout as `routelab simulate`.
 */
export function sessionsText(
  rows: readonly SessionView[],
  head?: { routerId?: string; asn?: number },
): string {
  const devices = new Set(rows.map((s) => s.device));
  const many = devices.size > 1;
  const lines = [
    ...(head && !many
      ? [`BGP router identifier ${head.routerId ?? '?'}, local AS number ${head.asn ?? '?'}`, '']
      : []),
    `${many ? pad('Device', 15) : ''}${pad('Neighbor', 16)}${pad('Device', 15)}V ${lpad('AS', 10)} ${pad('State/PfxRcd', 13)}${lpad('PfxSnt', 8)}  Reason`,
  ];
  for (const s of rows) {
    const state = s.state === 'Established' ? String(s.prefixesReceived) : s.state;
    const sent = s.state === 'Established' ? String(s.prefixesSent) : '';
    const peer = s.dynamic ? `*${s.peer}` : s.peer;
    lines.push(
      `${many ? pad(s.device, 15) : ''}${pad(peer, 16)}${pad(s.peerDevice ?? '-', 15)}4 ${lpad(String(s.remoteAs ?? '?'), 10)} ${pad(state, 13)}${lpad(sent, 8)}  ${s.reason ?? ''}`.trimEnd(),
    );
  }
  const up = rows.filter((s) => s.state === 'Established').length;
  lines.push('', `Total number of neighbors ${rows.length} (${up} Established)`);
  return lines.join('\n');
}

/** `ip route` lines: ECMP routes as `nexthop via … dev …` continuation lines, as iproute2 prints. */
export function fibText(routes: readonly FibRouteView[]): string {
  const hop = (h: FibRouteView['nextHops'][number]): string =>
    [h.via ? `via ${h.via}` : '', h.dev ? `dev ${h.dev}` : ''].filter(Boolean).join(' ');
  const lines: string[] = [];
  for (const r of routes) {
    const tail = `proto ${r.protocol}${r.metric !== undefined ? ` metric ${r.metric}` : ''}`;
    const first = r.nextHops[0];
    if (r.blackhole) lines.push(`blackhole ${r.prefix} ${tail}`);
    else if (r.nextHops.length > 1) {
      lines.push(`${r.prefix} ${tail}`);
      for (const h of r.nextHops) lines.push(`\tnexthop ${hop(h)} weight 1`);
    } else
      lines.push(
        `${r.prefix} ${first ? hop(first) : ''} ${tail}${first && !first.via ? ' scope link' : ''}`.replace(
          /  +/g,
          ' ',
        ),
      );
  }
  return lines.join('\n');
}

export function traceHeader(t: TraceView): string {
  return `traceroute from ${t.from} to ${t.to}${t.address ? ` (${t.address})` : ''}: ${t.paths.length} path(s)`;
}

export function tracePathText(p: TracePathView, i: number): string {
  return [
    `path ${i + 1}: ${p.end}${p.reason ? ` — ${p.reason}` : ''}`,
    ...p.hops.map(
      (h) =>
        ` ${String(h.ttl).padStart(2)}  ${(h.address ?? '*').padEnd(16)} ${h.device}${h.interface ? ` (${h.interface})` : ''}`,
    ),
  ].join('\n');
}

export function traceText(t: TraceView): string {
  if (t.error) return `traceroute from ${t.from} to ${t.to}: ${t.error}`;
  return [traceHeader(t), ...t.paths.map(tracePathText)].join('\n\n');
}

const reachMark = { reachable: '✓', partial: '½', unreachable: '✗' } as const;

/** The reachability matrix with numbered columns and a legend, over the endpoints shown. */
export function reachText(m: ReachView, shown: readonly number[]): string {
  const width = Math.max(4, ...shown.map((i) => m.endpoints[i]?.id.length ?? 0));
  const head = `${''.padStart(4)} ${'from'.padEnd(width)} ${'address'.padEnd(15)} ${shown.map((j) => String(j + 1).padStart(3)).join('')}`;
  const rows = shown.map((i) => {
    const e = m.endpoints[i];
    const cells = shown
      .map((j) => (i === j ? '·' : reachMark[m.status[i]?.[j] ?? 'unreachable']).padStart(3))
      .join('');
    return `${String(i + 1).padStart(3)}. ${(e?.id ?? '').padEnd(width)} ${(e?.address ?? '').padEnd(15)} ${cells}`;
  });
  return [
    head,
    ...rows,
    '',
    '✓ reachable · ½ some ECMP branches fail · ✗ unreachable (rows reach columns)',
  ].join('\n');
}

/**
 * The event log as text, one event a line (`#  kind  from → to  prefixes  what happened`). Prefix
 * lists the worker cut short say how many there were (`+N more`).
 */
export function timelineText(log: readonly TimelineEntry[]): string {
  return log
    .map((e, i) => {
      const more = (e.prefixCount ?? e.prefixes.length) - e.prefixes.length;
      const prefixes = e.prefixes.join(' ') + (more > 0 ? ` +${more} more` : '');
      const ends = e.from || e.to ? `${e.from ?? ''} → ${e.to ?? ''}` : '';
      return [String(i + 1).padStart(5), e.kind.padEnd(12), ends, prefixes, e.detail]
        .filter((x) => x !== '')
        .join('  ');
    })
    .join('\n');
}
