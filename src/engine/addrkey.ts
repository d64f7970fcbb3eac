/**
 * Memoised IPv4 text → uint32 for the hot paths of the decision process (router-ids, peer
 * addresses, next hops compare millions of times; the model's validating parser is too slow).
 */
import { ipv4ToInt, isIpv4, parsePrefix4 } from '../model';
import type { Prefix4 } from '../model';

const cache = new Map<string, number | undefined>();

/** The address as an unsigned integer, or undefined when the text is not an IPv4 address. */
export function ipv4Key(text: string): number | undefined {
  let v = cache.get(text);
  if (v !== undefined || cache.has(text)) return v;
  v = isIpv4(text) ? ipv4ToInt(text) : undefined;
  if (cache.size > 1_000_000) cache.clear();
  cache.set(text, v);
  return v;
}

/** Memoised `ipv4ToInt` (FIB rebuilds convert the same next hops every round). */
export function ipv4Int(text: string): number {
  return ipv4Key(text) ?? ipv4ToInt(text);
}

/** The unsigned first and last address of a prefix. */
export function prefixRange(p: Prefix4): [number, number] {
  const lo = p.addr >>> 0;
  return [lo, lo + 2 ** (32 - p.len) - 1];
}

/** The index of the first address of an ascending list that is ≥ `lo` (binary search). */
export function lowerBound(sorted: ArrayLike<number>, lo: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if ((sorted[m] as number) < lo) a = m + 1;
    else b = m;
  }
  return a;
}

const prefixes = new Map<string, Prefix4>();

/** Memoised `parsePrefix4`; the parsed prefix is shared, so callers must not mutate it. */
export function prefix4Key(text: string): Prefix4 {
  let p = prefixes.get(text);
  if (p === undefined) {
    p = parsePrefix4(text);
    if (prefixes.size > 1_000_000) prefixes.clear();
    prefixes.set(text, p);
  }
  return p;
}
