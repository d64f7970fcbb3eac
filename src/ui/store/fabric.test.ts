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

  it('iBGP with RRs: one AS, spines reflect for leaves, leaves for their nodes', () => {
    const lab = buildFabric({
      name: 'r',
      spines: 2,
      leaves: 2,
      nodesPerLeaf: 1,
      scheme: 'ibgp-rr',
      cni: 'cilium',
      ciliumBgpApi: 'bgpv2',
    });
    const routers = lab.devices.filter((d): d is Router => d.kind === 'router');
    expect(new Set(routers.map((r) => r.bgp?.asn))).toEqual(new Set([65000]));
    const spine1 = routers.find((r) => r.name === 'spine1');
    expect(spine1?.bgp?.neighbors.map((n) => [n.remoteAs, !!n.routeReflectorClient])).toEqual([
      ['internal', true],
      ['internal', true],
    ]);
    // leaf1: two spines (non-clients: it is their client), one node (its client).
    const leaf1 = routers.find((r) => r.name === 'leaf1');
    expect(leaf1?.bgp?.neighbors.map((n) => !!n.routeReflectorClient)).toEqual([
      false,
      false,
      true,
    ]);
    const cilium = lab.clusters[0]?.cilium;
    expect(cilium?.bgpApi).toBe('bgpv2');
    expect(cilium?.policies.map((p) => [p.localAsn, p.neighbors[0]?.peerAsn])).toEqual([
      [65000, 65000],
      [65000, 65000],
    ]);
  });

  it('Calico downward default: Calico nodes, mesh off, ToRs send nodes only a default', () => {
    const dd = buildFabric({
      name: 'm',
      spines: 1,
      leaves: 2,
      nodesPerLeaf: 1,
      scheme: 'calico-downward-default',
      cni: 'cilium',
    });
    expect(dd.clusters.map((c) => [c.cni, c.calico?.nodeToNodeMesh])).toEqual([['calico', false]]);
    const leaf1 = dd.devices.find((d) => d.name === 'leaf1') as Router;
    const toNode = leaf1.bgp?.neighbors.filter((n) => n.defaultOriginate);
    expect(toNode?.map((n) => n.prefixListOut)).toEqual(['DEFAULT-ONLY']);
    expect(leaf1.bgp?.prefixLists).toEqual([
      { name: 'DEFAULT-ONLY', entries: [{ seq: 5, action: 'permit', prefix: '0.0.0.0/0' }] },
    ]);
    const plain = buildFabric({ name: 'e', spines: 1, leaves: 1, nodesPerLeaf: 1, cni: 'calico' });
    expect(plain.clusters[0]?.calico?.nodeToNodeMesh).toBe(false);
  });

  it('refuses sizes out of range', () => {
    expect(() =>
      buildFabric({ name: 'x', spines: 0, leaves: 1, nodesPerLeaf: 1, cni: 'cilium' }),
    ).toThrow(OpError);
    expect(() =>
      buildFabric({ name: 'x', spines: 1, leaves: 1.5, nodesPerLeaf: 1, cni: 'cilium' }),
    ).toThrow(OpError);
    const cilium = { name: 'x', spines: 1, leaves: 1, nodesPerLeaf: 1, cni: 'cilium' } as const;
    expect(() => buildFabric({ ...cilium, ciliumVersion: 'latest' })).toThrow(/major\.minor/);
    expect(() =>
      buildFabric({ ...cilium, ciliumVersion: '1.15.7', ciliumBgpApi: 'bgpv2' }),
    ).toThrow(/1\.16/);
    expect(() => buildFabric({ ...cilium, ciliumVersion: '1.15.7' })).not.toThrow();
  });
});
