/**
 * Inspector operations on a Kubernetes cluster: CNI, Cilium version and BGP API, pod and service
 * CIDRs, Calico AS/mesh/block size, LoadBalancer pools and services. Pure, `OpError` with the
 * reason when refused (see ops.ts). Limits are the CNIs' own: Calico IPPool blockSize 20..32,
 * Cilium's cluster-pool mask size within the pool, BGPv2 from Cilium 1.16.
 */
import { hostOf, isCidr, isIpv4, networkOf, overlaps, prefixLength } from '../../model/addressing';
import { clusterNodes } from '../../model/k8s';
import type {
  CalicoConfig,
  CiliumBgpApi,
  CiliumConfig,
  Cluster,
  Cni,
  Lab,
  Service,
} from '../../model/types';
import { OpError, parseAsn } from './ops';

/** Edits a copy of the lab's cluster `name`; the input lab is never mutated. */
export function withCluster(lab: Lab, name: string, fn: (c: Cluster, lab: Lab) => void): Lab {
  const next = structuredClone(lab);
  const c = next.clusters.find((x) => x.name === name);
  if (!c) throw new OpError(`no cluster ${name}`);
  fn(c, next);
  return next;
}

function v4Prefix(text: string, what: string): string {
  if (!isCidr(text) || !isIpv4(hostOf(text)))
    throw new OpError(`${what} is an IPv4 prefix such as 10.244.0.0/16`);
  if (networkOf(text) !== text)
    throw new OpError(`host bits set: did you mean ${networkOf(text)}?`);
  return text;
}

