/**
 * Longest-prefix match over IPv4 routes: one hash map per prefix length, probed from /32 down,
 * so a lookup costs at most 33 map probes whatever the table size.
 */
import { ipv4ToInt, isIpv4, maskOf, parsePrefix4 } from '../../model/addressing';

export class LpmTable<T> {
  private readonly byLen: Map<number, T>[] = Array.from({ length: 33 }, () => new Map());
  private readonly lens = new Set<number>();

  /** Adds `item` under an IPv4 prefix; a second item for the same prefix replaces the first. */
  set(prefix: string, item: T): void {
    const p = parsePrefix4(prefix);
    this.byLen[p.len]?.set(p.addr, item);
    this.lens.add(p.len);
  }

  /** The item with the longest prefix containing `addr`, and that prefix's length. */
  lookup(addr: string, filter?: (item: T) => boolean): { item: T; len: number } | undefined {
    if (!isIpv4(addr)) return undefined;
    const a = ipv4ToInt(addr);
    for (let len = 32; len >= 0; len--) {
      if (!this.lens.has(len)) continue;
      const item = this.byLen[len]?.get((a & maskOf(len)) >>> 0);
      if (item !== undefined && (!filter || filter(item))) return { item, len };
    }
    return undefined;
  }
}
