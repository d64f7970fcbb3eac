/**
 * Cluster operations of the inspector. Limits are the CNIs' documented ones: Calico IPPool
 * blockSize 20..32 for IPv4 (Calico IPPool reference), Cilium BGPv2 resources from 1.16
 * (Cilium 1.16 release notes: CiliumBGPClusterConfig/PeerConfig/AdvertisementConfig).
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../worker/api';
import { emptyLab } from '../../model/lab';
import type { Lab, Router } from '../../model/types';
import { validateLab } from '../../model/validate';
import {
  addLbPool,
  addService,
  removeLbPool,
  setClusterChoice,
  setClusterCni,
  setClusterField,
  setLbPool,
  setService,
} from './clusterOps';
import { OpError, addDevice, connect } from './ops';

function rack(kind: 'cilium-node' | 'calico-node'): Lab {
  let lab = emptyLab('t');
  for (const k of ['spine', 'leaf', kind, kind] as const)
    lab = addDevice(lab, k, { x: 0, y: 0 }).lab;
  const [n1, n2] = lab.devices.filter((d) => d.kind === 'k8s-node').map((d) => d.name);
  lab = connect(lab, 'leaf1', 'spine1').lab;
  lab = connect(lab, n1 ?? '', 'leaf1').lab;
  lab = connect(lab, n2 ?? '', 'leaf1').lab;
  return lab;
}

/** Through the worker's API, as the app sees it (the UI never imports the engine). */
let revision = 0;
function sessionsDown(lab: Lab): string[] {
  const summary = api.simulate(++revision, lab);
  expect(summary.ok).toBe(true);
  return summary.sessions
    .filter((s) => s.state !== 'Established')
    .map((s) => `${s.device}→${s.peer} ${s.state}`);
}

describe('cluster fields', () => {
  it('edits CIDRs and refuses overlaps, host bits and masks that do not fit', () => {
    const lab = rack('cilium-node');
    const c = lab.clusters[0]?.name ?? '';
    const next = setClusterField(lab, c, 'podCidr', '10.250.0.0/16');
    expect(next.clusters[0]?.podCidr).toBe('10.250.0.0/16');
    expect(() => setClusterField(lab, c, 'podCidr', '10.250.0.1/16')).toThrow(/10\.250\.0\.0/);
    expect(() => setClusterField(lab, c, 'podCidr', '10.96.0.0/16')).toThrow(/overlaps/);
    expect(() => setClusterField(lab, c, 'podCidr', '10.250.0.0/25')).toThrow(/does not fit/);
    expect(() => setClusterField(lab, c, 'podCidr', 'fd00::/64')).toThrow(/IPv4/);
    expect(() => setClusterField(lab, c, 'podCidrMaskSize', '8')).toThrow(OpError);
    expect(setClusterField(lab, c, 'podCidrMaskSize', '26').clusters[0]?.podCidrMaskSize).toBe(26);
    expect(validateLab(next).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('Cilium version and BGP API: BGPv2 needs 1.16', () => {
    const lab = rack('cilium-node');
    const c = lab.clusters[0]?.name ?? '';
    const old = setClusterField(lab, c, 'ciliumVersion', '1.15.7');
    expect(() => setClusterChoice(old, c, { field: 'bgpApi', value: 'bgpv2' })).toThrow(/1\.16/);
    const v2 = setClusterChoice(lab, c, { field: 'bgpApi', value: 'bgpv2' });
    expect(() => setClusterField(v2, c, 'ciliumVersion', '1.14.0')).toThrow(/1\.16/);
    expect(() => setClusterField(lab, c, 'ciliumVersion', 'latest')).toThrow(/major\.minor/);
  });

  it('Calico AS: the leaf neighbours that named the old AS follow, sessions stay up', () => {
    const lab = rack('calico-node');
    const c = lab.clusters[0]?.name ?? '';
    const next = setClusterField(lab, c, 'calicoAsn', '64600');
    const leaf = next.devices.find((d) => d.name === 'leaf1') as Router;
    const toNodes = leaf.bgp?.neighbors.filter((n) => n.remoteAs === 64600);
    expect(toNodes).toHaveLength(2);
    expect(sessionsDown(next)).toEqual([]);
    expect(() => setClusterField(lab, c, 'calicoBlockSize', '19')).toThrow(OpError);
    expect(() => setClusterField(lab, c, 'calicoAsn', 'x')).toThrow(OpError);
  });
});

describe('switching the CNI', () => {
  it('Cilium → Calico → Cilium carries the BGP peerings over: every session stays up', () => {
    const lab = rack('cilium-node');
    expect(sessionsDown(lab)).toEqual([]);
    const c = lab.clusters[0]?.name ?? '';
    const calico = setClusterCni(lab, c, 'calico');
    expect(calico.clusters[0]?.cni).toBe('calico');
    expect(calico.clusters[0]?.cilium).toBeUndefined();
    expect(calico.clusters[0]?.calico?.peers).toHaveLength(2);
    expect(validateLab(calico).filter((p) => p.severity === 'error')).toEqual([]);
    expect(sessionsDown(calico)).toEqual([]);
    const back = setClusterCni(calico, c, 'cilium');
    expect(back.clusters[0]?.cilium?.policies).toHaveLength(2);
    expect(sessionsDown(back)).toEqual([]);
  });
});

describe('switching the CNI across racks', () => {
  it('nodes iBGP with leaves of different ASes become Calico AS 64512 peering eBGP', () => {
    // Calico: one asNumber per cluster (BGPConfiguration), 64512 by default.
    let lab = emptyLab('t');
    for (const k of ['spine', 'leaf', 'leaf', 'cilium-node', 'cilium-node'] as const)
      lab = addDevice(lab, k, { x: 0, y: 0 }).lab;
    for (const [a, b] of [
      ['leaf1', 'spine1'],
      ['leaf2', 'spine1'],
      ['node1', 'leaf1'],
      ['node2', 'leaf2'],
    ] as const)
      lab = connect(lab, a, b).lab;
    const calico = setClusterCni(lab, lab.clusters[0]?.name ?? '', 'calico');
    expect(calico.clusters[0]?.calico?.asn).toBe(64512);
    const leaf1 = calico.devices.find((d) => d.name === 'leaf1') as Router;
    expect(leaf1.bgp?.neighbors.map((n) => n.remoteAs)).toEqual([65000, 64512]);
    expect(sessionsDown(calico)).toEqual([]);
  });
});

describe('pools and services', () => {
  it('adds, edits and removes LoadBalancer pools and services', () => {
    const lab = rack('cilium-node');
    const c = lab.clusters[0]?.name ?? '';
    let next = addLbPool(lab, c);
    next = setLbPool(next, c, 0, 'cidr', '172.18.255.0/28');
    expect(() => setLbPool(next, c, 0, 'cidr', '10.244.1.0/28')).toThrow(/overlaps/);
    expect(() => setLbPool(next, c, 0, 'name', 'Pool A')).toThrow(OpError);
    next = addService(next, c);
    next = setService(next, c, 0, 'name', 'web');
    expect(() => setService(next, c, 0, 'ip', '300.1.1.1')).toThrow(OpError);
    expect(next.clusters[0]?.services).toEqual([{ name: 'web', type: 'LoadBalancer' }]);
    expect(next.clusters[0]?.loadBalancerPools).toEqual([
      { name: 'pool1', cidr: '172.18.255.0/28' },
    ]);
    expect(validateLab(next).filter((p) => p.severity === 'error')).toEqual([]);
    expect(removeLbPool(next, c, 0).clusters[0]?.loadBalancerPools).toEqual([]);
  });
});
