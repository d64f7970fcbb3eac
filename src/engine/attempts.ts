/**
 * Numbered session attempts kept from one session plan to the next (sessions.ts), with what each
 * read, so a plan makes again only the attempts whose answer may have changed: the ones that
 * looked up an address inside a changed FIB route, or read an address of a device whose own
 * topology changed. An index from what was read to the attempts finds those without walking
 * every configured neighbour.
 */
import type { Prefix4 } from '../model';
import { prefixContainsAddr } from '../model';
import { lowerBound, prefixRange } from './addrkey';
import type { NeighborConfig } from './neighbors';
import type { Attempt, SessionPlan, SessionSide, SpeakerInfo } from './sessions';
import type { Topology } from './topology';

export interface CachedAttempt {
  at: Attempt;
  /**
   * What it read: (device, address) pairs for FIB lookups and the topology of that device, and
   * (−1, address) for the owners of a gateway address.
   */
  deps: number[];
  x: SpeakerInfo;
  nx: NeighborConfig;
  /** The accepting speaker, once the peer address's owner was found. */
  t?: SpeakerInfo;
}

/**
 * The attempts of a plan by key (speaker/peer), the plan made from them and what else it read,
 * and an index of the attempts by what they read.
 */
export interface AttemptCache {
  attempts: Map<string, CachedAttempt>;
  made?: { plan: SessionPlan; topo: Topology; speakers: readonly SpeakerInfo[] };
  index?: AttemptIndex;
}

/**
 * Keys of attempts by what they read. It may list more than a cache's attempts read (it is shared
 * by the caches derived from one another and only grows): a listed attempt is checked with
 * `sameDeps` before being made again; an unlisted one read nothing listed.
 */
interface AttemptIndex {
  /** Device → address looked up in its FIB → attempt keys. */
  byDevice: Map<number, Map<number, string[]>>;
  /** Per device, its looked-up addresses in ascending order (built when first needed). */
  sorted: Map<number, number[]>;
  /** Address → keys of the attempts that read anything about it. */
  byAddress: Map<number, string[]>;
  /** Entries added after it was built: past its size it is built afresh. */
  size: number;
  added: number;
}

/**
 * What changed since the cached attempts were made: per device the prefixes whose FIB route
 * changed (undefined: the device's FIB or own topology changed wholesale), and, when the
 * topology was rebuilt (an `apply`), the addresses of the devices whose own topology changed
 * (undefined within a run: the topology is the same object).
 */
export interface PlanReuse {
  cache: AttemptCache;
  changed: readonly (readonly Prefix4[] | undefined)[];
  owned?: ReadonlySet<number>;
}

/** Whether the attempt's accepting speaker is still the one it talked to. */
export function sameTarget(
  e: CachedAttempt,
  speakers: readonly SpeakerInfo[],
  bySpeakerDevice: Map<number, number>,
): boolean {
  return !e.t || speakers[bySpeakerDevice.get(e.t.device) ?? -1] === e.t;
}

/** Whether nothing the attempt read may answer differently now. */
export function sameDeps(e: CachedAttempt, reuse: PlanReuse): boolean {
  for (let i = 0; i < e.deps.length; i += 2) {
    const d = e.deps[i] as number;
    const a = e.deps[i + 1] as number;
    if (reuse.owned?.has(a)) return false;
    if (d < 0) continue;
    const ch = reuse.changed[d];
    if (ch === undefined) return false;
    for (const p of ch) if (prefixContainsAddr(p, a)) return false;
  }
  return true;
}

function push<K>(m: Map<K, string[]>, key: K, k: string): void {
  let l = m.get(key);
  if (!l) m.set(key, (l = []));
  if (l[l.length - 1] !== k) l.push(k);
}

function indexDeps(index: AttemptIndex, k: string, deps: readonly number[]): void {
  for (let i = 0; i < deps.length; i += 2) {
    const d = deps[i] as number;
    const a = deps[i + 1] as number;
    if (d >= 0) {
      let m = index.byDevice.get(d);
      if (!m) index.byDevice.set(d, (m = new Map()));
      if (!m.has(a)) index.sorted.delete(d);
      push(m, a, k);
    }
    push(index.byAddress, a, k);
  }
}

