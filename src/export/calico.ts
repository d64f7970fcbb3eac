/**
 * Calico (`projectcalico.org/v3`) resources and tigera-operator Helm values: global AS and mesh
 * setting, one BGPPeer per configured peer (node selector from labels), the IP pool with the
 * lab's block size and no encapsulation (routes go through the fabric).
 */
import type { ClusterPlan } from './plan';
import type { Manifest } from './cilium';
import { selectorExportable } from './cilium';
import { sanitizeDnsName, validAsn, validIpv4, validIpv4Cidr, validLabel } from './names';

function selector(sel: Record<string, string>): string {
  const terms = Object.entries(sel)
    .filter(([k, v]) => validLabel(k, v))
    .map(([k, v]) => `${k} == '${v}'`);
  return terms.length > 0 ? terms.join(' && ') : 'all()';
}

export function buildCalicoResources(cp: ClusterPlan): Manifest[] {
  const cal = cp.cluster.calico;
  if (!cal) return [];
  const out: Manifest[] = [];
  const spec: Record<string, unknown> = { nodeToNodeMeshEnabled: cal.nodeToNodeMesh };
  if (validAsn(cal.asn)) spec.asNumber = cal.asn;
  const svc = cal.serviceClusterIps.filter(validIpv4Cidr);
  if (svc.length > 0) spec.serviceClusterIPs = svc.map((cidr) => ({ cidr }));
  out.push({
    apiVersion: 'projectcalico.org/v3',
    kind: 'BGPConfiguration',
    metadata: { name: 'default' },
    spec,
  });
  for (const p of cal.peers) {
    if (!validIpv4(p.peerIp) || !validAsn(p.asNumber) || !selectorExportable(p.nodeSelector))
      continue;
    const sel = selector(p.nodeSelector);
    out.push({
      apiVersion: 'projectcalico.org/v3',
      kind: 'BGPPeer',
      metadata: { name: sanitizeDnsName(p.name, 60, 'peer') },
      spec: {
        ...(sel === 'all()' ? {} : { nodeSelector: sel }),
        peerIP: p.peerIp,
        asNumber: p.asNumber,
      },
    });
  }
  out.push(...nodeAsNumbers(cp));
  out.push(ipPool(cp));
  return out;
}

/**
 * Nodes whose BIRD speaks another AS than the cluster's: Calico sets a node's own AS in its
 * `projectcalico.org/v3` Node resource, `spec.bgp.asNumber` (docs.tigera.io "Node" resource
 * reference; api/pkg/apis/projectcalico/v3 NodeBGPSpec.ASNumber), otherwise the node uses the
 * BGPConfiguration's global `asNumber`. calico-node creates the Node (named like the Kubernetes
 * node, i.e. the kind container) and fills `ipv4Address` itself; these documents carry only the AS,
 * so `kubectl apply` on the existing Node adds it without dropping what calico-node wrote
 * (kubespray PR #11097 patches instead of re-applying a whole Node for the same reason).
 */
function nodeAsNumbers(cp: ClusterPlan): Manifest[] {
  const cal = cp.cluster.calico;
  if (!cal) return [];
  return cp.nodes.flatMap(({ device, container }) => {
    const bgp = device.bgp;
    if (!bgp || (device.daemon ?? 'bird') !== 'bird') return [];
    if (!validAsn(bgp.asn) || bgp.asn === cal.asn) return [];
    return [
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'Node',
        metadata: { name: container },
        spec: { bgp: { asNumber: bgp.asn } },
      },
    ];
  });
}

function ipPool(cp: ClusterPlan): Manifest {
  const c = cp.cluster;
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'IPPool',
    metadata: { name: 'default-ipv4-ippool' },
    spec: {
      cidr: c.podCidr,
      blockSize: c.calico?.blockSize ?? 26,
      ipipMode: 'Never',
      vxlanMode: 'Never',
      natOutgoing: true,
      nodeSelector: 'all()',
    },
  };
}

/** README caveats: peers whose node selector no exported node can match are left out. */
export function calicoNotes(cp: ClusterPlan): string[] {
  return (cp.cluster.calico?.peers ?? [])
    .filter((p) => !selectorExportable(p.nodeSelector))
    .map(
      (p) =>
        `${cp.kindName}: BGP peer ${sanitizeDnsName(p.name, 60, 'peer')} selects nodes by a label kind cannot set; left out.`,
    );
}

/** tigera-operator chart values: the operator creates the same pool from the Installation. */
export function buildCalicoValues(cp: ClusterPlan): Record<string, unknown> {
  const c = cp.cluster;
  return {
    installation: {
      cni: { type: 'Calico' },
      calicoNetwork: {
        bgp: 'Enabled',
        // kind nodes also have Docker's eth0; BGP must use the kubelet node-ip on the fabric link.
        nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' },
        ipPools: [
          {
            cidr: c.podCidr,
            blockSize: c.calico?.blockSize ?? 26,
            encapsulation: 'None',
            natOutgoing: 'Enabled',
            nodeSelector: 'all()',
          },
        ],
      },
    },
  };
}
