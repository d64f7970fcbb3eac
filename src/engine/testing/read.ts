/** Small readers over a simulation result for tests. */
import { deviceView } from '../index';
import type { PathView, SessionView, SimResult } from '../types';

export function paths(r: SimResult, device: string, prefix: string): PathView[] {
  return deviceView(r, device)?.locRib.find((e) => e.prefix === prefix)?.paths ?? [];
}

export function best(r: SimResult, device: string, prefix: string): PathView | undefined {
  return paths(r, device, prefix).find((p) => p.best);
}

export function session(r: SimResult, device: string, peer: string): SessionView | undefined {
  return deviceView(r, device)?.sessions.find((s) => s.peer === peer);
}

export function prefixesOf(r: SimResult, device: string): string[] {
  return (deviceView(r, device)?.locRib ?? []).map((e) => e.prefix);
}
