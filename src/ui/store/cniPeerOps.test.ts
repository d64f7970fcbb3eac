/**
 * Cilium BGP policies and Calico BGPPeers edited from the inspector. The lab is the Cilium field
 * lab (shared/seeds/000: two racks, CiliumBGPPeeringPolicy rack0 → tor0 10.0.0.1 AS 65010 and
 * rack1 → tor1 10.0.0.2 AS 65011, iBGP). Session expectations come from the write-up and RFCs,
 * not from routelab: a node no policy selects runs no BGP, so its ToR session never establishes
 * (the write-up's "before policies" step, tor0 `show bgp summary`); an OPEN from an AS other than
 * the configured remote-as is refused (RFC 4271 §6.2, Bad Peer AS).
 */
import { describe, expect, it } from 'vitest';
import { getExample } from '../../model/examples';
import { emptyLab } from '../../model/lab';
import type { Lab } from '../../model/types';
import { validateLab } from '../../model/validate';
import { api } from '../../worker/api';
import { setClusterCni } from './clusterOps';
import {
  addCalicoPeer,
  addCiliumNeighbor,
  addCiliumPolicy,
  formatSelector,
  parseSelector,
  removeCalicoPeer,
  removeCiliumNeighbor,
  removeCiliumPolicy,
  selectedNodes,
  setCalicoPeer,
  setCiliumNeighbor,
  setCiliumPolicy,
  setCiliumPolicyFlag,
} from './cniPeerOps';
import { OpError, addDevice, connect } from './ops';

const CLUSTER = 'clab-bgp-cplane-demo';

function fieldLab(): Lab {
  const lab = getExample('cilium-frr-tor')?.steps.find((s) => s.id === 'after-policies')?.lab;
  if (!lab) throw new Error('the Cilium field lab is missing');
  return structuredClone(lab);
}

let revision = 0;
/** Sessions through the worker's API, as the app sees them. */
function session(lab: Lab, device: string, peer: string) {
  const summary = api.simulate(++revision, lab);
  expect(summary.ok).toBe(true);
  const s = summary.sessions.find((x) => x.device === device && x.peer === peer);
  if (!s) throw new Error(`no session ${device} → ${peer}`);
  return s;
}

const errors = (lab: Lab) => validateLab(lab).filter((p) => p.severity === 'error');

describe('node selectors', () => {
  it('parses matchLabels and refuses what Kubernetes refuses', () => {
    expect(parseSelector('rack=rack0, role=worker')).toEqual({ rack: 'rack0', role: 'worker' });
    expect(parseSelector('  ')).toEqual({});
    expect(parseSelector('topology.kubernetes.io/zone=a')).toEqual({
      'topology.kubernetes.io/zone': 'a',
    });
    expect(parseSelector('rack=')).toEqual({ rack: '' });
    expect(() => parseSelector('rack')).toThrow(/key=value/);
    expect(() => parseSelector('-rack=a')).toThrow(/label key/);
    expect(() => parseSelector(`r=${'x'.repeat(64)}`)).toThrow(/label value/);
    expect(() => parseSelector('Bad_Prefix/k=v')).toThrow(/DNS subdomain/);
    expect(() => parseSelector('rack=a rack=b')).toThrow(/twice/);
    expect(formatSelector({ rack: 'rack0', role: 'worker' })).toBe('rack=rack0, role=worker');
  });
});

