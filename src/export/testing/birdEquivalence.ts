/**
 * What "the same BGP config" means across a BIRD round trip (issues 5 and 11). BIRD has no peer
 * groups and names its filters itself, so two configs are equal when they mean the same:
 * - the effective per-neighbour settings (peer groups resolved into each neighbour, FRR style:
 *   the neighbour's own setting wins, RFC-free FRR behaviour as src/engine/neighbors.ts has it);
 * - policies compared by behaviour: every route-map / prefix-list a neighbour, redistribution or
 *   the kernel protocol uses is evaluated (FRR semantics: entries by sequence number, first match
 *   wins, implicit deny, a missing list matches nothing) on a set of probe routes;
 * - router-id, AS, originated prefixes (`network` and aggregates: BIRD has no aggregation, the
 *   exporter originates both as static blackholes), redistribution sources, kernel merge paths.
 *
 * Left out on purpose, because bird.conf cannot carry them (the exporter warns or documents it):
 * `frr defaults` profile, bestpath knobs, `ebgp-requires-policy` (BIRD always has explicit
 * import/export), maximum-paths, `disable-connected-check`, route-map `set weight` (FRR-only),
 * description text beyond what a BIRD string holds (see `effective`), summary-only (folded into
 * the static blackholes), listen ranges (BIRD `neighbor range` is dynamic; the importer does not
 * read it back as a range), as-path regexes without an exact BIRD path mask (the exporter warns).
 * Unnumbered neighbours and `default-originate` are compared; as-path lists by behaviour on probe
 * paths, with FRR's regex meaning (docs.frrouting.org "AS Path Regular Expression": `_` is a
 * space, `,`, `{`, `}`, `(`, `)`, the start or the end).
 * A neighbour's `prefix-list in|out` is compared by behaviour together with its route-map: the
 * exporter ANDs `pl_X()` before the route-map, as FRR applies the list first.
 */
import { contains, isCidr, isIpv4, networkOf, prefixLength } from '../../model';
import type { BgpConfig, Interface, NeighborSettings, PrefixList, RouteMap } from '../../model';
import { quotedText } from '../names';

export interface Probe {
  prefix: string;
  communities: string[];
  /** AS_PATH, leftmost first; absent = empty. */
  asPath?: number[];
}

/** FRR as-path regex semantics (see above) on a path written with spaces. */
export function frrAsPathMatches(regex: string, path: number[]): boolean {
  return new RegExp(regex.replaceAll('_', '(^|[ ,{}()]|$)')).test(path.join(' '));
}

/** Probe routes: every prefix the config mentions, at its own length, longer and /32. */
export function probesFor(...configs: (BgpConfig | undefined)[]): Probe[] {
  const seeds = new Set(['0.0.0.0/0', '10.0.0.0/8', '192.168.0.0/24', '10.1.2.3/32']);
  for (const b of configs) {
    for (const pl of b?.prefixLists ?? [])
      for (const e of pl.entries) {
        if (!isCidr(e.prefix)) continue;
        const base = networkOf(e.prefix);
        const [addr] = base.split('/');
        const len = prefixLength(base);
        for (const l of new Set([len, e.ge, e.le, Math.min(len + 1, 32), 32, Math.max(len - 1, 0)]))
          if (l !== undefined) seeds.add(networkOf(`${addr}/${l}`));
      }
    for (const p of [...(b?.networks ?? []), ...(b?.aggregates ?? []).map((a) => a.prefix)])
      if (isCidr(p)) seeds.add(networkOf(p));
  }
  const comms = new Set<string>();
  for (const b of configs)
    for (const cl of b?.communityLists ?? []) for (const e of cl.entries) comms.add(e.community);
  const sets = [[], ...[...comms].map((c) => [c])];
  // Paths built from the ASNs the as-path lists name: alone, in order, reversed, surrounded.
  const asns = [
    ...new Set(
      configs.flatMap((b) =>
        (b?.asPathLists ?? []).flatMap((l) =>
          l.entries.flatMap((e) => (e.regex.match(/\d+/g) ?? []).map(Number)),
        ),
      ),
    ),
  ].slice(0, 4);
  const paths: number[][] =
    asns.length === 0
      ? [[]]
      : [[], ...asns.map((a) => [a]), asns, [...asns].reverse(), [1, ...asns, 2], [1]];
  return [...seeds]
    .sort()
    .flatMap((prefix) =>
      sets.flatMap((communities) => paths.map((asPath) => ({ prefix, communities, asPath }))),
    );
}

function asPathListPermits(b: BgpConfig, name: string, path: number[]): boolean {
  const list = b.asPathLists.find((l) => l.name === name);
  const hit = list?.entries.find((e) => frrAsPathMatches(e.regex, path));
  return hit?.action === 'permit';
}

function prefixListPermits(pl: PrefixList, prefix: string): boolean {
  const len = prefixLength(prefix);
  for (const e of [...pl.entries].sort((a, b) => a.seq - b.seq)) {
    if (!isCidr(e.prefix)) continue;
    const base = networkOf(e.prefix);
    const blen = prefixLength(base);
    const lo = e.ge ?? blen;
    const hi = e.le ?? (e.ge !== undefined ? 32 : blen);
    if (len < lo || len > hi || !contains(base, prefix)) continue;
    return e.action === 'permit';
  }
  return false;
}

