/**
 * Deterministic Clos fabrics for the benchmarks (issue 9): S, M, L, XL.
 *
 * Design, as in the usual Cilium-on-Clos deployments: every leaf is its own AS and peers eBGP
 * over numbered /31s with every spine (spines share one AS per tier); each rack is one L2
 * segment (a bridge) with the leaf at .1 and the Cilium nodes behind it; nodes peer eBGP with
 * their leaf and announce their pod CIDR (+ LoadBalancer /32s where the workload says so).
 * In L and XL the leaves send nodes only a default route (default-originate + a route-map that
 * lets nothing else out), the usual design at that size: nodes need no fabric routes.
 */
import { emptyBgp, emptyLab, linkId, nthAddress, nthSubnet, pointToPointHosts } from '../src/model';
import type { BgpConfig, Device, K8sNode, Lab, Router, Service } from '../src/model';

export interface FabricSpec {
  name: string;
  superSpines: number;
  /** Pods of spines+leaves; a 3-stage Clos has one pod and no super-spines. */
  pods: number;
  spinesPerPod: number;
  leavesPerPod: number;
  nodesPerLeaf: number;
  lbPerNode: number;
  defaultOnlyToNodes: boolean;
}

export const workloads: Record<'S' | 'M' | 'L' | 'XL', FabricSpec> = {
  S: {
    name: 'S',
    superSpines: 0,
    pods: 1,
    spinesPerPod: 2,
    leavesPerPod: 4,
    nodesPerLeaf: 8,
    lbPerNode: 0,
    defaultOnlyToNodes: false,
  },
  M: {
    name: 'M',
    superSpines: 0,
    pods: 1,
    spinesPerPod: 4,
    leavesPerPod: 32,
    nodesPerLeaf: 16,
    lbPerNode: 2,
    defaultOnlyToNodes: false,
  },
  L: {
    name: 'L',
    superSpines: 0,
    pods: 1,
    spinesPerPod: 8,
    leavesPerPod: 64,
    nodesPerLeaf: 32,
    lbPerNode: 2,
    defaultOnlyToNodes: true,
  },
  XL: {
    name: 'XL',
    superSpines: 16,
    pods: 4,
    spinesPerPod: 8,
    leavesPerPod: 32,
    nodesPerLeaf: 32,
    lbPerNode: 2,
    defaultOnlyToNodes: true,
  },
};

const P2P_POOL = '10.254.0.0/15';
const RACK_POOL = '10.128.0.0/9';
const POD_POOL = '172.16.0.0/12';
const LB_POOL = '100.64.0.0/12';

function router(name: string, role: Router['role'], bgp: BgpConfig, loopback: string): Router {
  return {
    kind: 'router',
    daemon: 'frr',
    name,
    role,
    interfaces: [{ name: 'lo', addresses: [`${loopback}/32`], loopback: true }],
    staticRoutes: [],
    labels: {},
    bgp: { ...bgp, routerId: loopback, profile: 'datacenter' },
  };
}

