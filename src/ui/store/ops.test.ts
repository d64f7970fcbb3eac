import { describe, expect, it } from 'vitest';
import { emptyLab } from '../../model/lab';
import type { K8sNode, Lab, Router } from '../../model/types';
import {
  addDevice,
  connect,
  copySelection,
  deleteSelection,
  moveDevices,
  OpError,
  paste,
  renameDevice,
  setAsn,
  setLinkDown,
  updateNeighbor,
} from './ops';

const router = (lab: Lab, name: string): Router =>
  lab.devices.find((d) => d.name === name) as Router;

function fabric(): Lab {
  let lab = emptyLab('t');
  for (const k of ['spine', 'spine', 'leaf', 'leaf', 'cilium-node', 'cilium-node'] as const)
    lab = addDevice(lab, k, { x: 0, y: 0 }).lab;
  for (const [a, b] of [
    ['leaf1', 'spine1'],
    ['leaf1', 'spine2'],
    ['leaf2', 'spine1'],
    ['leaf2', 'spine2'],
    ['node1', 'leaf1'],
    ['node2', 'leaf2'],
  ] as const)
    lab = connect(lab, a, b).lab;
  return lab;
}

describe('addDevice', () => {
  it('names devices stem1, stem2 and never mutates its input', () => {
    const lab0 = emptyLab('t');
    const { lab: lab1, name: n1 } = addDevice(lab0, 'spine', { x: 1.4, y: 2.6 });
    const { name: n2 } = addDevice(lab1, 'spine', { x: 0, y: 0 });
    expect([n1, n2]).toEqual(['spine1', 'spine2']);
    expect(lab0.devices).toHaveLength(0);
    expect(lab1.layout.positions.spine1).toEqual({ x: 1, y: 3 });
  });

  it('gives spines one shared AS and each leaf its own', () => {
    const lab = fabric();
    expect(router(lab, 'spine1').bgp?.asn).toBe(router(lab, 'spine2').bgp?.asn);
    expect(router(lab, 'leaf1').bgp?.asn).not.toBe(router(lab, 'leaf2').bgp?.asn);
    // Without `frr defaults datacenter` FRR applies RFC 8212 and an unpoliced eBGP fabric carries
    // nothing; the palette's routers must not fall into that trap.
    expect(router(lab, 'leaf1').bgp?.profile).toBe('datacenter');
  });

  it('creates the Cilium cluster once, the first node as control plane', () => {
    const lab = fabric();
    expect(lab.clusters.map((c) => c.name)).toEqual(['cilium']);
    const nodes = lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node');
    expect(nodes.map((n) => n.k8sRole)).toEqual(['control-plane', 'worker']);
  });
});

describe('connect', () => {
  it('picks free interfaces from eth1 and a /31 per fabric link (RFC 3021: both addresses usable)', () => {
    const lab = fabric();
    const leaf1 = router(lab, 'leaf1');
    expect(leaf1.interfaces.map((i) => i.name)).toEqual(['lo', 'eth1', 'eth2', 'eth3']);
    const addrs = lab.devices.flatMap((d) => d.interfaces.flatMap((i) => i.addresses));
    expect(new Set(addrs).size).toBe(addrs.length);
    expect(leaf1.interfaces[1]?.addresses).toEqual(['10.0.0.0/31']);
    expect(router(lab, 'spine1').interfaces[1]?.addresses).toEqual(['10.0.0.1/31']);
  });

  it('peers routers both ways with the right remote AS', () => {
    const lab = fabric();
    const leaf1 = router(lab, 'leaf1');
    const spine1 = router(lab, 'spine1');
    expect(leaf1.bgp?.neighbors[0]).toEqual({ peer: '10.0.0.1', remoteAs: spine1.bgp?.asn });
    expect(spine1.bgp?.neighbors[0]).toEqual({ peer: '10.0.0.0', remoteAs: leaf1.bgp?.asn });
  });

  it('peers a Cilium node iBGP with its leaf through a peering policy that exports the pod CIDR', () => {
    const lab = fabric();
    const policy = lab.clusters[0]?.cilium?.policies.find((p) => p.name === 'node1-leaf1');
    expect(policy?.exportPodCidr).toBe(true);
    expect(policy?.localAsn).toBe(router(lab, 'leaf1').bgp?.asn);
    expect(policy?.neighbors[0]?.peerAddress).toBe('10.1.0.1/32');
    expect(router(lab, 'leaf1').bgp?.neighbors).toContainEqual({
      peer: '10.1.0.2',
      remoteAs: 'internal',
    });
  });

  // node1 and node2 took 10.1.0.0/24 and 10.1.1.0/24; the client's link is the next /24.
  it('gives a node a default route via the first router it is linked to', () => {
    const node1 = fabric().devices.find((d) => d.name === 'node1');
    expect(node1?.staticRoutes).toEqual([{ prefix: '0.0.0.0/0', via: '10.1.0.1' }]);
  });

  it('gives a client a default route via its router', () => {
    let lab = addDevice(fabric(), 'client', { x: 0, y: 0 }).lab;
    lab = connect(lab, 'client1', 'spine1').lab;
    const client = lab.devices.find((d) => d.name === 'client1');
    expect(client?.staticRoutes).toEqual([{ prefix: '0.0.0.0/0', via: '10.1.2.1' }]);
    // …and the router announces the client's subnet as a plain prefix (was "10.1.2.0/24/24").
    expect(router(lab, 'spine1').bgp?.networks).toContain('10.1.2.0/24');
  });

  it('refuses a self-link', () => {
    expect(() => connect(fabric(), 'leaf1', 'leaf1')).toThrow(OpError);
  });
});

