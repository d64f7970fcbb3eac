/**
 * Inspector operations on a cluster's BGP peerings: Cilium BGP policies (node selector, local AS,
 * neighbours, what they advertise) and Calico BGPPeers (node selector, peer IP, AS). Pure,
 * `OpError` with the reason when refused (see ops.ts). What is valid follows the model's rules
 * (model/rules/k8s.ts): ASNs 1..4294967295, IPv4 peers that some device owns, multihop 1..255,
 * unique policy/peer names and neighbour addresses; selectors follow Kubernetes label syntax.
 */
import { hostOf, isCidr, isIpv4, prefixLength } from '../../model/addressing';
import type { CalicoBgpPeer, CalicoConfig, CiliumBgpPolicy, Cluster, Lab } from '../../model/types';
import { withCluster } from './clusterOps';
import { OpError, parseAsn } from './ops';

// ------------------------------------------------------------------ node selectors

// Kubernetes "Labels and Selectors" (Syntax and character set): a name segment is at most 63
// characters, alphanumerics at both ends, `-`, `_` and `.` between; the optional prefix is a DNS
// subdomain of at most 253 characters; a value is empty or follows the name segment's rule.
const SEGMENT = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelKey(key: string): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !SUBDOMAIN.test(prefix)))
    throw new OpError(`label key prefix "${prefix}" is not a DNS subdomain`);
  if (name.length > 63 || !SEGMENT.test(name))
    throw new OpError(
      `label key "${key}": up to 63 letters, digits, - _ . and starting and ending alphanumeric`,
    );
}

function labelValue(key: string, value: string): void {
  if (value.length > 63 || (value !== '' && !SEGMENT.test(value)))
    throw new OpError(
      `label value "${value}" of ${key}: up to 63 letters, digits, - _ . and alphanumeric ends`,
    );
}

/**
 * `rack=rack0, role=worker` → matchLabels. Empty selects every node of the cluster (an empty
 * LabelSelector matches everything).
 */
export function parseSelector(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const term of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = term.indexOf('=');
    if (eq < 0) throw new OpError(`"${term}" has no value: a selector is key=value, …`);
    const key = term.slice(0, eq);
    const value = term.slice(eq + 1).replace(/^=/, '');
    labelKey(key);
    labelValue(key, value);
    if (key in out) throw new OpError(`label ${key} is given twice`);
    out[key] = value;
  }
  return out;
}

export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The cluster's nodes a selector picks (matchLabels: every label equal). */
export function selectedNodes(lab: Lab, cluster: string, selector: Record<string, string>) {
  return lab.devices.filter(
    (d) =>
      d.kind === 'k8s-node' &&
      d.cluster === cluster &&
      Object.entries(selector).every(([k, v]) => d.labels[k] === v),
  );
}

// ------------------------------------------------------------------ shared checks

/** A Kubernetes object name (RFC 1123 subdomain), unique among `taken`. */
function objectName(text: string, taken: string[], what: string): string {
  if (text.length > 253 || !SUBDOMAIN.test(text))
    throw new OpError(`a ${what} name: lower-case letters, digits, - and .`);
  if (taken.includes(text)) throw new OpError(`${what} ${text} exists`);
  return text;
}

/**
 * An IPv4 peer (`10.0.0.1` or `10.0.0.1/32`) that some device of the lab owns: the model flags
 * any other as "not an address of any device", and no session could come up.
 */
function peerHost(lab: Lab, text: string): string {
  const cidr = text.includes('/') ? text : `${text}/32`;
  if (!isCidr(cidr) || !isIpv4(hostOf(cidr)))
    throw new OpError('a peer is an IPv4 address such as 10.0.0.1');
  if (prefixLength(cidr) !== 32) throw new OpError('a peer is one address: /32 or no length');
  const host = hostOf(cidr);
  const owned = lab.devices.some((d) =>
    d.interfaces.some((i) => i.addresses.some((a) => isCidr(a) && hostOf(a) === host)),
  );
  if (!owned) throw new OpError(`no device has the address ${host}`);
  return host;
}

// ------------------------------------------------------------------ Cilium policies

function withPolicy(
  lab: Lab,
  cluster: string,
  index: number,
  fn: (p: CiliumBgpPolicy, c: Cluster) => void,
): Lab {
  return withCluster(lab, cluster, (c) => {
    const p = c.cilium?.policies[index];
    if (!p) throw new OpError(`no BGP policy #${index} in ${cluster}`);
    fn(p, c);
  });
}

/**
 * A new policy for every node (empty selector) with no neighbour yet, so adding it changes no
 * session; its AS is the cluster's other policies' (else 64512, Cilium's documented example).
 */
export function addCiliumPolicy(lab: Lab, cluster: string, name: string): Lab {
  return withCluster(lab, cluster, (c) => {
    if (!c.cilium) throw new OpError(`${cluster} has no Cilium settings`);
    const policies = c.cilium.policies;
    policies.push({
      name: objectName(
        name.trim(),
        policies.map((p) => p.name),
        'policy',
      ),
      nodeSelector: {},
      localAsn: policies[0]?.localAsn ?? 64512,
      exportPodCidr: true,
      neighbors: [],
    });
  });
}

export function removeCiliumPolicy(lab: Lab, cluster: string, index: number): Lab {
  return withCluster(lab, cluster, (c) => {
    if (!c.cilium?.policies[index]) throw new OpError(`no BGP policy #${index} in ${cluster}`);
    c.cilium.policies.splice(index, 1);
  });
}

export type PolicyField = 'name' | 'nodeSelector' | 'localAsn';

