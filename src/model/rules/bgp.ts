/** Rules about per-device BGP configuration (FRR 8.4 semantics and command ranges). */
import { familyOf, hostOf, isCidr, isIp, isIpv4, prefixLength } from '../addressing';
import { routerIdOf } from '../lab';
import type { Problem } from '../problems';
import { error, warning } from '../problems';
import type { BgpConfig, Device, NeighborSettings } from '../types';
import type { Context } from './context';
import { canonicalHost } from './context';

export const ASN_MIN = 1;
export const ASN_MAX = 4294967295;
/** RFC 6793 AS_TRANS: only a placeholder in 2-octet speakers' OPEN messages. */
const AS_TRANS = 23456;

export function asnRule(asn: number, path: string, what: string, out: Problem[]): void {
  if (!Number.isInteger(asn) || asn < ASN_MIN || asn > ASN_MAX) {
    out.push(error(path, `${what} ${asn} is out of range (1..4294967295)`));
  } else if (asn === AS_TRANS) {
    out.push(warning(path, `${what} 23456 is AS_TRANS (RFC 6793), not a real AS`));
  }
}

/** FRR community syntax: AA:NN (each 0..65535) or a well-known name. */
const WELL_KNOWN = new Set([
  'internet',
  'no-export',
  'no-advertise',
  'local-as',
  'no-peer',
  'graceful-shutdown',
  'accept-own',
  'blackhole',
  'no-llgr',
  'llgr-stale',
]);
export function isCommunity(text: string): boolean {
  if (WELL_KNOWN.has(text.toLowerCase())) return true;
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(text);
  return m !== null && Number(m[1]) <= 65535 && Number(m[2]) <= 65535;
}

function refRules(
  s: NeighborSettings,
  bgp: BgpConfig,
  at: string,
  who: string,
  out: Problem[],
): void {
  const rms = new Set(bgp.routeMaps.map((r) => r.name));
  const pls = new Set(bgp.prefixLists.map((p) => p.name));
  for (const [rm, dir] of [
    [s.routeMapIn, 'in'],
    [s.routeMapOut, 'out'],
  ] as const) {
    if (rm !== undefined && !rms.has(rm))
      out.push(error(at, `${who} uses route-map ${rm} ${dir}, which is not defined`));
  }
  for (const [pl, dir] of [
    [s.prefixListIn, 'in'],
    [s.prefixListOut, 'out'],
  ] as const) {
    if (pl !== undefined && !pls.has(pl))
      out.push(error(at, `${who} uses prefix-list ${pl} ${dir}, which is not defined`));
  }
  if (typeof s.remoteAs === 'number') asnRule(s.remoteAs, at, 'remote-as', out);
  if (s.ebgpMultihop !== undefined && (s.ebgpMultihop < 1 || s.ebgpMultihop > 255))
    out.push(error(at, `ebgp-multihop ${s.ebgpMultihop} is out of range (1..255)`));
  if (s.allowasIn !== undefined && (s.allowasIn < 1 || s.allowasIn > 10))
    out.push(error(at, `allowas-in ${s.allowasIn} is out of range (1..10)`));
  if (s.timers) timersRule(s.timers, at, out);
}

function timersRule(t: { keepalive: number; hold: number }, at: string, out: Problem[]): void {
  if (t.hold !== 0 && t.hold < 3)
    out.push(error(at, `hold time ${t.hold} must be 0 or at least 3 seconds (RFC 4271)`));
  if (t.keepalive > t.hold && t.hold !== 0)
    out.push(warning(at, `keepalive ${t.keepalive} is longer than hold time ${t.hold}`));
}

/**
 * RFC 4456 reflects only between iBGP peers: FRR 8.4 refuses `route-reflector-client` on an
 * external neighbour ("% Invalid command. Not an internal neighbor") and BIRD 2 `bird -p` says
 * "Only internal neighbor can be RR client". An unknown remote-as is left to the other rules.
 */
function rrClientRule(
  remoteAs: NeighborSettings['remoteAs'],
  asn: number,
  at: string,
  who: string,
  out: Problem[],
): void {
  const external = remoteAs === 'external' || (typeof remoteAs === 'number' && remoteAs !== asn);
  if (external)
    out.push(
      error(
        at,
        `${who} is a route-reflector-client but is external (remote-as ${String(remoteAs)}, own AS ${asn}); only iBGP neighbours can be clients (RFC 4456)`,
      ),
    );
}

