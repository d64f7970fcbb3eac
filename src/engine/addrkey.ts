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
