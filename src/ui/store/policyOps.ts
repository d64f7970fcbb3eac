/**
 * Inspector operations on a router's BGP policy objects: peer groups, prefix-lists, route-maps,
 * community-lists and as-path access-lists (FRR 8.4 words and limits). Like ops.ts, each is a
 * pure function (lab in, new lab out) that throws `OpError` with the reason when the text typed
 * cannot be applied, so a form can dry-run it as the user types and apply it as one undo step.
 */
import { familyOf, isCidr, isIp, networkOf, prefixLength } from '../../model/addressing';
import { findDevice } from '../../model/lab';
import { isCommunity } from '../../model/rules/bgp';
import type {
  BgpConfig,
  Lab,
  NeighborSettings,
  PrefixListEntry,
  RouteMapEntry,
} from '../../model/types';
import { OpError, parseAsn, parseRemoteAs } from './ops';

export type PolicyKind = 'prefixLists' | 'routeMaps' | 'communityLists' | 'asPathLists';

/** What FRR calls each kind in its CLI, for messages. */
export const policyWord: Record<PolicyKind, string> = {
  prefixLists: 'prefix-list',
  routeMaps: 'route-map',
  communityLists: 'community-list',
  asPathLists: 'as-path access-list',
};

/** FRR takes any WORD; routelab keeps names exportable to BIRD filters and YAML keys too. */
const POLICY_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}$/;

function checkName(name: string, what: string): string {
  const n = name.trim();
  if (!POLICY_NAME_RE.test(n))
    throw new OpError(`a ${what} name is letters, digits and - _ . : (no spaces)`);
  return n;
}

/** Runs `fn` on a copy of the device's own BGP config (routers, and nodes with their own). */
function withBgp(lab: Lab, device: string, fn: (bgp: BgpConfig) => void): Lab {
  const next = structuredClone(lab);
  const d = findDevice(next, device);
  if (!d) throw new OpError(`no device named ${device}`);
  if ((d.kind !== 'router' && d.kind !== 'k8s-node') || !d.bgp)
    throw new OpError(`${device} has no BGP configuration of its own`);
  fn(d.bgp);
  return next;
}

