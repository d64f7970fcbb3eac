/**
 * FRR 8.4 integrated `frr.conf` (and the `daemons` file) from the model only: profile, hostname,
 * interfaces, static routes, `router bgp` with everything BgpConfig holds, policy objects, and
 * the lines an importer could not model, written back in their section.
 */
import { familyOf, isIp, networkOf } from '../model';
import type {
  BgpConfig,
  Device,
  Neighbor,
  NeighborSettings,
  RouteMap,
  StaticRoute,
  UnmodelledLine,
} from '../model';
import { configToken, isOneLine, oneLine, validAsn, validCidr, validIp } from './names';
import type { DevicePlan } from './plan';
import { ifnameOf } from './plan';

const tok = (s: string): string => configToken(s);

function remoteAs(r: NeighborSettings['remoteAs']): string | undefined {
  if (r === 'internal' || r === 'external') return r;
  return validAsn(r) ? String(r) : undefined;
}

/** Session-level lines (under `router bgp`) for a neighbour or a peer group. */
function sessionLines(who: string, s: NeighborSettings, dp: DevicePlan): string[] {
  const out: string[] = [];
  if (s.description) out.push(`neighbor ${who} description ${oneLine(s.description)}`);
  if (s.updateSource) {
    const src = isIp(s.updateSource) ? s.updateSource : ifnameOf(dp, s.updateSource);
    if (src) out.push(`neighbor ${who} update-source ${src}`);
  }
  if (s.ebgpMultihop) out.push(`neighbor ${who} ebgp-multihop ${Math.trunc(s.ebgpMultihop)}`);
  if (s.disableConnectedCheck) out.push(`neighbor ${who} disable-connected-check`);
  if (s.passive) out.push(`neighbor ${who} passive`);
  if (s.timers) out.push(`neighbor ${who} timers ${s.timers.keepalive} ${s.timers.hold}`);
  if (s.shutdown) out.push(`neighbor ${who} shutdown`);
  return out;
}

/** `address-family ipv4 unicast` lines for a neighbour or a peer group. */
function afLines(who: string, s: NeighborSettings): string[] {
  const out: string[] = [];
  if (s.activate === false) out.push(`no neighbor ${who} activate`);
  if (s.routeReflectorClient) out.push(`neighbor ${who} route-reflector-client`);
  if (s.nextHopSelf === 'force') out.push(`neighbor ${who} next-hop-self force`);
  else if (s.nextHopSelf) out.push(`neighbor ${who} next-hop-self`);
  if (s.defaultOriginate) out.push(`neighbor ${who} default-originate`);
  if (s.allowasIn) out.push(`neighbor ${who} allowas-in ${Math.trunc(s.allowasIn)}`);
  if (s.prefixListIn) out.push(`neighbor ${who} prefix-list ${tok(s.prefixListIn)} in`);
  if (s.prefixListOut) out.push(`neighbor ${who} prefix-list ${tok(s.prefixListOut)} out`);
  if (s.routeMapIn) out.push(`neighbor ${who} route-map ${tok(s.routeMapIn)} in`);
  if (s.routeMapOut) out.push(`neighbor ${who} route-map ${tok(s.routeMapOut)} out`);
  return out;
}

/** The word FRR uses for a neighbour: its address, or (unnumbered) its Linux interface. */
function neighborWord(n: Neighbor, dp: DevicePlan): string | undefined {
  if (n.interface) return ifnameOf(dp, n.peer);
  return validIp(n.peer) ? n.peer : undefined;
}

function neighborDefinition(n: Neighbor, who: string, bgp: BgpConfig): string[] {
  const group = n.peerGroup ? bgp.peerGroups.find((g) => g.name === n.peerGroup) : undefined;
  const as = remoteAs(n.remoteAs);
  const iface = n.interface ? ' interface' : '';
  // FRR creates a neighbour with either remote-as or a peer group that has one; a member of a
  // group without remote-as needs its own first, then joins the group.
  if (group && remoteAs(group.remoteAs) !== undefined)
    return [`neighbor ${who}${iface} peer-group ${tok(group.name)}`];
  const lines: string[] = [];
  if (as !== undefined) lines.push(`neighbor ${who}${iface} remote-as ${as}`);
  else if (n.interface) lines.push(`neighbor ${who} interface`);
  if (group) lines.push(`neighbor ${who} peer-group ${tok(group.name)}`);
  return lines;
}

