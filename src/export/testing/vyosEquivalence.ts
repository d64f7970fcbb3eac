/**
 * What "the same BGP config" means across a VyOS round trip (issues 5 and 11). VyOS has peer
 * groups, so the config is compared as it is, with these exceptions:
 * - policy objects (prefix-lists, route-maps, community/as-path lists): the VyOS exporter does
 *   not write `policy …` yet, so only the neighbours' references to them survive;
 * - BGP timers and `frr defaults` profile: VyOS 1.4 has no profile knob (its FRR runs the
 *   traditional one), and the exporter writes no `timers` node.
 * - descriptions: VyOS values are quoted, so the exporter writes them on one line without
 *   quotes or backslashes (vyos.ts `text`); compared after the same cut;
 * - `remote-as internal`: written as the local AS number, the same session.
 * - `activate`: VyOS activates every neighbour with an `address-family ipv4-unicast` node and the
 *   importer records that; absent and true mean the same (FRR's default for ipv4 unicast).
 */
import { isCidr, networkOf } from '../../model';
import type { BgpConfig, NeighborSettings } from '../../model';
import { oneLine } from '../names';

const DROPPED_SETTINGS = ['timers', 'activate'] as const;

/** `remote-as internal` is written as the local AS, which means the same (RFC 4271 iBGP). */
function settings<T extends NeighborSettings>(s: T, asn: number): T {
  const out = { ...s };
  for (const k of DROPPED_SETTINGS) delete out[k];
  if (out.remoteAs === 'internal') out.remoteAs = asn;
  if (out.description !== undefined)
    out.description = oneLine(out.description)
      .replace(/["'\\]/g, '')
      .trim();
  return out;
}

export function vyosComparable(b: BgpConfig | undefined): unknown {
  if (!b) return null;
  return JSON.parse(
    JSON.stringify({
      ...b,
      profile: undefined,
      timers: undefined,
      prefixLists: undefined,
      routeMaps: undefined,
      communityLists: undefined,
      asPathLists: undefined,
      peerGroups: b.peerGroups.map((g) => settings(g, b.asn)),
      neighbors: b.neighbors.map((n) => settings(n, b.asn)),
      // VyOS keeps one `redistribute <source>` node; a later one replaces the earlier one.
      redistribute: [...new Map(b.redistribute.map((r) => [r.source, r])).values()],
    }),
    (_k, v: unknown) =>
      typeof v === 'string' && v.includes('/') && isCidr(v)
        ? networkOf(v)
        : v === false || (v && typeof v === 'object' && Object.keys(v).length === 0)
          ? undefined
          : v,
  ) as unknown;
}