function wholeNumber(text: string, what: string, min: number, max: number): number {
  const v = text.trim();
  if (!/^\d+$/.test(v)) throw new OpError(`${what} is a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new OpError(`${what} is ${min} … ${max}`);
  return n;
}

/** `permit` / `deny`, as FRR spells an entry's action. */
function action(text: string): 'permit' | 'deny' {
  if (text !== 'permit' && text !== 'deny') throw new OpError('permit or deny');
  return text;
}

/** A sequence number no other entry of the list holds (FRR refuses duplicates). */
function uniqueSeq(
  entries: readonly { seq: number }[],
  index: number,
  text: string,
  owner: string,
  max: number,
): number {
  const seq = wholeNumber(text, 'seq', 1, max);
  if (entries.some((x, i) => i !== index && x.seq === seq))
    throw new OpError(`seq ${seq} is already in ${owner}`);
  return seq;
}

// ------------------------------------------------------------------ references

type Ref = { where: string; set: (name: string | undefined) => void };

/** Every place in `bgp` (and the device's kernel filter) that names the policy `kind`/`name`. */
function referencesTo(bgp: BgpConfig, kind: PolicyKind | 'peerGroups', name: string): Ref[] {
  const refs: Ref[] = [];
  const settings: [string, NeighborSettings][] = [
    ...bgp.peerGroups.map((g): [string, NeighborSettings] => [`peer-group ${g.name}`, g]),
    ...bgp.neighbors.map((n): [string, NeighborSettings] => [`neighbor ${n.peer}`, n]),
  ];
  if (kind === 'peerGroups') {
    for (const n of bgp.neighbors)
      if (n.peerGroup === name)
        refs.push({ where: `neighbor ${n.peer}`, set: (v) => (n.peerGroup = v) });
    for (const r of bgp.listenRanges)
      if (r.peerGroup === name)
        refs.push({ where: `listen range ${r.range}`, set: (v) => (r.peerGroup = v ?? '') });
    return refs;
  }
  const fields =
    kind === 'routeMaps'
      ? (['routeMapIn', 'routeMapOut'] as const)
      : kind === 'prefixLists'
        ? (['prefixListIn', 'prefixListOut'] as const)
        : ([] as const);
  for (const [who, s] of settings)
    for (const f of fields)
      if (s[f] === name)
        refs.push({
          where: `${who} ${f.endsWith('In') ? 'in' : 'out'}`,
          set: (v) => {
            if (v === undefined) delete s[f];
            else s[f] = v;
          },
        });
  if (kind === 'routeMaps')
    for (const r of bgp.redistribute)
      if (r.routeMap === name)
        refs.push({ where: `redistribute ${r.source}`, set: (v) => (r.routeMap = v) });
  const matchKey =
    kind === 'prefixLists'
      ? 'prefixList'
      : kind === 'communityLists'
        ? 'communityList'
        : kind === 'asPathLists'
          ? 'asPathList'
          : undefined;
  if (matchKey)
    for (const rm of bgp.routeMaps)
      for (const e of rm.entries)
        if (e.match[matchKey] === name)
          refs.push({
            where: `route-map ${rm.name} ${e.action} ${e.seq}`,
            set: (v) => {
              if (v === undefined) delete e.match[matchKey];
              else e.match[matchKey] = v;
            },
          });
  return refs;
}

// ------------------------------------------------------------------ lists (all four kinds)

export function addPolicy(lab: Lab, device: string, kind: PolicyKind, name: string): Lab {
  const n = checkName(name, policyWord[kind]);
  return withBgp(lab, device, (bgp) => {
    const list: { name: string }[] = bgp[kind];
    if (list.some((p) => p.name === n)) throw new OpError(`${policyWord[kind]} ${n} exists`);
    if (kind === 'routeMaps')
      // A new route-map starts as `permit 10` with no match: FRR passes everything through it.
      bgp.routeMaps.push({
        name: n,
        entries: [{ seq: 10, action: 'permit', match: {}, set: {} }],
      });
    else bgp[kind].push({ name: n, entries: [] });
  });
}

/** Renames a policy object and every reference to it (neighbours, groups, route-map matches). */
export function renamePolicy(
  lab: Lab,
  device: string,
  kind: PolicyKind,
  from: string,
  to: string,
): Lab {
  const n = checkName(to, policyWord[kind]);
  if (n === from) return lab;
  return withBgp(lab, device, (bgp) => {
    const list: { name: string }[] = bgp[kind];
    const it = list.find((p) => p.name === from);
    if (!it) throw new OpError(`no ${policyWord[kind]} ${from}`);
    if (list.some((p) => p.name === n)) throw new OpError(`${policyWord[kind]} ${n} exists`);
    for (const r of referencesTo(bgp, kind, from)) r.set(n);
    it.name = n;
  });
}

/**
 * Removes a policy object. Refused while something uses it: FRR would keep the reference and
 * (for a missing route-map) deny every route, which is rarely what removing it meant.
 */
export function removePolicy(lab: Lab, device: string, kind: PolicyKind, name: string): Lab {
  return withBgp(lab, device, (bgp) => {
    const refs = referencesTo(bgp, kind, name);
    if (refs.length > 0)
      throw new OpError(
        `${policyWord[kind]} ${name} is used by ${refs.map((r) => r.where).join(', ')}`,
      );
    const list: { name: string }[] = bgp[kind];
    const i = list.findIndex((p) => p.name === name);
    if (i < 0) throw new OpError(`no ${policyWord[kind]} ${name}`);
    list.splice(i, 1);
  });
}

export function removePolicyEntry(
  lab: Lab,
  device: string,
  kind: PolicyKind,
  name: string,
  index: number,
): Lab {
  return withBgp(lab, device, (bgp) => {
    const list = bgp[kind].find((p) => p.name === name);
    if (!list?.entries[index]) throw new OpError(`no entry #${index} in ${name}`);
    list.entries.splice(index, 1);
  });
}

function nextSeq(entries: { seq: number }[]): number {
  // FRR numbers prefix-list entries in steps of 5 and most route-maps in steps of 10.
  return entries.reduce((m, e) => Math.max(m, e.seq), 0) + 10;
}

// ------------------------------------------------------------------ prefix-lists

export type PrefixListField = 'seq' | 'action' | 'prefix' | 'ge' | 'le';

/** A new entry matches nothing surprising: `deny any` is FRR's implicit end anyway. */
export function addPrefixListEntry(lab: Lab, device: string, list: string): Lab {
  return withBgp(lab, device, (bgp) => {
    const pl = bgp.prefixLists.find((p) => p.name === list);
    if (!pl) throw new OpError(`no prefix-list ${list}`);
    pl.entries.push({ seq: nextSeq(pl.entries), action: 'permit', prefix: '0.0.0.0/0', le: 32 });
  });
}

