/**
 * BIRD functions as policy objects — the form routelab's own BIRD exporter (src/export/bird.ts)
 * writes, so an exported bird.conf reads back as the prefix-lists and route-maps it came from:
 * - `function pl_X() { if net ~ [ P{a,b} ] then return true|false; … return false; }` → prefix
 *   list (entries in order; falling off the end denies, as in FRR);
 * - `function cl_X() { if (A, B) ~ bgp_community then return true|false; … return false; }` →
 *   community list;
 * - `function rm_X() { if COND then return false; | if COND then { sets; return true; } …
 *   return false; }` with COND `true`, `false` or calls of such lists joined by `&&` → route-map.
 * - `function al_X() { if bgp_path ~ [= … =] then return true|false; … return false; }` → as-path
 *   list, each path mask read back as the FRR regex it was written from (src/export/bird.ts
 *   asPathMask: `[= A * =]` ↔ `^A_`, `[= * A =]` ↔ `_A$`, `[= * A * =]` ↔ `_A_`, `[= =]` ↔ `^$`);
 * - `function bgp_table()` is the exporter's guard restating FRR's BGP-table contents (networks,
 *   aggregates, redistribution), which the model already holds: recognised, not a policy. Its
 *   `if proto = "default_originate" then return false;` keeps the default that `default-originate`
 *   sends out of every other export.
 * Any other function is left to the caller to keep as "not simulated".
 */
import type { BgpConfig, Redistribute, RouteMapEntry, RouteMapSet } from '../model';
import type { BirdStmt } from './birdsyntax';
import { prefixEntryOf, setFromStatement } from './birdfilter';

/** The exporter's guard function; `where bgp_table()` adds nothing to the model. */
export const BGP_TABLE_GUARD = 'bgp_table';

const words = (s: BirdStmt): string[] => s.words.map((t) => t.text);

/** What the guard lets into BGP: FRR's `network` statements and `redistribute` lines. */
export interface BgpTableGuard {
  networks: string[];
  redistribute: Redistribute[];
}

const SOURCES: Record<string, Redistribute['source']> = {
  RTS_DEVICE: 'connected',
  RTS_STATIC: 'static',
  RTS_INHERIT: 'kernel',
};

/**
 * `function bgp_table()` as the exporter writes it: `if net ~ [ P, … ] then return true;` (the
 * originated networks and aggregates), `if source = RTS_X [&& rm_Y()] then return true;`
 * (redistribution), `… then return false;` (summary-only suppression, nothing to model) and the
 * always-present `if source = RTS_BGP then return true; return false;`. Undefined if it differs.
 */
function guardOf(body: BirdStmt[], bgp: BgpConfig): BgpTableGuard | undefined {
  const g: BgpTableGuard = { networks: [], redistribute: [] };
  if (!endsFalse(body)) return undefined;
  for (const s of body.slice(0, -1)) {
    const ir = ifReturn(s);
    if (!ir) return undefined;
    const [c, r] = ir;
    if (!r && c.join(' ') === `proto = ${DEFAULT_ORIGINATE_PROTO}`) continue;
    if (c[0] === 'net' && c[1] === '~' && c[2] === '[' && c[c.length - 1] === ']') {
      if (!r) continue;
      for (const t of s.words.slice(4, -4)) {
        const e = t.text === ',' ? undefined : prefixEntryOf([t]);
        if (t.text !== ',' && (!e || e.ge !== undefined || e.le !== undefined)) return undefined;
        if (e) g.networks.push(e.prefix);
      }
      continue;
    }
    const m = /^source = (RTS_\w+)(?: && (\w+) \( \))?$/.exec(c.join(' '));
    if (!m || !r) return undefined;
    if (m[1] === 'RTS_BGP') continue;
    const source = SOURCES[m[1] ?? ''];
    if (!source || (m[2] && !bgp.routeMaps.some((x) => x.name === m[2]))) return undefined;
    g.redistribute.push(m[2] ? { source, routeMap: m[2] } : { source });
  }
  return g;
}

function returns(x: string[]): boolean | undefined {
  if (x.length === 2 && x[0] === 'return' && (x[1] === 'true' || x[1] === 'false'))
    return x[1] === 'true';
  return undefined;
}

/** `if <cond…> then return B` → [cond words, B]. */
function ifReturn(s: BirdStmt): [string[], boolean] | undefined {
  const x = words(s);
  const then = x.indexOf('then');
  if (x[0] !== 'if' || then < 0 || s.block) return undefined;
  const r = returns(x.slice(then + 1));
  return r === undefined ? undefined : [x.slice(1, then), r];
}

const endsFalse = (body: BirdStmt[]): boolean => {
  const last = body[body.length - 1];
  return !!last && returns(words(last)) === false;
};

function prefixListOf(name: string, body: BirdStmt[], bgp: BgpConfig): boolean {
  if (!endsFalse(body)) return false;
  const entries = [];
  for (const s of body.slice(0, -1)) {
    const ir = ifReturn(s);
    const c = ir?.[0] ?? [];
    if (!ir || c[0] !== 'net' || c[1] !== '~' || c[2] !== '[' || c[c.length - 1] !== ']')
      return false;
    const e = prefixEntryOf(s.words.slice(4, -4));
    if (!e) return false;
    entries.push({ ...e, action: ir[1] ? ('permit' as const) : ('deny' as const) });
  }
  bgp.prefixLists.push({ name, entries: entries.map((e, i) => ({ ...e, seq: (i + 1) * 10 })) });
  return true;
}

