/**
 * All IP arithmetic in routelab lives here. Parsing and validation go through `ip-address`;
 * IPv4 values are also exposed as unsigned 32-bit integers because the engine and the FIB do
 * millions of prefix operations and BigInt arithmetic is far too slow for that.
 */
import { Address4, Address6 } from 'ip-address';

export type Family = 4 | 6;

/** A parsed IPv4 prefix: `addr` is the network address as an unsigned 32-bit integer. */
export interface Prefix4 {
  addr: number;
  len: number;
}

// `Address4.isValid` parses into an object each call; the engine asks about the same few
// thousand interface addresses and next hops over and over (topology, origination, sessions).
const ipv4Memo = new Map<string, boolean>();

export function isIpv4(text: string): boolean {
  let v = ipv4Memo.get(text);
  if (v === undefined) {
    v = Address4.isValid(text) && !text.includes('/');
    if (ipv4Memo.size >= 100_000) ipv4Memo.clear();
    ipv4Memo.set(text, v);
  }
  return v;
}

export function isIpv6(text: string): boolean {
  return !text.includes('/') && Address6.isValid(text);
}

export function isIp(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

/** "10.0.0.0/24" or "10.0.0.1/24" (host bits allowed) or "fd00::/64". */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const len = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(len)) return false;
  const n = Number(len);
  const addr = text.slice(0, slash);
  if (isIpv4(addr)) return n <= 32;
  if (isIpv6(addr)) return n <= 128;
  return false;
}

export function familyOf(text: string): Family | undefined {
  const addr = text.split('/')[0] ?? '';
  if (isIpv4(addr)) return 4;
  if (isIpv6(addr)) return 6;
  return undefined;
}

/** Strict dotted-quad → uint32; throws on anything else (callers validate first). */
export function ipv4ToInt(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${text}`);
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) throw new Error(`not an IPv4 address: ${text}`);
    const n = Number(p);
    if (n > 255) throw new Error(`not an IPv4 address: ${text}`);
    v = v * 256 + n;
  }
  return v;
}

export function intToIpv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** "10.0.1.5/24" → { addr: 10.0.1.0, len: 24 } (host bits cleared). Throws on bad input. */
export function parsePrefix4(text: string): Prefix4 {
  const [a, l] = text.split('/');
  const len = l === undefined ? 32 : Number(l);
  if (!Number.isInteger(len) || len < 0 || len > 32 || (l !== undefined && !/^\d+$/.test(l))) {
    throw new Error(`not an IPv4 prefix: ${text}`);
  }
  return { addr: (ipv4ToInt(a ?? '') & maskOf(len)) >>> 0, len };
}

export function tryParsePrefix4(text: string): Prefix4 | undefined {
  try {
    return parsePrefix4(text);
  } catch {
    return undefined;
  }
}

export function formatPrefix4(p: Prefix4): string {
  return `${intToIpv4(p.addr)}/${p.len}`;
}

/** Canonical network form: "10.0.1.5/24" → "10.0.1.0/24"; IPv6 likewise. */
export function networkOf(cidr: string): string {
  if (familyOf(cidr) === 4) return formatPrefix4(parsePrefix4(cidr));
  const a = new Address6(cidr);
  return `${a.startAddress().correctForm()}/${a.subnetMask}`;
}

/** The address part of a CIDR ("10.0.1.5/24" → "10.0.1.5"). */
export function hostOf(cidr: string): string {
  return cidr.split('/')[0] ?? cidr;
}

export function prefixLength(cidr: string): number {
  const l = cidr.split('/')[1];
  return l === undefined ? (familyOf(cidr) === 6 ? 128 : 32) : Number(l);
}

export function prefixContainsAddr(p: Prefix4, addr: number): boolean {
  return (addr & maskOf(p.len)) >>> 0 === p.addr;
}

/** Does `outer` contain `inner` (both IPv4 prefixes, or an address for inner)? */
export function contains(outer: string, inner: string): boolean {
  const fo = familyOf(outer);
  if (fo !== familyOf(inner)) return false;
  if (fo === 4) {
    const o = parsePrefix4(outer);
    const i = parsePrefix4(inner);
    return i.len >= o.len && prefixContainsAddr(o, i.addr);
  }
  const o = new Address6(outer.includes('/') ? outer : `${outer}/128`);
  const i = new Address6(inner.includes('/') ? inner : `${inner}/128`);
  return i.subnetMask >= o.subnetMask && i.isInSubnet(o);
}

export function overlaps(a: string, b: string): boolean {
  return contains(a, b) || contains(b, a);
}

/**
 * Longest-prefix match of an IPv4 address over a list of items with a prefix.
 * Returns the items with the longest matching prefix (there may be several with equal prefix).
 */
export function longestPrefixMatch<T>(
  items: readonly T[],
  prefixOf: (item: T) => Prefix4,
  addr: number,
): T[] {
  let best = -1;
  let out: T[] = [];
  for (const it of items) {
    const p = prefixOf(it);
    if (p.len < best || !prefixContainsAddr(p, addr)) continue;
    if (p.len > best) {
      best = p.len;
      out = [it];
    } else out.push(it);
  }
  return out;
}

/** The `index`-th subnet of size `len` inside `pool` ("10.1.0.0/16", 24, 3 → "10.1.3.0/24"). */
export function nthSubnet(pool: string, len: number, index: number): string | undefined {
  const p = parsePrefix4(pool);
  if (len < p.len || len > 32 || index < 0) return undefined;
  const count = 2 ** (len - p.len);
  if (index >= count) return undefined;
  return formatPrefix4({ addr: (p.addr + index * 2 ** (32 - len)) >>> 0, len });
}

/** The `index`-th address inside a prefix (0 = network address). */
export function nthAddress(prefix: string, index: number): string | undefined {
  const p = parsePrefix4(prefix);
  if (index < 0 || index >= 2 ** (32 - p.len)) return undefined;
  return intToIpv4((p.addr + index) >>> 0);
}

/**
 * Allocates point-to-point subnets (/31 or /30) and loopbacks from pools, skipping any subnet
 * that overlaps one already in use.
 */
export function allocateSubnet(
  pool: string,
  len: number,
  used: readonly string[],
): string | undefined {
  const usedV4 = used.filter((u) => familyOf(u) === 4);
  const count = 2 ** (len - parsePrefix4(pool).len);
  for (let i = 0; i < count && i < 1 << 20; i++) {
    const cand = nthSubnet(pool, len, i);
    if (cand === undefined) return undefined;
    if (!usedV4.some((u) => overlaps(u, cand))) return cand;
  }
  return undefined;
}

/** The two usable ends of a point-to-point subnet: /31 → both addresses; /30 → .1 and .2. */
export function pointToPointHosts(subnet: string): [string, string] {
  const p = parsePrefix4(subnet);
  const first = p.len === 31 ? 0 : 1;
  return [
    `${intToIpv4((p.addr + first) >>> 0)}/${p.len}`,
    `${intToIpv4((p.addr + first + 1) >>> 0)}/${p.len}`,
  ];
}

export function compareIpv4(a: string, b: string): number {
  return ipv4ToInt(a) - ipv4ToInt(b);
}
