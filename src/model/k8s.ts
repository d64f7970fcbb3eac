/**
 * Kubernetes facts derived from the lab model in one place: which pod CIDRs a node owns, which
 * pods it runs, which LoadBalancer addresses services get, and what BGP a node speaks because of
 * its CNI. The engine and every exporter call these; nothing re-derives them.
 */
import {
  familyOf,
  hostOf,
  isCidr,
  nthAddress,
  nthSubnet,
  overlaps,
  parsePrefix4,
} from './addressing';
import { emptyBgp } from './lab';
import type { BgpConfig, Cluster, Daemon, K8sNode, Lab, Pod, Service } from './types';

export function clusterOf(lab: Lab, node: K8sNode): Cluster | undefined {
  return lab.clusters.find((c) => c.name === node.cluster);
}

export function clusterNodes(lab: Lab, cluster: string): K8sNode[] {
  return lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node' && d.cluster === cluster);
}

/** The per-node block size: Calico's IPAM block size, else the cluster's pod CIDR mask size. */
export function podBlockSize(cluster: Cluster): number {
  return cluster.cni === 'calico' ? (cluster.calico?.blockSize ?? 26) : cluster.podCidrMaskSize;
}

/**
 * A node's pod CIDRs: explicit ones, else the node's index-th block of the cluster pool, nodes
 * counted in lab order with the control plane first (the order kind registers them in).
 */
export function nodePodCidrs(lab: Lab, node: K8sNode): string[] {
  if (node.podCidrs && node.podCidrs.length > 0) return node.podCidrs;
  const cluster = clusterOf(lab, node);
  if (!cluster || familyOf(cluster.podCidr) !== 4) return [];
  return allocatedPodCidrs(lab, cluster).get(node.name) ?? [];
}

// Labs are treated as immutable values, so derived allocations are cached per lab/cluster object:
// without it, asking every node of a 4,096-node cluster would cost O(n²).
const podCidrCache = new WeakMap<Lab, Map<string, Map<string, string[]>>>();

function allocatedPodCidrs(lab: Lab, cluster: Cluster): Map<string, string[]> {
  let perCluster = podCidrCache.get(lab);
  if (!perCluster) podCidrCache.set(lab, (perCluster = new Map()));
  const cached = perCluster.get(cluster.name);
  if (cached) return cached;
  const out = new Map<string, string[]>();
  perCluster.set(cluster.name, out);
  const nodes = clusterNodes(lab, cluster.name);
  const ordered = [
    ...nodes.filter((n) => n.k8sRole === 'control-plane'),
    ...nodes.filter((n) => n.k8sRole !== 'control-plane'),
  ];
  // Explicit CIDRs are skipped by overlap, not string equality: "10.244.1.0/25" blocks 10.244.1.0/24.
  const taken = nodes.flatMap((n) =>
    (n.podCidrs ?? []).filter((c) => isCidr(c) && familyOf(c) === 4),
  );
  let index = 0;
  for (const n of ordered) {
    if (n.podCidrs && n.podCidrs.length > 0) continue;
    let cidr = nthSubnet(cluster.podCidr, podBlockSize(cluster), index++);
    while (cidr !== undefined && taken.some((t) => overlaps(t, cidr as string))) {
      cidr = nthSubnet(cluster.podCidr, podBlockSize(cluster), index++);
    }
    out.set(n.name, cidr === undefined ? [] : [cidr]);
  }
  return out;
}

/** A node's pods: explicit ones, else one pod `<node>-pod` at the first host of each pod CIDR. */
export function nodePods(lab: Lab, node: K8sNode): Pod[] {
  if (node.pods) return node.pods;
  return nodePodCidrs(lab, node).flatMap((cidr, i) => {
    const addr = nthAddress(cidr, parsePrefix4(cidr).len >= 31 ? 0 : 1);
    return addr === undefined
      ? []
      : [{ name: i === 0 ? `${node.name}-pod` : `${node.name}-pod${i}`, address: addr }];
  });
}