function staticRouteLine(r: StaticRoute, dp: DevicePlan): string | undefined {
  if (!validCidr(r.prefix)) return undefined;
  const cmd = familyOf(r.prefix) === 6 ? 'ipv6 route' : 'ip route';
  const dist = r.distance ? ` ${Math.trunc(r.distance)}` : '';
  const prefix = networkOf(r.prefix);
  if (r.blackhole) return `${cmd} ${prefix} blackhole${dist}`;
  const dev = r.interface ? ifnameOf(dp, r.interface) : undefined;
  const via = r.via && validIp(r.via) ? r.via : undefined;
  const target = [via, dev].filter((x) => x !== undefined).join(' ');
  return target === '' ? undefined : `${cmd} ${prefix} ${target}${dist}`;
}

function interfaceBlocks(device: Device, dp: DevicePlan, extra: Map<string, string[]>): string[] {
  const byIf = new Map<string, string[]>();
  for (const i of device.interfaces) {
    const name = ifnameOf(dp, i.name);
    if (!name) continue;
    const lines = byIf.get(name) ?? [];
    if (i.description && name !== 'lo') lines.push(` description ${oneLine(i.description)}`);
    for (const a of i.addresses.filter(validCidr))
      lines.push(` ${familyOf(a) === 6 ? 'ipv6' : 'ip'} address ${a}`);
    byIf.set(name, lines);
  }
  const out: string[] = [];
  for (const [name, lines] of byIf) {
    const more = extra.get(`interface ${name}`) ?? [];
    if (lines.length === 0 && more.length === 0) continue;
    out.push(`interface ${name}`, ...lines, ...more, 'exit', '!');
  }
  return out;
}

function routeMapBlocks(rm: RouteMap): string[] {
  const out: string[] = [];
  for (const e of [...rm.entries].sort((a, b) => a.seq - b.seq)) {
    out.push(`route-map ${tok(rm.name)} ${e.action} ${Math.trunc(e.seq)}`);
    if (e.match.prefixList) out.push(` match ip address prefix-list ${tok(e.match.prefixList)}`);
    if (e.match.communityList) out.push(` match community ${tok(e.match.communityList)}`);
    if (e.match.asPathList) out.push(` match as-path ${tok(e.match.asPathList)}`);
    const s = e.set;
    if (s.localPref !== undefined) out.push(` set local-preference ${Math.trunc(s.localPref)}`);
    if (s.med !== undefined) out.push(` set metric ${Math.trunc(s.med)}`);
    if (s.weight !== undefined) out.push(` set weight ${Math.trunc(s.weight)}`);
    const prepend = (s.asPathPrepend ?? []).filter(validAsn);
    if (prepend.length > 0) out.push(` set as-path prepend ${prepend.join(' ')}`);
    const comms = (s.community?.values ?? []).flatMap((c) => frrCommunity(c) ?? []);
    if (comms.length > 0)
      out.push(` set community ${comms.join(' ')}${s.community?.additive ? ' additive' : ''}`);
    if (s.nextHopSelf) out.push(' set ip next-hop peer-address');
    out.push('exit', '!');
  }
  return out;
}

/**
 * RFC 1997 / IANA well-known communities in FRR's spelling: bgpd 8.4.4 accepts exactly these
 * words (case-sensitive: `local-as` and `NO-EXPORT` give "% Malformed communities attribute";
 * checked with vtysh -f on real bgpd, `set community …` and `bgp community-list standard …`).
 */
const FRR_WELL_KNOWN = new Map(
  [
    'internet',
    'no-export',
    'no-advertise',
    'local-AS',
    'no-peer',
    'graceful-shutdown',
    'accept-own',
    'blackhole',
    'no-llgr',
    'llgr-stale',
  ].map((w) => [w.toLowerCase(), w]),
);

/** A community as FRR writes it (`AA:NN` or a well-known word), or undefined if not one. */
function frrCommunity(c: string): string | undefined {
  if (/^\d+:\d+$/.test(c)) return c;
  return FRR_WELL_KNOWN.get(c.toLowerCase());
}