/** Checks one BGP configuration written on a device (a router's, or a node's own speaker). */
export function bgpConfigRules(ctx: Context, device: Device, bgp: BgpConfig, out: Problem[]): void {
  const at = `devices/${device.name}/bgp`;
  asnRule(bgp.asn, at, 'AS', out);
  if (bgp.routerId !== undefined && (!isIpv4(bgp.routerId) || bgp.routerId === '0.0.0.0'))
    out.push(error(at, `router-id ${bgp.routerId} is not a non-zero IPv4 address`));
  if (bgp.clusterId !== undefined) {
    const n = Number(bgp.clusterId);
    const ok = isIpv4(bgp.clusterId) || (/^\d+$/.test(bgp.clusterId) && n >= 1 && n <= ASN_MAX);
    if (!ok)
      out.push(error(at, `cluster-id ${bgp.clusterId} is not an IPv4 address or 1..4294967295`));
  }
  for (const [v, what] of [
    [bgp.maximumPaths, 'maximum-paths'],
    [bgp.maximumPathsIbgp, 'maximum-paths ibgp'],
  ] as const) {
    if (v !== undefined && (v < 1 || v > 256))
      out.push(error(at, `${what} ${v} is out of range (1..256 in Debian's FRR)`));
  }
  if (bgp.timers) timersRule(bgp.timers, at, out);

  const groups = new Map(bgp.peerGroups.map((g) => [g.name, g]));
  const seenGroups = new Set<string>();
  for (const g of bgp.peerGroups) {
    const gp = `${at}/peerGroups/${g.name}`;
    if (seenGroups.has(g.name)) out.push(error(gp, `peer-group ${g.name} is defined twice`));
    seenGroups.add(g.name);
    refRules(g, bgp, gp, `peer-group ${g.name}`, out);
    if (g.routeReflectorClient === true)
      rrClientRule(g.remoteAs, bgp.asn, gp, `peer-group ${g.name}`, out);
  }

  const ownHosts = new Set(
    device.interfaces.flatMap((i) =>
      i.addresses.filter(isCidr).map((a) => canonicalHost(hostOf(a))),
    ),
  );
  const ifNames = new Set(device.interfaces.map((i) => i.name));
  const seenPeers = new Set<string>();
  for (const n of bgp.neighbors) {
    const np = `${at}/neighbors/${n.peer}`;
    if (seenPeers.has(n.peer)) out.push(error(np, `neighbor ${n.peer} is configured twice`));
    seenPeers.add(n.peer);
    const group = n.peerGroup === undefined ? undefined : groups.get(n.peerGroup);
    if (n.peerGroup !== undefined && !group)
      out.push(
        error(np, `neighbor ${n.peer} is in peer-group ${n.peerGroup}, which is not defined`),
      );
    if (n.remoteAs === undefined && group?.remoteAs === undefined && n.peerGroup === undefined)
      out.push(error(np, `neighbor ${n.peer} has no remote-as`));
    if (n.remoteAs === undefined && group && group.remoteAs === undefined)
      out.push(error(np, `neighbor ${n.peer} has no remote-as, nor has peer-group ${group.name}`));
    refRules(n, bgp, np, `neighbor ${n.peer}`, out);
    if ((n.routeReflectorClient ?? group?.routeReflectorClient) === true)
      rrClientRule(n.remoteAs ?? group?.remoteAs, bgp.asn, np, `neighbor ${n.peer}`, out);
    if (n.interface) {
      if (!ifNames.has(n.peer))
        out.push(error(np, `unnumbered neighbor ${n.peer}: ${device.name} has no such interface`));
    } else if (!isIp(n.peer)) {
      out.push(error(np, `neighbor ${n.peer} is not an IP address (set interface for unnumbered)`));
    } else {
      const host = canonicalHost(n.peer);
      if (ownHosts.has(host))
        out.push(error(np, `neighbor ${n.peer} is ${device.name}'s own address`));
      else if (!ctx.owners.has(host))
        out.push(error(np, `peer ${n.peer} is not an address of any device`));
    }
    if (n.updateSource !== undefined && !ifNames.has(n.updateSource)) {
      const src = n.updateSource;
      if (!isIp(src) || !ownHosts.has(canonicalHost(src)))
        out.push(
          error(
            np,
            `update-source ${src} is neither an interface nor an address of ${device.name}`,
          ),
        );
    }
  }
  for (const r of bgp.listenRanges) {
    const rp = `${at}/listenRanges/${r.range}`;
    if (!isCidr(r.range)) out.push(error(rp, `listen range ${r.range} is not a prefix`));
    if (!groups.has(r.peerGroup))
      out.push(error(rp, `listen range uses peer-group ${r.peerGroup}, which is not defined`));
  }
  for (const p of bgp.networks) {
    if (!isCidr(p)) out.push(error(`${at}/networks`, `network ${p} is not a prefix`));
  }
  for (const a of bgp.aggregates) {
    if (!isCidr(a.prefix))
      out.push(error(`${at}/aggregates`, `aggregate-address ${a.prefix} is not a prefix`));
  }
  const rms = new Set(bgp.routeMaps.map((r) => r.name));
  for (const r of bgp.redistribute) {
    if (r.routeMap !== undefined && !rms.has(r.routeMap))
      out.push(
        error(
          `${at}/redistribute`,
          `redistribute ${r.source} uses route-map ${r.routeMap}, which is not defined`,
        ),
      );
  }
  policyRules(bgp, at, out);
}

