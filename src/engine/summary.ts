/**
 * Whole-lab summaries read straight from the engine state, for callers (the worker's summary
 * and diff) that must not build every device's Loc-RIB view: on a big fabric that costs seconds.
 */
import { attrsOf } from './attrs';
import { pathAt } from './dest';
import { nextHopDevice } from './install';
import type { EngineState } from './state';
import type { SessionView, SimResult } from './types';
import { sessionViews } from './views';

function stateOf(result: SimResult): EngineState | undefined {
  return result.state as EngineState | undefined;
}

/** Every speaker's `show bgp summary` rows. */
export function allSessions(result: SimResult): SessionView[] {
  const st = stateOf(result);
  if (!st) return Object.values(result.devices).flatMap((v) => v.sessions);
  return st.speakers.flatMap((sp, i) => sessionViews(st, sp, i));
}

/**
 * Per speaker and prefix with a best path: the next hops of the best and multipath paths,
 * as device names where known ("0.0.0.0" for local routes), sorted.
 */
export function selectedNextHops(result: SimResult): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  const st = stateOf(result);
  if (!st) {
    for (const [dev, view] of Object.entries(result.devices)) {
      const m = new Map<string, string[]>();
      for (const e of view.locRib) {
        const hops = e.paths
          .filter((p) => p.best || p.multipath)
          .map((p) => p.nextHopDevice ?? p.nextHop);
        if (hops.length > 0) m.set(e.prefix, [...new Set(hops)].sort());
      }
      out.set(dev, m);
    }
    return out;
  }
  for (const sp of st.speakers) {
    const m = new Map<string, string[]>();
    for (const [pid, dest] of sp.locRib) {
      if (dest.best < 0) continue;
      const hops = new Set<string>();
      for (const i of [dest.best, ...dest.multipath]) {
        const p = pathAt(sp, pid, dest, i);
        if (!p) continue;
        const nh = attrsOf(st.attrs, p.attr).nextHop;
        hops.add(
          nh === '0.0.0.0'
            ? nh
            : (nextHopDevice(st, sp, p.src, nh) ?? (nh.startsWith('%') ? nh.slice(1) : nh)),
        );
      }
      m.set(st.prefixes.names[pid] ?? '?', [...hops].sort());
    }
    out.set(sp.info.name, m);
  }
  return out;
}
