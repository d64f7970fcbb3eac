/**
 * Renders engine views in FRR's words (pure text). Layout follows FRR 8.4's
 * `show bgp ipv4 unicast` and `show bgp ipv4 unicast <prefix>` (bgp_route.c route_vty_out /
 * route_vty_out_detail); the decision reason for non-best paths is routelab's addition.
 */
import type { PathView, RouteEntryView } from '../../engine/types';

const originWord: Record<string, string> = { i: 'IGP', e: 'EGP', '?': 'incomplete' };

/** The status column: `*` valid, `>` best, `=` multipath, then `i` for iBGP-learned. */
export function statusCode(p: PathView): string {
  return `${p.valid ? '*' : ' '}${p.best ? '>' : p.multipath ? '=' : ' '}${p.ibgp ? 'i' : ' '}`;
}

export function pathText(p: PathView): string {
  return [...p.asPath.map(String), p.origin].join(' ');
}

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