function policyRules(bgp: BgpConfig, at: string, out: Problem[]): void {
  const pls = new Set(bgp.prefixLists.map((p) => p.name));
  const cls = new Set(bgp.communityLists.map((c) => c.name));
  const als = new Set(bgp.asPathLists.map((c) => c.name));
  for (const pl of bgp.prefixLists) {
    for (const e of pl.entries) {
      const ep = `${at}/prefixLists/${pl.name}/${e.seq}`;
      if (!isCidr(e.prefix)) {
        out.push(error(ep, `prefix ${e.prefix} is not a prefix`));
        continue;
      }
      const len = prefixLength(e.prefix);
      const max = familyOf(e.prefix) === 6 ? 128 : 32;
      const ge = e.ge ?? len;
      const le = e.le ?? (e.ge !== undefined ? max : len);
      // FRR 8.4: len <= ge <= le <= max when set (vtysh: "Invalid prefix range for
      // 10.0.0.0/16: Make sure that mask length <= ge <= le"; `ge 16` on a /16 is accepted).
      if (
        (e.ge !== undefined && e.ge < len) ||
        ge > le ||
        le > max ||
        (e.le !== undefined && e.le < len)
      )
        out.push(
          error(ep, `ge ${e.ge ?? '-'} le ${e.le ?? '-'} is not a valid range for ${e.prefix}`),
        );
    }
  }
  for (const rm of bgp.routeMaps) {
    for (const e of rm.entries) {
      const ep = `${at}/routeMaps/${rm.name}/${e.seq}`;
      const m = e.match;
      if (m.prefixList !== undefined && !pls.has(m.prefixList))
        out.push(error(ep, `matches prefix-list ${m.prefixList}, which is not defined`));
      if (m.communityList !== undefined && !cls.has(m.communityList))
        out.push(error(ep, `matches community-list ${m.communityList}, which is not defined`));
      if (m.asPathList !== undefined && !als.has(m.asPathList))
        out.push(error(ep, `matches as-path access-list ${m.asPathList}, which is not defined`));
      for (const a of e.set.asPathPrepend ?? []) asnRule(a, ep, 'as-path prepend', out);
      for (const c of e.set.community?.values ?? []) {
        if (!isCommunity(c))
          out.push(error(ep, `community ${c} is not AA:NN or a well-known name`));
      }
    }
  }
  for (const cl of bgp.communityLists) {
    for (const e of cl.entries) {
      if (!isCommunity(e.community))
        out.push(
          error(
            `${at}/communityLists/${cl.name}`,
            `community ${e.community} is not AA:NN or a well-known name`,
          ),
        );
    }
  }
  for (const al of bgp.asPathLists) {
    for (const e of al.entries) {
      try {
        new RegExp(e.regex.replace(/_/g, '(^|[ ,{}()]|$)'));
      } catch {
        out.push(
          error(`${at}/asPathLists/${al.name}`, `as-path regex ${e.regex} does not compile`),
        );
      }
    }
  }
}

/** router-id present and unique among BGP speakers (a shared id breaks iBGP and reflection). */
export function routerIdRules(
  speakers: { device: Device; bgp: BgpConfig }[],
  out: Problem[],
): void {
  const byId = new Map<string, { device: Device; bgp: BgpConfig }>();
  for (const s of speakers) {
    const at = `devices/${s.device.name}/bgp`;
    const id = routerIdOf(s.device, s.bgp);
    if (id === undefined) {
      out.push(error(at, `${s.device.name} has no router-id: set one or give it an IPv4 address`));
      continue;
    }
    const other = byId.get(id);
    if (!other) {
      byId.set(id, s);
      continue;
    }
    // RFC 6286 lets eBGP peers share an id; inside one AS it makes OPEN fail ("Bad BGP Identifier").
    const sameAs = other.bgp.asn === s.bgp.asn;
    const msg = `router-id ${id} is also used by ${other.device.name}`;
    out.push(sameAs ? error(at, `${msg} in the same AS ${s.bgp.asn}`) : warning(at, msg));
  }
}
