/**
 * BIRD 2 `bird.conf` from the model only. BIRD refuses eBGP without explicit import/export, so
 * every channel names both; route-maps become filters; `network` statements become blackhole
 * static routes (as Calico does for its own blocks) accepted by the BGP export filter.
 * FRR features BIRD lacks are rebuilt from what it has (each checked on BIRD 2.0.12 here):
 * - unnumbered peers (`neighbor IFACE interface`): a dynamic protocol on the interface accepting
 *   any link-local peer (`interface "X"; neighbor range fe80::/10 …`) with RFC 8950 extended
 *   next hops, plus `protocol radv` so the FRR side learns BIRD's link-local address from router
 *   advertisements (FRR finds unnumbered peers that way); BIRD waits for the FRR side to connect;
 * - `default-originate`: a static 0.0.0.0/0 in a protocol of its own, at preference 1 (so any
 *   learned default still wins locally), kept out of the kernel and of `bgp_table()`, exported
 *   only to the originating peers (past their outbound policy, as FRR sends it), eBGP and iBGP
 *   (next hop: BIRD's own address). One difference stays: while BIRD also learns a default, that
 *   learned path is its best and is what the peer gets, where FRR would send its own;
 * - as-path access lists: functions testing BIRD path masks, for the regexes that have an exact
 *   mask (`^$`, `^A_B_`, `_A$`, `_A_`, …; see asPathMask).
 */
import { clusterOf, isIp, networkOf, nodeBgp, nodePodCidrs, prefixLength } from '../model';
import type {
  AsPathList,
  BgpConfig,
  Device,
  Lab,
  Neighbor,
  NeighborSettings,
  RouteMap,
} from '../model';
import {
  birdSymbol,
  isOneLine,
  oneLine,
  quotedText,
  validAsn,
  validIpv4,
  validIpv4Cidr,
} from './names';
import type { DevicePlan } from './plan';
import { ifnameOf } from './plan';

/**
 * `bgp_table()`: true for the routes FRR would hold in its BGP table — originated networks and
 * aggregates, redistributed sources, BGP-learned routes — minus what `summary-only` suppresses.
 * Every export to BGP goes through it, so static/kernel routes never leak out by accident.
 */
function bgpTableFunction(bgp: BgpConfig): string[] {
  const nets = [
    ...new Set(
      [...bgp.networks, ...bgp.aggregates.map((a) => a.prefix)]
        .filter(validIpv4Cidr)
        .map(networkOf),
    ),
  ];
  const out = ['function bgp_table()', '{'];
  if (originatesDefault(bgp)) out.push(`  if proto = "${DEFAULT_ORIGINATE}" then return false;`);
  for (const a of bgp.aggregates.filter((x) => x.summaryOnly && validIpv4Cidr(x.prefix))) {
    const len = prefixLength(a.prefix);
    if (len < 32)
      out.push(`  if net ~ [ ${networkOf(a.prefix)}{${len + 1},32} ] then return false;`);
  }
  if (nets.length > 0) out.push(`  if net ~ [ ${nets.join(', ')} ] then return true;`);
  const rts = { connected: 'RTS_DEVICE', static: 'RTS_STATIC', kernel: 'RTS_INHERIT' } as const;
  for (const r of bgp.redistribute) {
    const known = r.routeMap === undefined || bgp.routeMaps.some((m) => m.name === r.routeMap);
    const rm = r.routeMap && known ? ` && ${birdSymbol('rm', r.routeMap)}()` : '';
    if (known) out.push(`  if source = ${rts[r.source]}${rm} then return true;`);
  }
  out.push('  if source = RTS_BGP then return true;', '  return false;', '}', '');
  return out;
}