/**
 * FRR 8.4's rule for a prefix-list range, checked with vtysh: mask length <= ge <= le <= max
 * (`10.0.0.0/16 ge 16` is accepted; `le 15` and `ge 24 le 20` are "Invalid prefix range").
 */
function checkRange(e: PrefixListEntry): void {
  const len = prefixLength(e.prefix);
  const max = familyOf(e.prefix) === 6 ? 128 : 32;
  const bad =
    (e.ge !== undefined && (e.ge < len || e.ge > max)) ||
    (e.le !== undefined && (e.le < len || e.le > max)) ||
    (e.ge !== undefined && e.le !== undefined && e.ge > e.le);
  if (bad)
    throw new OpError(
      `invalid prefix range for ${e.prefix}: mask length /${len} <= ge <= le <= ${max}`,
    );
}

export function setPrefixListEntry(
  lab: Lab,
  device: string,
  list: string,
  index: number,
  field: PrefixListField,
  text: string,
): Lab {
  const v = text.trim();
  return withBgp(lab, device, (bgp) => {
    const pl = bgp.prefixLists.find((p) => p.name === list);
    const e = pl?.entries[index];
    if (!pl || !e) throw new OpError(`no entry #${index} in prefix-list ${list}`);
    switch (field) {
      case 'seq':
        e.seq = uniqueSeq(pl.entries, index, v, list, 4294967295);
        break;
      case 'action':
        e.action = action(v);
        break;
      case 'prefix':
        if (!isCidr(v)) throw new OpError('a prefix such as 10.244.0.0/16');
        // FRR masks host bits (`permit 10.0.0.1/16` is stored as 10.0.0.0/16), and so do we.
        e.prefix = familyOf(v) === 4 ? networkOf(v) : v;
        break;
      case 'ge':
      case 'le':
        if (v === '') delete e[field];
        else e[field] = wholeNumber(v, field, 0, 128);
        break;
    }
    checkRange(e);
    pl.entries.sort((a, b) => a.seq - b.seq);
  });
}

// ------------------------------------------------------------------ route-maps

export type RouteMapField =
  | 'seq'
  | 'action'
  | 'matchPrefixList'
  | 'matchCommunityList'
  | 'matchAsPathList'
  | 'localPref'
  | 'med'
  | 'weight'
  | 'asPathPrepend'
  | 'community'
  | 'communityAdditive';

export function addRouteMapEntry(lab: Lab, device: string, routeMap: string): Lab {
  return withBgp(lab, device, (bgp) => {
    const rm = bgp.routeMaps.find((r) => r.name === routeMap);
    if (!rm) throw new OpError(`no route-map ${routeMap}`);
    rm.entries.push({ seq: nextSeq(rm.entries), action: 'permit', match: {}, set: {} });
  });
}

function matchRef(
  bgp: BgpConfig,
  kind: 'prefixLists' | 'communityLists' | 'asPathLists',
  v: string,
): string | undefined {
  if (v === '') return undefined;
  if (!bgp[kind].some((p) => p.name === v))
    throw new OpError(`no ${policyWord[kind]} ${v} on this device: add it first`);
  return v;
}

function setMatch(e: RouteMapEntry, key: keyof RouteMapEntry['match'], v: string | undefined) {
  if (v === undefined) delete e.match[key];
  else e.match[key] = v;
}

function setNumber(
  e: RouteMapEntry,
  key: 'localPref' | 'med' | 'weight',
  v: string,
  max: number,
): void {
  if (v === '') delete e.set[key];
  else e.set[key] = wholeNumber(v, key === 'localPref' ? 'local-preference' : key, 0, max);
}