/** The node's primary IPv4 address (kubelet `node-ip`): its first non-loopback IPv4 address. */
export function nodeIp(node: K8sNode): string | undefined {
  for (const i of node.interfaces) {
    if (i.loopback) continue;
    for (const a of i.addresses) if (familyOf(a) === 4) return hostOf(a);
  }
  return undefined;
}

/** LoadBalancer/ClusterIP addresses: explicit ones, else the next free address of the pools. */
const serviceCache = new WeakMap<Cluster, Map<string, string>>();

export function serviceAddresses(cluster: Cluster): Map<string, string> {
  const cached = serviceCache.get(cluster);
  if (cached) return cached;
  const out = new Map<string, string>();
  serviceCache.set(cluster, out);
  const used = new Set(cluster.services.flatMap((s) => (s.ip ? [s.ip] : [])));
  const pools = cluster.loadBalancerPools;
  let pool = 0;
  let index = 0;
  for (const s of cluster.services) {
    if (s.ip) {
      out.set(s.name, s.ip);
      continue;
    }
    if (s.type !== 'LoadBalancer') continue;
    while (pool < pools.length) {
      const p = pools[pool];
      const addr = p === undefined ? undefined : nthAddress(p.cidr, index++);
      if (addr === undefined) {
        pool++;
        index = 0;
        continue;
      }
      if (used.has(addr)) continue;
      used.add(addr);
      out.set(s.name, addr);
      break;
    }
  }
  return out;
}

// A selector's entries, read once per selector object rather than once per node it is tried on.
const selectorEntries = new WeakMap<Record<string, string>, [string, string][]>();

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  let entries = selectorEntries.get(selector);
  if (!entries) selectorEntries.set(selector, (entries = Object.entries(selector)));
  for (const [k, v] of entries) if (labels[k] !== v) return false;
  return true;
}

/** A cluster's LoadBalancer /32s by announcing node, each list in service order. */
interface LoadBalancerIndex {
  /** Services without a node list: every node announces them. */
  everyone: number[];
  byNode: Map<string, number[]>;
  networks: (string | undefined)[];
}

// Per cluster object, like serviceCache: finding a node's services by scanning them all would
// cost O(nodes × services) over a cluster (8 M steps for 2,048 nodes with 2 services each).
const loadBalancerCache = new WeakMap<Cluster, LoadBalancerIndex>();

function loadBalancerIndex(cluster: Cluster): LoadBalancerIndex {
  const cached = loadBalancerCache.get(cluster);
  if (cached) return cached;
  const addrs = serviceAddresses(cluster);
  const idx: LoadBalancerIndex = { everyone: [], byNode: new Map(), networks: [] };
  cluster.services.forEach((s: Service, i) => {
    const ip = addrs.get(s.name);
    if (s.type !== 'LoadBalancer' || !ip) return;
    idx.networks[i] = `${ip}/32`;
    if (s.nodes === undefined) {
      idx.everyone.push(i);
      return;
    }
    for (const n of s.nodes) {
      let l = idx.byNode.get(n);
      if (!l) idx.byNode.set(n, (l = []));
      // A node listed twice announces the service once.
      if (l[l.length - 1] !== i) l.push(i);
    }
  });
  loadBalancerCache.set(cluster, idx);
  return idx;
}

/** The LoadBalancer /32s a node announces, in service order. */
function loadBalancerNetworks(cluster: Cluster, node: string): string[] {
  const idx = loadBalancerIndex(cluster);
  const own = idx.byNode.get(node) ?? [];
  const all = idx.everyone;
  const out: string[] = [];
  let a = 0;
  let b = 0;
  while (a < all.length || b < own.length) {
    const i =
      b >= own.length || (a < all.length && (all[a] as number) < (own[b] as number))
        ? (all[a++] as number)
        : (own[b++] as number);
    out.push(idx.networks[i] as string);
  }
  return out;
}

export interface NodeBgp {
  daemon: Daemon;
  bgp: BgpConfig;
}

/**
 * The BGP a node speaks: its own speaker when configured (`node.bgp`), else what its CNI runs —
 * Cilium's GoBGP from the policies selecting the node, Calico's BIRD from the cluster's Calico
 * config. Undefined when the node speaks no BGP.
 */