export function buildFabric(spec: FabricSpec): Lab {
  const lab = emptyLab(`bench-${spec.name}`);
  const devices: Device[] = [];
  let p2p = 0;
  let loop = 0;
  const loopback = (): string => nthAddress('10.253.0.0/16', ++loop) ?? '0.0.0.0';
  const connect = (a: Router, b: Router): void => {
    const subnet = nthSubnet(P2P_POOL, 31, p2p++);
    if (!subnet) throw new Error('p2p pool exhausted');
    const [ea, eb] = pointToPointHosts(subnet);
    const ia = `eth${a.interfaces.length}`;
    const ib = `eth${b.interfaces.length}`;
    a.interfaces.push({ name: ia, addresses: [ea] });
    b.interfaces.push({ name: ib, addresses: [eb] });
    a.bgp?.neighbors.push({ peer: eb.split('/')[0] ?? '', remoteAs: b.bgp?.asn });
    b.bgp?.neighbors.push({ peer: ea.split('/')[0] ?? '', remoteAs: a.bgp?.asn });
    lab.links.push({
      id: linkId({ device: a.name, interface: ia }, { device: b.name, interface: ib }),
      a: { device: a.name, interface: ia },
      b: { device: b.name, interface: ib },
    });
  };

  const supers = Array.from({ length: spec.superSpines }, (_, i) =>
    router(`superspine${i + 1}`, 'super-spine', emptyBgp(64900), loopback()),
  );
  devices.push(...supers);
  const services: Service[] = [];
  const nodes: K8sNode[] = [];
  let rack = 0;
  for (let pod = 0; pod < spec.pods; pod++) {
    const spineAs = 65000 + pod;
    const spines = Array.from({ length: spec.spinesPerPod }, (_, i) =>
      router(`p${pod + 1}-spine${i + 1}`, 'spine', emptyBgp(spineAs), loopback()),
    );
    devices.push(...spines);
    for (const s of spines) for (const ss of supers) connect(s, ss);
    for (let l = 0; l < spec.leavesPerPod; l++) {
      const leaf = router(
        `p${pod + 1}-leaf${l + 1}`,
        'leaf',
        emptyBgp(4200000000 + rack),
        loopback(),
      );
      devices.push(leaf);
      for (const s of spines) connect(leaf, s);
      const rackNet = nthSubnet(RACK_POOL, 24, rack) ?? '';
      const gw = nthAddress(rackNet, 1) ?? '';
      const bridge: Device = {
        kind: 'bridge',
        name: `rack${rack + 1}`,
        role: 'bridge',
        interfaces: [],
        staticRoutes: [],
        labels: {},
      };
      devices.push(bridge);
      leaf.interfaces.push({ name: 'rack', addresses: [`${gw}/24`] });
      const link = (dev: string, iface: string): void => {
        const port = `p${bridge.interfaces.length + 1}`;
        bridge.interfaces.push({ name: port, addresses: [] });
        lab.links.push({
          id: linkId({ device: dev, interface: iface }, { device: bridge.name, interface: port }),
          a: { device: dev, interface: iface },
          b: { device: bridge.name, interface: port },
        });
      };
      link(leaf.name, 'rack');
      const bgp = leaf.bgp;
      if (!bgp) throw new Error('leaf without bgp');
      bgp.peerGroups.push({
        name: 'NODES',
        remoteAs: 'external',
        ...(spec.defaultOnlyToNodes ? { defaultOriginate: true, routeMapOut: 'DEFAULT-ONLY' } : {}),
      });
      if (spec.defaultOnlyToNodes)
        bgp.routeMaps.push({
          name: 'DEFAULT-ONLY',
          entries: [{ seq: 10, action: 'deny', match: {}, set: {} }],
        });
      bgp.listenRanges.push({ range: rackNet, peerGroup: 'NODES' });
      for (let n = 0; n < spec.nodesPerLeaf; n++) {
        const ip = nthAddress(rackNet, 10 + n) ?? '';
        const node: K8sNode = {
          kind: 'k8s-node',
          name: `r${rack + 1}-node${n + 1}`,
          role: 'node',
          cluster: 'bench',
          k8sRole: rack === 0 && n === 0 ? 'control-plane' : 'worker',
          interfaces: [{ name: 'eth0', addresses: [`${ip}/24`] }],
          staticRoutes: [{ prefix: '0.0.0.0/0', via: gw }],
          labels: { rack: `rack${rack + 1}` },
        };
        nodes.push(node);
        link(node.name, 'eth0');
        for (let k = 0; k < spec.lbPerNode; k++) {
          const idx = services.length;
          services.push({
            name: `svc${idx}`,
            type: 'LoadBalancer',
            ip: nthAddress(LB_POOL, idx + 1) ?? '',
            nodes: [node.name],
          });
        }
      }
      rack++;
    }
  }
  lab.devices = [...devices, ...nodes];
  const racks = Array.from({ length: rack }, (_, r) => {
    const rackNet = nthSubnet(RACK_POOL, 24, r) ?? '';
    return {
      name: `rack${r + 1}`,
      nodeSelector: { rack: `rack${r + 1}` },
      localAsn: 4210000000 + r,
      exportPodCidr: true,
      advertiseLoadBalancerIps: spec.lbPerNode > 0,
      neighbors: [{ peerAddress: `${nthAddress(rackNet, 1) ?? ''}/32`, peerAsn: 4200000000 + r }],
    };
  });
  lab.clusters.push({
    name: 'bench',
    cni: 'cilium',
    podCidr: POD_POOL,
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    cilium: {
      version: '1.17.0',
      bgpApi: 'peering-policy',
      routingMode: 'native',
      autoDirectNodeRoutes: false,
      ipamMode: 'kubernetes',
      kubeProxyReplacement: true,
      policies: racks,
    },
    loadBalancerPools: [{ name: 'lb', cidr: LB_POOL }],
    services,
  });
  return lab;
}
