import { describe, expect, it } from 'vitest';
import type { PathView } from '../../engine/types';
import { detailText, pathText, statusCode } from './frrText';

const path = (over: Partial<PathView>): PathView => ({
  prefix: '10.244.1.0/24',
  nextHop: '10.0.0.1',
  fromPeer: '10.0.0.1',
  peerRouterId: '10.255.0.1',
  asPath: [65000, 65002],
  origin: 'i',
  weight: 0,
  communities: [],
  clusterList: [],
  ibgp: false,
  local: false,
  valid: true,
  best: false,
  multipath: false,
  learnedAt: 1,
  ...over,
});

describe('FRR renderings', () => {
  // Status codes as in FRR's legend: "*" valid, ">" best, "=" multipath, "i" internal.
  it('writes status codes as FRR does', () => {
    expect(statusCode(path({ best: true }))).toBe('*> ');
    expect(statusCode(path({ multipath: true }))).toBe('*= ');
    expect(statusCode(path({ ibgp: true, best: true }))).toBe('*>i');
    expect(statusCode(path({ valid: false }))).toBe('   ');
  });

  it('ends the path with the origin code', () => {
    expect(pathText(path({}))).toBe('65000 65002 i');
  });

  it('writes the detail with the best path reason', () => {
    const text = detailText({
      prefix: '10.244.1.0/24',
      paths: [
        path({ multipath: true }),
        path({ best: true, multipath: true, reason: 'Older Path', nextHop: '10.0.0.3' }),
      ],
    });
    expect(text).toContain('Paths: (2 available, best #2, table default)');
    expect(text).toContain('Origin IGP, valid, external, multipath, best (Older Path)');
  });
});