/** Prefix lists become functions so permit/deny order is kept. */
function policyFunctions(bgp: BgpConfig, warnings: string[]): string[] {
  const out: string[] = [];
  for (const pl of bgp.prefixLists) {
    out.push(`function ${birdSymbol('pl', pl.name)}()`, '{');
    for (const e of [...pl.entries].sort((a, b) => a.seq - b.seq)) {
      if (!validIpv4Cidr(e.prefix)) continue;
      const len = prefixLength(e.prefix);
      const lo = e.ge ?? (e.le !== undefined ? len : len);
      const hi = e.le ?? (e.ge !== undefined ? 32 : len);
      const pat = `${networkOf(e.prefix)}{${Math.trunc(lo)},${Math.trunc(hi)}}`;
      out.push(`  if net ~ [ ${pat} ] then return ${e.action === 'permit'};`);
    }
    out.push('  return false;', '}', '');
  }
  for (const cl of bgp.communityLists) {
    out.push(`function ${birdSymbol('cl', cl.name)}()`, '{');
    for (const e of cl.entries) {
      const m = /^(\d+):(\d+)$/.exec(e.community);
      if (m)
        out.push(`  if (${m[1]}, ${m[2]}) ~ bgp_community then return ${e.action === 'permit'};`);
    }
    out.push('  return false;', '}', '');
  }
  const al = new Set<string>();
  for (const list of bgp.asPathLists) {
    const fn = asPathFunction(list);
    if (fn) {
      out.push(...fn);
      al.add(list.name);
    } else warnings.push(`as-path list ${list.name}: a regex BIRD path masks cannot express`);
  }
  const has = {
    pl: new Set(bgp.prefixLists.map((p) => p.name)),
    cl: new Set(bgp.communityLists.map((c) => c.name)),
    al,
    untranslated: new Set(bgp.asPathLists.map((l) => l.name).filter((n) => !al.has(n))),
  };
  for (const rm of bgp.routeMaps) out.push(...routeMapFilter(rm, has));
  return out;
}

/**
 * An FRR as-path regex as a BIRD path mask, when one means exactly the same. FRR's `_` matches a
 * space, `,`, `{`, `}`, `(`, `)`, the start or the end of the path (docs.frrouting.org, "AS Path
 * Regular Expression"), so `^A_B_` is "starts with A B" = `[= A B * =]`, `_A$` "ends with A" =
 * `[= * A =]`, `_A_` "contains A" = `[= * A * =]`, `^$` the empty path; `.*` (or nothing) is any
 * path. Anything else (bare digits that match inside longer ASNs, alternations, ranges…) has no
 * exact mask: undefined.
 */
export function asPathMask(regex: string): string | undefined {
  const r = regex.trim();
  if (r === '' || r === '.*' || r === '^.*$') return 'true';
  if (r === '^$') return 'bgp_path ~ [= =]';
  const m = /^([_^])(\d+(?:_\d+)*)([_$])$/.exec(r);
  if (!m || m[2] === undefined) return undefined;
  const asns = m[2].split('_').map(Number);
  if (!asns.every(validAsn)) return undefined;
  const head = m[1] === '_' ? '* ' : '';
  const tail = m[3] === '_' ? ' *' : '';
  return `bgp_path ~ [= ${head}${asns.join(' ')}${tail} =]`;
}

/** `function al_X()`: first matching entry decides, no match denies (FRR as-path lists). */
function asPathFunction(list: AsPathList): string[] | undefined {
  const lines: string[] = [];
  for (const e of list.entries) {
    const cond = asPathMask(e.regex);
    if (cond === undefined) return undefined;
    lines.push(`  if ${cond} then return ${e.action === 'permit'};`);
  }
  return [`function ${birdSymbol('al', list.name)}()`, '{', ...lines, '  return false;', '}', ''];
}

interface Defined {
  pl: Set<string>;
  cl: Set<string>;
  al: Set<string>;
  /** As-path lists whose regexes have no BIRD mask: matches on them are left out (warned). */
  untranslated: Set<string>;
}

