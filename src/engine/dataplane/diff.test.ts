/**
 * The before/after diff and the reachability matrix on the static lab of real/hop-address-lab.sh.
 * What a failed link removes follows from the real runs there: with r1–r2 down only the r3
 * branch is left (the "force the r3 branch" trace: 10.9.1.1, 10.9.13.3, 10.9.0.4, 10.9.4.2).
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from './dataplane';
import { diffSnapshots, snapshot } from './diff';
import { reachabilityMatrix } from './reachability';
import { hopAddressLab } from './testlab';

const failR1R2 = () => {
  const l = hopAddressLab();
  l.links = l.links.map((x) => (x.id === 'r1:eth1--r2:eth0' ? { ...x, down: true } : x));
  return l;
};

describe('diff after a failure', () => {
  it('lists routes lost and changed per device and the pairs that lost reachability', () => {
    const d = diffSnapshots(
      snapshot(buildDataplane(hopAddressLab())),
      snapshot(buildDataplane(failR1R2())),
    );
    const r1 = d.devices.find((x) => x.device === 'r1');
    expect(r1?.lost.map((r) => r.prefix)).toEqual(['10.9.12.0/24']);
    expect(r1?.changed).toEqual([
      {
        prefix: '10.9.4.0/24',
        before: 'static [1] via 10.9.12.2 eth1 (r2), 10.9.13.3 eth2 (r3)',
        after: 'static [1] via 10.9.13.3 eth2 (r3)',
      },
    ]);
    const r2 = d.devices.find((x) => x.device === 'r2');
    // r2's route back to src went via r1 over the failed link: gone with it.
    expect(r2?.lost.map((r) => r.prefix).sort()).toEqual(['10.9.1.0/24', '10.9.12.0/24']);
    // src still reaches dst (via r3); r2's loopback is no endpoint here (no route to it anywhere).
    expect(d.lostReachability.filter((c) => c.from === 'src' && c.to === 'dst')).toEqual([]);
    expect(d.gainedReachability).toEqual([]);
  });

  it('an unchanged lab diffs empty', () => {
    const d = diffSnapshots(
      snapshot(buildDataplane(hopAddressLab())),
      snapshot(buildDataplane(hopAddressLab())),
    );
    expect(d).toEqual({ devices: [], lostReachability: [], gainedReachability: [] });
  });
});

describe('reachability matrix', () => {
  it('covers hosts and loopbacks in one pass; one-way results', () => {
    const m = reachabilityMatrix(buildDataplane(hopAddressLab()));
    const id = (x: string) => m.endpoints.findIndex((e) => e.id === x);
    expect(m.endpoints.map((e) => `${e.id}:${e.kind}`)).toEqual([
      'src:host',
      'r1:loopback',
      'r2:loopback',
      'r3:loopback',
      'r4:loopback',
      'dst:host',
    ]);
    expect(m.status[id('src')]?.[id('dst')]).toBe('reachable');
    // dst → src: r4 sends it over the unnumbered link to r3, then r1: reachable.
    expect(m.status[id('dst')]?.[id('src')]).toBe('reachable');
    // Nobody routes to r2's loopback 10.9.0.2: src's packets die at r1 (no route).
    expect(m.status[id('src')]?.[id('r2')]).toBe('unreachable');
    expect(m.failures[`${id('src')},${id('r2')}`]).toEqual(['no route']);
  });
});
