/** Rules about Kubernetes clusters, nodes, pod/service addressing and CNI BGP settings. */
import {
  contains,
  familyOf,
  hostOf,
  isCidr,
  isIp,
  isIpv4,
  overlaps,
  parsePrefix4,
  prefixLength,
} from '../addressing';
import { clusterNodes, nodePodCidrs, serviceAddresses } from '../k8s';
import type { Problem } from '../problems';
import { error, warning } from '../problems';
import type { Cluster, K8sNode } from '../types';
import { asnRule } from './bgp';
import type { Context } from './context';
import { canonicalHost } from './context';

/** Syntax of one cluster; returns false when derived facts (pod blocks, LB IPs) can't be computed. */
function clusterSyntax(c: Cluster, out: Problem[]): boolean {
  const at = `clusters/${c.name}`;
  let sound = true;
  const v4cidr = (v: string, what: string): void => {
    if (!isCidr(v)) {
      out.push(error(at, `${what} ${v} is not a prefix`));
      sound = false;
    } else if (familyOf(v) !== 4) {
      out.push(error(at, `${what} ${v} is IPv6; routelab simulates IPv4 pod and service networks`));
      sound = false;
    }
  };
  v4cidr(c.podCidr, 'pod CIDR');
  v4cidr(c.serviceCidr, 'service CIDR');
  if (sound) {
    const len = prefixLength(c.podCidr);
    if (c.cni === 'cilium' && (c.podCidrMaskSize < len || c.podCidrMaskSize > 32)) {
      out.push(error(at, `per-node mask size /${c.podCidrMaskSize} does not fit in ${c.podCidr}`));
      sound = false;
    }
    if (c.cni === 'calico' && c.calico) {
      const b = c.calico.blockSize;
      // Calico accepts IPv4 block sizes 20..32 (IPPool spec.blockSize).
      if (b < 20 || b > 32 || b < len) {
        out.push(error(at, `Calico block size /${b} must be 20..32 and fit in ${c.podCidr}`));
        sound = false;
      }
    }
  }
  for (const p of c.loadBalancerPools) v4cidr(p.cidr, `LoadBalancer pool ${p.name}`);
  if (c.cni === 'cilium' && !c.cilium)
    out.push(warning(at, `cluster ${c.name} uses Cilium but has no cilium settings`));
  if (c.cni === 'calico' && !c.calico)
    out.push(warning(at, `cluster ${c.name} uses Calico but has no calico settings`));
  if (c.cilium) {
    if (c.cni !== 'cilium')
      out.push(warning(at, `cilium settings are ignored: the CNI is ${c.cni}`));
    if (c.cilium.bgpApi === 'none' && c.cilium.policies.length > 0)
      out.push(warning(at, `BGP policies are ignored while bgpApi is 'none'`));
    for (const p of c.cilium.policies) {
      const pp = `${at}/cilium/policies/${p.name}`;
      asnRule(p.localAsn, pp, 'local AS', out);
      for (const n of p.neighbors) {
        const peer = n.peerAddress.includes('/') ? n.peerAddress : `${n.peerAddress}/32`;
        if (!isCidr(peer) || !isIpv4(hostOf(peer)) || prefixLength(peer) !== 32)
          out.push(
            error(
              `${pp}/neighbors/${n.peerAddress}`,
              `peer address ${n.peerAddress} is not an IPv4 address`,
            ),
          );
        asnRule(n.peerAsn, `${pp}/neighbors/${n.peerAddress}`, 'peer AS', out);
      }
    }
  }
  if (c.calico) {
    if (c.cni !== 'calico')
      out.push(warning(at, `calico settings are ignored: the CNI is ${c.cni}`));
    asnRule(c.calico.asn, `${at}/calico`, 'AS', out);
    for (const p of c.calico.peers) {
      const pp = `${at}/calico/peers/${p.name}`;
      if (!isIpv4(p.peerIp)) out.push(error(pp, `peerIP ${p.peerIp} is not an IPv4 address`));
      asnRule(p.asNumber, pp, 'asNumber', out);
    }
    for (const s of c.calico.serviceClusterIps) {
      if (!isCidr(s)) out.push(error(`${at}/calico`, `serviceClusterIPs ${s} is not a prefix`));
    }
  }
  const svcNames = new Set<string>();
  for (const s of c.services) {
    const sp = `${at}/services/${s.name}`;
    if (svcNames.has(s.name)) out.push(error(sp, `service ${s.name} is defined twice`));
    svcNames.add(s.name);
    if (s.ip !== undefined && !isIpv4(s.ip)) {
      out.push(error(sp, `service address ${s.ip} is not an IPv4 address`));
      sound = false;
    }
  }
  return sound;
}

function peerOwned(ctx: Context, peer: string, at: string, out: Problem[]): void {
  const host = hostOf(peer);
  if (isIp(host) && !ctx.owners.has(canonicalHost(host)))
    out.push(error(at, `peer ${host} is not an address of any device`));
}