describe('deleteSelection', () => {
  it('removes a device, its links, and the sessions and policies that pointed at it', () => {
    const lab = deleteSelection(fabric(), ['spine1'], []);
    expect(lab.devices.some((d) => d.name === 'spine1')).toBe(false);
    expect(lab.links.some((l) => l.a.device === 'spine1' || l.b.device === 'spine1')).toBe(false);
    expect(router(lab, 'leaf1').bgp?.neighbors.map((n) => n.peer)).not.toContain('10.0.0.1');
    expect(router(lab, 'leaf1').interfaces.map((i) => i.name)).toEqual(['lo', 'eth2', 'eth3']);
    expect(lab.layout.positions.spine1).toBeUndefined();
  });

  it('removes a link with its interfaces and the node policy over it', () => {
    const before = fabric();
    const id = before.links.find((l) => l.a.device === 'node1')?.id ?? '';
    const lab = deleteSelection(before, [], [id]);
    expect(lab.links).toHaveLength(before.links.length - 1);
    expect(lab.clusters[0]?.cilium?.policies.map((p) => p.name)).toEqual(['node2-leaf2']);
  });
});

describe('edits', () => {
  it('moves devices to rounded positions', () => {
    const lab = moveDevices(fabric(), { spine1: { x: 10.6, y: 20.2 } });
    expect(lab.layout.positions.spine1).toEqual({ x: 11, y: 20 });
  });

  it('renames a device everywhere, including hostname selectors', () => {
    const lab = renameDevice(fabric(), 'node1', 'worker1');
    expect(lab.links.some((l) => l.a.device === 'worker1' || l.b.device === 'worker1')).toBe(true);
    expect(lab.clusters[0]?.cilium?.policies[0]?.nodeSelector).toEqual({
      'kubernetes.io/hostname': 'worker1',
    });
    expect(() => renameDevice(lab, 'leaf1', 'leaf2')).toThrow(/already exists/);
    expect(() => renameDevice(lab, 'leaf1', '1x')).toThrow(OpError);
  });

  it('changes an AS and the neighbours that named it', () => {
    const lab = setAsn(fabric(), 'leaf1', '65101');
    expect(router(lab, 'leaf1').bgp?.asn).toBe(65101);
    expect(router(lab, 'spine1').bgp?.neighbors[0]?.remoteAs).toBe(65101);
    expect(lab.clusters[0]?.cilium?.policies[0]?.neighbors[0]?.peerAsn).toBe(65101);
    expect(() => setAsn(lab, 'leaf1', '4294967296')).toThrow(OpError);
    expect(() => setAsn(lab, 'leaf1', 'abc')).toThrow(OpError);
  });

  it('validates neighbour edits and leaves the lab untouched on error', () => {
    const lab = fabric();
    expect(() => updateNeighbor(lab, 'leaf1', 0, { remoteAs: 'x' })).toThrow(OpError);
    const ok = updateNeighbor(lab, 'leaf1', 0, { remoteAs: 'external', shutdown: true });
    expect(router(ok, 'leaf1').bgp?.neighbors[0]).toMatchObject({
      remoteAs: 'external',
      shutdown: true,
    });
    expect(router(lab, 'leaf1').bgp?.neighbors[0]?.shutdown).toBeUndefined();
  });

  it('fails and restores a link', () => {
    const lab = fabric();
    const id = lab.links[0]?.id ?? '';
    expect(setLinkDown(lab, id, true).links[0]?.down).toBe(true);
    expect(setLinkDown(setLinkDown(lab, id, true), id, false).links[0]?.down).toBe(false);
  });

  it('pastes with fresh names, addresses and internal links', () => {
    const lab = fabric();
    const clip = copySelection(lab, ['leaf1', 'node1']);
    const { lab: out, names } = paste(lab, clip, { x: 40, y: 40 });
    expect(names).toEqual(['leaf3', 'node3']);
    expect(out.links.some((l) => [l.a.device, l.b.device].sort().join() === 'leaf3,node3')).toBe(
      true,
    );
    const addrs = out.devices.flatMap((d) => d.interfaces.flatMap((i) => i.addresses));
    expect(new Set(addrs).size).toBe(addrs.length);
  });
});