function newIndex(cache: AttemptCache): AttemptIndex {
  const index: AttemptIndex = {
    byDevice: new Map(),
    sorted: new Map(),
    byAddress: new Map(),
    size: cache.attempts.size,
    added: 0,
  };
  for (const [k, e] of cache.attempts) indexDeps(index, k, e.deps);
  cache.index = index;
  return index;
}

/**
 * `to` takes over `from`'s index, with `made` (attempts made since, under their keys) added to
 * it; left to be built afresh when additions have outgrown it.
 */
export function passIndex(
  from: AttemptCache,
  to: AttemptCache,
  made: Iterable<[string, CachedAttempt]>,
): void {
  const index = from.index;
  if (!index) return;
  for (const [k, e] of made) {
    indexDeps(index, k, e.deps);
    index.added++;
  }
  if (index.added <= index.size) to.index = index;
}

/**
 * Gives the cache an index of its own attempts when it has none or has used up half of the
 * additions it may take: `converge` calls it at the end of a run, so the `apply` after it (a
 * failure the user waits for) does not index every session attempt of the fabric, nor outgrow
 * the index halfway and index them all again.
 */
export function indexAttempts(cache: AttemptCache): void {
  const index = cache.index;
  if (!index || index.added * 2 > index.size) newIndex(cache);
}

function sortedAddresses(index: AttemptIndex, d: number): number[] {
  let s = index.sorted.get(d);
  if (!s) {
    s = [...(index.byDevice.get(d)?.keys() ?? [])].sort((x, y) => x - y);
    index.sorted.set(d, s);
  }
  return s;
}

/**
 * The cached attempts that looked up an address inside a changed FIB route or read an address
 * `reuse.owned` names: every other attempt read nothing that changed.
 */
export function suspectsOf(reuse: PlanReuse): Set<string> {
  // An index shared by many caches derived from one another outgrows them: built afresh then
  // (the caches derived from this one take it over).
  const shared = reuse.cache.index;
  const index = shared && shared.added <= shared.size ? shared : newIndex(reuse.cache);
  const out = new Set<string>();
  const addAll = (l: readonly string[] | undefined): void => {
    if (l) for (const k of l) out.add(k);
  };
  for (let d = 0; d < reuse.changed.length; d++) {
    const ch = reuse.changed[d];
    if (ch && ch.length === 0) continue;
    const byAddr = index.byDevice.get(d);
    if (!byAddr) continue;
    if (!ch) {
      for (const l of byAddr.values()) addAll(l);
      continue;
    }
    const addrs = sortedAddresses(index, d);
    for (const p of ch) {
      const [lo, hi] = prefixRange(p);
      for (let a = lowerBound(addrs, lo); a < addrs.length && (addrs[a] as number) <= hi; a++)
        addAll(byAddr.get(addrs[a] as number));
    }
  }
  for (const a of reuse.owned ?? []) addAll(index.byAddress.get(a));
  return out;
}

/** The same configured neighbour, or equal dynamic ones (a listen range makes one per attempt). */
function sameConfig(a: NeighborConfig, b: NeighborConfig): boolean {
  return (
    a === b || (a.dynamic === true && b.dynamic === true && JSON.stringify(a) === JSON.stringify(b))
  );
}

function sameSide(a: SessionSide, b: SessionSide): boolean {
  return (
    a.speaker === b.speaker &&
    sameConfig(a.config, b.config) &&
    a.localAddress === b.localAddress &&
    a.remoteAddress === b.remoteAddress &&
    a.iface === b.iface
  );
}

/** Whether two attempts give the same session or the same failure. */
export function sameAttempt(a: Attempt, b: Attempt): boolean {
  if (a.ok || b.ok) {
    if (!a.ok || !b.ok) return false;
    const x = a.session;
    const y = b.session;
    return x.key === y.key && x.type === y.type && sameSide(x.a, y.a) && sameSide(x.b, y.b);
  }
  return (
    a.reason === b.reason &&
    a.idle === b.idle &&
    a.weak === b.weak &&
    a.target?.speaker === b.target?.speaker &&
    (a.target === undefined
      ? b.target === undefined
      : b.target !== undefined && sameConfig(a.target.config, b.target.config))
  );
}
