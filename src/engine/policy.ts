/**
 * Prefix-lists, route-maps, community lists and AS-path access lists with FRR semantics:
 * entries in sequence order, first match decides, no match = deny, and a list or route-map that
 * is referenced but not defined denies everything (FRR's `prefix_list_apply(NULL)` → deny).
 */
import { parsePrefix4, prefixContainsAddr } from '../model';
import type { Prefix4 } from '../model';
import type { BgpConfig, PrefixList, RouteMap, RouteMapSet } from '../model';
import type { PathAttrs } from './attrs';

export function prefixListPermits(list: PrefixList | undefined, p: Prefix4): boolean {
  if (!list) return false;
  const entries = [...list.entries].sort((a, b) => a.seq - b.seq);
  for (const e of entries) {
    const ep = parsePrefix4(e.prefix);
    if (p.len < ep.len || !prefixContainsAddr(ep, p.addr)) continue;
    const lo = e.ge ?? (e.le !== undefined ? ep.len : ep.len);
    const hi = e.le ?? (e.ge !== undefined ? 32 : ep.len);
    if (p.len < lo || p.len > hi) continue;
    return e.action === 'permit';
  }
  return false;
}

/** FRR as-path regex: `_` matches a delimiter (start, end, space, braces, comma). */
function asPathRegex(re: string): RegExp {
  return new RegExp(re.replace(/_/g, '(^|[ ,{}()]|$)'));
}

function asPathListPermits(bgp: BgpConfig, name: string, asPath: readonly number[]): boolean {
  const list = bgp.asPathLists.find((l) => l.name === name);
  if (!list) return false;
  const text = asPath.join(' ');
  for (const e of list.entries) {
    let re: RegExp;
    try {
      re = asPathRegex(e.regex);
    } catch {
      continue;
    }
    if (re.test(text)) return e.action === 'permit';
  }
  return false;
}

function communityListPermits(bgp: BgpConfig, name: string, comms: readonly string[]): boolean {
  const list = bgp.communityLists.find((l) => l.name === name);
  if (!list) return false;
  for (const e of list.entries) {
    if (comms.includes(e.community)) return e.action === 'permit';
  }
  return false;
}

export type RouteMapResult =
  { permit: true; attrs: PathAttrs; nextHopSelf: boolean } | { permit: false; reason: string };

function applySet(a: PathAttrs, s: RouteMapSet): PathAttrs {
  let out: PathAttrs = a;
  if (s.localPref !== undefined) out = { ...out, localPref: s.localPref };
  if (s.med !== undefined) out = { ...out, med: s.med };
  if (s.weight !== undefined) out = { ...out, weight: s.weight };
  if (s.asPathPrepend?.length) out = { ...out, asPath: [...s.asPathPrepend, ...out.asPath] };
  if (s.community) {
    const base = s.community.additive ? out.communities : [];
    out = { ...out, communities: [...new Set([...base, ...s.community.values])] };
  }
  return out;
}

export function applyRouteMap(
  bgp: BgpConfig,
  name: string,
  prefix: Prefix4,
  attrs: PathAttrs,
): RouteMapResult {
  const rm: RouteMap | undefined = bgp.routeMaps.find((r) => r.name === name);
  if (!rm) return { permit: false, reason: `route-map ${name} is not defined` };
  const entries = [...rm.entries].sort((a, b) => a.seq - b.seq);
  for (const e of entries) {
    const m = e.match;
    if (m.prefixList !== undefined) {
      const pl = bgp.prefixLists.find((l) => l.name === m.prefixList);
      if (!prefixListPermits(pl, prefix)) continue;
    }
    if (
      m.communityList !== undefined &&
      !communityListPermits(bgp, m.communityList, attrs.communities)
    )
      continue;
    if (m.asPathList !== undefined && !asPathListPermits(bgp, m.asPathList, attrs.asPath)) continue;
    if (e.action === 'deny')
      return { permit: false, reason: `denied by route-map ${name} seq ${e.seq}` };
    return { permit: true, attrs: applySet(attrs, e.set), nextHopSelf: e.set.nextHopSelf === true };
  }
  return { permit: false, reason: `no entry of route-map ${name} matches` };
}

export function prefixListByName(bgp: BgpConfig, name: string): PrefixList | undefined {
  return bgp.prefixLists.find((l) => l.name === name);
}
