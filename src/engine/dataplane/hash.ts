/**
 * Which ECMP member one flow takes. Linux (fib_multipath_hash_policy=0) hashes the L3 keys
 * (source, destination) with a per-boot random seed and picks the next hop by hash threshold
 * (RFC 2992: each member owns a contiguous slice of the 31-bit hash space in proportion to its
 * weight — `fib_select_multipath`). We cannot reproduce the seed, so this is an approximation
 * with the same shape: a fixed 32-bit mix of (src, dst) and the same threshold selection. Like
 * a containerlab lab (one kernel, one seed for all namespaces) every router uses the same hash.
 */
import { ipv4ToInt, isIpv4 } from '../../model/addressing';

/** murmur3's 32-bit finaliser: a good avalanche mix. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export function l3Hash(src: string, dst: string): number {
  const s = isIpv4(src) ? ipv4ToInt(src) : 0;
  const d = isIpv4(dst) ? ipv4ToInt(dst) : 0;
  return fmix32(Math.imul(fmix32(s) ^ 0x9e3779b9, 31) ^ d);
}

/** Index of the member a flow takes among next hops with these weights (hash threshold). */
export function pickEcmp(weights: readonly number[], src: string, dst: string): number {
  if (weights.length <= 1) return 0;
  const total = weights.reduce((a, w) => a + Math.max(1, w), 0);
  const h = l3Hash(src, dst) >>> 1; // 31 bits, as the kernel uses
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += Math.max(1, weights[i] ?? 1);
    const upper = Math.round((acc * 2 ** 31) / total) - 1;
    if (h <= upper) return i;
  }
  return weights.length - 1;
}
