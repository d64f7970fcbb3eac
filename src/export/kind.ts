/**
 * kind cluster config (`kind.x-k8s.io/v1alpha4`) per cluster: no default CNI, kube-proxy off when
 * Cilium replaces it, the lab's pod/service subnets, per node the kubelet `node-ip` (the address
 * containerlab puts on the node's fabric link) and `node-labels`, and the API server certificate
 * extended with the control planes' fabric addresses.
 */
import { toYaml } from './yaml';
import { nodeIp } from '../model';
import { validIpv4, validIpv4Cidr, validLabel } from './names';
import type { ClusterPlan, ExportPlan } from './plan';

/**
 * kind's kubeadm template puts `certSANs: [localhost, <apiServerAddress>]` on the API server
 * (kubernetes-sigs/kind pkg/cluster/internal/kubeadm/config.go) and its certificate also covers
 * the advertise address — the control plane's Docker address, not its fabric one. Pods, nodes
 * and clients that reach the API over the fabric (e.g. `k8sServiceHost` set to a fabric address)
 * need those addresses in the certificate. kind releases with kubeadm_merge.go append patched
 * certSANs to the template's; older ones replace the list (RFC 7386 merge patch), so kind's own
 * two entries are repeated here (apiServerAddress is left at its default 127.0.0.1).
 */
function certSansPatch(cp: ClusterPlan): string[] {
  const fabric = cp.nodes
    .filter(({ device }) => device.k8sRole === 'control-plane')
    .map(({ device }) => nodeIp(device))
    .filter((ip): ip is string => ip !== undefined && validIpv4(ip));
  if (fabric.length === 0) return [];
  const sans = ['localhost', '127.0.0.1', ...new Set(fabric)];
  return [toYaml({ kind: 'ClusterConfiguration', apiServer: { certSANs: sans } })];
}

export function buildKindConfig(plan: ExportPlan, cp: ClusterPlan): Record<string, unknown> {
  const c = cp.cluster;
  const kpr = c.cni === 'cilium' && c.cilium?.kubeProxyReplacement === true;
  const networking: Record<string, unknown> = { disableDefaultCNI: true };
  if (kpr) networking.kubeProxyMode = 'none';
  if (validIpv4Cidr(c.podCidr)) networking.podSubnet = c.podCidr;
  if (validIpv4Cidr(c.serviceCidr)) networking.serviceSubnet = c.serviceCidr;
  let first = true;
  const nodes = cp.nodes.map(({ device }) => {
    const role = device.k8sRole === 'control-plane' ? 'control-plane' : 'worker';
    const args: Record<string, string> = {};
    const ip = nodeIp(device);
    if (ip && validIpv4(ip)) args['node-ip'] = ip;
    const labels = Object.entries(device.labels).filter(([k, v]) => validLabel(k, v));
    if (labels.length > 0) args['node-labels'] = labels.map(([k, v]) => `${k}=${v}`).join(',');
    // kubeadm: the first control plane initialises the cluster, every other node joins it.
    const patchKind = role === 'control-plane' && first ? 'InitConfiguration' : 'JoinConfiguration';
    if (role === 'control-plane') first = false;
    const patch = toYaml({ kind: patchKind, nodeRegistration: { kubeletExtraArgs: args } });
    return {
      role,
      ...(plan.options.kindNodeImage ? { image: plan.options.kindNodeImage } : {}),
      kubeadmConfigPatches: [patch],
    };
  });
  // kind needs a control plane; a lab that draws only workers gets a bare one (no fabric link).
  if (!nodes.some((n) => n.role === 'control-plane'))
    nodes.unshift({ role: 'control-plane', kubeadmConfigPatches: [] });
  const clusterPatches = certSansPatch(cp);
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: cp.kindName,
    networking,
    ...(clusterPatches.length > 0 ? { kubeadmConfigPatches: clusterPatches } : {}),
    nodes,
  };
}
