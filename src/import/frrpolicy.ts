/**
 * FRR policy objects: `ip prefix-list`, `route-map` entries with the matches and sets the model
 * holds, `bgp community-list`, `bgp as-path access-list`. Each function reads one line into the
 * BGP config and answers whether it understood it ('unknown' lines are kept, not simulated).
 */
import { asnOf, intIn } from './lines';
import type { Tok } from './lines';
import { isCidr, isIpv4, networkOf } from '../model';
import type { BgpConfig, RouteMapEntry } from '../model';

export type Result = 'handled' | 'unknown';
/** Reports a bad value at a token; the line counts as handled (it is not kept). */
export type Bad = (message: string, tok?: Tok) => Result;

function words(t: Tok[]): string {
  return t.map((x) => x.text).join(' ');
}

export function routeMapEntry(bgp: BgpConfig, t: Tok[], bad: Bad): RouteMapEntry | undefined {
  const name = t[1]?.text;
  const action = t[2]?.text;
  const seq = intIn(t[3]?.text, 1, 65535);
  if (!name || (action !== 'permit' && action !== 'deny') || seq === undefined) {
    bad('expected `route-map NAME permit|deny SEQ`', t[1] ?? t[0]);
    return undefined;
  }
  let map = bgp.routeMaps.find((m) => m.name === name);
  if (!map) {
    map = { name, entries: [] };
    bgp.routeMaps.push(map);
  }
  let entry = map.entries.find((e) => e.seq === seq);
  if (!entry) {
    entry = { seq, action, match: {}, set: {} };
    map.entries.push(entry);
    map.entries.sort((a, b) => a.seq - b.seq);
  }
  entry.action = action;
  return entry;
}

export function prefixListLine(bgp: BgpConfig, t: Tok[], bad: Bad): Result {
  const name = t[0]?.text;
  if (!name) return bad('`ip prefix-list` needs a name', undefined);
  let i = 1;
  if (t[i]?.text === 'description') return 'handled';
  if (t[i]?.text === 'seq-number') return 'unknown';
  let seq: number | undefined;
  if (t[i]?.text === 'seq') {
    seq = intIn(t[i + 1]?.text, 1, 4294967295);
    if (seq === undefined) return bad('`seq` needs a number', t[i + 1]);
    i += 2;
  }
  const action = t[i]?.text;
  if (action !== 'permit' && action !== 'deny') {
    return bad('prefix-list entry needs permit or deny', t[i]);
  }
  const p = t[i + 1]?.text;
  let prefix: string;
  let ge: number | undefined;
  let le: number | undefined;
  if (p === 'any') {
    prefix = '0.0.0.0/0';
    le = 32;
  } else if (p && isCidr(p) && isIpv4(p.split('/')[0] ?? '')) {
    prefix = networkOf(p);
  } else {
    return bad('prefix-list entry needs an IPv4 prefix or `any`', t[i + 1]);
  }
  for (let j = i + 2; j < t.length; j += 2) {
    const k = t[j]?.text;
    const v = intIn(t[j + 1]?.text, 0, 32);
    if ((k !== 'ge' && k !== 'le') || v === undefined) {
      return bad('prefix-list entry: expected `ge N` / `le N`', t[j]);
    }
    if (k === 'ge') ge = v;
    else le = v;
  }
  let list = bgp.prefixLists.find((l) => l.name === name);
  // FRR numbers entries without `seq` in steps of 5 after the highest one.
  seq ??= (list?.entries ?? []).reduce((m, e) => Math.max(m, e.seq), 0) + 5;
  // FRR 8.4.4 refuses such a line too: `Value "4294967300" is out of type uint32 min/max bounds`.
  if (seq > 4294967295)
    return bad(
      `prefix-list ${name}: the automatic sequence number ${seq} is past 4294967295; give this entry a \`seq\``,
      t[0],
    );
  if (!list) {
    list = { name, entries: [] };
    bgp.prefixLists.push(list);
  }
  const entry = { seq, action, prefix } as (typeof list.entries)[number];
  if (ge !== undefined) entry.ge = ge;
  if (le !== undefined) entry.le = le;
  list.entries = list.entries.filter((e) => e.seq !== seq);
  list.entries.push(entry);
  list.entries.sort((a, b) => a.seq - b.seq);
  return 'handled';
}

