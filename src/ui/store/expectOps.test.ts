import { describe, expect, it } from 'vitest';
import type { PathView } from '../../engine/types';
import { emptyLab } from '../../model/lab';
import type { TraceView } from '../../worker/views';
import {
  addExpectation,
  reachFromTrace,
  reachStem,
  routeFromPaths,
  uniqueExpectationName,
} from './expectOps';

const hop = (ttl: number, device: string) => ({ ttl, device });

// The single path server1 → tor0 → router0 → tor1 → server3 is the one seed 003 prints.
const delivered: TraceView = {
  from: 'server1/nettool-1',
  to: 'server3/nettool-2',
  paths: [
    {
      hops: [
        hop(1, 'server1'),
        hop(2, 'tor0'),
        hop(3, 'router0'),
        hop(4, 'tor1'),
        hop(5, 'server3'),
      ],
      end: 'delivered',
    },
  ],
};

const path = (p: Partial<PathView>): PathView =>
  ({ prefix: '10.1.0.0/24', best: false, multipath: false, ...p }) as PathView;

describe('reachFromTrace', () => {
  it('a single delivered path becomes reach via its devices', () => {
    expect(reachFromTrace(delivered)).toEqual({
      kind: 'reach',
      from: 'server1/nettool-1',
      to: 'server3/nettool-2',
      via: ['server1', 'tor0', 'router0', 'tor1', 'server3'],
    });
  });
  it('ECMP paths give no via; an undelivered trace gives not', () => {
    const two = { ...delivered, paths: [delivered.paths[0]!, delivered.paths[0]!] };
    expect(reachFromTrace(two).via).toBeUndefined();
    const dropped = { ...delivered, paths: [{ ...delivered.paths[0]!, end: 'blackhole' }] };
    expect(reachFromTrace(dropped)).toMatchObject({ not: true });
    expect(reachFromTrace(dropped).via).toBeUndefined();
    expect(reachStem(dropped)).toBe('server1/nettool-1 cannot reach server3/nettool-2');
  });
});

describe('routeFromPaths', () => {
  it('next hops are the devices of the best and multipath paths of that prefix only', () => {
    const paths = [
      path({ best: true, nextHopDevice: 'spine2' }),
      path({ multipath: true, nextHopDevice: 'spine1' }),
      path({ nextHopDevice: 'spine3' }),
      path({ prefix: '10.1.1.0/24', best: true, nextHopDevice: 'spine4' }),
    ];
    expect(routeFromPaths('leaf1', '10.1.0.0/24', paths)).toEqual({
      kind: 'route',
      device: 'leaf1',
      prefix: '10.1.0.0/24',
      nextHopDevices: ['spine1', 'spine2'],
    });
  });
});

describe('addExpectation', () => {
  it('generates unique names and never mutates the lab', () => {
    const lab = emptyLab('t');
    const one = addExpectation(lab, reachFromTrace(delivered), 'x');
    const two = addExpectation(one, reachFromTrace(delivered), 'x');
    expect(lab.expectations).toEqual([]);
    expect(two.expectations.map((e) => e.name)).toEqual(['x', 'x-2']);
    expect(uniqueExpectationName(two, 'x')).toBe('x-3');
  });
});