function policyBlocks(bgp: BgpConfig): string[] {
  const out: string[] = [];
  for (const pl of bgp.prefixLists) {
    for (const e of [...pl.entries].sort((a, b) => a.seq - b.seq)) {
      if (!validCidr(e.prefix)) continue;
      const v6 = familyOf(e.prefix) === 6 ? 'ipv6' : 'ip';
      const ge = e.ge !== undefined ? ` ge ${Math.trunc(e.ge)}` : '';
      const le = e.le !== undefined ? ` le ${Math.trunc(e.le)}` : '';
      const p = networkOf(e.prefix);
      out.push(
        `${v6} prefix-list ${tok(pl.name)} seq ${Math.trunc(e.seq)} ${e.action} ${p}${ge}${le}`,
      );
    }
  }
  for (const cl of bgp.communityLists) {
    for (const e of cl.entries) {
      const values = e.community.split(/\s+/).filter((w) => w !== '');
      const comms = values.flatMap((c) => frrCommunity(c) ?? []);
      if (comms.length === 0 || comms.length !== values.length) continue;
      out.push(`bgp community-list standard ${tok(cl.name)} ${e.action} ${comms.join(' ')}`);
    }
  }
  for (const al of bgp.asPathLists) {
    for (const e of al.entries)
      out.push(`bgp as-path access-list ${tok(al.name)} ${e.action} ${oneLine(e.regex, 200)}`);
  }
  if (out.length > 0) out.push('!');
  for (const rm of bgp.routeMaps) out.push(...routeMapBlocks(rm));
  return out;
}

/** Unmodelled frr.conf lines grouped by the section they stood in (one line each, no controls). */
function unmodelledByContext(lines: UnmodelledLine[] | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const u of lines ?? []) {
    // A kept line is one line of the original file; anything else is not ours to write back.
    if (u.file !== 'frr.conf' || !isOneLine(u.text) || !isOneLine(u.context ?? '')) continue;
    const ctx = oneLine(u.context ?? '', 200);
    const key = ctx.startsWith('router bgp') ? 'router bgp' : ctx;
    const text = oneLine(u.text, 400);
    if (text === '') continue;
    const indent = key === '' ? '' : key === 'address-family ipv4 unicast' ? '  ' : ' ';
    out.set(key, [...(out.get(key) ?? []), indent + text]);
  }
  return out;
}

function routerBgp(bgp: BgpConfig, dp: DevicePlan, extra: Map<string, string[]>): string[] {
  const out = [`router bgp ${bgp.asn}`];
  if (bgp.routerId && validIp(bgp.routerId)) out.push(` bgp router-id ${bgp.routerId}`);
  if (bgp.clusterId && validIp(bgp.clusterId)) out.push(` bgp cluster-id ${bgp.clusterId}`);
  // Written only where they differ from the profile's default, as FRR itself writes them.
  const dc = (bgp.profile ?? 'traditional') === 'datacenter';
  if (bgp.ebgpRequiresPolicy !== undefined && bgp.ebgpRequiresPolicy === dc)
    out.push(` ${bgp.ebgpRequiresPolicy ? '' : 'no '}bgp ebgp-requires-policy`);
  const bp = bgp.bestpath ?? {};
  if (bp.asPathMultipathRelax) out.push(' bgp bestpath as-path multipath-relax');
  if (bp.compareRouterId) out.push(' bgp bestpath compare-routerid');
  if (bp.alwaysCompareMed) out.push(' bgp always-compare-med');
  if (bp.deterministicMed !== undefined && bp.deterministicMed !== dc)
    out.push(` ${bp.deterministicMed ? '' : 'no '}bgp deterministic-med`);
  if (bgp.timers) out.push(` timers bgp ${bgp.timers.keepalive} ${bgp.timers.hold}`);
  for (const g of bgp.peerGroups) {
    const who = tok(g.name);
    out.push(` neighbor ${who} peer-group`);
    const as = remoteAs(g.remoteAs);
    if (as !== undefined) out.push(` neighbor ${who} remote-as ${as}`);
    out.push(...sessionLines(who, g, dp).map((l) => ` ${l}`));
  }
  const af: string[] = [];
  for (const n of bgp.neighbors) {
    const who = neighborWord(n, dp);
    if (who === undefined) continue;
    out.push(...neighborDefinition(n, who, bgp).map((l) => ` ${l}`));
    out.push(...sessionLines(who, n, dp).map((l) => ` ${l}`));
    af.push(...afLines(who, n));
  }
  for (const r of bgp.listenRanges) {
    if (validCidr(r.range))
      out.push(` bgp listen range ${networkOf(r.range)} peer-group ${tok(r.peerGroup)}`);
  }
  out.push(...(extra.get('router bgp') ?? []));
  const afBlock: string[] = [];
  for (const p of bgp.networks.filter((x) => validCidr(x) && familyOf(x) === 4))
    afBlock.push(`  network ${networkOf(p)}`);
  for (const r of bgp.redistribute)
    afBlock.push(`  redistribute ${r.source}${r.routeMap ? ` route-map ${tok(r.routeMap)}` : ''}`);
  for (const a of bgp.aggregates.filter((x) => validCidr(x.prefix)))
    afBlock.push(
      `  aggregate-address ${networkOf(a.prefix)}${a.summaryOnly ? ' summary-only' : ''}`,
    );
  for (const g of bgp.peerGroups) afBlock.push(...afLines(tok(g.name), g).map((l) => `  ${l}`));
  afBlock.push(...af.map((l) => `  ${l}`));
  if (bgp.maximumPaths) afBlock.push(`  maximum-paths ${Math.trunc(bgp.maximumPaths)}`);
  if (bgp.maximumPathsIbgp)
    afBlock.push(`  maximum-paths ibgp ${Math.trunc(bgp.maximumPathsIbgp)}`);
  afBlock.push(...(extra.get('address-family ipv4 unicast') ?? []));
  // An empty address-family block is not part of FRR's config; leave it out.
  if (afBlock.length > 0)
    out.push(' !', ' address-family ipv4 unicast', ...afBlock, ' exit-address-family');
  out.push('exit', '!');
  return out;
}

