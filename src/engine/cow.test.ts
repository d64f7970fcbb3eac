/**
 * apply derives a state that shares speakers, peers and destinations with the converged one and
 * copies them on first write (cow.ts): the earlier result must read exactly as before, however
 * many results are derived from it.
 */
import { describe, expect, it } from 'vitest';
import { apply, deviceView, installedRoutes, simulate } from './index';
import type { EngineState } from './state';
import type { SimResult } from './types';
import { frrTorCiliumLab } from './testing/labs';

/** Everything a caller can read from a result, plus the per-entry state the views come from. */
function reading(r: SimResult): unknown {
  const st = r.state as EngineState;
  return {
    convergence: r.convergence,
    log: structuredClone(r.log),
    views: st.speakers.map((sp) => deviceView(r, sp.info.name)),
    installed: st.speakers.map((sp) => installedRoutes(r, sp.info.name)),
    speakers: st.speakers.map((sp) => ({
      peers: [...sp.peers],
      local: structuredClone(sp.local),
      // `gen` names the owning state (differs between equal results by construction).
      locRib: new Map(
        [...sp.locRib].map(([pid, { gen: _gen, ...d }]) => [pid, structuredClone(d)]),
      ),
    })),
    peers: st.peers.map((p) => ({ up: p.up, adjIn: new Map(p.adjIn), adjOut: new Map(p.adjOut) })),
    lab: structuredClone(st.lab),
  };
}

describe('copy-on-write apply', () => {
  const lab = frrTorCiliumLab();

  it('leaves the converged result reading the same when apply re-converges from it', () => {
    const base = simulate(lab, { views: false });
    const before = reading(base);
    const derived = [];
    for (const l of lab.links) derived.push(apply(base, { kind: 'link-down', link: l.id }));
    derived.push(apply(base, { kind: 'device-down', device: 'tor1' }));
    // A chain: failure, then restore on top of the derived result.
    const down = derived[0] as SimResult;
    const downBefore = reading(down);
    apply(down, { kind: 'link-up', link: lab.links[0]?.id ?? '' });
    expect(reading(base)).toEqual(before);
    expect(reading(down)).toEqual(downBefore);
  });

  it('gives the same result as applying to a private deep copy of the converged state', () => {
    const base = simulate(lab, { views: false });
    for (const l of lab.links) {
      const shared = apply(base, { kind: 'link-down', link: l.id });
      const fresh = simulate(lab, { views: false });
      const own = apply(fresh, { kind: 'link-down', link: l.id });
      expect(reading(shared)).toEqual(reading(own));
    }
  });
});
