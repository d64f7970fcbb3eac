/**
 * BIRD filters as route-maps and prefix lists — the forms the Calico and BIRD write-ups use:
 * `if net ~ [ P, P+, P{a,b} ] then accept;`, `if ( net ~ P ) then { accept; }`, `net = P`,
 * else branches, and `bgp_local_pref` / `bgp_med` / `bgp_path.prepend` / `bgp_community.add`
 * before an accept. Anything else is warned about and kept, not guessed at.
 */
import { isCidr, isIpv4, networkOf, prefixLength } from '../model';
import type {
  BgpConfig,
  PrefixList,
  PrefixListEntry,
  RouteMap,
  RouteMapEntry,
  RouteMapSet,
} from '../model';
import type { BirdStmt, BirdTok } from './birdsyntax';
import { intIn } from './lines';

export interface FilterSink {
  /** Receives the route-map and its prefix lists. */
  bgp: BgpConfig;
  warn(message: string, at: { line: number; column: number }): void;
  keep(s: BirdStmt, context: string): void;
}

/**
 * A BIRD filter as a route-map: each `if net ~ … then accept|reject` becomes one entry matching
 * a prefix list, a bare accept/reject the last entry; `bgp_local_pref = N;`-style assignments
 * before an accept become its sets. A route that reaches the end of a BIRD filter is rejected,
 * as one that falls off the end of a route-map is.
 */
export function filterToRouteMap(name: string, body: BirdStmt[], sink: FilterSink): void {
  const map: RouteMap = { name, entries: [] };
  sink.bgp.routeMaps.push(map);
  let set: RouteMapSet = {};
  let seq = 10;
  const add = (action: 'permit' | 'deny', prefixList?: string): void => {
    const e: RouteMapEntry = {
      seq,
      action,
      match: {},
      set: action === 'permit' ? { ...set } : {},
    };
    if (prefixList) e.match.prefixList = prefixList;
    map.entries.push(e);
    seq += 10;
  };
  for (let i = 0; i < body.length; i++) {
    const s = body[i] as BirdStmt;
    const k = w(s, 0);
    if (k === 'accept' || k === 'reject') {
      add(k === 'accept' ? 'permit' : 'deny');
      return; // a bare accept/reject ends the filter
    }
    if (k === 'if') {
      const thenIdx = s.words.findIndex((t) => t.text === 'then');
      const cond = s.words.slice(1, thenIdx < 0 ? undefined : thenIdx);
      const action = s.block
        ? terminal(s.block)
        : terminal([{ ...s, words: s.words.slice(thenIdx + 1) }]);
      const list = action ? prefixListFromCond(cond, `${name}_${seq}`, s, sink) : undefined;
      if (!list || !action) {
        sink.warn(
          `filter ${name}: only \`if net ~ …|net = … then accept|reject\` is simulated; statement skipped`,
          s,
        );
        sink.keep(s, `filter ${name}`);
        continue;
      }
      const saved = set;
      set = { ...set, ...action.set };
      add(action.action, list);
      set = saved;
      const elseBlock =
        s.elseBlock ?? (w(body[i + 1], 0) === 'else' ? elseOf(body[i + 1]) : undefined);
      if (w(body[i + 1], 0) === 'else') i++;
      const elseAction = elseBlock ? terminal(elseBlock) : undefined;
      if (elseAction) {
        set = { ...set, ...elseAction.set };
        add(elseAction.action);
        return;
      }
      continue;
    }
    if (assignSet(s, set)) continue;
    if (k === 'print' || k === 'printn') continue;
    sink.warn(`filter ${name}: statement not simulated`, s);
    sink.keep(s, `filter ${name}`);
  }
}

/** One `bgp_x = …;` / `bgp_path.prepend(N);` / `bgp_community…` statement into `set`. */
export function setFromStatement(s: BirdStmt, set: RouteMapSet): boolean {
  return assignSet(s, set);
}

/** The tokens inside `[ … ]` holding exactly one item → a prefix-list entry. */
export function prefixEntryOf(toks: BirdTok[]): Omit<PrefixListEntry, 'seq'> | undefined {
  const items = splitTop(toks);
  return items.length === 1 && items[0] ? prefixSetItem(items[0]) : undefined;
}

function assignSet(s: BirdStmt, set: RouteMapSet): boolean {
  const x = s.words.map((t) => t.text);
  // `bgp_community = -empty-;` before adding: the new communities replace the old ones.
  if (x.join('') === 'bgp_community=-empty-') {
    set.community = { values: [], additive: false };
    return true;
  }
  if (x[1] === '=' && x.length === 3) {
    const n = intIn(x[2], 0, 4294967295);
    if (n === undefined) return false;
    if (x[0] === 'bgp_local_pref') set.localPref = n;
    else if (x[0] === 'bgp_med') set.med = n;
    else return false;
    return true;
  }
  const joined = x.join('');
  const prepend = /^bgp_path\.prepend\((\d+)\)$/.exec(joined);
  if (prepend) {
    // Each prepend goes in front of the path so far: the last one written ends up leftmost,
    // as FRR's `set as-path prepend` lists them (BIRD 2 manual, "bgppath.prepend").
    set.asPathPrepend = [Number(prepend[1]), ...(set.asPathPrepend ?? [])];
    return true;
  }
  const comm = /^bgp_community\.add\(\((\d+),(\d+)\)\)$/.exec(joined);
  if (comm) {
    const values = [...(set.community?.values ?? []), `${comm[1]}:${comm[2]}`];
    set.community = { values, additive: set.community?.additive ?? true };
    return true;
  }
  return false;
}

