/**
 * GIVEN the Calico fixture (cluster AS 63400), WHEN one node speaks another AS, THEN the bundle
 * sets that node's AS the way Calico does it: a `projectcalico.org/v3` Node named like the
 * Kubernetes node with `spec.bgp.asNumber` (docs.tigera.io/calico/latest/reference/resources/node;
 * projectcalico/calico api v3 NodeBGPSpec: "The AS Number of the node. If this is not specified,
 * the global default value will be used.").
 */
import { describe, expect, it } from 'vitest';
import { emptyBgp } from '../model';
import { buildCalicoResources, calicoNotes } from './calico';
import { calicoRrLab } from './fixtures';
import { planExport } from './plan';

function resources(nodeAsn?: number) {
  const lab = calicoRrLab();
  if (nodeAsn !== undefined)
    lab.devices = lab.devices.map((d) =>
      d.name === 'w1' && d.kind === 'k8s-node' ? { ...d, bgp: emptyBgp(nodeAsn) } : d,
    );
  const cp = planExport(lab).clusters[0];
  if (!cp) throw new Error('no cluster');
  return buildCalicoResources(cp);
}

describe('Calico node AS', () => {
  it('writes no Node resource while every node uses the cluster AS', () => {
    expect(resources().filter((r) => r.kind === 'Node')).toEqual([]);
    expect(resources(63400).filter((r) => r.kind === 'Node')).toEqual([]);
  });

  it('sets a node’s own AS on its Calico Node (the kind worker w1 runs in)', () => {
    const nodes = resources(65001).filter((r) => r.kind === 'Node');
    expect(nodes).toEqual([
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'Node',
        metadata: { name: 'calico-worker' },
        spec: { bgp: { asNumber: 65001 } },
      },
    ]);
  });

  it('keeps the IP pool last (bundle.ts writes it to its own file)', () => {
    expect(resources(65001).at(-1)?.kind).toBe('IPPool');
  });
});

describe('Calico peers whose node selector cannot be exported', () => {
  it('are left out rather than applied to every node', () => {
    const lab = calicoRrLab();
    const peer = lab.clusters[0]?.calico?.peers[0];
    if (!peer) throw new Error('fixture changed');
    peer.nodeSelector = { 'bad key': 'x' };
    const cp = planExport(lab).clusters[0];
    if (!cp) throw new Error('no cluster');
    expect(buildCalicoResources(cp).filter((r) => r.kind === 'BGPPeer')).toEqual([]);
    expect(calicoNotes(cp)).toEqual([
      'calico: BGP peer rack-r1-rr selects nodes by a label kind cannot set; left out.',
    ]);
  });
});
