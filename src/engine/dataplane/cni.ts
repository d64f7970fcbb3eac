/**
 * Routes a Kubernetes node's CNI writes into its kernel (FRR would show them as `K`):
 * - Cilium (native routing): the node's pod CIDRs through `cilium_host`, and with
 *   `autoDirectNodeRoutes` a route to every other node's pod CIDRs via that node when the two
 *   share an L2 segment (Cilium skips nodes that are not on-link).
 * - Calico: one `/32 dev cali*` route per local pod and a blackhole for each of the node's own
 *   IPAM blocks (BIRD exports them); other nodes' blocks arrive through BGP, not here.
 * The default route via the gateway is a static route in the lab model, not a CNI route.
 */
import { contains as containsAddr, familyOf, hostOf } from '../../model/addressing';
import { clusterNodes, clusterOf, nodePodCidrs, nodePods } from '../../model/k8s';
import type { K8sNode, Lab } from '../../model/types';
import type { L2 } from './l2';
import type { FibRoute } from './types';

const kernelRoute = (
  r: Omit<FibRoute, 'source' | 'distance' | 'metric' | 'selected'>,
): FibRoute => ({
  source: 'kernel',
  distance: 0,
  metric: 0,
  selected: false,
  ...r,
});

export function cniRoutes(lab: Lab, node: K8sNode, l2: L2): FibRoute[] {
  const cluster = clusterOf(lab, node);
  if (!cluster) return [];
  const pods = nodePods(lab, node);
  const cidrs = nodePodCidrs(lab, node);
  if (cluster.cni === 'calico') {
    return [
      ...cidrs.map((prefix) =>
        kernelRoute({
          prefix,
          blackhole: true,
          nextHops: [],
          origin: 'CNI calico: blackhole for own IPAM block',
        }),
      ),
      ...pods.map((p) =>
        kernelRoute({
          prefix: `${p.address}/32`,
          podDelivery: { interface: `cali-${p.name}`, pods: [p] },
          nextHops: [{ interface: `cali-${p.name}`, weight: 1 }],
          origin: `CNI calico: pod ${p.name}`,
        }),
      ),
    ];
  }
  const out: FibRoute[] = cidrs.map((prefix) =>
    kernelRoute({
      prefix,
      podDelivery: {
        interface: 'cilium_host',
        pods: pods.filter((p) => podIn(p.address, prefix)),
      },
      nextHops: [{ interface: 'cilium_host', weight: 1 }],
      origin: 'CNI cilium: own pod CIDR',
    }),
  );
  if (cluster.cilium?.autoDirectNodeRoutes && cluster.cilium.routingMode === 'native') {
    for (const other of clusterNodes(lab, cluster.name)) {
      if (other.name === node.name || other.down) continue;
      const hop = onLinkAddress(node, other, l2);
      if (!hop) continue;
      for (const prefix of nodePodCidrs(lab, other)) {
        out.push(
          kernelRoute({
            prefix,
            nextHops: [{ via: hop.via, interface: hop.interface, device: other.name, weight: 1 }],
            origin: `CNI cilium: autoDirectNodeRoutes to ${other.name}`,
          }),
        );
      }
    }
  }
  return out;
}

function podIn(addr: string, prefix: string): boolean {
  return familyOf(addr) === 4 && familyOf(prefix) === 4 && containsAddr(prefix, addr);
}

/** `other`'s address on a segment `node` is attached to (bridge or direct link), if any. */
function onLinkAddress(
  node: K8sNode,
  other: K8sNode,
  l2: L2,
): { via: string; interface: string } | undefined {
  for (const iface of node.interfaces) {
    for (const p of l2.neighbours(node.name, iface.name)) {
      if (p.device !== other.name) continue;
      // Cilium installs the route only when the other node's IP is on-link: inside a subnet of
      // the interface, not merely on the same wire.
      const own = iface.addresses.filter((a) => familyOf(a) === 4);
      const addr = other.interfaces
        .find((i) => i.name === p.interface)
        ?.addresses.find((a) => familyOf(a) === 4 && own.some((o) => containsAddr(o, hostOf(a))));
      if (addr) return { via: hostOf(addr), interface: iface.name };
    }
  }
  return undefined;
}