export function setRouteMapEntry(
  lab: Lab,
  device: string,
  routeMap: string,
  index: number,
  field: RouteMapField,
  text: string,
): Lab {
  const v = text.trim();
  return withBgp(lab, device, (bgp) => {
    const rm = bgp.routeMaps.find((r) => r.name === routeMap);
    const e = rm?.entries[index];
    if (!rm || !e) throw new OpError(`no entry #${index} in route-map ${routeMap}`);
    switch (field) {
      case 'seq':
        e.seq = uniqueSeq(rm.entries, index, v, routeMap, 65535);
        break;
      case 'action':
        e.action = action(v);
        break;
      case 'matchPrefixList':
        setMatch(e, 'prefixList', matchRef(bgp, 'prefixLists', v));
        break;
      case 'matchCommunityList':
        setMatch(e, 'communityList', matchRef(bgp, 'communityLists', v));
        break;
      case 'matchAsPathList':
        setMatch(e, 'asPathList', matchRef(bgp, 'asPathLists', v));
        break;
      case 'localPref':
      case 'med':
        setNumber(e, field, v, 4294967295);
        break;
      case 'weight':
        setNumber(e, field, v, 4294967295);
        break;
      case 'asPathPrepend':
        if (v === '') delete e.set.asPathPrepend;
        else e.set.asPathPrepend = v.split(/\s+/).map(parseAsn);
        break;
      case 'community': {
        if (v === '') {
          delete e.set.community;
          break;
        }
        const values = v.split(/\s+/);
        const bad = values.find((c) => !isCommunity(c));
        if (bad) throw new OpError(`${bad} is not AA:NN or a well-known community`);
        e.set.community = { values, ...(e.set.community?.additive ? { additive: true } : {}) };
        break;
      }
      case 'communityAdditive':
        if (!e.set.community) throw new OpError('set a community first');
        if (v === 'true') e.set.community.additive = true;
        else delete e.set.community.additive;
        break;
    }
    rm.entries.sort((a, b) => a.seq - b.seq);
  });
}

// ------------------------------------------------------------------ community / as-path lists

export function addListEntry(
  lab: Lab,
  device: string,
  kind: 'communityLists' | 'asPathLists',
  list: string,
): Lab {
  return withBgp(lab, device, (bgp) => {
    if (kind === 'communityLists') {
      const cl = bgp.communityLists.find((p) => p.name === list);
      if (!cl) throw new OpError(`no community-list ${list}`);
      cl.entries.push({ action: 'permit', community: 'internet' });
    } else {
      const al = bgp.asPathLists.find((p) => p.name === list);
      if (!al) throw new OpError(`no as-path access-list ${list}`);
      al.entries.push({ action: 'permit', regex: '.*' });
    }
  });
}

/** FRR's `_` matches a delimiter; JS has no such class, so it is spelled out before compiling. */
function checkAsPathRegex(regex: string): void {
  if (regex === '') throw new OpError('a regular expression such as ^65000_');
  try {
    new RegExp(regex.replace(/_/g, '(^|[ ,{}()]|$)'));
  } catch {
    throw new OpError(`${regex} does not compile as a regular expression`);
  }
}

export function setListEntry(
  lab: Lab,
  device: string,
  kind: 'communityLists' | 'asPathLists',
  list: string,
  index: number,
  field: 'action' | 'value',
  text: string,
): Lab {
  const v = text.trim();
  return withBgp(lab, device, (bgp) => {
    const entries =
      kind === 'communityLists'
        ? bgp.communityLists.find((p) => p.name === list)?.entries
        : bgp.asPathLists.find((p) => p.name === list)?.entries;
    const e = entries?.[index];
    if (!e) throw new OpError(`no entry #${index} in ${list}`);
    if (field === 'action') e.action = action(v);
    else if ('community' in e) {
      if (!isCommunity(v)) throw new OpError(`${v || '""'} is not AA:NN or a well-known community`);
      e.community = v;
    } else {
      checkAsPathRegex(v);
      e.regex = v;
    }
  });
}

// ------------------------------------------------------------------ peer groups & neighbours

/** The text-valued settings a peer group or a neighbour carries. */
export type SettingField =
  | 'remoteAs'
  | 'description'
  | 'updateSource'
  | 'ebgpMultihop'
  | 'allowasIn'
  | 'routeMapIn'
  | 'routeMapOut'
  | 'prefixListIn'
  | 'prefixListOut';

export type SettingFlag =
  | 'routeReflectorClient'
  | 'nextHopSelf'
  | 'nextHopSelfForce'
  | 'defaultOriginate'
  | 'shutdown'
  | 'passive';