/** `net ~ [ … ]`, `net ~ P`, `net = P` (optionally in parentheses) → a prefix list. */
function prefixListFromCond(
  cond: BirdTok[],
  name: string,
  s: BirdStmt,
  sink: FilterSink,
): string | undefined {
  let c = cond;
  while (c[0]?.text === '(' && c[c.length - 1]?.text === ')') c = c.slice(1, -1);
  if (c[0]?.text !== 'net' || (c[1]?.text !== '~' && c[1]?.text !== '=')) return undefined;
  const rhs = c.slice(2);
  const entries: Omit<PrefixListEntry, 'seq'>[] = [];
  if (c[1].text === '=' || rhs[0]?.text !== '[') {
    const p = rhs[0]?.text;
    if (rhs.length !== 1 || !p || !isCidr(p) || !isIpv4(p.split('/')[0] ?? '')) return undefined;
    // `net ~ P` with a plain prefix means "is a subnet of P" (BIRD 2 manual, operators).
    const e: Omit<PrefixListEntry, 'seq'> = { action: 'permit', prefix: networkOf(p) };
    if (c[1].text === '~') e.le = 32;
    entries.push(e);
  } else {
    if (rhs[rhs.length - 1]?.text !== ']') return undefined;
    const items = splitTop(rhs.slice(1, -1));
    for (const item of items) {
      const e = prefixSetItem(item);
      if (!e) {
        sink.warn('prefix set item not understood', item[0] ?? s);
        return undefined;
      }
      entries.push(e);
    }
  }
  const list: PrefixList = {
    name,
    entries: entries.map((e, i) => ({ ...e, seq: (i + 1) * 5 })),
  };
  sink.bgp.prefixLists.push(list);
  return name;
}

/** The action a block ends in: optional `bgp_x = …;` sets then accept/reject. */
function terminal(block: BirdStmt[]): { action: 'permit' | 'deny'; set: RouteMapSet } | undefined {
  const last = block[block.length - 1];
  const k = w(last, 0);
  if (!last || last.words.length !== 1 || (k !== 'accept' && k !== 'reject')) return undefined;
  const set: RouteMapSet = {};
  for (const s of block.slice(0, -1)) {
    const x = s.words.map((t) => t.text);
    const n = intIn(x[2], 0, 4294967295);
    if (x[1] !== '=' || n === undefined) return undefined;
    if (x[0] === 'bgp_local_pref') set.localPref = n;
    else if (x[0] === 'bgp_med') set.med = n;
    else return undefined;
  }
  return { action: k === 'accept' ? 'permit' : 'deny', set };
}

function elseOf(s: BirdStmt | undefined): BirdStmt[] | undefined {
  if (!s) return undefined;
  if (s.block) return s.block;
  return [{ ...s, words: s.words.slice(1) }];
}

/** Splits a token list on top-level commas (commas inside `{a,b}` stay). */
function splitTop(toks: BirdTok[]): BirdTok[][] {
  const out: BirdTok[][] = [];
  let cur: BirdTok[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.text === '{') depth++;
    if (t.text === '}') depth--;
    if (t.text === ',' && depth === 0) {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** `P`, `P+`, `P-`, `P{a,b}` → a prefix-list entry (BIRD 2 manual, "Prefix sets"). */
function prefixSetItem(item: BirdTok[]): Omit<PrefixListEntry, 'seq'> | undefined {
  let p = item[0]?.text ?? '';
  let mod = '';
  if (p.endsWith('+') || p.endsWith('-')) {
    mod = p.slice(-1);
    p = p.slice(0, -1);
  }
  if (!isCidr(p) || !isIpv4(p.split('/')[0] ?? '')) return undefined;
  const len = prefixLength(p);
  const e: Omit<PrefixListEntry, 'seq'> = { action: 'permit', prefix: networkOf(p) };
  if (item.length === 1) {
    if (mod === '+') e.le = 32;
    if (mod === '-') {
      if (len >= 32) return undefined;
      e.ge = len + 1;
      e.le = 32;
    }
    return e;
  }
  const x = item.map((t) => t.text).join('');
  const m = /^\{(\d+),(\d+)\}$/.exec(x.slice(item[0]?.text.length ?? 0));
  if (!m || mod) return undefined;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (lo < len || hi < lo || hi > 32) return undefined;
  if (lo !== len) e.ge = lo;
  e.le = hi;
  return e;
}

function w(s: BirdStmt | undefined, i: number): string | undefined {
  return s?.words[i]?.text;
}
