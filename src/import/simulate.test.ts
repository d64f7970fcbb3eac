/**
 * Imported seed labs simulate, and what the engine shows matches what the write-ups printed
 * from the real labs (quoted). These go through the engine, so they also catch an import that
 * parses but means something else.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine';
import type { DeviceBgpView } from '../engine/types';
import type { K8sNode, Lab } from '../model';
import { importContainerlab } from './index';

const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const disk = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const load = (topo: string): Lab => importContainerlab(`${FIX}${topo}`, disk).lab;

function best(view: DeviceBgpView | undefined, prefix: string): string[] {
  const e = view?.locRib.find((r) => r.prefix === prefix);
  return (e?.paths ?? [])
    .filter((p) => p.best || p.multipath)
    .map((p) => p.nextHopDevice ?? p.nextHop);
}

describe('seed 003 simulates as the write-up shows before the peering policies', () => {
  const result = simulate(load('frr-tor-cilium/topo.clab.yml'));

  it('converges; only the router0–ToR sessions are up (no CiliumBGPPeeringPolicy yet)', () => {
    // "当前只有 tor0, tor1 和 router0 设备之间建立了 BGP 连接"
    expect(result.convergence.converged).toBe(true);
    const up = (d: string): string[] =>
      (result.devices[d]?.sessions ?? [])
        .filter((s) => s.state === 'Established')
        .map((s) => s.peer);
    expect(up('router0')).toEqual(['net0', 'net1']);
    expect(up('tor0')).toEqual(['net0']);
    expect(up('tor1')).toEqual(['net0']);
  });

  it('router0 learns the ToR loopbacks and rack subnets', () => {
    // The write-up counts 8 entries on router0; the 8th is containerlab's management subnet,
    // which router0's `redistribute connected` picks up from eth0 and routelab leaves out.
    const r0 = result.devices['router0'];
    expect(r0?.locRib.map((e) => e.prefix).sort()).toEqual([
      '10.0.0.0/32',
      '10.0.0.1/32',
      '10.0.0.2/32',
      '10.0.1.0/24',
      '10.0.2.0/24',
      '10.0.3.0/24',
      '10.0.4.0/24',
    ]);
    expect(best(r0, '10.0.3.0/24')).toEqual(['tor1']);
    // default-originate towards the ToRs
    expect(best(result.devices['tor0'], '0.0.0.0/0')).toEqual(['router0']);
  });
});

describe('seed 001 simulates as the write-up shows before the peering policies', () => {
  it('spines learn the rack subnets from their leaves; leaf01 reaches the client via spine02', () => {
    const result = simulate(load('vyos-spine-leaf/cilium-bgp.clab.yaml'));
    expect(result.convergence.converged).toBe(true);
    // spine01 `route -n`: 10.0.5.0 via 10.0.101.2 (leaf01), 10.0.10.0 via 10.0.104.2 (leaf02)
    expect(best(result.devices['spine01'], '10.0.5.0/24')).toEqual(['leaf01']);
    expect(best(result.devices['spine01'], '10.0.10.0/24')).toEqual(['leaf02']);
    // leaf01 `route -n`: 192.168.0.0 via 10.0.103.1 (spine02)
    expect(best(result.devices['leaf01'], '192.168.0.0/24')).toEqual(['spine02']);
    // No pod routes anywhere yet: the nodes speak no BGP until the policy exists.
    const leafToNodes = result.devices['leaf01']?.sessions.filter((s) =>
      s.peer.startsWith('10.0.5.'),
    );
    expect(leafToNodes?.map((s) => s.state)).toEqual(['Active', 'Active']);
  });
});

describe('seed 000 simulates: BIRD on the nodes hands the pod CIDRs to the router', () => {
  it('router learns each node’s pod CIDR from that node; nodes take nothing back', () => {
    const result = simulate(load('frr-bird-nodes/frr-bird.clab.yml'));
    expect(result.convergence.converged).toBe(true);
    // "router 节点被注入了 PodCIDR"
    expect(best(result.devices['router'], '172.31.254.0/26')).toEqual(['node1']);
    expect(best(result.devices['router'], '172.31.254.64/26')).toEqual(['node2']);
    // node1: `import filter {reject;}`
    expect(result.devices['node1']?.locRib.map((e) => e.prefix)).toEqual(['172.31.254.0/26']);
  });
});

describe('seed 004 simulates once the cluster carries the Calico settings of the write-up', () => {
  it('the reflector learns every node block and reflects them to the other nodes', () => {
    const lab = load('calico-bird-rr/calico-rr.clab.yml');
    // The topology cannot say these; the write-up's BGPConfiguration and BGPPeers do:
    // asNumber 63400, nodeToNodeMeshEnabled false, rack-1 → 192.168.2.16, rack-2 → 192.168.0.40.
    const c = lab.clusters[0];
    if (!c) throw new Error('no cluster');
    c.podCidr = '10.41.0.0/16';
    c.calico = {
      asn: 63400,
      nodeToNodeMesh: false,
      blockSize: 26,
      advertise: 'blocks',
      peers: [
        {
          name: 'rack1-tor',
          nodeSelector: { rack: 'rack-1' },
          peerIp: '192.168.2.16',
          asNumber: 63400,
        },
        {
          name: 'rack2-tor',
          nodeSelector: { rack: 'rack-2' },
          peerIp: '192.168.0.40',
          asNumber: 63400,
        },
      ],
      serviceClusterIps: [],
    };
    const result = simulate(lab);
    expect(result.convergence.converged).toBe(true);
    const nodes = lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node').map((d) => d.name);
    const rr = result.devices['bird-rr'];
    expect(rr?.sessions.map((s) => s.state)).toEqual([
      'Established',
      'Established',
      'Established',
      'Established',
    ]);
    // `ip route` on the BIRD node: one /26 per node, via that node
    const blocks = (rr?.locRib ?? []).filter((e) => e.prefix.startsWith('10.41.'));
    expect(blocks).toHaveLength(4);
    expect(blocks.map((e) => best(rr, e.prefix)[0]).sort()).toEqual([...nodes].sort());
    // each node learns the three other blocks (reflected) besides its own
    const n3 = result.devices['rke-node3'];
    expect((n3?.locRib ?? []).filter((e) => e.prefix.startsWith('10.41.'))).toHaveLength(4);
  });
});