export function nodeBgp(lab: Lab, node: K8sNode): NodeBgp | undefined {
  if (node.bgp) return { daemon: node.daemon ?? 'bird', bgp: node.bgp };
  const cluster = clusterOf(lab, node);
  if (!cluster) return undefined;
  if (cluster.cni === 'cilium') return ciliumBgp(lab, cluster, node);
  return calicoBgp(lab, cluster, node);
}

function ciliumBgp(lab: Lab, cluster: Cluster, node: K8sNode): NodeBgp | undefined {
  const cilium = cluster.cilium;
  if (!cilium || cilium.bgpApi === 'none') return undefined;
  const policies = cilium.policies.filter((p) => selects(p.nodeSelector, node.labels));
  const first = policies[0];
  if (!first) return undefined;
  const bgp = emptyBgp(first.localAsn);
  bgp.routerId = nodeIp(node);
  for (const p of policies) {
    for (const n of p.neighbors) {
      const peer = hostOf(n.peerAddress);
      if (bgp.neighbors.some((x) => x.peer === peer)) continue;
      bgp.neighbors.push({
        peer,
        remoteAs: n.peerAsn,
        ...(n.multihop ? { ebgpMultihop: n.multihop } : {}),
      });
    }
    if (p.exportPodCidr) bgp.networks.push(...nodePodCidrs(lab, node));
    if (p.advertiseLoadBalancerIps || cilium.bgpApi === 'legacy-metallb')
      bgp.networks.push(...loadBalancerNetworks(cluster, node.name));
  }
  bgp.networks = [...new Set(bgp.networks)];
  return { daemon: 'gobgp', bgp };
}

// Per lab object, like podCidrCache: every node of a full mesh lists every other node.
const meshCache = new WeakMap<Lab, Map<string, { name: string; ip: string }[]>>();

/** A cluster's nodes with their node IP, in lab order (nodes without one left out). */
function meshAddresses(lab: Lab, cluster: string): { name: string; ip: string }[] {
  let perCluster = meshCache.get(lab);
  if (!perCluster) meshCache.set(lab, (perCluster = new Map()));
  let out = perCluster.get(cluster);
  if (!out) {
    out = [];
    for (const n of clusterNodes(lab, cluster)) {
      const ip = nodeIp(n);
      if (ip) out.push({ name: n.name, ip });
    }
    perCluster.set(cluster, out);
  }
  return out;
}

function calicoBgp(lab: Lab, cluster: Cluster, node: K8sNode): NodeBgp | undefined {
  const calico = cluster.calico;
  if (!calico) return undefined;
  const bgp = emptyBgp(calico.asn);
  bgp.routerId = nodeIp(node);
  if (calico.nodeToNodeMesh) {
    for (const other of meshAddresses(lab, cluster.name))
      if (other.name !== node.name) bgp.neighbors.push({ peer: other.ip, remoteAs: calico.asn });
  }
  for (const p of calico.peers) {
    if (!selects(p.nodeSelector, node.labels)) continue;
    if (bgp.neighbors.some((x) => x.peer === p.peerIp)) continue;
    bgp.neighbors.push({ peer: p.peerIp, remoteAs: p.asNumber });
  }
  bgp.networks =
    calico.advertise === 'pods'
      ? nodePods(lab, node).map((p) => `${p.address}/32`)
      : // A copy: nodePodCidrs returns the node's own (or the cached) array, never to be mutated.
        [...nodePodCidrs(lab, node)];
  bgp.networks.push(...calico.serviceClusterIps);
  return { daemon: 'bird', bgp };
}

/** Every device that speaks BGP with the config it speaks: routers' own, nodes' from `nodeBgp`. */
export function bgpSpeakers(lab: Lab): { device: string; daemon: Daemon; bgp: BgpConfig }[] {
  const out: { device: string; daemon: Daemon; bgp: BgpConfig }[] = [];
  for (const d of lab.devices) {
    if (d.kind === 'router' && d.bgp) out.push({ device: d.name, daemon: d.daemon, bgp: d.bgp });
    if (d.kind === 'k8s-node') {
      const nb = nodeBgp(lab, d);
      if (nb) out.push({ device: d.name, ...nb });
    }
  }
  return out;
}
