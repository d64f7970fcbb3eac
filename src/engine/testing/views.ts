import type { PathView } from '../types';

/**
 * A hand-made path as views show it: an eBGP-learned, valid, non-best path with the given
 * prefix, next hop and AS path, unless `p` says otherwise. Tests that build views by hand share
 * it, so a new PathView field is defaulted in one place.
 */
export function pathView(
  p: Partial<PathView> & Pick<PathView, 'prefix' | 'nextHop' | 'asPath'>,
): PathView {
  return {
    origin: 'i',
    weight: 0,
    communities: [],
    clusterList: [],
    ibgp: false,
    local: false,
    valid: true,
    best: false,
    multipath: false,
    learnedAt: 0,
    ...p,
  };
}