function whole(text: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new OpError(`${what} is a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new OpError(`${what} is ${min} … ${max}`);
  return n;
}

/** `major.minor[.patch]`, and the BGPv2 API only from 1.16 (CiliumBGPClusterConfig & co.). */
export function checkCiliumVersion(version: string, api: CiliumBgpApi): void {
  const v = /^(\d+)\.(\d+)(\.\d+)?$/.exec(version);
  if (!v) throw new OpError('a Cilium version is major.minor[.patch], e.g. 1.16.5');
  const old = Number(v[1]) < 1 || (v[1] === '1' && Number(v[2]) < 16);
  if (api === 'bgpv2' && old) throw new OpError('the BGPv2 API needs Cilium 1.16 or later');
}

export type ClusterField =
  | 'podCidr'
  | 'podCidrMaskSize'
  | 'serviceCidr'
  | 'ciliumVersion'
  | 'calicoAsn'
  | 'calicoBlockSize'
  | 'serviceClusterIps';

export function setClusterField(lab: Lab, cluster: string, field: ClusterField, text: string): Lab {
  const v = text.trim();
  return withCluster(lab, cluster, (c, next) => {
    switch (field) {
      case 'podCidr': {
        c.podCidr = v4Prefix(v, 'the pod CIDR');
        if (overlaps(c.podCidr, c.serviceCidr))
          throw new OpError(`overlaps the service CIDR ${c.serviceCidr}`);
        const len = prefixLength(v);
        if (c.cni === 'cilium' && c.podCidrMaskSize < len)
          throw new OpError(`the per-node mask /${c.podCidrMaskSize} does not fit in /${len}`);
        if (c.cni === 'calico' && c.calico && c.calico.blockSize < len)
          throw new OpError(`the Calico block /${c.calico.blockSize} does not fit in /${len}`);
        break;
      }
      case 'serviceCidr':
        c.serviceCidr = v4Prefix(v, 'the service CIDR');
        if (overlaps(c.podCidr, c.serviceCidr))
          throw new OpError(`overlaps the pod CIDR ${c.podCidr}`);
        break;
      case 'podCidrMaskSize':
        c.podCidrMaskSize = whole(v, 'the per-node mask size', prefixLength(c.podCidr), 32);
        break;
      case 'ciliumVersion':
        if (!c.cilium) throw new OpError(`${cluster} has no Cilium settings`);
        checkCiliumVersion(v, c.cilium.bgpApi);
        c.cilium.version = v;
        break;
      case 'calicoAsn': {
        if (!c.calico) throw new OpError(`${cluster} has no Calico settings`);
        const old = c.calico.asn;
        c.calico.asn = parseAsn(v);
        followNodeAs(next, c, old, c.calico.asn);
        break;
      }
      case 'calicoBlockSize':
        if (!c.calico) throw new OpError(`${cluster} has no Calico settings`);
        c.calico.blockSize = whole(v, 'the block size', Math.max(20, prefixLength(c.podCidr)), 32);
        c.podCidrMaskSize = c.calico.blockSize;
        break;
      case 'serviceClusterIps': {
        if (!c.calico) throw new OpError(`${cluster} has no Calico settings`);
        const list = v === '' ? [] : v.split(/[\s,]+/);
        for (const p of list) v4Prefix(p, p);
        c.calico.serviceClusterIps = list;
        break;
      }
    }
  });
}

/** Routers that named the nodes' old AS as their remote-as now name the new one. */
function followNodeAs(lab: Lab, c: Cluster, old: number, asn: number): void {
  if (old === asn) return;
  const nodeAddrs = new Set(
    clusterNodes(lab, c.name).flatMap((n) => n.interfaces.flatMap((i) => i.addresses.map(hostOf))),
  );
  for (const d of lab.devices)
    if (d.kind === 'router' && d.bgp)
      for (const n of d.bgp.neighbors)
        if (nodeAddrs.has(n.peer) && n.remoteAs === old) n.remoteAs = asn;
}

/** Routers peering the cluster's nodes name the nodes' AS as remote-as (`internal` if their own). */
function routersFollowNodeAs(lab: Lab, c: Cluster, asn: number): void {
  const nodeAddrs = new Set(
    clusterNodes(lab, c.name).flatMap((n) => n.interfaces.flatMap((i) => i.addresses.map(hostOf))),
  );
  for (const d of lab.devices)
    if (d.kind === 'router' && d.bgp) {
      const own = d.bgp.asn;
      for (const n of d.bgp.neighbors)
        if (nodeAddrs.has(n.peer)) n.remoteAs = asn === own ? 'internal' : asn;
    }
}

function ciliumFromCalico(calico: CalicoConfig | undefined): CiliumConfig {
  return {
    version: '1.16.5',
    bgpApi: 'peering-policy',
    routingMode: 'native',
    autoDirectNodeRoutes: false,
    ipamMode: 'kubernetes',
    kubeProxyReplacement: false,
    policies: (calico?.peers ?? []).map((p) => ({
      name: p.name,
      nodeSelector: { ...p.nodeSelector },
      localAsn: calico?.asn ?? 64512,
      exportPodCidr: true,
      neighbors: [{ peerAddress: `${p.peerIp}/32`, peerAsn: p.asNumber }],
    })),
  };
}

/**
 * Calico nodes share one AS (BGPConfiguration asNumber): the policies' local AS when they agree
 * (a node iBGP with its ToR stays iBGP), else Calico's default 64512, peering eBGP.
 */
function calicoFromCilium(cilium: CiliumConfig | undefined): CalicoConfig {
  const policies = cilium?.policies ?? [];
  const ases = new Set(policies.map((p) => p.localAsn));
  return {
    asn: ases.size === 1 ? (policies[0]?.localAsn ?? 64512) : 64512,
    nodeToNodeMesh: false,
    blockSize: 26,
    advertise: 'blocks',
    peers: policies.flatMap((p) =>
      p.neighbors.map((n, i) => ({
        name: p.neighbors.length > 1 ? `${p.name}-${i + 1}` : p.name,
        nodeSelector: { ...p.nodeSelector },
        peerIp: hostOf(n.peerAddress),
        asNumber: n.peerAsn,
      })),
    ),
    serviceClusterIps: [],
  };
}

/**
 * Switches the cluster's CNI, carrying its BGP peerings over (a Cilium policy's neighbours
 * become Calico BGPPeers and back), so the fabric's sessions stay up. Calico's node AS is one
 * for the whole cluster, so nodes that were iBGP with ToRs of different ASes become AS 64512
 * peering eBGP, and the ToRs' neighbour statements follow.
 */
export function setClusterCni(lab: Lab, cluster: string, cni: Cni): Lab {
  return withCluster(lab, cluster, (c, next) => {
    if (c.cni === cni) return;
    if (cni === 'calico') {
      c.calico = calicoFromCilium(c.cilium);
      c.podCidrMaskSize = c.calico.blockSize;
      delete c.cilium;
      routersFollowNodeAs(next, c, c.calico.asn);
    } else {
      c.cilium = ciliumFromCalico(c.calico);
      c.podCidrMaskSize = 24;
      delete c.calico;
    }
    c.cni = cni;
  });
}

export type ClusterChoice =
  | { field: 'bgpApi'; value: CiliumBgpApi }
  | { field: 'routingMode'; value: CiliumConfig['routingMode'] }
  | { field: 'ipamMode'; value: CiliumConfig['ipamMode'] }
  | { field: 'advertise'; value: CalicoConfig['advertise'] }
  | { field: 'autoDirectNodeRoutes' | 'kubeProxyReplacement' | 'nodeToNodeMesh'; value: boolean };

export function setClusterChoice(lab: Lab, cluster: string, choice: ClusterChoice): Lab {
  return withCluster(lab, cluster, (c) => {
    const cilium = (): CiliumConfig => {
      if (!c.cilium) throw new OpError(`${cluster} has no Cilium settings`);
      return c.cilium;
    };
    const calico = (): CalicoConfig => {
      if (!c.calico) throw new OpError(`${cluster} has no Calico settings`);
      return c.calico;
    };
    switch (choice.field) {
      case 'bgpApi':
        checkCiliumVersion(cilium().version, choice.value);
        cilium().bgpApi = choice.value;
        break;
      case 'routingMode':
        cilium().routingMode = choice.value;
        break;
      case 'ipamMode':
        cilium().ipamMode = choice.value;
        break;
      case 'autoDirectNodeRoutes':
      case 'kubeProxyReplacement':
        cilium()[choice.field] = choice.value;
        break;
      case 'advertise':
        calico().advertise = choice.value;
        break;
      case 'nodeToNodeMesh':
        calico().nodeToNodeMesh = choice.value;
        break;
    }
  });
}

// ------------------------------------------------------------------ LoadBalancer pools

export function addLbPool(lab: Lab, cluster: string): Lab {
  return withCluster(lab, cluster, (c) => {
    let i = c.loadBalancerPools.length + 1;
    while (c.loadBalancerPools.some((p) => p.name === `pool${i}`)) i++;
    // 172.18.255.0/24-style pools are what kind users carve out of the docker network; this one
    // is kept apart from the lab's own pools (templates.ts) so it never overlaps a link.
    c.loadBalancerPools.push({ name: `pool${i}`, cidr: `10.200.${i - 1}.0/28` });
  });
}

export function setLbPool(
  lab: Lab,
  cluster: string,
  index: number,
  field: 'name' | 'cidr',
  text: string,
): Lab {
  const v = text.trim();
  return withCluster(lab, cluster, (c) => {
    const p = c.loadBalancerPools[index];
    if (!p) throw new OpError(`no pool #${index}`);
    if (field === 'name') {
      if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v))
        throw new OpError('a Kubernetes name: lower-case letters, digits, - and .');
      if (c.loadBalancerPools.some((x, i) => i !== index && x.name === v))
        throw new OpError(`pool ${v} exists`);
      p.name = v;
    } else {
      p.cidr = v4Prefix(v, 'a pool');
      for (const other of [c.podCidr, c.serviceCidr])
        if (overlaps(p.cidr, other)) throw new OpError(`overlaps ${other}`);
    }
  });
}