/** A route-map (or no map, or a map that does not exist) on one probe → permit + sets, or deny. */
export function evaluate(b: BgpConfig, mapName: string | undefined, p: Probe): string {
  if (mapName === undefined) return 'permit';
  const rm: RouteMap | undefined = b.routeMaps.find((m) => m.name === mapName);
  if (!rm) return 'deny';
  for (const e of [...rm.entries].sort((x, y) => x.seq - y.seq)) {
    if (e.match.asPathList && !asPathListPermits(b, e.match.asPathList, p.asPath ?? [])) continue;
    if (e.match.prefixList) {
      const pl = b.prefixLists.find((l) => l.name === e.match.prefixList);
      if (!pl || !prefixListPermits(pl, p.prefix)) continue;
    }
    if (e.match.communityList) {
      const cl = b.communityLists.find((l) => l.name === e.match.communityList);
      const hit = cl?.entries.find((x) => p.communities.includes(x.community));
      if (!hit || hit.action !== 'permit') continue;
    }
    if (e.action === 'deny') return 'deny';
    const s = e.set;
    const comm = s.community?.values.length
      ? `${s.community.additive ? '+' : '='}${s.community.values.join(',')}`
      : '';
    return `permit lp=${s.localPref ?? ''} med=${s.med ?? ''} pre=${(s.asPathPrepend ?? []).join(' ')} c=${comm}`;
  }
  return 'deny';
}

/** FRR order: the neighbour's prefix-list first (a missing list denies), then its route-map. */
function filtered(
  b: BgpConfig,
  list: string | undefined,
  map: string | undefined,
  p: Probe,
): string {
  if (list === undefined) return evaluate(b, map, p);
  const pl = b.prefixLists.find((l) => l.name === list);
  return pl && prefixListPermits(pl, p.prefix) ? evaluate(b, map, p) : 'deny';
}

const behaviour = (
  b: BgpConfig,
  map: string | undefined,
  probes: Probe[],
  list?: string,
): string[] =>
  probes.map(
    (p) =>
      `${p.prefix} ${p.communities.join(',')} [${(p.asPath ?? []).join(' ')}] → ${filtered(b, list, map, p)}`,
  );

function sourceAddress(src: string | undefined, ifs: Interface[]): string | undefined {
  if (src === undefined || isIpv4(src)) return src;
  return ifs
    .find((i) => i.name === src)
    ?.addresses.find(isCidr)
    ?.split('/')[0];
}

/** One neighbour's effective settings, peer group resolved, policies as behaviour. */
function effective(
  b: BgpConfig,
  s: NeighborSettings,
  ifs: Interface[],
  probes: Probe[],
): Record<string, unknown> {
  return {
    remoteAs: s.remoteAs === 'internal' ? b.asn : s.remoteAs,
    // BIRD 2 strings have no escapes: the exporter writes descriptions on one line, 80 chars,
    // `"` and `\` as `'` (names.ts quotedText) — free text, so compared as written.
    description: s.description === undefined ? undefined : quotedText(s.description),
    updateSource: sourceAddress(s.updateSource, ifs),
    ebgpMultihop: s.ebgpMultihop,
    routeReflectorClient: s.routeReflectorClient ?? false,
    // BIRD `next hop self` always rewrites, as FRR's `next-hop-self force` does for reflected
    // routes; the importer reads it as plain next-hop-self.
    nextHopSelf: !!s.nextHopSelf,
    passive: s.passive ?? false,
    defaultOriginate: s.defaultOriginate ?? false,
    shutdown: s.shutdown ?? false,
    allowasIn: s.allowasIn,
    timers: s.timers,
    activate: s.activate !== false,
    in: s.activate === false ? [] : behaviour(b, s.routeMapIn, probes, s.prefixListIn),
    out: s.activate === false ? [] : behaviour(b, s.routeMapOut, probes, s.prefixListOut),
  };
}

/** The comparable meaning of `b` on a device with interfaces `ifs` (for update-source names). */
export function birdMeaning(
  b: BgpConfig | undefined,
  ifs: Interface[],
  probes: Probe[],
  kernel?: { mergePaths?: boolean; exportFilter?: string },
): unknown {
  if (!b) return null;
  const groups = new Map(b.peerGroups.map((g) => [g.name, g]));
  const neighbours = b.neighbors
    .map((n) => {
      const merged = { ...(n.peerGroup ? groups.get(n.peerGroup) : {}), ...n };
      const key = n.interface ? `${n.peer} (unnumbered)` : n.peer;
      return [key, effective(b, merged, ifs, probes)] as const;
    })
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const originated = [...b.networks, ...b.aggregates.map((a) => a.prefix)].filter(isCidr);
  const rrClients = neighbours.some(([, n]) => n.routeReflectorClient);
  return JSON.parse(
    JSON.stringify({
      asn: b.asn,
      routerId: b.routerId,
      clusterId: rrClients ? b.clusterId : undefined,
      neighbours,
      originated: [...new Set(originated.map(networkOf))].sort(),
      redistribute: [...new Map(b.redistribute.map((r) => [r.source, r])).values()]
        .map((r) => [r.source, behaviour(b, r.routeMap, probes)] as const)
        .sort(([x], [y]) => (x < y ? -1 : 1)),
      mergePaths: kernel?.mergePaths ?? false,
    }),
  ) as unknown;
}
