/**
 * The best-path decision as FRR 8.4's `bgp_path_info_cmp` runs it: an ordered chain of small
 * comparators, each returning the winner and FRR's name for the step. `selectBest` reproduces
 * `bgp_best_selection`: paths visited newest first, pairwise against the running best, with
 * deterministic-MED grouping by neighbour AS when enabled.
 *
 * Not modelled: IGP metric (routelab has no IGP: every resolved next hop costs 0), confederations,
 * AIGP, `maximum-paths ibgp … equal-cluster-length` (without it FRR 8.4 skips the cluster-length
 * rewrite of step 9, see bgp_route.c).
 */
import { ipv4Key } from './addrkey';
import type { PathAttrs } from './attrs';
import { ORIGIN_RANK } from './attrs';
import type { DecisionReason } from './types';

export interface Candidate {
  attrs: PathAttrs;
  /** Locally originated (network, redistribute, aggregate): FRR's "Local Route" step. */
  local: boolean;
  ebgp: boolean;
  /** The AS of the peer it was learned from (multipath "same neighbour AS"). */
  peerAs: number;
  peerRouterId: string;
  /** Peer address as a sortable value (IPv4 as integer; link-local peers by name). */
  peerAddress: string;
  /** Currently selected (FRR's BGP_PATH_SELECTED), for the older-path rule. */
  selected: boolean;
}

export interface DecisionOptions {
  frrSteps: boolean;
  olderPathRule: boolean;
  compareRouterId: boolean;
  alwaysCompareMed: boolean;
  deterministicMed: boolean;
  asPathMultipathRelax: boolean;
  defaultLocalPref: number;
}

export interface CmpResult {
  /** true: `a` wins. */
  aWins: boolean;
  reason: DecisionReason;
  /** Equal up to and including the IGP metric step with a multipath-compatible AS_PATH. */
  pathsEq: boolean;
}

const STEP_ORDER: DecisionReason[] = [
  'First path received',
  'Weight',
  'Local Pref',
  'Local Route',
  'AS Path',
  'Origin',
  'MED',
  'eBGP Peer',
  'iBGP Peer',
  'IGP Metric',
  'Older Path',
  'Router ID',
  'Cluster length',
  'Peer IP',
  'Nothing left to compare',
];

/** Depth of a step in the chain: a deeper step means a closer contest. */
export function stepDepth(r: DecisionReason): number {
  return STEP_ORDER.indexOf(r);
}

function addrKey(s: string): number | string {
  return ipv4Key(s) ?? s;
}

function lowerWins(a: number | string, b: number | string): boolean | undefined {
  if (a === b) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return String(a) < String(b);
}

/** FRR `aspath_cmp_left`: both empty, or the same leftmost AS. */
export function sameNeighbourAs(a: PathAttrs, b: PathAttrs): boolean {
  if (a.asPath.length === 0 && b.asPath.length === 0) return true;
  if (a.asPath.length === 0 || b.asPath.length === 0) return false;
  return a.asPath[0] === b.asPath[0];
}

// Plain functions, not closures: comparePaths runs millions of times on big fabrics.
function win(aWins: boolean, reason: DecisionReason): CmpResult {
  return { aWins, reason, pathsEq: false };
}

function res(aWins: boolean, reason: DecisionReason, pathsEq: boolean): CmpResult {
  return { aWins, reason, pathsEq };
}

/** bgp_path_info_cmp(a = new, b = exist): does `a` beat `b`, and which step decided. */
export function comparePaths(a: Candidate, b: Candidate, o: DecisionOptions): CmpResult {
  const A = a.attrs;
  const B = b.attrs;
  if (o.frrSteps && A.weight !== B.weight) return win(A.weight > B.weight, 'Weight');
  const lpA = A.localPref ?? o.defaultLocalPref;
  const lpB = B.localPref ?? o.defaultLocalPref;
  if (lpA !== lpB) return win(lpA > lpB, 'Local Pref');
  if (a.local !== b.local) return win(a.local, 'Local Route');
  if (A.asPath.length !== B.asPath.length) return win(A.asPath.length < B.asPath.length, 'AS Path');
  if (A.origin !== B.origin) return win(ORIGIN_RANK[A.origin] < ORIGIN_RANK[B.origin], 'Origin');
  if (o.alwaysCompareMed || sameNeighbourAs(A, B)) {
    const mA = A.med ?? 0;
    const mB = B.med ?? 0;
    if (mA !== mB) return win(mA < mB, 'MED');
  }
  if (a.ebgp !== b.ebgp) return win(a.ebgp, 'eBGP Peer');
  // IGP metric: always equal here (no IGP). Multipath equality is decided at this point.
  let pathsEq = false;
  if (!a.local && !b.local) {
    if (o.asPathMultipathRelax) pathsEq = true;
    else if (!a.ebgp) pathsEq = A.asPath.join(' ') === B.asPath.join(' ');
    else pathsEq = a.peerAs === b.peerAs;
  }
  if (o.olderPathRule && !o.compareRouterId && a.ebgp && b.ebgp) {
    if (a.selected) return res(true, 'Older Path', pathsEq);
    if (b.selected) return res(false, 'Older Path', pathsEq);
  }
  const ridA = addrKey(A.originatorId ?? a.peerRouterId);
  const ridB = addrKey(B.originatorId ?? b.peerRouterId);
  const rid = lowerWins(ridA, ridB);
  if (rid !== undefined) return res(rid, 'Router ID', pathsEq);
  if (A.clusterList.length !== B.clusterList.length)
    return res(A.clusterList.length < B.clusterList.length, 'Cluster length', pathsEq);
  const pip = lowerWins(addrKey(a.peerAddress), addrKey(b.peerAddress));
  if (pip !== undefined) return res(pip, 'Peer IP', pathsEq);
  return res(true, 'Nothing left to compare', pathsEq);
}

