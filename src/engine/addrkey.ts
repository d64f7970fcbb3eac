/**
 * Memoised IPv4 text → uint32 for the hot paths of the decision process (router-ids, peer
 * addresses, next hops compare millions of times; the model's validating parser is too slow).
 */
import { ipv4ToInt, isIpv4 } from '../model';

const cache = new Map<string, number | undefined>();

/** The address as an unsigned integer, or undefined when the text is not an IPv4 address. */
export function ipv4Key(text: string): number | undefined {
  if (cache.has(text)) return cache.get(text);
  const v = isIpv4(text) ? ipv4ToInt(text) : undefined;
  if (cache.size > 1_000_000) cache.clear();
  cache.set(text, v);
  return v;
}