/** The integrated frr.conf of a device running FRR (`bgp` = the BGP it speaks, if any). */
export function renderFrrConf(dp: DevicePlan, bgp: BgpConfig | undefined): string {
  const device = dp.device;
  const extra = unmodelledByContext(device.unmodelled);
  const out = [
    `frr defaults ${bgp?.profile ?? 'traditional'}`,
    `hostname ${dp.node}`,
    'service integrated-vtysh-config',
    '!',
  ];
  out.push(...(extra.get('') ?? []));
  const statics = device.staticRoutes.map((r) => staticRouteLine(r, dp)).filter((l) => l);
  if (statics.length > 0) out.push(...(statics as string[]), '!');
  out.push(...interfaceBlocks(device, dp, extra));
  // Policy objects first: bgpd warns when a neighbour names a route-map not yet defined.
  if (bgp && validAsn(bgp.asn)) out.push(...policyBlocks(bgp), ...routerBgp(bgp, dp, extra));
  const handled = new Set(['', 'router bgp', 'address-family ipv4 unicast']);
  for (const i of device.interfaces) handled.add(`interface ${ifnameOf(dp, i.name) ?? ''}`);
  for (const [ctx, lines] of extra) {
    if (handled.has(ctx)) continue;
    out.push(ctx, ...lines, 'exit', '!');
  }
  return `${out.join('\n')}\nend\n`;
}

/** /etc/frr/daemons: zebra is always on; bgpd and staticd are what routelab configures. */
export function renderFrrDaemons(): string {
  return [
    'zebra=yes',
    'bgpd=yes',
    'staticd=yes',
    'ospfd=no',
    'ospf6d=no',
    'ripd=no',
    'ripngd=no',
    'isisd=no',
    'pimd=no',
    'ldpd=no',
    'nhrpd=no',
    'eigrpd=no',
    'babeld=no',
    'sharpd=no',
    'pbrd=no',
    'bfdd=no',
    'fabricd=no',
    'vrrpd=no',
    'pathd=no',
    'vtysh_enable=yes',
    'zebra_options="  -A 127.0.0.1 -s 90000000"',
    'bgpd_options="   -A 127.0.0.1"',
    'staticd_options="-A 127.0.0.1"',
    '',
  ].join('\n');
}

/** vtysh.conf: read the integrated frr.conf. */
export function renderVtyshConf(): string {
  return 'service integrated-vtysh-config\n';
}