export function removeLbPool(lab: Lab, cluster: string, index: number): Lab {
  return withCluster(lab, cluster, (c) => {
    if (!c.loadBalancerPools[index]) throw new OpError(`no pool #${index}`);
    c.loadBalancerPools.splice(index, 1);
  });
}

// ------------------------------------------------------------------ services

export function addService(lab: Lab, cluster: string): Lab {
  return withCluster(lab, cluster, (c) => {
    let i = c.services.length + 1;
    while (c.services.some((s) => s.name === `svc${i}`)) i++;
    c.services.push({ name: `svc${i}`, type: 'LoadBalancer' });
  });
}

export function setService(
  lab: Lab,
  cluster: string,
  index: number,
  field: 'name' | 'type' | 'ip',
  text: string,
): Lab {
  const v = text.trim();
  return withCluster(lab, cluster, (c) => {
    const s: Service | undefined = c.services[index];
    if (!s) throw new OpError(`no service #${index}`);
    if (field === 'name') {
      if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v))
        throw new OpError('a Service name: lower-case letters, digits and -');
      if (c.services.some((x, i) => i !== index && x.name === v))
        throw new OpError(`service ${v} exists`);
      s.name = v;
    } else if (field === 'type') {
      if (v !== 'LoadBalancer' && v !== 'ClusterIP') throw new OpError('LoadBalancer or ClusterIP');
      s.type = v;
    } else if (v === '') {
      delete s.ip;
    } else {
      if (!isIpv4(v)) throw new OpError('an IPv4 address, or empty for the next free pool address');
      s.ip = v;
    }
  });
}

export function removeService(lab: Lab, cluster: string, index: number): Lab {
  return withCluster(lab, cluster, (c) => {
    if (!c.services[index]) throw new OpError(`no service #${index}`);
    c.services.splice(index, 1);
  });
}