function routeMapFilter(rm: RouteMap, has: Defined): string[] {
  // A route-map is both a filter (neighbour in/out) and a predicate (redistribute … route-map).
  const out = [`function ${birdSymbol('rm', rm.name)}()`, '{'];
  const body: string[] = [];
  for (const e of [...rm.entries].sort((a, b) => a.seq - b.seq)) {
    const conds: string[] = [];
    // FRR treats a match on a list that does not exist as no match.
    if (e.match.prefixList)
      conds.push(
        has.pl.has(e.match.prefixList) ? `${birdSymbol('pl', e.match.prefixList)}()` : 'false',
      );
    if (e.match.communityList)
      conds.push(
        has.cl.has(e.match.communityList)
          ? `${birdSymbol('cl', e.match.communityList)}()`
          : 'false',
      );
    if (e.match.asPathList && !has.untranslated.has(e.match.asPathList))
      conds.push(
        has.al.has(e.match.asPathList) ? `${birdSymbol('al', e.match.asPathList)}()` : 'false',
      );
    else if (e.match.asPathList)
      body.push(`  # as-path list ${birdSymbol('al', e.match.asPathList)}: not translated`);
    const cond = conds.length > 0 ? conds.join(' && ') : 'true';
    const sets: string[] = [];
    const s = e.set;
    if (s.localPref !== undefined) sets.push(`bgp_local_pref = ${Math.trunc(s.localPref)};`);
    if (s.med !== undefined) sets.push(`bgp_med = ${Math.trunc(s.med)};`);
    // BGP prepends right to left: the leftmost ASN goes on last.
    for (const asn of [...(s.asPathPrepend ?? [])].filter(validAsn).reverse())
      sets.push(`bgp_path.prepend(${asn});`);
    const comms = (s.community?.values ?? []).map((c) => /^(\d+):(\d+)$/.exec(c)).filter((m) => m);
    if (comms.length > 0 && !s.community?.additive) sets.push('bgp_community = -empty-;');
    for (const m of comms) sets.push(`bgp_community.add((${m?.[1]}, ${m?.[2]}));`);
    if (e.action === 'deny') body.push(`  if ${cond} then return false;`);
    else body.push(`  if ${cond} then { ${[...sets, 'return true;'].join(' ')} }`);
  }
  out.push(...body, '  return false;', '}', '');
  out.push(
    `filter ${birdSymbol('rmf', rm.name)}`,
    '{',
    `  if ${birdSymbol('rm', rm.name)}() then accept;`,
    '  reject;',
    '}',
    '',
  );
  return out;
}

function peerAs(r: NeighborSettings['remoteAs'], local: number): string | undefined {
  if (r === 'internal') return `as ${local}`;
  if (r === 'external') return 'external';
  return validAsn(r) ? `as ${r}` : undefined;
}

/**
 * One direction of a channel: FRR applies the neighbour's prefix-list before its route-map
 * (bgp_input_filter, then the route-map), so both are ANDed in that order; BIRD's `&&` stops at the
 * first false, so the route-map's sets only run on what the prefix-list let through. A list or map
 * that does not exist denies everything, as in FRR (prefix_list_apply on NULL is PREFIX_DENY).
 */
function channelPolicy(
  bgp: BgpConfig,
  prefixList: string | undefined,
  routeMap: string | undefined,
  guard: string[],
): string {
  const conds = [...guard];
  if (prefixList !== undefined) {
    if (!bgp.prefixLists.some((p) => p.name === prefixList)) return 'none';
    conds.push(`${birdSymbol('pl', prefixList)}()`);
  }
  if (routeMap) {
    if (!bgp.routeMaps.some((r) => r.name === routeMap)) return 'none';
    // Alone, an import route-map stays the named filter it always was.
    if (conds.length === 0) return `filter ${birdSymbol('rmf', routeMap)}`;
    conds.push(`${birdSymbol('rm', routeMap)}()`);
  }
  return conds.length === 0 ? 'all' : `where ${conds.join(' && ')}`;
}

