/**
 * The BGP table in FRR's words (pure text), shared by the UI's Copy and the worker's paged table
 * (bgpTable.ts): a leaf of a big fabric holds ~50,000 paths, so the whole table's text is built
 * where the paths are, not after sending them all to the main thread. Layout follows FRR 8.4's
 * `show bgp ipv4 unicast` (bgp_route.c route_vty_out).
 */
import type { PathView } from '../engine/types';

/** The lines FRR 8.4 prints above `show bgp ipv4 unicast`'s rows (also the CLI's). */
export function bgpTableHeader(head: { routerId?: string; asn: number }): string[] {
  return [
    `BGP table version is 0, local router ID is ${head.routerId ?? '?'}, vrf id 0`,
    `Default local pref 100, local AS ${head.asn}`,
    'Status codes:  * valid, > best, = multipath, i internal',
    'Origin codes:  i - IGP, e - EGP, ? - incomplete',
    '',
    '   Network          Next Hop            Metric LocPrf Weight Path',
  ];
}

/** The status column: `*` valid, `>` best, `=` multipath, then `i` for iBGP-learned. */
export function statusCode(p: PathView): string {
  return `${p.valid ? '*' : ' '}${p.best ? '>' : p.multipath ? '=' : ' '}${p.ibgp ? 'i' : ' '}`;
}

export function pathText(p: PathView): string {
  return [...p.asPath.map(String), p.origin].join(' ');
}

/** The "Decided by" column: why a path is best, lost, or not eligible. */
export function decidedBy(p: PathView): string {
  if (p.best) return p.reason ?? '';
  if (!p.valid) return p.invalidReason ?? 'invalid';
  return p.reason ? `lost: ${p.reason}` : '';
}

export const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));
export const lpad = (s: string, n: number): string => s.padStart(n);

/** One row as FRR's route_vty_out prints it: network 17, next hop 16, %10u %7u %7u, path. */
function pathLine(p: PathView, first: boolean): string {
  const metric = p.med === undefined ? '' : String(p.med);
  const lp = p.localPref === undefined ? '' : String(p.localPref);
  return `${statusCode(p)}${pad(first ? p.prefix : '', 17)}${pad(p.nextHop, 16)}${lpad(metric, 10)}${lpad(lp, 7)}${lpad(String(p.weight), 7)} ${pathText(p)}`;
}

/**
 * `show bgp ipv4 unicast` (or `… neighbors PEER received-routes|advertised-routes` when `title`
 * names it) over the rows shown, in their order.
 */
export function bgpTableText(
  paths: readonly PathView[],
  head: { routerId?: string; asn: number },
  title?: string,
): string {
  const lines = [...(title ? [title, ''] : []), ...bgpTableHeader(head)];
  paths.forEach((p, i) => lines.push(pathLine(p, i === 0 || paths[i - 1]?.prefix !== p.prefix)));
  const routes = new Set(paths.map((p) => p.prefix)).size;
  lines.push('', `Displayed  ${routes} routes and ${paths.length} total paths`);
  return lines.join('\n');
}
