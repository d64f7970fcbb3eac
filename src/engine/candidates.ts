/**
 * The decision's inputs per destination: each path as a `Candidate` (its attributes and what the
 * decision reads of the peer it came from), and the rule a speaker decides with. Decisions fill a
 * reused pool of candidates (millions of decisions on a big fabric would otherwise allocate one
 * object per path each time); views build fresh ones from what the decision stored (reasons.ts).
 */
import { ipv4Key } from './addrkey';
import { attrsOf } from './attrs';
import type { Candidate, DecisionOptions } from './decision';
import { attrAt, pathCount, srcAt } from './dest';
import type { Dest, EngineState, SpeakerState } from './state';

/** What a speaker decides with: FRR's bestpath options, and its multipath install and caps. */
export interface DecisionRule {
  o: DecisionOptions;
  multipath: boolean;
  maxPaths: { ebgp: number; ibgp: number };
}

/** Per speaker configuration (`apply` replaces `info` when the lab changes). */
const rules = new WeakMap<SpeakerState['info'], DecisionRule>();

export function decisionRule(sp: SpeakerState): DecisionRule {
  let r = rules.get(sp.info);
  if (!r) {
    const b = sp.info.bgp.bestpath ?? {};
    r = {
      o: {
        frrSteps: sp.info.defaults.frrSteps,
        olderPathRule: sp.info.defaults.olderPathRule,
        compareRouterId: b.compareRouterId === true,
        alwaysCompareMed: b.alwaysCompareMed === true,
        deterministicMed: sp.info.defaults.deterministicMed,
        asPathMultipathRelax: b.asPathMultipathRelax === true,
        defaultLocalPref: 100,
      },
      multipath: sp.info.defaults.install === 'multipath',
      maxPaths: {
        ebgp: sp.info.bgp.maximumPaths ?? 256,
        ibgp: sp.info.bgp.maximumPathsIbgp ?? 256,
      },
    };
    rules.set(sp.info, r);
  }
  return r;
}

function blank(): Candidate {
  return {
    attrs: undefined as unknown as Candidate['attrs'],
    local: false,
    ebgp: false,
    peerAs: 0,
    peerRouterId: '',
    peerAddress: '',
    selected: false,
    ridKey: 0,
    peerAddressKey: 0,
    nextHopKey: 0,
  };
}

const NO_PEER_KEY = ipv4Key('0.0.0.0') as number;

/**
 * Writes path (`src`, `attr`) → candidate; `selected`: the path counts as selected for the
 * older-path rule. Keys come precomputed from the peer and the attribute table.
 */
export function fillCandidate(
  st: EngineState,
  c: Candidate,
  src: number,
  attr: number,
  selected: boolean,
): void {
  const attrs = attrsOf(st.attrs, attr);
  const peer = src >= 0 ? st.peers[src] : undefined;
  c.attrs = attrs;
  c.local = src < 0;
  c.ebgp = peer?.type === 'ebgp';
  c.peerAs = peer?.remoteAs ?? 0;
  c.peerRouterId = peer?.remoteRouterId ?? '0.0.0.0';
  c.peerAddress = peer ? peer.remoteAddress : '0.0.0.0';
  c.selected = selected;
  c.ridKey = st.attrs.originatorKey[attr] ?? peer?.remoteRouterIdKey ?? NO_PEER_KEY;
  c.peerAddressKey = peer ? peer.remoteAddressKey : NO_PEER_KEY;
  const nh = st.attrs.nextHopKey[attr] as number;
  c.nextHopKey = nh >= 0 ? nh : attrs.nextHop;
}

const pool: Candidate[] = [];
const poolList: Candidate[] = [];

/**
 * The candidates of a destination's paths in the shared pool (valid until the next call): the
 * returned array is reused too. `older`: the index of the path that counts as selected, −1 none.
 */
export function pooledCandidates(st: EngineState, dest: Dest, older: number): Candidate[] {
  const n = pathCount(dest);
  while (pool.length < n) pool.push(blank());
  poolList.length = n;
  for (let i = 0; i < n; i++) {
    const c = pool[i] as Candidate;
    fillCandidate(st, c, srcAt(dest, i), attrAt(dest, i), i === older);
    poolList[i] = c;
  }
  return poolList;
}

/** Fresh candidates (views). */
export function candidatesOf(st: EngineState, dest: Dest, older: number): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < pathCount(dest); i++) {
    const c = blank();
    fillCandidate(st, c, srcAt(dest, i), attrAt(dest, i), i === older);
    out.push(c);
  }
  return out;
}