function bgpProtocol(
  name: string,
  head: string,
  s: NeighborSettings,
  bgp: BgpConfig,
  dp: DevicePlan,
  unnumbered?: string,
): string[] {
  const out = [`protocol bgp ${name} {`];
  if (s.description) out.push(`  description "${quotedText(s.description)}";`);
  out.push(`  local as ${bgp.asn};`);
  if (unnumbered) out.push(`  interface "${unnumbered}";`);
  if (head) out.push(`  ${head};`);
  // BIRD treats iBGP as multihop, which cannot be bound to an interface ("Multihop BGP cannot be
  // bound to interface"): an unnumbered iBGP peer is declared directly connected.
  if (unnumbered && head.endsWith(' internal')) out.push('  direct;');
  if (s.updateSource) {
    const src = isIp(s.updateSource)
      ? s.updateSource
      : dp.device.interfaces
          .filter((i) => i.name === s.updateSource)
          .flatMap((i) => i.addresses.filter(validIpv4Cidr))
          .map((a) => a.split('/')[0])[0];
    if (src && validIpv4(src)) out.push(`  source address ${src};`);
  }
  if (s.ebgpMultihop) out.push(`  multihop ${Math.trunc(s.ebgpMultihop)};`);
  if (s.routeReflectorClient) out.push('  rr client;');
  if (s.routeReflectorClient && bgp.clusterId && validIpv4(bgp.clusterId))
    out.push(`  rr cluster id ${bgp.clusterId};`);
  if (s.passive) out.push('  passive on;');
  if (s.shutdown) out.push('  disabled;');
  if (s.allowasIn) out.push(`  allow local as ${Math.trunc(s.allowasIn)};`);
  if (s.timers)
    out.push(`  hold time ${s.timers.hold};`, `  keepalive time ${s.timers.keepalive};`);
  const imp = channelPolicy(bgp, s.prefixListIn, s.routeMapIn, []);
  let exp = channelPolicy(bgp, s.prefixListOut, s.routeMapOut, ['bgp_table()']);
  if (s.defaultOriginate && originatesDefault(bgp)) {
    const own = `proto = "${DEFAULT_ORIGINATE}"`;
    exp = exp === 'none' ? `where ${own}` : `where ${own} || (${exp.replace(/^where /, '')})`;
  }
  const nhs = s.nextHopSelf ? ' next hop self;' : '';
  // IPv4 routes over an IPv6 link-local session carry IPv6 next hops (RFC 8950), as FRR sends.
  const enh = unnumbered ? ' extended next hop on;' : '';
  if (s.activate !== false) out.push(`  ipv4 { import ${imp}; export ${exp};${nhs}${enh} };`);
  out.push('}', '');
  return out;
}

function neighborProtocols(bgp: BgpConfig, dp: DevicePlan, warn: string[]): string[] {
  const out: string[] = [];
  const groups = new Map(bgp.peerGroups.map((g) => [g.name, g]));
  const used = new Set<string>();
  const unique = (base: string): string => {
    let n = base;
    for (let i = 2; used.has(n); i++) n = `${base}_${i}`;
    used.add(n);
    return n;
  };
  for (const n of bgp.neighbors) {
    const merged: Neighbor = { ...(n.peerGroup ? groups.get(n.peerGroup) : {}), ...n };
    if (n.interface) {
      const ifn = ifnameOf(dp, n.peer);
      const as = peerAs(merged.remoteAs, bgp.asn);
      if (!ifn || ifn === 'lo' || as === undefined) {
        warn.push(`unnumbered peer ${n.peer}: no usable interface or remote AS, left out`);
        continue;
      }
      const name = unique(birdSymbol('peer', ifn));
      const head = `neighbor range fe80::/10 ${as === `as ${bgp.asn}` ? 'internal' : as}`;
      out.push(...bgpProtocol(name, head, merged, bgp, dp, ifn));
      continue;
    }
    const as = peerAs(merged.remoteAs, bgp.asn);
    if (!validIpv4(n.peer) || as === undefined) continue;
    const name = unique(birdSymbol('peer', n.peer));
    out.push(...bgpProtocol(name, `neighbor ${n.peer} ${as}`, merged, bgp, dp));
  }
  for (const r of bgp.listenRanges) {
    const g = groups.get(r.peerGroup);
    const as = g ? peerAs(g.remoteAs, bgp.asn) : undefined;
    if (!g || !validIpv4Cidr(r.range) || as === undefined) continue;
    const name = unique(birdSymbol('range', r.range));
    out.push(...bgpProtocol(name, `neighbor range ${networkOf(r.range)} ${as}`, g, bgp, dp));
  }
  return out;
}