function applySetting(bgp: BgpConfig, s: NeighborSettings, field: SettingField, v: string): void {
  const clear = v === '';
  switch (field) {
    case 'remoteAs':
      if (clear) delete s.remoteAs;
      else s.remoteAs = parseRemoteAs(v);
      return;
    case 'description':
      if (clear) delete s.description;
      else s.description = v;
      return;
    case 'updateSource':
      if (clear) delete s.updateSource;
      else if (!isIp(v) && !/^[A-Za-z][\w.-]*$/.test(v))
        throw new OpError('update-source is an interface name or an address');
      else s.updateSource = v;
      return;
    case 'ebgpMultihop':
      if (clear) delete s.ebgpMultihop;
      else s.ebgpMultihop = wholeNumber(v, 'ebgp-multihop', 1, 255);
      return;
    case 'allowasIn':
      if (clear) delete s.allowasIn;
      else s.allowasIn = wholeNumber(v, 'allowas-in', 1, 10);
      return;
    case 'routeMapIn':
    case 'routeMapOut':
    case 'prefixListIn':
    case 'prefixListOut': {
      const kind = field.startsWith('routeMap') ? 'routeMaps' : 'prefixLists';
      if (clear) {
        delete s[field];
        return;
      }
      if (!bgp[kind].some((p) => p.name === v))
        throw new OpError(`no ${policyWord[kind]} ${v} on this device: add it first`);
      s[field] = v;
      return;
    }
  }
}

function applyFlag(s: NeighborSettings, flag: SettingFlag, on: boolean): void {
  if (flag === 'nextHopSelf' || flag === 'nextHopSelfForce') {
    if (!on) delete s.nextHopSelf;
    else s.nextHopSelf = flag === 'nextHopSelfForce' ? 'force' : true;
    return;
  }
  if (on) s[flag] = true;
  else delete s[flag];
}

export function addPeerGroup(lab: Lab, device: string, name: string): Lab {
  const n = checkName(name, 'peer-group');
  return withBgp(lab, device, (bgp) => {
    if (bgp.peerGroups.some((g) => g.name === n)) throw new OpError(`peer-group ${n} exists`);
    bgp.peerGroups.push({ name: n });
  });
}

export function renamePeerGroup(lab: Lab, device: string, from: string, to: string): Lab {
  const n = checkName(to, 'peer-group');
  if (n === from) return lab;
  return withBgp(lab, device, (bgp) => {
    const g = bgp.peerGroups.find((x) => x.name === from);
    if (!g) throw new OpError(`no peer-group ${from}`);
    if (bgp.peerGroups.some((x) => x.name === n)) throw new OpError(`peer-group ${n} exists`);
    for (const r of referencesTo(bgp, 'peerGroups', from)) r.set(n);
    g.name = n;
  });
}

export function removePeerGroup(lab: Lab, device: string, name: string): Lab {
  return withBgp(lab, device, (bgp) => {
    const refs = referencesTo(bgp, 'peerGroups', name);
    if (refs.length > 0)
      throw new OpError(`peer-group ${name} is used by ${refs.map((r) => r.where).join(', ')}`);
    const i = bgp.peerGroups.findIndex((g) => g.name === name);
    if (i < 0) throw new OpError(`no peer-group ${name}`);
    bgp.peerGroups.splice(i, 1);
  });
}

export function setPeerGroupField(
  lab: Lab,
  device: string,
  group: string,
  field: SettingField,
  text: string,
): Lab {
  return withBgp(lab, device, (bgp) => {
    const g = bgp.peerGroups.find((x) => x.name === group);
    if (!g) throw new OpError(`no peer-group ${group}`);
    applySetting(bgp, g, field, text.trim());
  });
}

export function setPeerGroupFlag(
  lab: Lab,
  device: string,
  group: string,
  flag: SettingFlag,
  on: boolean,
): Lab {
  return withBgp(lab, device, (bgp) => {
    const g = bgp.peerGroups.find((x) => x.name === group);
    if (!g) throw new OpError(`no peer-group ${group}`);
    applyFlag(g, flag, on);
  });
}

/** Neighbour settings by index, plus `peerGroup` (which must exist on the device). */
export function setNeighborField(
  lab: Lab,
  device: string,
  index: number,
  field: SettingField | 'peerGroup',
  text: string,
): Lab {
  const v = text.trim();
  return withBgp(lab, device, (bgp) => {
    const n = bgp.neighbors[index];
    if (!n) throw new OpError(`no neighbour #${index}`);
    if (field === 'peerGroup') {
      if (v === '') delete n.peerGroup;
      else if (!bgp.peerGroups.some((g) => g.name === v))
        throw new OpError(`no peer-group ${v} on this device: add it first`);
      else n.peerGroup = v;
      return;
    }
    applySetting(bgp, n, field, v);
  });
}

export function setNeighborFlag(
  lab: Lab,
  device: string,
  index: number,
  flag: SettingFlag,
  on: boolean,
): Lab {
  return withBgp(lab, device, (bgp) => {
    const n = bgp.neighbors[index];
    if (!n) throw new OpError(`no neighbour #${index}`);
    applyFlag(n, flag, on);
  });
}
