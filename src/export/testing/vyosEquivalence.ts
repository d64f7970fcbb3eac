/**
 * What "the same BGP config" means across a VyOS round trip (issues 5 and 11). VyOS has peer
 * groups, so the config is compared as it is, with these exceptions:
 * - policy objects: prefix-lists (IPv4; entries by sequence), community and as-path lists
 *   (entries in order; values a quoted VyOS node cannot carry — quotes, backslashes, control
 *   characters — are left out by the exporter) and route-maps (action, match on prefix-list /
 *   community-list / as-path list by name, set local-preference, metric, weight, as-path prepend,
 *   community) are compared; route-map `set … next-hop-self` is not written, and an empty list
 *   or map is the same as none (both deny all in FRR);
 * - BGP timers and `frr defaults` profile: VyOS 1.4 has no profile knob (its FRR runs the
 *   traditional one), and the exporter writes no `timers` node.
 * - descriptions: VyOS values are quoted, so the exporter writes them on one line without
 *   quotes or backslashes (vyos.ts `text`); compared after the same cut;
 * - `remote-as internal`: written as the local AS number, the same session.
 * - `activate`: VyOS activates every neighbour with an `address-family ipv4-unicast` node and the
 *   importer records that; absent and true mean the same (FRR's default for ipv4 unicast).
 */
import { familyOf, isCidr, networkOf } from '../../model';
import type { BgpConfig, NeighborSettings } from '../../model';
import { oneLine, validAsn } from '../names';
import { vyosListValue } from '../vyos';

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

const bySeq = <T extends { seq: number }>(xs: T[]): T[] =>
  xs
    .filter((e) => Number.isInteger(e.seq) && e.seq >= 1 && e.seq <= 65535)
    .sort((x, y) => x.seq - y.seq);

function prefixLists(b: BgpConfig): unknown {
  return b.prefixLists
    .map((l) => ({
      name: l.name,
      entries: bySeq(l.entries.filter((e) => isCidr(e.prefix) && familyOf(e.prefix) === 4)),
    }))
    .filter((l) => l.entries.length > 0)
    .sort((x, y) => (x.name < y.name ? -1 : 1));
}

function routeMaps(b: BgpConfig): unknown {
  return b.routeMaps
    .filter((m) => bySeq(m.entries).length > 0)
    .map((m) => ({
      name: m.name,
      entries: bySeq(m.entries).map((e) => {
        const values = (e.set.community?.values ?? []).filter((c) => /^\d+:\d+$/.test(c));
        const prepend = (e.set.asPathPrepend ?? []).filter(validAsn);
        return {
          ...e,
          set: {
            ...e.set,
            nextHopSelf: undefined,
            asPathPrepend: prepend.length ? prepend : undefined,
            community: values.length
              ? { values, additive: !!e.set.community?.additive }
              : undefined,
          },
        };
      }),
    }))
    .sort((x, y) => (x.name < y.name ? -1 : 1));
}

function orderedLists<T extends { name: string; entries: unknown[] }>(ls: T[]): T[] {
  return ls.filter((l) => l.entries.length > 0).sort((x, y) => (x.name < y.name ? -1 : 1));
}

export function vyosComparable(b: BgpConfig | undefined): unknown {
  if (!b) return null;
  return JSON.parse(
    JSON.stringify({
      ...b,
      profile: undefined,
      timers: undefined,
      prefixLists: prefixLists(b),
      routeMaps: routeMaps(b),
      communityLists: orderedLists(
        b.communityLists.map((l) => ({
          name: l.name,
          entries: l.entries.filter((e) => vyosListValue(e.community)),
        })),
      ),
      asPathLists: orderedLists(
        b.asPathLists.map((l) => ({
          name: l.name,
          entries: l.entries.filter((e) => vyosListValue(e.regex)),
        })),
      ),
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
