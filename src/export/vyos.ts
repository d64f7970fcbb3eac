/**
 * VyOS 1.4 configuration, as `config.boot` and as the equivalent `set` commands. Both are
 * rendered from one list of configuration paths, so they cannot disagree.
 */
import { familyOf, isIp, networkOf } from '../model';
import type { BgpConfig, NeighborSettings } from '../model';
import { configToken, oneLine, validAsn, validCidr, validIp } from './names';
import type { DevicePlan } from './plan';
import { ifnameOf } from './plan';

/** One configuration path; a segment with a space is a tag node (`neighbor 10.0.0.1`). */
interface ConfigPath {
  path: string[];
  value?: string;
  /** A node that may hold children even when it has none (`connected {}`), not a bare leaf. */
  node?: boolean;
}

const text = (s: string): string => oneLine(s).replace(/["'\\]/g, '');
const tok = (s: string): string => configToken(s);

function neighborPaths(
  base: string[],
  s: NeighborSettings,
  dp: DevicePlan,
  local: number,
): ConfigPath[] {
  const out: ConfigPath[] = [];
  const as =
    s.remoteAs === undefined
      ? undefined
      : s.remoteAs === 'internal'
        ? String(local)
        : String(s.remoteAs);
  if (as !== undefined && (as === 'external' || validAsn(Number(as))))
    out.push({ path: [...base, 'remote-as'], value: as });
  if (s.description) out.push({ path: [...base, 'description'], value: text(s.description) });
  if (s.updateSource) {
    const src = isIp(s.updateSource) ? s.updateSource : ifnameOf(dp, s.updateSource);
    if (src) out.push({ path: [...base, 'update-source'], value: src });
  }
  if (s.ebgpMultihop)
    out.push({ path: [...base, 'ebgp-multihop'], value: String(Math.trunc(s.ebgpMultihop)) });
  if (s.disableConnectedCheck) out.push({ path: [...base, 'disable-connected-check'] });
  if (s.passive) out.push({ path: [...base, 'passive'] });
  if (s.shutdown) out.push({ path: [...base, 'shutdown'] });
  const af = [...base, 'address-family', 'ipv4-unicast'];
  if (s.routeReflectorClient) out.push({ path: [...af, 'route-reflector-client'] });
  if (s.nextHopSelf === 'force') out.push({ path: [...af, 'nexthop-self', 'force'] });
  else if (s.nextHopSelf) out.push({ path: [...af, 'nexthop-self'], node: true });
  if (s.defaultOriginate) out.push({ path: [...af, 'default-originate'], node: true });
  if (s.allowasIn)
    out.push({ path: [...af, 'allowas-in', 'number'], value: String(Math.trunc(s.allowasIn)) });
  if (s.routeMapIn) out.push({ path: [...af, 'route-map', 'import'], value: tok(s.routeMapIn) });
  if (s.routeMapOut) out.push({ path: [...af, 'route-map', 'export'], value: tok(s.routeMapOut) });
  if (s.prefixListIn)
    out.push({ path: [...af, 'prefix-list', 'import'], value: tok(s.prefixListIn) });
  if (s.prefixListOut)
    out.push({ path: [...af, 'prefix-list', 'export'], value: tok(s.prefixListOut) });
  return out;
}

function bgpPaths(bgp: BgpConfig, dp: DevicePlan): ConfigPath[] {
  const b = ['protocols', 'bgp'];
  const out: ConfigPath[] = [{ path: [...b, 'system-as'], value: String(bgp.asn) }];
  if (bgp.routerId && validIp(bgp.routerId))
    out.push({ path: [...b, 'parameters', 'router-id'], value: bgp.routerId });
  if (bgp.clusterId && validIp(bgp.clusterId))
    out.push({ path: [...b, 'parameters', 'cluster-id'], value: bgp.clusterId });
  if (bgp.ebgpRequiresPolicy === false)
    out.push({ path: [...b, 'parameters', 'no-ebgp-requires-policy'] });
  if (bgp.bestpath?.asPathMultipathRelax)
    out.push({ path: [...b, 'parameters', 'bestpath', 'as-path', 'multipath-relax'] });
  if (bgp.bestpath?.compareRouterId)
    out.push({ path: [...b, 'parameters', 'bestpath', 'compare-routerid'] });
  if (bgp.bestpath?.alwaysCompareMed)
    out.push({ path: [...b, 'parameters', 'always-compare-med'] });
  if (bgp.bestpath?.deterministicMed) out.push({ path: [...b, 'parameters', 'deterministic-med'] });
  for (const g of bgp.peerGroups) {
    const paths = neighborPaths([...b, `peer-group ${tok(g.name)}`], g, dp, bgp.asn);
    // A group with no settings yet still exists (neighbours may join it): keep its node.
    out.push(
      ...(paths.length ? paths : [{ path: [...b, `peer-group ${tok(g.name)}`], node: true }]),
    );
  }
  for (const n of bgp.neighbors) {
    if (n.interface) {
      const ifn = ifnameOf(dp, n.peer);
      if (!ifn) continue;
      const base = [...b, `neighbor ${ifn}`, 'interface'];
      if (n.peerGroup) out.push({ path: [...base, 'peer-group'], value: tok(n.peerGroup) });
      if (n.remoteAs !== undefined)
        out.push({
          path: [...base, 'remote-as'],
          value: n.remoteAs === 'internal' ? 'internal' : String(n.remoteAs),
        });
      out.push(
        ...neighborPaths([...b, `neighbor ${ifn}`], { ...n, remoteAs: undefined }, dp, bgp.asn),
      );
      continue;
    }
    if (!validIp(n.peer)) continue;
    const base = [...b, `neighbor ${n.peer}`];
    if (n.peerGroup) out.push({ path: [...base, 'peer-group'], value: tok(n.peerGroup) });
    out.push(...neighborPaths(base, n, dp, bgp.asn));
  }
  for (const r of bgp.listenRanges.filter((x) => validCidr(x.range)))
    out.push({
      path: [...b, 'listen', `range ${networkOf(r.range)}`, 'peer-group'],
      value: tok(r.peerGroup),
    });
  const af = [...b, 'address-family', 'ipv4-unicast'];
  for (const p of bgp.networks.filter(validCidr))
    out.push({ path: [...af, `network ${networkOf(p)}`] });
  for (const r of bgp.redistribute) {
    const base = [...af, 'redistribute', r.source];
    out.push(
      r.routeMap
        ? { path: [...base, 'route-map'], value: tok(r.routeMap) }
        : { path: base, node: true },
    );
  }
  for (const a of bgp.aggregates.filter((x) => validCidr(x.prefix))) {
    const base = [...af, `aggregate-address ${networkOf(a.prefix)}`];
    out.push(a.summaryOnly ? { path: [...base, 'summary-only'] } : { path: base });
  }
  if (bgp.maximumPaths)
    out.push({
      path: [...af, 'maximum-paths', 'ebgp'],
      value: String(Math.trunc(bgp.maximumPaths)),
    });
  if (bgp.maximumPathsIbgp)
    out.push({
      path: [...af, 'maximum-paths', 'ibgp'],
      value: String(Math.trunc(bgp.maximumPathsIbgp)),
    });
  return out;
}

/**
 * A list value VyOS stores quoted (`'…'` in set commands, `"…"` in config.boot): anything without
 * quotes, backslashes or control characters, which no quoting could carry unchanged.
 */
export const vyosListValue = (v: string): boolean =>
  v !== '' && !/["'\\]/.test(v) && [...v].every((c) => c >= ' ' && c !== '\u007f');

/**
 * `policy community-list` and `policy as-path-list` (VyOS 1.4 CLI, vyos-documentation
 * docs/configuration/policy/community-list.rst and as-path-list.rst: `rule <1-65535> action
 * <permit|deny>`, `rule N regex <…>`). The model's entries have no numbers, only an order; rules
 * are numbered 10, 20, … in that order (FRR tries them by number).
 */
function listPaths(bgp: BgpConfig): ConfigPath[] {
  const out: ConfigPath[] = [];
  const lists = [
    ...bgp.asPathLists.map((l) => ({
      kind: 'as-path-list',
      name: l.name,
      entries: l.entries.map((e) => ({ action: e.action, value: e.regex })),
    })),
    ...bgp.communityLists.map((l) => ({
      kind: 'community-list',
      name: l.name,
      entries: l.entries.map((e) => ({ action: e.action, value: e.community })),
    })),
  ];
  for (const l of lists)
    l.entries.forEach((e, i) => {
      if (!vyosListValue(e.value) || (i + 1) * 10 > 65535) return;
      const base = ['policy', `${l.kind} ${tok(l.name)}`, `rule ${(i + 1) * 10}`];
      out.push({ path: [...base, 'action'], value: e.action });
      out.push({ path: [...base, 'regex'], value: e.value });
    });
  return out;
}

/**
 * `policy prefix-list` and `policy route-map` (VyOS 1.4 CLI: `rule N action`, `prefix`, `ge`,
 * `le`; `match ip address prefix-list`, `set local-preference|metric|weight|as-path prepend|
 * community add|replace`). IPv4 lists only: IPv6 ones live under `prefix-list6`.
 */
function policyPaths(bgp: BgpConfig): ConfigPath[] {
  const out: ConfigPath[] = [...listPaths(bgp)];
  const bySeq = <T extends { seq: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.seq - b.seq);
  for (const pl of bgp.prefixLists) {
    for (const e of bySeq(pl.entries)) {
      if (!validCidr(e.prefix) || familyOf(e.prefix) !== 4 || !validRule(e.seq)) continue;
      const base = ['policy', `prefix-list ${tok(pl.name)}`, `rule ${e.seq}`];
      out.push({ path: [...base, 'action'], value: e.action });
      out.push({ path: [...base, 'prefix'], value: networkOf(e.prefix) });
      if (e.ge !== undefined) out.push({ path: [...base, 'ge'], value: String(Math.trunc(e.ge)) });
      if (e.le !== undefined) out.push({ path: [...base, 'le'], value: String(Math.trunc(e.le)) });
    }
  }
  for (const rm of bgp.routeMaps) {
    for (const e of bySeq(rm.entries)) {
      if (!validRule(e.seq)) continue;
      const base = ['policy', `route-map ${tok(rm.name)}`, `rule ${e.seq}`];
      out.push({ path: [...base, 'action'], value: e.action });
      const m = e.match;
      if (m.prefixList)
        out.push({
          path: [...base, 'match', 'ip', 'address', 'prefix-list'],
          value: tok(m.prefixList),
        });
      if (m.communityList)
        out.push({
          path: [...base, 'match', 'community', 'community-list'],
          value: tok(m.communityList),
        });
      if (m.asPathList) out.push({ path: [...base, 'match', 'as-path'], value: tok(m.asPathList) });
      const st = e.set;
      const num = (k: string, v: number | undefined): void => {
        if (v !== undefined) out.push({ path: [...base, 'set', k], value: String(Math.trunc(v)) });
      };
      num('local-preference', st.localPref);
      num('metric', st.med);
      num('weight', st.weight);
      const prepend = (st.asPathPrepend ?? []).filter(validAsn);
      if (prepend.length)
        out.push({ path: [...base, 'set', 'as-path', 'prepend'], value: prepend.join(' ') });
      const how = st.community?.additive ? 'add' : 'replace';
      for (const c of (st.community?.values ?? []).filter((x) => /^\d+:\d+$/.test(x)))
        out.push({ path: [...base, 'set', 'community', how], value: c });
    }
  }
  return out;
}

const validRule = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;

function vyosPaths(dp: DevicePlan, bgp: BgpConfig | undefined): ConfigPath[] {
  const out: ConfigPath[] = [{ path: ['system', 'host-name'], value: dp.node }];
  for (const i of dp.device.interfaces) {
    const name = ifnameOf(dp, i.name);
    if (!name) continue;
    const base = name === 'lo' ? ['interfaces', 'loopback lo'] : ['interfaces', `ethernet ${name}`];
    for (const a of i.addresses.filter(validCidr))
      out.push({ path: [...base, 'address'], value: a });
    if (i.description && name !== 'lo')
      out.push({ path: [...base, 'description'], value: text(i.description) });
  }
  for (const r of dp.device.staticRoutes.filter(
    (x) => validCidr(x.prefix) && familyOf(x.prefix) === 4,
  )) {
    const base = ['protocols', 'static', `route ${networkOf(r.prefix)}`];
    if (r.blackhole) out.push({ path: [...base, 'blackhole'], node: true });
    else if (r.via && validIp(r.via)) out.push({ path: [...base, `next-hop ${r.via}`] });
    else if (r.interface && ifnameOf(dp, r.interface))
      out.push({ path: [...base, `interface ${ifnameOf(dp, r.interface) ?? ''}`] });
  }
  if (bgp && validAsn(bgp.asn)) out.push(...policyPaths(bgp), ...bgpPaths(bgp, dp));
  return out;
}

/** The `set` commands, one per path (values single-quoted, as `show configuration commands`). */
export function renderVyosCommands(dp: DevicePlan, bgp: BgpConfig | undefined): string {
  const lines = vyosPaths(dp, bgp).map(
    (p) => `set ${p.path.join(' ')}${p.value !== undefined ? ` '${p.value}'` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

interface Tree {
  children: Map<string, Tree>;
  values: string[];
  node?: boolean;
}

/** config.boot: the same paths as a curly-brace tree. */
export function renderVyosConfigBoot(dp: DevicePlan, bgp: BgpConfig | undefined): string {
  const root: Tree = { children: new Map(), values: [] };
  for (const p of vyosPaths(dp, bgp)) {
    let t = root;
    for (const seg of p.path) {
      let c = t.children.get(seg);
      if (!c) t.children.set(seg, (c = { children: new Map(), values: [] }));
      t = c;
    }
    if (p.value !== undefined) t.values.push(p.value);
    if (p.node) t.node = true;
  }
  const out: string[] = [];
  const walk = (t: Tree, depth: number): void => {
    const pad = '    '.repeat(depth);
    for (const [key, c] of t.children) {
      if (c.values.length > 0)
        for (const v of c.values) out.push(`${pad}${key} ${/^[\w./:-]+$/.test(v) ? v : `"${v}"`}`);
      else if (c.children.size === 0 && !key.includes(' ') && !c.node) out.push(`${pad}${key}`);
      else {
        out.push(`${pad}${key} {`);
        walk(c, depth + 1);
        out.push(`${pad}}`);
      }
    }
  };
  walk(root, 0);
  return `${out.join('\n')}\n`;
}