describe('Cilium BGP policies', () => {
  it('the field lab is up before any edit', () => {
    const lab = fieldLab();
    expect(session(lab, 'tor0', '10.0.1.2').state).toBe('Established');
    expect(errors(lab)).toEqual([]);
  });

  it('removing the policy of a rack brings its nodes’ ToR sessions down, with a reason', () => {
    const next = removeCiliumPolicy(fieldLab(), CLUSTER, 0);
    expect(next.clusters[0]?.cilium?.policies.map((p) => p.name)).toEqual(['rack1']);
    for (const node of ['10.0.1.2', '10.0.2.2']) {
      const s = session(next, 'tor0', node);
      expect(s.state).not.toBe('Established');
      expect(s.reason).toBeTruthy();
    }
    expect(session(next, 'tor1', '10.0.3.2').state).toBe('Established');
  });

  it('a wrong peer AS brings the session down with the reason; the right one brings it up', () => {
    const lab = fieldLab();
    const wrong = setCiliumNeighbor(lab, CLUSTER, 0, 0, 'peerAsn', '65099');
    expect(wrong.clusters[0]?.cilium?.policies[0]?.neighbors[0]?.peerAsn).toBe(65099);
    const s = session(wrong, 'server0', '10.0.0.1');
    expect(s.state).not.toBe('Established');
    expect(s.reason).toMatch(/65099/);
    const right = setCiliumNeighbor(wrong, CLUSTER, 0, 0, 'peerAsn', '65010');
    expect(session(right, 'server0', '10.0.0.1').state).toBe('Established');
    expect(() => setCiliumNeighbor(lab, CLUSTER, 0, 0, 'peerAsn', '4294967296')).toThrow(
      /4294967295/,
    );
    expect(() => setCiliumNeighbor(lab, CLUSTER, 0, 0, 'peerAsn', 'AS65010')).toThrow(OpError);
  });

  it('a selector no node matches takes the rack off BGP; the selected nodes are listed', () => {
    const lab = fieldLab();
    const none = setCiliumPolicy(lab, CLUSTER, 0, 'nodeSelector', 'rack=rack9');
    expect(selectedNodes(none, CLUSTER, { rack: 'rack9' })).toEqual([]);
    expect(session(none, 'tor0', '10.0.1.2').state).not.toBe('Established');
    expect(selectedNodes(lab, CLUSTER, { rack: 'rack0' }).map((d) => d.name)).toEqual([
      'server0',
      'server1',
    ]);
    expect(() => setCiliumPolicy(lab, CLUSTER, 0, 'nodeSelector', 'rack rack0')).toThrow(
      /key=value/,
    );
  });

  it('local AS: iBGP with the ToR needs the ToR’s AS (remote-as internal)', () => {
    const lab = fieldLab();
    const other = setCiliumPolicy(lab, CLUSTER, 0, 'localAsn', '65020');
    expect(session(other, 'tor0', '10.0.1.2').state).not.toBe('Established');
    expect(() => setCiliumPolicy(lab, CLUSTER, 0, 'localAsn', '0')).toThrow(OpError);
  });

  it('neighbours: add, edit, refuse bad, unknown and duplicate addresses, remove', () => {
    const lab = fieldLab();
    expect(() => addCiliumNeighbor(lab, CLUSTER, 0, '10.0.0.1', '65010')).toThrow(/already/);
    expect(() => addCiliumNeighbor(lab, CLUSTER, 0, '10.0.0.300', '65010')).toThrow(/IPv4/);
    expect(() => addCiliumNeighbor(lab, CLUSTER, 0, '10.0.0.0/24', '65010')).toThrow(/one address/);
    expect(() => addCiliumNeighbor(lab, CLUSTER, 0, '192.0.2.1', '65010')).toThrow(/no device/);
    // rack0 also peers with tor1's loopback (eBGP, AS 65011).
    const two = addCiliumNeighbor(lab, CLUSTER, 0, '10.0.0.2', '65011');
    expect(two.clusters[0]?.cilium?.policies[0]?.neighbors).toEqual([
      { peerAddress: '10.0.0.1/32', peerAsn: 65010 },
      { peerAddress: '10.0.0.2/32', peerAsn: 65011 },
    ]);
    expect(() => setCiliumNeighbor(two, CLUSTER, 0, 1, 'peerAddress', '10.0.0.1')).toThrow(
      /already/,
    );
    const hop = setCiliumNeighbor(two, CLUSTER, 0, 1, 'multihop', '2');
    expect(hop.clusters[0]?.cilium?.policies[0]?.neighbors[1]?.multihop).toBe(2);
    expect(() => setCiliumNeighbor(two, CLUSTER, 0, 1, 'multihop', '256')).toThrow(/255/);
    expect(
      setCiliumNeighbor(hop, CLUSTER, 0, 1, 'multihop', '').clusters[0]?.cilium?.policies[0]
        ?.neighbors[1],
    ).toEqual({ peerAddress: '10.0.0.2/32', peerAsn: 65011 });
    expect(errors(hop)).toEqual([]);
    const gone = removeCiliumNeighbor(lab, CLUSTER, 0, 0);
    expect(gone.clusters[0]?.cilium?.policies[0]?.neighbors).toEqual([]);
    expect(session(gone, 'tor0', '10.0.1.2').state).not.toBe('Established');
  });

  it('policies: add by a Kubernetes name, rename, flags; the lab stays valid', () => {
    const lab = fieldLab();
    expect(() => addCiliumPolicy(lab, CLUSTER, 'rack0')).toThrow(/exists/);
    expect(() => addCiliumPolicy(lab, CLUSTER, 'Rack 2')).toThrow(/lower-case/);
    const added = addCiliumPolicy(lab, CLUSTER, 'lb-ips');
    const p = added.clusters[0]?.cilium?.policies[2];
    expect(p).toEqual({
      name: 'lb-ips',
      nodeSelector: {},
      localAsn: 65010,
      exportPodCidr: true,
      neighbors: [],
    });
    // A policy with no neighbour changes no session.
    expect(session(added, 'tor0', '10.0.1.2').state).toBe('Established');
    const flagged = setCiliumPolicyFlag(added, CLUSTER, 2, 'advertiseLoadBalancerIps', true);
    expect(flagged.clusters[0]?.cilium?.policies[2]?.advertiseLoadBalancerIps).toBe(true);
    const off = setCiliumPolicyFlag(flagged, CLUSTER, 2, 'advertiseLoadBalancerIps', false);
    expect(off.clusters[0]?.cilium?.policies[2]).not.toHaveProperty('advertiseLoadBalancerIps');
    expect(() => setCiliumPolicy(added, CLUSTER, 2, 'name', 'rack1')).toThrow(/exists/);
    expect(
      setCiliumPolicy(added, CLUSTER, 2, 'name', 'lb').clusters[0]?.cilium?.policies[2]?.name,
    ).toBe('lb');
    expect(errors(flagged)).toEqual([]);
    // The input lab is never mutated.
    expect(lab.clusters[0]?.cilium?.policies).toHaveLength(2);
  });
});