export function routeMapLine(e: RouteMapEntry, t: Tok[], bad: Bad): Result {
  const w = t.map((x) => x.text);
  if (w[0] === 'match') {
    if (w[1] === 'ip' && w[2] === 'address' && w[3] === 'prefix-list' && w[4]) {
      e.match.prefixList = w[4];
    } else if (w[1] === 'community' && w[2]) e.match.communityList = w[2];
    else if (w[1] === 'as-path' && w[2]) e.match.asPathList = w[2];
    else return 'unknown';
    return 'handled';
  }
  if (w[0] !== 'set') return 'unknown';
  const num = (s: string | undefined, tok?: Tok): number | undefined => {
    const n = intIn(s, 0, 4294967295);
    if (n === undefined) bad('expected a number', tok);
    return n;
  };
  if (w[1] === 'local-preference') {
    const n = num(w[2], t[2]);
    if (n !== undefined) e.set.localPref = n;
  } else if (w[1] === 'metric' && w[2] !== undefined && /^\d+$/.test(w[2])) {
    const n = num(w[2], t[2]);
    if (n !== undefined) e.set.med = n;
  } else if (w[1] === 'weight') {
    const n = num(w[2], t[2]);
    if (n !== undefined) e.set.weight = n;
  } else if (w[1] === 'as-path' && w[2] === 'prepend' && w.length > 3) {
    const asns = w.slice(3).map((x) => asnOf(x));
    if (asns.some((a) => a === undefined)) return 'unknown'; // `last-as N` etc.
    e.set.asPathPrepend = asns as number[];
  } else if (w[1] === 'community' && w.length > 2) {
    const additive = w[w.length - 1] === 'additive';
    const values = w.slice(2, additive ? -1 : undefined);
    if (values.length === 0 || values.includes('none')) return 'unknown';
    e.set.community = additive ? { values, additive } : { values };
  } else return 'unknown';
  return 'handled';
}

export function communityListLine(bgp: BgpConfig, t: Tok[], bad: Bad): Result {
  let i = 0;
  const kind = t[0]?.text;
  if (kind === 'expanded' || kind === 'large-community-list') return 'unknown';
  if (kind === 'standard') i = 1;
  const name = t[i]?.text;
  if (name !== undefined && /^\d+$/.test(name) && Number(name) >= 100) return 'unknown';
  if (t[i + 1]?.text === 'seq') i += 2; // FRR ≥ 8 writes `seq N` back
  const action = t[i + 1]?.text;
  if (!name || (action !== 'permit' && action !== 'deny') || t.length < i + 3) {
    return bad('expected `bgp community-list [standard] NAME permit|deny COMMUNITY`', t[0]);
  }
  let list = bgp.communityLists.find((l) => l.name === name);
  if (!list) {
    list = { name, entries: [] };
    bgp.communityLists.push(list);
  }
  list.entries.push({ action, community: words(t.slice(i + 2)) });
  return 'handled';
}

export function asPathListLine(bgp: BgpConfig, t: Tok[], bad: Bad): Result {
  const name = t[0]?.text;
  let i = 1;
  if (t[i]?.text === 'seq') i += 2;
  const action = t[i]?.text;
  if (!name || (action !== 'permit' && action !== 'deny') || t.length < i + 2) {
    return bad('expected `bgp as-path access-list NAME permit|deny REGEX`', t[0]);
  }
  let list = bgp.asPathLists.find((l) => l.name === name);
  if (!list) {
    list = { name, entries: [] };
    bgp.asPathLists.push(list);
  }
  list.entries.push({ action, regex: words(t.slice(i + 1)) });
  return 'handled';
}
