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
  /**
   * The router-id (ORIGINATOR_ID, else the peer's) and peer address as sortable values, when the
   * caller filled them (candidates.ts does): saves a memo lookup per comparison.
   */
  ridKey?: number | string;
  peerAddressKey?: number | string;
  /** The next hop as a sortable value (IPv4 as integer), when the caller filled it. */
  nextHopKey?: number | string;
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
  const ridA = a.ridKey ?? addrKey(A.originatorId ?? a.peerRouterId);
  const ridB = b.ridKey ?? addrKey(B.originatorId ?? b.peerRouterId);
  const rid = lowerWins(ridA, ridB);
  if (rid !== undefined) return packed(rid, ROUTER_ID, pathsEq);
  if (A.clusterList.length !== B.clusterList.length)
    return packed(A.clusterList.length < B.clusterList.length, CLUSTER_LENGTH, pathsEq);
  const pip = lowerWins(
    a.peerAddressKey ?? addrKey(a.peerAddress),
    b.peerAddressKey ?? addrKey(b.peerAddress),
  );
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

/** Scratch buffers of the best-path selection (decisions never nest). */
let poolBuf = new Int32Array(64);
let doneBuf = new Uint8Array(64);

/**
 * bgp_best_selection over the valid candidates, given newest first: the index of the best, −1
 * when none is valid. With deterministic-MED the best of each neighbour-AS group is found first
 * (groups in order of their first member) and only group winners compete, in candidate order.
 */
export function bestIndex(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  o: DecisionOptions,
): number {
  const n = cands.length;
  if (poolBuf.length < n) {
    poolBuf = new Int32Array(n * 2);
    doneBuf = new Uint8Array(n * 2);
  }
  const pool = poolBuf;
  let size = 0;
  for (let i = 0; i < n; i++) if (valid[i]) pool[size++] = i;
  if (size === 0) return -1;
  if (o.deterministicMed && size > 1) {
    // done: 1 grouped, 2 grouped and its group's winner.
    const done = doneBuf;
    done.fill(0, 0, n);
    for (let k = 0; k < size; k++) {
      const i = pool[k] as number;
      if (done[i] !== 0) continue;
      let sel = i;
      done[i] = 1;
      const ci = cands[i] as Candidate;
      for (let m = 0; m < size; m++) {
        const j = pool[m] as number;
        if (done[j] !== 0) continue;
        const cj = cands[j] as Candidate;
        if (!sameNeighbourAs(ci.attrs, cj.attrs)) continue;
        done[j] = 1;
        if (winsOf(comparePacked(cj, cands[sel] as Candidate, o))) sel = j;
      }
      done[sel] = 2;
    }
    let w = 0;
    for (let k = 0; k < size; k++) {
      const i = pool[k] as number;
      if (done[i] === 2) pool[w++] = i;
    }
    size = w;
  }
  let best = pool[0] as number;
  for (let k = 1; k < size; k++) {
    const i = pool[k] as number;
    if (winsOf(comparePacked(cands[i] as Candidate, cands[best] as Candidate, o))) best = i;
  }
  return best;
}

/**
 * Why each valid candidate lost to the best, and the step that decided (the closest contest the
 * best won): what `show bgp` prints. Not needed to converge, so views compute it (reasons.ts).
 */
export function lostReasons(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  best: number,
  o: DecisionOptions,
): Selection {
  const lostBy: (DecisionReason | undefined)[] = new Array<DecisionReason | undefined>(
    cands.length,
  ).fill(undefined);
  if (best < 0) return { best, lostBy };
  let deepest = 0;
  for (let i = 0; i < cands.length; i++) {
    if (i === best || !valid[i]) continue;
    const step = stepOf(comparePacked(cands[best] as Candidate, cands[i] as Candidate, o));
    lostBy[i] = STEP_ORDER[step];
    if (deepest === 0 || step > deepest) deepest = step;
  }
  return { best, reason: STEP_ORDER[deepest] as DecisionReason, lostBy };
}

/** bestIndex and lostReasons together. */
export function selectBest(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  o: DecisionOptions,
): Selection {
  return lostReasons(cands, valid, bestIndex(cands, valid, o), o);
}

export interface MultipathChoice {
  multipath: number[];
  /** Per candidate index: why it is not in the set (for valid non-best paths). */
  notMultipath: Map<number, string>;
}

/** Scratch of multipathOf (decisions never nest): the equal candidates and their next hops. */
let eqBuf = new Int32Array(64);
const nextHopKeys: (number | string)[] = [];

/**
 * FRR's multipath set (bgp_path_info_mpath_update): paths equal to the best through the IGP-metric
 * step with a compatible AS_PATH, a next hop different from those already chosen, up to
 * `maximum-paths` (eBGP) / `maximum-paths ibgp` including the best; candidates in next-hop order.
 * With `notMultipath` it also records why each other valid path is not in the set (views only).
 */
export function multipathOf(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  best: number,
  o: DecisionOptions,
  maxPaths: { ebgp: number; ibgp: number },
  notMultipath?: Map<number, string>,
): number[] {
  const b = cands[best];
  if (!b) return [];
  const cap = b.ebgp ? maxPaths.ebgp : maxPaths.ibgp;
  if (eqBuf.length < cands.length) eqBuf = new Int32Array(cands.length * 2);
  const eq = eqBuf;
  const keys = nextHopKeys;
  let m = 0;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i] as Candidate;
    if (i === best || !valid[i]) continue;
    const r = comparePacked(c, b, o);
    if (eqOf(r)) {
      // Insertion in next-hop order (ties by candidate index): the sets are small, and a sort
      // call per decision allocated on every one of millions of decisions.
      const k = c.nextHopKey ?? addrKey(c.attrs.nextHop);
      keys[i] = k;
      let j = m++;
      while (j > 0) {
        const kp = keys[eq[j - 1] as number] as number | string;
        if (!(k < kp)) break;
        eq[j] = eq[j - 1] as number;
        j--;
      }
      eq[j] = i;
    } else if (notMultipath)
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
  if (m === 0) return [];
  let multipath: number[] | undefined;
  for (let e = 0; e < m; e++) {
    const i = eq[e] as number;
    const nh = (cands[i] as Candidate).attrs.nextHop;
    // The next hops already chosen: the best's and the set's (FRR: one path per next hop).
    let taken = nh === b.attrs.nextHop;
    for (let k = 0; !taken && multipath && k < multipath.length; k++)
      taken = (cands[multipath[k] as number] as Candidate).attrs.nextHop === nh;
    if (taken) {
      notMultipath?.set(i, 'not multipath: same next hop as a chosen path');
      continue;
    }
    if ((multipath?.length ?? 0) + 1 >= cap) {
      notMultipath?.set(i, `not multipath: maximum-paths ${cap} reached`);
      continue;
    }
    (multipath ??= []).push(i);
  }
  return multipath ?? [];
}

/** multipathOf with the reasons. */
export function selectMultipath(
  cands: readonly Candidate[],
  valid: readonly boolean[],
  best: number,
  o: DecisionOptions,
  maxPaths: { ebgp: number; ibgp: number },
): MultipathChoice {
  const notMultipath = new Map<number, string>();
  const multipath = multipathOf(cands, valid, best, o, maxPaths, notMultipath);
  return { multipath, notMultipath };
}