export function setCiliumPolicy(
  lab: Lab,
  cluster: string,
  index: number,
  field: PolicyField,
  text: string,
): Lab {
  const v = text.trim();
  return withPolicy(lab, cluster, index, (p, c) => {
    if (field === 'name') {
      const others = (c.cilium?.policies ?? []).filter((x) => x !== p).map((x) => x.name);
      p.name = objectName(v, others, 'policy');
    } else if (field === 'nodeSelector') p.nodeSelector = parseSelector(v);
    else p.localAsn = parseAsn(v);
  });
}

export type PolicyFlag = 'exportPodCidr' | 'advertiseLoadBalancerIps';

export function setCiliumPolicyFlag(
  lab: Lab,
  cluster: string,
  index: number,
  flag: PolicyFlag,
  on: boolean,
): Lab {
  return withPolicy(lab, cluster, index, (p) => {
    if (flag === 'exportPodCidr') p.exportPodCidr = on;
    else if (on) p.advertiseLoadBalancerIps = true;
    else delete p.advertiseLoadBalancerIps;
  });
}

function neighborTaken(p: CiliumBgpPolicy, host: string, except?: number): void {
  if (p.neighbors.some((n, i) => i !== except && hostOf(n.peerAddress) === host))
    throw new OpError(`${host} is already a neighbour of ${p.name}`);
}

export function addCiliumNeighbor(
  lab: Lab,
  cluster: string,
  index: number,
  peer: string,
  asn: string,
): Lab {
  const host = peerHost(lab, peer.trim());
  const peerAsn = parseAsn(asn);
  return withPolicy(lab, cluster, index, (p) => {
    neighborTaken(p, host);
    // CiliumBGPPeeringPolicy's peerAddress is a CIDR (`10.0.0.1/32`), as the write-ups have it.
    p.neighbors.push({ peerAddress: `${host}/32`, peerAsn });
  });
}

export type PolicyNeighborField = 'peerAddress' | 'peerAsn' | 'multihop';

export function setCiliumNeighbor(
  lab: Lab,
  cluster: string,
  index: number,
  neighbor: number,
  field: PolicyNeighborField,
  text: string,
): Lab {
  const v = text.trim();
  return withPolicy(lab, cluster, index, (p) => {
    const n = p.neighbors[neighbor];
    if (!n) throw new OpError(`no neighbour #${neighbor} in ${p.name}`);
    if (field === 'peerAddress') {
      const host = peerHost(lab, v);
      neighborTaken(p, host, neighbor);
      n.peerAddress = `${host}/32`;
    } else if (field === 'peerAsn') n.peerAsn = parseAsn(v);
    else if (v === '') delete n.multihop;
    else {
      // eBGPMultihopTTL, as FRR's `ebgp-multihop` 1..255 (the lab file's limit too).
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 255)
        throw new OpError('multihop is a TTL 1 … 255, or empty for directly connected');
      n.multihop = Number(v);
    }
  });
}

export function removeCiliumNeighbor(
  lab: Lab,
  cluster: string,
  index: number,
  neighbor: number,
): Lab {
  return withPolicy(lab, cluster, index, (p) => {
    if (!p.neighbors[neighbor]) throw new OpError(`no neighbour #${neighbor} in ${p.name}`);
    p.neighbors.splice(neighbor, 1);
  });
}

// ------------------------------------------------------------------ Calico BGP peers

function withCalico(lab: Lab, cluster: string, fn: (calico: CalicoConfig) => void): Lab {
  return withCluster(lab, cluster, (c) => {
    if (!c.calico) throw new OpError(`${cluster} has no Calico settings`);
    fn(c.calico);
  });
}

/** A global BGPPeer (every node peers) to `peerIp`, named after it as Calico users often do. */
export function addCalicoPeer(lab: Lab, cluster: string, peerIp: string, asn: string): Lab {
  const host = peerHost(lab, peerIp.trim());
  const asNumber = parseAsn(asn);
  return withCalico(lab, cluster, (calico) => {
    if (calico.peers.some((p) => p.peerIp === host && Object.keys(p.nodeSelector).length === 0))
      throw new OpError(`every node already peers with ${host}`);
    const stem = `peer-${host.replace(/\./g, '-')}`;
    let name = stem;
    for (let i = 2; calico.peers.some((p) => p.name === name); i++) name = `${stem}-${i}`;
    calico.peers.push({ name, nodeSelector: {}, peerIp: host, asNumber });
  });
}

export function removeCalicoPeer(lab: Lab, cluster: string, index: number): Lab {
  return withCalico(lab, cluster, (calico) => {
    if (!calico.peers[index]) throw new OpError(`no BGP peer #${index} in ${cluster}`);
    calico.peers.splice(index, 1);
  });
}

export type CalicoPeerField = 'name' | 'nodeSelector' | 'peerIp' | 'asNumber';

export function setCalicoPeer(
  lab: Lab,
  cluster: string,
  index: number,
  field: CalicoPeerField,
  text: string,
): Lab {
  const v = text.trim();
  return withCalico(lab, cluster, (calico) => {
    const p: CalicoBgpPeer | undefined = calico.peers[index];
    if (!p) throw new OpError(`no BGP peer #${index} in ${cluster}`);
    if (field === 'name') {
      const others = calico.peers.filter((x) => x !== p).map((x) => x.name);
      p.name = objectName(v, others, 'BGP peer');
    } else if (field === 'nodeSelector') p.nodeSelector = parseSelector(v);
    else if (field === 'peerIp') p.peerIp = peerHost(lab, v);
    else p.asNumber = parseAsn(v);
  });
}
