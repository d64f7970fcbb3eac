import { describe, expect, it } from 'vitest';
import { getExample } from '../model/examples';
import { deviceView, simulate } from './index';
import { allSessions, selectedNextHops } from './summary';

// The summaries read the engine state directly; they must say exactly what the per-device
// views (the reference the CLI and the differential suite read) say.
describe('engine summaries', () => {
  const lab = getExample('vyos-spine-leaf-rr')?.steps.find((s) => s.id === 'multipath-relax')?.lab;
  if (!lab) throw new Error('missing example');
  const result = simulate(lab, { views: false });
  const speakers = lab.devices.map((d) => d.name).filter((n) => deviceView(result, n));

  it('allSessions lists every speaker’s sessions as its view does', () => {
    expect(allSessions(result)).toEqual(
      speakers.flatMap((n) => deviceView(result, n)?.sessions ?? []),
    );
  });

  it('selectedNextHops gives the best + multipath next hops of every Loc-RIB entry', () => {
    const got = selectedNextHops(result);
    for (const n of speakers) {
      for (const e of deviceView(result, n)?.locRib ?? []) {
        const hops = e.paths
          .filter((p) => p.best || p.multipath)
          .map((p) => p.nextHopDevice ?? p.nextHop);
        if (hops.length > 0) expect(got.get(n)?.get(e.prefix)).toEqual([...new Set(hops)].sort());
      }
    }
    // leaf01 with multipath-relax: rack1's pod /24s over both spines (seed 001, §5.3).
    expect(got.get('leaf01')?.get('10.1.2.0/24')).toEqual(['spine01', 'spine02']);
  });
});