export function clusterRules(ctx: Context, out: Problem[]): void {
  const lab = ctx.lab;
  const names = new Set<string>();
  for (const c of lab.clusters) {
    if (names.has(c.name))
      out.push(error(`clusters/${c.name}`, `cluster ${c.name} is defined twice`));
    names.add(c.name);
  }
  const nodes = lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node');
  for (const n of nodes) {
    if (!names.has(n.cluster))
      out.push(
        error(
          `devices/${n.name}`,
          `${n.name} belongs to cluster ${n.cluster}, which does not exist`,
        ),
      );
    for (const p of n.podCidrs ?? []) {
      if (!isCidr(p) || familyOf(p) !== 4)
        out.push(error(`devices/${n.name}`, `pod CIDR ${p} is not an IPv4 prefix`));
    }
    for (const p of n.pods ?? []) {
      if (!isIp(p.address))
        out.push(
          error(
            `devices/${n.name}/pods/${p.name}`,
            `pod address ${p.address} is not an IP address`,
          ),
        );
    }
  }
  for (const c of lab.clusters) {
    const at = `clusters/${c.name}`;
    const sound = clusterSyntax(c, out);
    for (const p of c.cilium?.policies ?? [])
      for (const n of p.neighbors)
        peerOwned(
          ctx,
          n.peerAddress,
          `${at}/cilium/policies/${p.name}/neighbors/${n.peerAddress}`,
          out,
        );
    for (const p of c.calico?.peers ?? [])
      peerOwned(ctx, p.peerIp, `${at}/calico/peers/${p.name}`, out);
    for (const s of c.services) {
      for (const n of s.nodes ?? []) {
        if (!nodes.some((x) => x.name === n && x.cluster === c.name))
          out.push(
            error(
              `${at}/services/${s.name}`,
              `service ${s.name} names node ${n}, which is not in cluster ${c.name}`,
            ),
          );
      }
    }
    if (!sound) continue;
    podAddressRules(ctx, c, out);
    serviceRules(ctx, c, out);
  }
}

/** Pod blocks per node, their overlaps, and pod/service networks clashing with the fabric. */
function podAddressRules(ctx: Context, c: Cluster, out: Problem[]): void {
  const at = `clusters/${c.name}`;
  const members = clusterNodes(ctx.lab, c.name);
  const blocks: { node: string; cidr: string }[] = [];
  for (const n of members) {
    if ((n.podCidrs ?? []).some((p) => !isCidr(p) || familyOf(p) !== 4)) continue;
    const cidrs = nodePodCidrs(ctx.lab, n);
    if (cidrs.length === 0) {
      out.push(
        error(
          `devices/${n.name}`,
          `pod CIDR ${c.podCidr} has no /${c.cni === 'calico' ? (c.calico?.blockSize ?? 26) : c.podCidrMaskSize} block left for ${n.name}`,
        ),
      );
    }
    for (const cidr of cidrs) {
      if (n.podCidrs && !contains(c.podCidr, cidr))
        out.push(
          warning(`devices/${n.name}`, `pod CIDR ${cidr} is outside the cluster pool ${c.podCidr}`),
        );
      blocks.push({ node: n.name, cidr });
    }
  }
  // Sweep in address order: a 4,096-node cluster must not cost 8 million comparisons.
  const spans = blocks
    .map((b) => {
      const p = parsePrefix4(b.cidr);
      return { ...b, start: p.addr, end: p.addr + 2 ** (32 - p.len) - 1 };
    })
    .sort((x, y) => x.start - y.start || y.end - x.end);
  let open: typeof spans = [];
  for (const b of spans) {
    open = open.filter((o) => o.end >= b.start);
    for (const o of open) {
      out.push(error(`devices/${b.node}`, `pod CIDR ${b.cidr} overlaps ${o.cidr} of ${o.node}`));
    }
    open.push(b);
  }
  // Fabric subnets: every interface address except a node's own pod-side addresses (cilium_host).
  const ownPod = (device: string, cidr: string): boolean =>
    blocks.some((b) => b.node === device && contains(b.cidr, cidr));
  for (const [what, net] of [
    ['pod CIDR', c.podCidr],
    ['service CIDR', c.serviceCidr],
  ] as const) {
    const hit = ctx.addrs.find(
      (a) => a.family === 4 && overlaps(a.network, net) && !ownPod(a.device, a.cidr),
    );
    if (hit)
      out.push(error(at, `${what} ${net} overlaps ${hit.cidr} on ${hit.device}/${hit.iface}`));
  }
  if (overlaps(c.podCidr, c.serviceCidr))
    out.push(error(at, `pod CIDR ${c.podCidr} overlaps service CIDR ${c.serviceCidr}`));
}

function serviceRules(ctx: Context, c: Cluster, out: Problem[]): void {
  const at = `clusters/${c.name}`;
  const assigned = serviceAddresses(c);
  const byIp = new Map<string, string>();
  for (const s of c.services) {
    const sp = `${at}/services/${s.name}`;
    const ip = assigned.get(s.name);
    if (ip === undefined) {
      if (s.type === 'LoadBalancer') {
        const pools = c.loadBalancerPools.map((p) => p.cidr).join(', ') || 'none';
        out.push(error(sp, `no free LoadBalancer address left for ${s.name} (pools: ${pools})`));
      }
      continue;
    }
    const other = byIp.get(ip);
    if (other !== undefined) out.push(error(sp, `service address ${ip} is also used by ${other}`));
    byIp.set(ip, s.name);
    if (
      s.ip !== undefined &&
      s.type === 'LoadBalancer' &&
      !c.loadBalancerPools.some((p) => contains(p.cidr, s.ip ?? ''))
    )
      out.push(warning(sp, `LoadBalancer address ${s.ip} is in none of the cluster's pools`));
    if (s.type === 'ClusterIP' && !contains(c.serviceCidr, ip))
      out.push(warning(sp, `ClusterIP ${ip} is outside the service CIDR ${c.serviceCidr}`));
    if (ctx.owners.has(ip))
      out.push(
        error(
          sp,
          `service address ${ip} is also an interface address of ${ctx.owners.get(ip)?.[0]?.device}`,
        ),
      );
  }
}