/**
 * The IPAM blocks of a Calico node running BIRD: Felix/BIRD keep a blackhole for each block affine
 * to the node whatever BGP announces (seed 004 shows `blackhole … proto bird`; Calico's
 * bird.cfg has `route <block> blackhole` in its static protocol, and its kernel filter programs
 * pool routes). Empty for anything else.
 */
export function calicoBlocks(lab: Lab, device: Device): string[] {
  if (device.kind !== 'k8s-node' || clusterOf(lab, device)?.cni !== 'calico') return [];
  if (nodeBgp(lab, device)?.daemon !== 'bird') return [];
  return nodePodCidrs(lab, device).filter(validIpv4Cidr).map(networkOf);
}

/**
 * What BIRD programs into the kernel: BGP-learned routes, the Calico block blackholes, aggregate
 * blackholes (as FRR's `aggregate-address` installs one) and, on routers, the device's own static
 * routes (staticd's job under FRR). Not direct routes (the kernel has them), not the blackholes
 * that only let `network` statements reach BGP — a service CIDR blackholed in the kernel would
 * break kube-proxy (ex-calico-bird-rr-service-cluster-ips real run: `export all` installed
 * `blackhole 10.43.0.0/16` on every node) — and not a node's statics (its OS installs them).
 */
function kernelExportFilter(
  dp: DevicePlan,
  bgp: BgpConfig | undefined,
  blocks: string[],
): string[] {
  const installed = new Set(blocks);
  for (const a of bgp?.aggregates ?? [])
    if (validIpv4Cidr(a.prefix)) installed.add(networkOf(a.prefix));
  if (dp.device.kind === 'router')
    for (const r of dp.device.staticRoutes)
      if (validIpv4Cidr(r.prefix)) installed.add(networkOf(r.prefix));
  const out = ['filter kernel_export', '{', '  if source = RTS_BGP then accept;'];
  if (installed.size > 0)
    out.push(`  if source = RTS_STATIC && net ~ [ ${[...installed].join(', ')} ] then accept;`);
  out.push('  reject;', '}', '');
  return out;
}

/** Static routes: the device's own, then blackholes for networks/aggregates not already routed. */
function staticProtocol(dp: DevicePlan, bgp: BgpConfig | undefined, blocks: string[]): string[] {
  const routes: string[] = [];
  const have = new Set<string>();
  for (const r of dp.device.staticRoutes) {
    if (!validIpv4Cidr(r.prefix)) continue;
    const p = networkOf(r.prefix);
    const dev = r.interface ? ifnameOf(dp, r.interface) : undefined;
    if (r.blackhole) routes.push(`  route ${p} blackhole;`);
    else if (r.via && validIpv4(r.via))
      routes.push(`  route ${p} via ${r.via}${dev ? `%${dev}` : ''};`);
    else if (dev) routes.push(`  route ${p} via "${dev}";`);
    else continue;
    have.add(p);
  }
  const connected = new Set(
    dp.device.interfaces.flatMap((i) => i.addresses.filter(validIpv4Cidr).map(networkOf)),
  );
  const own = [
    ...blocks,
    ...(bgp?.networks ?? []),
    ...(bgp?.aggregates ?? []).map((a) => a.prefix),
  ];
  for (const p of own.filter(validIpv4Cidr).map(networkOf)) {
    if (have.has(p) || connected.has(p)) continue;
    routes.push(`  route ${p} blackhole;`);
    have.add(p);
  }
  if (routes.length === 0) return [];
  return ['protocol static static4 {', '  ipv4;', ...routes, '}', ''];
}

/** Name of the static protocol holding the default route that `default-originate` sends. */
export const DEFAULT_ORIGINATE = 'default_originate';

