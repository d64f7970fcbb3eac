/**
 * The decision's reasons for one destination, as `show bgp` prints them: why the best path won
 * (the closest contest), why each other eligible path lost, and why it is not in the multipath
 * set. Convergence needs none of them, so `decide` stores only what they are computed from (the
 * paths, which one counted as selected for the older-path rule, the rule it decided with) and a
 * view recomputes them here: the same comparisons over the same inputs, so the same words.
 */
import { candidatesOf } from './candidates';
import { pathCount } from './dest';
import { lostReasons, multipathOf } from './decision';
import type { Dest, EngineState } from './state';
import type { DecisionReason } from './types';

export interface DestReasons {
  /** The best path's reason (undefined when nothing is eligible). */
  reason?: DecisionReason;
  /** Per path: why it lost to the best (undefined for the best and ineligible ones). */
  lostBy: (DecisionReason | undefined)[];
  /** Per path: why it is not in the multipath set (eligible non-best paths only). */
  notMultipath: (string | undefined)[];
}

export function destReasons(st: EngineState, dest: Dest): DestReasons {
  const n = pathCount(dest);
  const none = new Array<undefined>(n).fill(undefined);
  const rule = dest.rule;
  if (!rule || dest.best < 0) return { lostBy: none, notMultipath: none.slice() };
  const valid = Array.from({ length: n }, (_, i) => dest.invalid?.[i] === undefined);
  const cands = candidatesOf(st, dest, dest.older);
  const sel = lostReasons(cands, valid, dest.best, rule.o);
  const notMultipath: (string | undefined)[] = none.slice();
  if (rule.multipath) {
    const why = new Map<number, string>();
    multipathOf(cands, valid, dest.best, rule.o, rule.maxPaths, why);
    for (const [i, r] of why) notMultipath[i] = r;
  }
  return { ...(sel.reason ? { reason: sel.reason } : {}), lostBy: sel.lostBy, notMultipath };
}
