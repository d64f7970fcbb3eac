/**
 * The common shape both sides are reduced to before comparison: per device, per prefix, the
 * paths by (learned from, next-hop device, AS_PATH) with best/multipath flags; FIB next-hop device
 * sets; session states by peer device; traceroute hops as device names. Addresses — especially
 * random IPv6 link-locals of unnumbered peers — never reach the comparison, devices do.
 */

export interface NPath {
  /** Device the path was learned from; 'self' for locally originated. */
  from: string;
  /** Device owning the next hop; 'self' when local; '?<addr>' when no device owns it. */
  nextHop: string;
  asPath: number[];
  valid: boolean;
  best: boolean;
  /** In the multipath set (the best path counts as a member). */
  multipath: boolean;
  /** FRR's `selectionReason` on the best path (not compared: the multipath pass overwrites it). */
  reason?: string;
}

export interface NFibEntry {
  /** 'bgp', 'static', 'connected', 'blackhole', 'cni', … */
  protocol: string;
  /** Next-hop devices, sorted; empty for connected/blackhole. */
  nextHops: string[];
}

export interface NDevice {
  device: string;
  daemon: string;
  bgp: Record<string, NPath[]>;
  fib: Record<string, NFibEntry>;
  /** peer device (or the raw peer when no device owns it) → state */
  sessions: Record<string, string>;
}

export interface NHop {
  address?: string;
  device?: string;
}

export interface NTrace {
  from: string;
  to: string;
  hops: NHop[];
  reached: boolean;
}

export interface Snapshot {
  devices: Record<string, NDevice>;
  traces: NTrace[];
}

export function pathKey(p: NPath): string {
  return `${p.from}|${p.nextHop}|${p.asPath.join(' ')}`;
}

export function sortPaths(paths: NPath[]): NPath[] {
  return [...paths].sort((a, b) => pathKey(a).localeCompare(pathKey(b)));
}

/** "10.0.0.3" → "10.0.0.3/32", "default" → "0.0.0.0/0". */
export function canonPrefix(dst: string): string {
  if (dst === 'default') return '0.0.0.0/0';
  return dst.includes('/') ? dst : `${dst}/32`;
}