/**
 * One leaf (AS 65001 by the palette's plan) with two Calico nodes, cnode1 (10.1.0.2) peering
 * with 10.1.0.1 and cnode2 (10.1.1.2) with 10.1.1.1, one BGPPeer per node by hostname.
 */
function calicoRack(): Lab {
  let lab = emptyLab('t');
  for (const k of ['spine', 'leaf', 'calico-node', 'calico-node'] as const)
    lab = addDevice(lab, k, { x: 0, y: 0 }).lab;
  lab = connect(lab, 'leaf1', 'spine1').lab;
  lab = connect(lab, 'cnode1', 'leaf1').lab;
  lab = connect(lab, 'cnode2', 'leaf1').lab;
  return lab;
}

describe('Calico BGP peers', () => {
  it('a wrong AS or a selector that drops the node brings its session down', () => {
    const lab = calicoRack();
    const c = lab.clusters[0]?.name ?? '';
    expect(lab.clusters[0]?.calico?.peers.map((p) => [p.peerIp, p.asNumber])).toEqual([
      ['10.1.0.1', 65001],
      ['10.1.1.1', 65001],
    ]);
    expect(session(lab, 'cnode1', '10.1.0.1').state).toBe('Established');

    const wrong = setCalicoPeer(lab, c, 0, 'asNumber', '65099');
    const s = session(wrong, 'cnode1', '10.1.0.1');
    expect(s.state).not.toBe('Established');
    expect(s.reason).toMatch(/65099/);
    expect(session(wrong, 'cnode2', '10.1.1.1').state).toBe('Established');

    const other = setCalicoPeer(lab, c, 0, 'nodeSelector', 'kubernetes.io/hostname=cnode9');
    expect(other.clusters[0]?.calico?.peers[0]?.nodeSelector).toEqual({
      'kubernetes.io/hostname': 'cnode9',
    });
    expect(session(other, 'leaf1', '10.1.0.2').state).not.toBe('Established');

    expect(() => setCalicoPeer(lab, c, 0, 'asNumber', '-1')).toThrow(OpError);
    expect(() => setCalicoPeer(lab, c, 0, 'peerIp', 'leaf1')).toThrow(/IPv4/);
    expect(() => setCalicoPeer(lab, c, 0, 'peerIp', '10.9.9.9')).toThrow(/no device/);
    expect(() => setCalicoPeer(lab, c, 0, 'nodeSelector', 'rack')).toThrow(/key=value/);
    expect(() => setCalicoPeer(lab, c, 1, 'name', 'cnode1-leaf1')).toThrow(/exists/);
    expect(errors(setCalicoPeer(lab, c, 0, 'name', 'tor-a'))).toEqual([]);
  });

  it('remove the peers and add one global peer: the sessions follow', () => {
    const lab = calicoRack();
    const c = lab.clusters[0]?.name ?? '';
    const cleared = removeCalicoPeer(removeCalicoPeer(lab, c, 0), c, 0);
    expect(cleared.clusters[0]?.calico?.peers).toEqual([]);
    expect(session(cleared, 'leaf1', '10.1.0.2').state).not.toBe('Established');
    const global = addCalicoPeer(cleared, c, '10.1.0.1', '65001');
    expect(global.clusters[0]?.calico?.peers).toEqual([
      { name: 'peer-10-1-0-1', nodeSelector: {}, peerIp: '10.1.0.1', asNumber: 65001 },
    ]);
    expect(session(global, 'leaf1', '10.1.0.2').state).toBe('Established');
    expect(() => addCalicoPeer(global, c, '10.1.0.1', '65001')).toThrow(/already/);
    expect(() => addCalicoPeer(global, c, '10.1.1.1', 'x')).toThrow(OpError);
  });

  it('refuses Calico edits on a Cilium cluster', () => {
    let lab = calicoRack();
    const c = lab.clusters[0]?.name ?? '';
    lab = setClusterCni(lab, c, 'cilium');
    expect(() => setCalicoPeer(lab, c, 0, 'asNumber', '1')).toThrow(/no Calico/);
  });
});