export interface Selection {
  /** Index into the candidates, -1 when none is valid. */
  best: number;
  /** The step that decided (the closest contest the best path won). */
  reason?: DecisionReason;
  /** Per candidate: why it lost to the best (undefined for the best and invalid ones). */
  lostBy: (DecisionReason | undefined)[];
}

/**
 * bgp_best_selection over the valid candidates, given newest first. With deterministic-MED the
 * best of each neighbour-AS group is found first and only group winners compete.
 */
export function selectBest(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  o: DecisionOptions,
): Selection {
  const lostBy: (DecisionReason | undefined)[] = new Array<DecisionReason | undefined>(
    cands.length,
  ).fill(undefined);
  let pool: number[] = [];
  for (let i = 0; i < cands.length; i++) if (valid[i]) pool.push(i);
  if (pool.length === 0) return { best: -1, lostBy };
  if (o.deterministicMed && pool.length > 1) {
    const groupWinners: number[] = [];
    const done = new Set<number>();
    for (const i of pool) {
      if (done.has(i)) continue;
      let sel = i;
      done.add(i);
      for (const j of pool) {
        if (done.has(j)) continue;
        const ci = cands[i] as Candidate;
        const cj = cands[j] as Candidate;
        if (!sameNeighbourAs(ci.attrs, cj.attrs)) continue;
        done.add(j);
        if (comparePaths(cj, cands[sel] as Candidate, o).aWins) sel = j;
      }
      groupWinners.push(sel);
    }
    pool = pool.filter((i) => groupWinners.includes(i));
  }
  let best = pool[0] as number;
  for (let k = 1; k < pool.length; k++) {
    const i = pool[k] as number;
    if (comparePaths(cands[i] as Candidate, cands[best] as Candidate, o).aWins) best = i;
  }
  let reason: DecisionReason = 'First path received';
  for (let i = 0; i < cands.length; i++) {
    if (i === best || !valid[i]) continue;
    const r = comparePaths(cands[best] as Candidate, cands[i] as Candidate, o).reason;
    lostBy[i] = r;
    if (reason === 'First path received' || stepDepth(r) > stepDepth(reason)) reason = r;
  }
  return { best, reason, lostBy };
}

export interface MultipathChoice {
  multipath: number[];
  /** Per candidate index: why it is not in the set (for valid non-best paths). */
  notMultipath: Map<number, string>;
}

/**
 * FRR's multipath set (bgp_path_info_mpath_update): paths equal to the best through the IGP-metric
 * step with a compatible AS_PATH, a next hop different from those already chosen, up to
 * `maximum-paths` (eBGP) / `maximum-paths ibgp` including the best; candidates in next-hop order.
 */
export function selectMultipath(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  best: number,
  o: DecisionOptions,
  maxPaths: { ebgp: number; ibgp: number },
): MultipathChoice {
  const notMultipath = new Map<number, string>();
  const b = cands[best];
  if (!b) return { multipath: [], notMultipath };
  const cap = b.ebgp ? maxPaths.ebgp : maxPaths.ibgp;
  const eq: number[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i] as Candidate;
    if (i === best || !valid[i]) continue;
    const r = comparePaths(c, b, o);
    if (r.pathsEq) eq.push(i);
    else
      notMultipath.set(
        i,
        stepDepth(r.reason) >= stepDepth('Older Path')
          ? o.asPathMultipathRelax || b.local || c.local
            ? 'not multipath: locally originated'
            : b.ebgp
              ? 'not multipath: different neighbour AS (no multipath-relax)'
              : 'not multipath: AS_PATH differs (iBGP needs an identical AS_PATH)'
          : `not multipath: worse ${r.reason}`,
      );
  }
  eq.sort((x, y) => {
    const kx = addrKey((cands[x] as Candidate).attrs.nextHop);
    const ky = addrKey((cands[y] as Candidate).attrs.nextHop);
    return kx === ky ? x - y : kx < ky ? -1 : 1;
  });
  const hops = new Set<string>([b.attrs.nextHop]);
  const multipath: number[] = [];
  for (const i of eq) {
    const nh = (cands[i] as Candidate).attrs.nextHop;
    if (hops.has(nh)) {
      notMultipath.set(i, 'not multipath: same next hop as a chosen path');
      continue;
    }
    if (multipath.length + 1 >= cap) {
      notMultipath.set(i, `not multipath: maximum-paths ${cap} reached`);
      continue;
    }
    hops.add(nh);
    multipath.push(i);
  }
  return { multipath, notMultipath };
}