function communityListOf(name: string, body: BirdStmt[], bgp: BgpConfig): boolean {
  if (!endsFalse(body)) return false;
  const entries = [];
  for (const s of body.slice(0, -1)) {
    const ir = ifReturn(s);
    const m = ir && /^\((\d+),(\d+)\)~bgp_community$/.exec(ir[0].join(''));
    if (!ir || !m) return false;
    entries.push({
      action: ir[1] ? ('permit' as const) : ('deny' as const),
      community: `${m[1]}:${m[2]}`,
    });
  }
  bgp.communityLists.push({ name, entries });
  return true;
}

/** The exporter's static protocol for `default-originate` (src/export/bird.ts). */
export const DEFAULT_ORIGINATE_PROTO = 'default_originate';

/** A BIRD path-mask test (or `true`) as the FRR as-path regex it stands for; undefined if none. */
function regexOfMask(c: string[]): string | undefined {
  const t = c.join(' ');
  if (t === 'true') return '.*';
  if (t === 'bgp_path ~ [ = = ]') return '^$';
  const m = /^bgp_path ~ \[ = (\* )?(\d+(?: \d+)*)( \*)? = \]$/.exec(t);
  if (!m || m[2] === undefined) return undefined;
  return `${m[1] ? '_' : '^'}${m[2].split(' ').join('_')}${m[3] ? '_' : '$'}`;
}

function asPathListOf(name: string, body: BirdStmt[], bgp: BgpConfig): boolean {
  if (!endsFalse(body)) return false;
  const entries = [];
  for (const s of body.slice(0, -1)) {
    const ir = ifReturn(s);
    const regex = ir ? regexOfMask(ir[0]) : undefined;
    if (!ir || regex === undefined) return false;
    entries.push({ action: ir[1] ? ('permit' as const) : ('deny' as const), regex });
  }
  bgp.asPathLists.push({ name, entries });
  return true;
}

/** `true`, `false`, `F()`, `F() && G()` with F, G known lists → a match, or null for never. */
function matchOf(cond: string[], bgp: BgpConfig): RouteMapEntry['match'] | null | undefined {
  if (cond.length === 1 && cond[0] === 'true') return {};
  if (cond.length === 1 && cond[0] === 'false') return null;
  const match: RouteMapEntry['match'] = {};
  const parts = cond.join(' ').split(' && ');
  for (const p of parts) {
    const m = /^(\w+) \( \)$/.exec(p);
    const f = m?.[1];
    if (!f) return undefined;
    if (bgp.prefixLists.some((l) => l.name === f) && !match.prefixList) match.prefixList = f;
    else if (bgp.communityLists.some((l) => l.name === f) && !match.communityList)
      match.communityList = f;
    else if (bgp.asPathLists.some((l) => l.name === f) && !match.asPathList) match.asPathList = f;
    else return undefined;
  }
  return match;
}

function routeMapOf(name: string, body: BirdStmt[], bgp: BgpConfig): boolean {
  if (!endsFalse(body)) return false;
  const entries: RouteMapEntry[] = [];
  let seq = 10;
  for (const s of body.slice(0, -1)) {
    const x = words(s);
    const then = x.indexOf('then');
    if (x[0] !== 'if' || then < 0) return false;
    const match = matchOf(x.slice(1, then), bgp);
    if (match === undefined) return false;
    const set: RouteMapSet = {};
    let permit: boolean | undefined;
    if (s.block) {
      if (!endsTrue(s.block)) return false;
      for (const st of s.block.slice(0, -1)) if (!setFromStatement(st, set)) return false;
      permit = true;
    } else if (then === x.length - 3 && returns(x.slice(then + 1)) === false) permit = false;
    if (permit === undefined) return false;
    // `false` is the exporter's match on a list that does not exist: FRR's "no match".
    if (match === null) continue;
    entries.push({ seq, action: permit ? 'permit' : 'deny', match, set });
    seq += 10;
  }
  bgp.routeMaps.push({ name, entries });
  return true;
}

const endsTrue = (block: BirdStmt[]): boolean => {
  const last = block[block.length - 1];
  return !!last && returns(words(last)) === true;
};

/**
 * Reads the functions (in text order: lists before the route-maps that call them) into `bgp`;
 * returns the names it understood and the guard, when there is one it understood.
 */
export function functionsToPolicy(
  fns: [string, BirdStmt[]][],
  bgp: BgpConfig,
): { done: Set<string>; guard?: BgpTableGuard } {
  const done = new Set<string>();
  let guard: BgpTableGuard | undefined;
  for (const [name, body] of fns) {
    if (name === BGP_TABLE_GUARD) {
      guard = guardOf(body, bgp);
      if (guard) done.add(name);
    } else if (
      // `al_` first: an empty as-path list would otherwise read as an empty prefix list.
      (name.startsWith('al_') && asPathListOf(name, body, bgp)) ||
      prefixListOf(name, body, bgp) ||
      communityListOf(name, body, bgp) ||
      routeMapOf(name, body, bgp) ||
      asPathListOf(name, body, bgp)
    )
      done.add(name);
  }
  return guard ? { done, guard } : { done };
}

/**
 * `filter kernel_export { if source = RTS_BGP then accept; [if source = RTS_STATIC && net ~ [ … ]
 * then accept;] reject; }`: the exporter's rendering of the model's default kernel export (BGP
 * routes plus the blackholes the device itself installs), i.e. no `kernel.exportFilter`.
 */
export function isDefaultKernelExport(name: string, body: BirdStmt[]): boolean {
  if (name !== 'kernel_export') return false;
  const lines = body.map((s) => (s.block ? '{' : words(s).join(' ')));
  const [first, ...rest] = lines;
  if (first !== 'if source = RTS_BGP then accept' || rest.pop() !== 'reject') return false;
  return rest.every((l) => /^if source = RTS_STATIC && net ~ \[ .* \] then accept$/.test(l));
}
