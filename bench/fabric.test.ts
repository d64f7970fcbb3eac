import { describe, expect, it } from 'vitest';
import { bgpSpeakers, nodePodCidrs } from '../src/model';
import type { K8sNode } from '../src/model';
import { buildFabric, workloads } from './fabric';

describe('bench fabrics', () => {
  it('S has the shape the issue names: 2 spines, 4 leaves, 32 Cilium nodes', () => {
    const lab = buildFabric(workloads.S);
    const count = (role: string) => lab.devices.filter((d) => d.role === role).length;
    expect([count('spine'), count('leaf'), count('node')]).toEqual([2, 4, 32]);
  });

  it('L announces about 6,000 prefixes (pod CIDR + 2 LoadBalancer /32s per node)', () => {
    const lab = buildFabric(workloads.L);
    const speakers = bgpSpeakers(lab).filter((s) => s.daemon === 'gobgp');
    expect(speakers).toHaveLength(2048);
    const announced = speakers.reduce((n, s) => n + s.bgp.networks.length, 0);
    expect(announced).toBe(2048 * 3);
  });

  it('gives every node a distinct pod CIDR', () => {
    const lab = buildFabric(workloads.M);
    const nodes = lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node');
    const cidrs = new Set(nodes.flatMap((n) => nodePodCidrs(lab, n)));
    expect(cidrs.size).toBe(512);
  });

  it('XL is a 5-stage Clos with 4,096 nodes', () => {
    const lab = buildFabric(workloads.XL);
    expect(lab.devices.filter((d) => d.role === 'super-spine')).toHaveLength(16);
    expect(lab.devices.filter((d) => d.kind === 'k8s-node')).toHaveLength(4096);
  });
});
