import { describe, expect, it } from 'vitest';
import type { Router } from '../../model/types';
import { buildFabric } from './fabric';
import { OpError } from './ops';

describe('buildFabric', () => {
  it('links every leaf to every spine and each node to its leaf', () => {
    const lab = buildFabric({
      name: 'f',
      spines: 2,
      leaves: 3,
      nodesPerLeaf: 2,
      cni: 'cilium',
      ciliumVersion: '1.15.0',
    });
    expect(lab.devices).toHaveLength(2 + 3 + 6);
    expect(lab.links).toHaveLength(2 * 3 + 6);
    const leaf2 = lab.devices.find((d) => d.name === 'leaf2') as Router;
    expect(leaf2.bgp?.neighbors).toHaveLength(2 + 2);
    expect(lab.clusters[0]?.cilium?.version).toBe('1.15.0');
    // Racks do not overlap: node x positions are all distinct.
    const xs = lab.devices
      .filter((d) => d.kind === 'k8s-node')
      .map((d) => lab.layout.positions[d.name]?.x);
    expect(new Set(xs).size).toBe(6);
  });

  it('builds Calico fabrics too', () => {
    const lab = buildFabric({ name: 'c', spines: 1, leaves: 1, nodesPerLeaf: 2, cni: 'calico' });
    expect(lab.clusters.map((c) => c.cni)).toEqual(['calico']);
    expect(lab.clusters[0]?.calico?.peers).toHaveLength(2);
  });

  it('refuses sizes out of range', () => {
    expect(() =>
      buildFabric({ name: 'x', spines: 0, leaves: 1, nodesPerLeaf: 1, cni: 'cilium' }),
    ).toThrow(OpError);
    expect(() =>
      buildFabric({ name: 'x', spines: 1, leaves: 1.5, nodesPerLeaf: 1, cni: 'cilium' }),
    ).toThrow(OpError);
  });
});