/** Whether some neighbour (itself or through its peer group) has `default-originate`. */
function originatesDefault(bgp: BgpConfig): boolean {
  const groups = new Map(bgp.peerGroups.map((g) => [g.name, g]));
  return bgp.neighbors.some(
    (n) =>
      n.activate !== false &&
      (n.defaultOriginate ??
        (n.peerGroup ? groups.get(n.peerGroup)?.defaultOriginate : undefined)) === true,
  );
}

function withoutDefaultOriginate(bgp: BgpConfig): BgpConfig {
  const off = <T extends NeighborSettings>(x: T): T => ({ ...x, defaultOriginate: undefined });
  return { ...bgp, neighbors: bgp.neighbors.map(off), peerGroups: bgp.peerGroups.map(off) };
}

/**
 * Router advertisements on the unnumbered interfaces: FRR learns an unnumbered peer's link-local
 * address from them. `default lifetime 0` keeps BIRD from offering itself as a default router.
 */
function radvProtocol(protocols: string[]): string[] {
  const ifaces = protocols.flatMap((l) => /^ {2}interface "([^"]+)";$/.exec(l)?.[1] ?? []);
  if (ifaces.length === 0) return [];
  const list = [...new Set(ifaces)].map((i) => `"${i}"`).join(', ');
  return [
    'protocol radv unnumbered {',
    '  propagate routes no;',
    `  interface ${list} { min ra interval 3; max ra interval 10; default lifetime 0; };`,
    '}',
    '',
  ];
}

/** bird.conf for a device whose BGP is `bgp` (a BIRD router, a Calico node, a node's own BIRD). */
export function renderBirdConf(
  dp: DevicePlan,
  bgp: BgpConfig | undefined,
  routerId: string | undefined,
  warnings: string[] = [],
  blocks: string[] = [],
): string {
  const kernel =
    dp.device.kind === 'router' || dp.device.kind === 'k8s-node' ? dp.device.kernel : undefined;
  const out = [`# BIRD 2 configuration for ${dp.node}, written by routelab`];
  if (routerId && validIpv4(routerId)) out.push(`router id ${routerId};`);
  out.push('');
  // Filters and functions must be defined before a protocol names them.
  const speaks = bgp !== undefined && validAsn(bgp.asn);
  const kf = kernel?.exportFilter;
  if (speaks)
    out.push(
      ...policyFunctions(bgp, warnings),
      ...bgpTableFunction(kf ? withoutDefaultOriginate(bgp) : bgp),
    );
  out.push('protocol device {', '  scan time 10;', '}', '');
  out.push('protocol direct {', '  ipv4;', '}', '');
  if (!kf) out.push(...kernelExportFilter(dp, bgp, blocks));
  const kexp = !kf
    ? 'filter kernel_export'
    : bgp?.routeMaps.some((m) => m.name === kf)
      ? `filter ${birdSymbol('rmf', kf)}`
      : 'none';
  out.push('protocol kernel {', `  ipv4 { import all; export ${kexp}; };`, '  learn;');
  if (kernel?.mergePaths) out.push('  merge paths on;');
  out.push('}', '');
  out.push(...staticProtocol(dp, bgp, blocks));
  if (bgp && speaks) {
    if (originatesDefault(bgp) && kf)
      warnings.push(
        'default-originate is not translated to BIRD together with a kernel export route-map',
      );
    if (!kf && originatesDefault(bgp))
      out.push(
        `protocol static ${DEFAULT_ORIGINATE} {`,
        '  ipv4 { preference 1; };',
        '  route 0.0.0.0/0 blackhole;',
        '}',
        '',
      );
    const protocols = neighborProtocols(kf ? withoutDefaultOriginate(bgp) : bgp, dp, warnings);
    out.push(...protocols);
    out.push(...radvProtocol(protocols));
  }
  const extra = (dp.device.unmodelled ?? []).filter(
    (u) => u.file === 'bird.conf' && isOneLine(u.text),
  );
  if (extra.length > 0)
    out.push(
      '# lines routelab kept from the imported config',
      ...extra.map((u) => oneLine(u.text, 400)),
    );
  return `${out.join('\n')}\n`;
}
