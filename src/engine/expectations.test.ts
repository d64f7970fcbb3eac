import { describe, expect, it } from 'vitest';
import { getExample } from '../model/examples';
import type { Expectation, Lab } from '../model/types';
import { checkExpectations } from './expectations';

// The FRR-ToR + Cilium field lab (seed 003). What it must show was seen on the real daemons
// (shared/notes/real-daemons.md, "What the real lab showed"): router0 learns the pod /24s from
// the ToR of their rack; pod → pod across racks goes node → tor0 → router0 → tor1 → node.
function frrTor(expectations: Expectation[]): Lab {
  const step = getExample('cilium-frr-tor')?.steps.find((s) => s.id === 'after-policies');
  if (!step) throw new Error('cilium-frr-tor/after-policies is missing');
  return { ...step.lab, expectations };
}

const verdicts = (lab: Lab) =>
  Object.fromEntries(checkExpectations(lab).map((v) => [v.name, v] as const));

describe('route expectations', () => {
  it('passes when the device has the prefix via the expected devices, fails otherwise', () => {
    const v = verdicts(
      frrTor([
        {
          name: 'ok',
          kind: 'route',
          device: 'router0',
          prefix: '10.1.3.0/24',
          nextHopDevices: ['tor1'],
        },
        {
          name: 'wrong-nh',
          kind: 'route',
          device: 'router0',
          prefix: '10.1.3.0/24',
          nextHopDevices: ['tor0'],
        },
        { name: 'count', kind: 'route', device: 'router0', prefix: '10.1.3.0/24', nextHopCount: 2 },
        {
          name: 'absent-but-there',
          kind: 'route',
          device: 'router0',
          prefix: '10.1.3.0/24',
          absent: true,
        },
        { name: 'missing', kind: 'route', device: 'router0', prefix: '10.9.0.0/24' },
        {
          name: 'aspath',
          kind: 'route',
          device: 'router0',
          prefix: '10.1.3.0/24',
          asPath: [65011],
        },
        {
          name: 'bestfrom',
          kind: 'route',
          device: 'router0',
          prefix: '10.1.3.0/24',
          bestFrom: 'tor0',
        },
      ]),
    );
    expect(v.ok?.passed).toBe(true);
    expect(v['wrong-nh']?.passed).toBe(false);
    expect(v['wrong-nh']?.reason).toContain('expected [tor0]');
    expect(v.count?.passed).toBe(false);
    expect(v['absent-but-there']?.passed).toBe(false);
    expect(v.missing?.passed).toBe(false);
    expect(v.missing?.reason).toContain('no route');
    // iBGP from the node keeps an empty AS_PATH; tor1 prepends 65011 towards router0.
    expect(v.aspath?.passed).toBe(true);
    expect(v.bestfrom?.passed).toBe(false);
  });
});

describe('reach expectations', () => {
  it('checks delivery, the order of `via` devices and `not`', () => {
    const v = verdicts(
      frrTor([
        {
          name: 'via',
          kind: 'reach',
          from: 'server1/nettool-1',
          to: 'server3/nettool-2',
          via: ['tor0', 'router0', 'tor1'],
        },
        {
          name: 'bad-order',
          kind: 'reach',
          from: 'server1/nettool-1',
          to: 'server3/nettool-2',
          via: ['tor1', 'tor0'],
        },
        {
          name: 'not',
          kind: 'reach',
          from: 'server1/nettool-1',
          to: 'server3/nettool-2',
          not: true,
        },
      ]),
    );
    expect(v.via?.passed).toBe(true);
    expect(v.via?.trace?.paths.length).toBeGreaterThan(0);
    expect(v['bad-order']?.passed).toBe(false);
    expect(v.not?.passed).toBe(false);
  });
});

describe('session expectations', () => {
  it('reads the session state from either end', () => {
    const v = verdicts(
      frrTor([
        { name: 'up', kind: 'session', a: 'tor0', b: 'router0', state: 'established' },
        { name: 'reverse', kind: 'session', a: 'router0', b: 'tor1', state: 'established' },
        { name: 'wrong', kind: 'session', a: 'tor0', b: 'router0', state: 'down' },
        { name: 'none', kind: 'session', a: 'server0', b: 'server3', state: 'established' },
      ]),
    );
    expect(v.up?.passed).toBe(true);
    expect(v.reverse?.passed).toBe(true);
    expect(v.wrong?.passed).toBe(false);
    expect(v.none?.passed).toBe(false);
    expect(v.none?.reason).toContain('no BGP session');
  });
});

describe('survives expectations', () => {
  it('reports each single link failure that breaks a claim', () => {
    // The lab has no redundancy: losing router0–tor1 cuts rack1 off from rack0.
    const v = verdicts(
      frrTor([
        { name: 'cross-rack', kind: 'reach', from: 'server1/nettool-1', to: 'server3/nettool-2' },
        { name: 'any-link', kind: 'survives', failures: { links: true } },
      ]),
    );
    expect(v['cross-rack']?.passed).toBe(true);
    const s = v['any-link'];
    expect(s?.passed).toBe(false);
    const broken = s?.failures?.filter((f) => f.broken.length > 0).map((f) => f.failure) ?? [];
    expect(broken.some((f) => f.includes('router0') && f.includes('tor1'))).toBe(true);
    // Losing server0's link (another node of rack0) does not break server1 → server3.
    const server0 = s?.failures?.find((f) => f.failure.includes('server0'));
    expect(server0?.broken).toEqual([]);
  });

  it('passes when nothing breaks', () => {
    const v = verdicts(
      frrTor([
        { name: 'tor1-loopback', kind: 'route', device: 'router0', prefix: '10.0.0.2/32' },
        { name: 'any-node', kind: 'survives', failures: { role: 'node' } },
      ]),
    );
    // tor1 announces its loopback itself (redistribute connected): no node failure matters.
    expect(v['tor1-loopback']?.passed).toBe(true);
    expect(v['any-node']?.passed).toBe(true);
    expect(v['any-node']?.failures).toHaveLength(4);
  });
});
