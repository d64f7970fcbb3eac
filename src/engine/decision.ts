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

/** Step indices into STEP_ORDER (the packed comparison result carries the index). */
const WEIGHT = 1;
const LOCAL_PREF = 2;
const LOCAL_ROUTE = 3;
const AS_PATH = 4;
const ORIGIN = 5;
const MED = 6;
const EBGP_PEER = 7;
const OLDER_PATH = 10;
const ROUTER_ID = 11;
const CLUSTER_LENGTH = 12;
const PEER_IP = 13;
const NOTHING_LEFT = 14;

/*
 * The comparison packed in one small integer — bit 0: `a` wins, bit 1: paths equal for multipath,
 * bits 2+: the deciding step's index — so the millions of comparisons on a big fabric allocate
 * nothing. comparePaths unpacks it for callers that want the object.
 */
function packed(aWins: boolean, step: number, pathsEq = false): number {
  return (aWins ? 1 : 0) | (pathsEq ? 2 : 0) | (step << 2);
}

const winsOf = (c: number): boolean => (c & 1) === 1;
const eqOf = (c: number): boolean => (c & 2) === 2;
const stepOf = (c: number): number => c >> 2;

/** bgp_path_info_cmp(a = new, b = exist), packed (see `packed`). */
function comparePacked(a: Candidate, b: Candidate, o: DecisionOptions): number {
  const A = a.attrs;
  const B = b.attrs;
  if (o.frrSteps && A.weight !== B.weight) return packed(A.weight > B.weight, WEIGHT);
  const lpA = A.localPref ?? o.defaultLocalPref;
  const lpB = B.localPref ?? o.defaultLocalPref;
  if (lpA !== lpB) return packed(lpA > lpB, LOCAL_PREF);
  if (a.local !== b.local) return packed(a.local, LOCAL_ROUTE);
  if (A.asPath.length !== B.asPath.length)
    return packed(A.asPath.length < B.asPath.length, AS_PATH);
  if (A.origin !== B.origin) return packed(ORIGIN_RANK[A.origin] < ORIGIN_RANK[B.origin], ORIGIN);
  if (o.alwaysCompareMed || sameNeighbourAs(A, B)) {
    const mA = A.med ?? 0;
    const mB = B.med ?? 0;
    if (mA !== mB) return packed(mA < mB, MED);
  }
  if (a.ebgp !== b.ebgp) return packed(a.ebgp, EBGP_PEER);
  // IGP metric: always equal here (no IGP). Multipath equality is decided at this point.
  let pathsEq = false;
  if (!a.local && !b.local) {
    if (o.asPathMultipathRelax) pathsEq = true;
    else if (!a.ebgp) pathsEq = sameAsPath(A.asPath, B.asPath);
    else pathsEq = a.peerAs === b.peerAs;
  }
  if (o.olderPathRule && !o.compareRouterId && a.ebgp && b.ebgp) {
    if (a.selected) return packed(true, OLDER_PATH, pathsEq);
    if (b.selected) return packed(false, OLDER_PATH, pathsEq);
  }
  const ridA = addrKey(A.originatorId ?? a.peerRouterId);
  const ridB = addrKey(B.originatorId ?? b.peerRouterId);
  const rid = lowerWins(ridA, ridB);
  if (rid !== undefined) return packed(rid, ROUTER_ID, pathsEq);
  if (A.clusterList.length !== B.clusterList.length)
    return packed(A.clusterList.length < B.clusterList.length, CLUSTER_LENGTH, pathsEq);
  const pip = lowerWins(addrKey(a.peerAddress), addrKey(b.peerAddress));
  if (pip !== undefined) return packed(pip, PEER_IP, pathsEq);
  return packed(true, NOTHING_LEFT, pathsEq);
}

/** The same AS_PATH (what `asPath.join(' ')` equality tested). */
function sameAsPath(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** bgp_path_info_cmp(a = new, b = exist): does `a` beat `b`, and which step decided. */
export function comparePaths(a: Candidate, b: Candidate, o: DecisionOptions): CmpResult {
  const c = comparePacked(a, b, o);
  return { aWins: winsOf(c), reason: STEP_ORDER[stepOf(c)] as DecisionReason, pathsEq: eqOf(c) };
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
        if (winsOf(comparePacked(cj, cands[sel] as Candidate, o))) sel = j;
      }
      groupWinners.push(sel);
    }
    pool = pool.filter((i) => groupWinners.includes(i));
  }
  let best = pool[0] as number;
  for (let k = 1; k < pool.length; k++) {
    const i = pool[k] as number;
    if (winsOf(comparePacked(cands[i] as Candidate, cands[best] as Candidate, o))) best = i;
  }
  let deepest = 0;
  for (let i = 0; i < cands.length; i++) {
    if (i === best || !valid[i]) continue;
    const step = stepOf(comparePacked(cands[best] as Candidate, cands[i] as Candidate, o));
    lostBy[i] = STEP_ORDER[step];
    if (deepest === 0 || step > deepest) deepest = step;
  }
  return { best, reason: STEP_ORDER[deepest] as DecisionReason, lostBy };
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
    const r = comparePacked(c, b, o);
    if (eqOf(r)) eq.push(i);
    else
      notMultipath.set(
        i,
        stepOf(r) >= OLDER_PATH
          ? o.asPathMultipathRelax || b.local || c.local
            ? 'not multipath: locally originated'
            : b.ebgp
              ? 'not multipath: different neighbour AS (no multipath-relax)'
              : 'not multipath: AS_PATH differs (iBGP needs an identical AS_PATH)'
          : `not multipath: worse ${STEP_ORDER[stepOf(r)] as DecisionReason}`,
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
