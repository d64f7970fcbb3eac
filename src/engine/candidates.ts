/**
 * The decision's inputs per destination: each path as a `Candidate` (its attributes and what the
 * decision reads of the peer it came from), and the rule a speaker decides with. Decisions fill a
 * reused pool of candidates (millions of decisions on a big fabric would otherwise allocate one
 * object per path each time); views build fresh ones from what the decision stored (reasons.ts).
 */
import { ipv4Key } from './addrkey';
import { attrsOf } from './attrs';
import type { Candidate, DecisionOptions } from './decision';
import type { EngineState, Path, SpeakerState } from './state';

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

function addrKey(s: string): number | string {
  return ipv4Key(s) ?? s;
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
  };
}

/** Writes path → candidate; `selected`: the path counts as selected for the older-path rule. */
export function fillCandidate(st: EngineState, c: Candidate, path: Path, selected: boolean): void {
  const attrs = attrsOf(st.attrs, path.attr);
  const peer = path.src >= 0 ? st.peers[path.src] : undefined;
  c.attrs = attrs;
  c.local = path.local !== undefined;
  c.ebgp = peer?.type === 'ebgp';
  c.peerAs = peer?.remoteAs ?? 0;
  c.peerRouterId = peer?.remoteRouterId ?? '0.0.0.0';
  c.peerAddress = peer ? peer.remoteAddress : '0.0.0.0';
  c.selected = selected;
  c.ridKey = addrKey(attrs.originatorId ?? c.peerRouterId);
  c.peerAddressKey = addrKey(c.peerAddress);
}

const pool: Candidate[] = [];
const poolList: Candidate[] = [];

/**
 * The candidates of `paths` in the shared pool (valid until the next call): the returned array
 * is reused too. `older`: the index of the path that counts as selected, −1 none.
 */
export function pooledCandidates(
  st: EngineState,
  paths: readonly Path[],
  older: number,
): Candidate[] {
  while (pool.length < paths.length) pool.push(blank());
  poolList.length = paths.length;
  for (let i = 0; i < paths.length; i++) {
    const c = pool[i] as Candidate;
    fillCandidate(st, c, paths[i] as Path, i === older);
    poolList[i] = c;
  }
  return poolList;
}

/** Fresh candidates (views). */
export function candidatesOf(st: EngineState, paths: readonly Path[], older: number): Candidate[] {
  return paths.map((p, i) => {
    const c = blank();
    fillCandidate(st, c, p, i === older);
    return c;
  });
}
