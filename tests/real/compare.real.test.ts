/**
 * The comparison itself, on hand-made snapshots: a difference must be reported, and the
 * arrival-order relaxation must apply only to "Older Path" ties.
 */
import { describe, expect, test } from 'vitest';
import type { SimResult } from '../../src/engine';
import { pathView } from '../../src/engine/testing/views';
import { compareRuns } from './compare';
import type { EngineSide } from './engine';
import type { NDevice, NPath } from './normal';

const path = (from: string, asPath: number[], best: boolean, multipath = best): NPath => ({
  from,
  nextHop: from,
  asPath,
  valid: true,
  best,
  multipath,
});

function device(paths: NPath[], fib: string[]): NDevice {
  return {
    device: 'r',
    daemon: 'frr',
    bgp: { '10.9.0.0/24': paths },
    fib: { '10.9.0.0/24': { protocol: 'bgp', nextHops: fib } },
    sessions: { a: 'Established', b: 'Established' },
  };
}

function engine(paths: NPath[], fib: string[], reason: 'Older Path' | 'Router ID'): EngineSide {
  const view = (p: NPath) =>
    pathView({
      prefix: '10.9.0.0/24',
      nextHop: '',
      nextHopDevice: p.nextHop,
      fromDevice: p.from,
      asPath: p.asPath,
      best: p.best,
      multipath: p.multipath,
      reason,
    });
  const result: SimResult = {
    lab: 't',
    convergence: { converged: true, events: 1 },
    devices: {
      r: {
        device: 'r',
        asn: 65000,
        sessions: [],
        locRib: [{ prefix: '10.9.0.0/24', paths: paths.map(view) }],
        adjRibIn: {},
        adjRibOut: {},
      },
    },
    log: [],
  };
  return { devices: { r: { ...device(paths, fib), daemon: 'routelab' } }, traces: [], result };
}

describe('compareRuns', () => {
  const eA = [path('a', [65001, 65100], true), path('b', [65002, 65100], false)];
  const realB = [path('a', [65001, 65100], false), path('b', [65002, 65100], true)];

  test('a different winner decided by router-id is a diff (best, multipath, fib)', () => {
    const c = compareRuns(engine(eA, ['a'], 'Router ID'), {
      devices: { r: device(realB, ['b']) },
      traces: [],
    });
    expect(c.diffs.map((d) => d.what)).toEqual(['best', 'multipath', 'fib']);
  });

  test('a different winner among "Older Path" ties is relaxed and said so', () => {
    const c = compareRuns(engine(eA, ['a'], 'Older Path'), {
      devices: { r: device(realB, ['b']) },
      traces: [],
    });
    expect(c.diffs).toEqual([]);
    expect(c.relaxed.join()).toMatch(/arrival order/);
  });

  test('a missing path is a diff even among ties', () => {
    const c = compareRuns(engine(eA, ['a'], 'Older Path'), {
      devices: { r: device([path('a', [65001, 65100], true)], ['a']) },
      traces: [],
    });
    expect(c.diffs.map((d) => d.what)).toEqual(['paths']);
  });
});
