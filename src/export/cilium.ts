/**
 * Cilium Helm values and BGP resources for the Cilium release the lab targets. The resource
 * flavour follows `CiliumConfig.bgpApi`, the API version follows the release:
 * legacy MetalLB `bgp-config` ConfigMap; `CiliumBGPPeeringPolicy` (cilium.io/v2alpha1);
 * BGPv2 ClusterConfig/PeerConfig/Advertisement (v2alpha1 in 1.16–1.17, cilium.io/v2 from 1.18).
 */
import { toYaml } from './yaml';
import { serviceAddresses } from '../model';
import type { CiliumBgpApi, CiliumBgpPolicy, CiliumConfig, Cluster } from '../model';
import { sanitizeDnsName, validAsn, validIpv4, validIpv4Cidr, validLabel } from './names';
import type { ClusterPlan, ExportPlan } from './plan';

export type Manifest = Record<string, unknown>;

/** "1.17" / "v1.17.3" → [1, 17]; unknown → [1, 17]. */
export function ciliumMinor(version: string): [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : [1, 17];
}

const atLeast = (v: [number, number], major: number, minor: number): boolean =>
  v[0] > major || (v[0] === major && v[1] >= minor);

export function ciliumVersion(plan: ExportPlan, c: Cluster): string {
  return plan.options.ciliumVersion ?? c.cilium?.version ?? '1.17';
}

/**
 * The BGP API the chosen release really serves, and why it differs from the lab's choice:
 * - MetalLB-based BGP (`bgp-config` ConfigMap, Helm `bgp.enabled`) was deprecated in 1.14 and
 *   removed in 1.17 (cilium/cilium PR #36191; docs.cilium.io/en/v1.17/operations/upgrade/,
 *   "Removed Options": `bgp-config-path`, `bgp-announce-lb-ip`, `bgp-announce-pod-cidr`).
 * - `CiliumBGPPeeringPolicy` (BGP control plane v1) arrived with the control plane in 1.12, is
 *   deprecated in 1.18 (PR #38397) and removed in 1.19 (PR #42278).
 * - BGPv2 (`CiliumBGPClusterConfig` & co.) arrived in 1.16 as cilium.io/v2alpha1.
 * The model's policies are flavour-neutral, so a choice the release lacks is written in the
 * nearest flavour it has, and the README says so.
 */
export function effectiveBgpApi(
  api: CiliumBgpApi,
  v: [number, number],
): { api: CiliumBgpApi; note?: string } {
  const name = `Cilium ${v[0]}.${v[1]}`;
  const nearest = (): CiliumBgpApi =>
    atLeast(v, 1, 16) ? 'bgpv2' : atLeast(v, 1, 12) ? 'peering-policy' : 'legacy-metallb';
  if (api === 'none') return { api };
  if (api === 'legacy-metallb' && atLeast(v, 1, 17))
    return { api: 'bgpv2', note: `${name} has no MetalLB-based BGP (removed in 1.17)` };
  if (api === 'peering-policy' && atLeast(v, 1, 19))
    return { api: 'bgpv2', note: `${name} has no CiliumBGPPeeringPolicy (removed in 1.19)` };
  if (api === 'peering-policy' && !atLeast(v, 1, 12))
    return { api: nearest(), note: `${name} predates the BGP control plane (1.12)` };
  if (api === 'bgpv2' && !atLeast(v, 1, 16))
    return { api: nearest(), note: `${name} predates the BGPv2 resources (1.16)` };
  return { api };
}

/** README caveats about the Cilium resources of one cluster. */
export function ciliumNotes(plan: ExportPlan, cp: ClusterPlan): string[] {
  const cfg = cp.cluster.cilium;
  if (!cfg) return [];
  const v = ciliumMinor(ciliumVersion(plan, cp.cluster));
  const eff = effectiveBgpApi(cfg.bgpApi, v);
  const out: string[] = [];
  if (eff.note)
    out.push(`${cp.kindName}: ${eff.note}; its BGP policies are written as ${eff.api} resources.`);
  for (const p of cfg.policies.filter((x) => !selectorExportable(x.nodeSelector)))
    out.push(
      `${cp.kindName}: BGP policy ${sanitizeDnsName(p.name, 60, 'policy')} selects nodes by a label kind cannot set; left out.`,
    );
  if (eff.api === 'peering-policy' && atLeast(v, 1, 18))
    out.push(`${cp.kindName}: CiliumBGPPeeringPolicy is deprecated in Cilium 1.18; prefer bgpv2.`);
  return out;
}

/** Helm `--version`: a bare minor ("1.17") means its newest patch release. */
export function helmChartVersion(version: string): string {
  const v = version.replace(/^v/, '');
  return /^\d+\.\d+$/.test(v) ? `${v}.x` : v;
}

/**
 * Whether every label a node selector names can exist on an exported node: kind.ts writes only
 * valid labels, so a selector on any other label matches no node of the real cluster — and
 * dropping just that term would widen it to nodes the lab never meant.
 */
export const selectorExportable = (sel: Record<string, string>): boolean =>
  Object.entries(sel).every(([k, v]) => validLabel(k, v));

const selectorLabels = (sel: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(sel).filter(([k, v]) => validLabel(k, v)));

/** Selects every service: the documented Cilium idiom (a NotIn on a label nobody sets). */
const ALL_SERVICES = {
  matchExpressions: [{ key: 'routelab.io/never', operator: 'NotIn', values: ['never'] }],
};

export function buildCiliumValues(plan: ExportPlan, cp: ClusterPlan): Record<string, unknown> {
  const c = cp.cluster;
  const cfg: CiliumConfig | undefined = c.cilium;
  const v = ciliumMinor(ciliumVersion(plan, c));
  const native = (cfg?.routingMode ?? 'native') === 'native';
  const values: Record<string, unknown> = {};
  // `tunnel` was replaced by `routingMode`/`tunnelProtocol` in 1.14 (PR #24561) and removed in
  // 1.15 (docs.cilium.io/en/v1.15/operations/upgrade/#helm-options).
  if (atLeast(v, 1, 14)) {
    values.routingMode = native ? 'native' : 'tunnel';
    if (!native) values.tunnelProtocol = 'vxlan';
  } else values.tunnel = native ? 'disabled' : 'vxlan';
  if (native && validIpv4Cidr(c.podCidr)) values.ipv4NativeRoutingCIDR = c.podCidr;
  values.autoDirectNodeRoutes = cfg?.autoDirectNodeRoutes ?? false;
  const ipamMode = cfg?.ipamMode ?? 'kubernetes';
  values.ipam =
    ipamMode === 'kubernetes'
      ? { mode: 'kubernetes' }
      : {
          mode: 'cluster-pool',
          operator: {
            clusterPoolIPv4PodCIDRList: [c.podCidr],
            clusterPoolIPv4MaskSize: c.podCidrMaskSize,
          },
        };
  if (ipamMode === 'kubernetes') values.k8s = { requireIPv4PodCIDR: true };
  const kpr = cfg?.kubeProxyReplacement ?? false;
  // 1.14 replaced `strict`/`disabled` with true/false (PR #26577, upgrade notes 1.14).
  values.kubeProxyReplacement = atLeast(v, 1, 14) ? kpr : kpr ? 'strict' : 'disabled';
  if (kpr) {
    // Without kube-proxy the agent cannot reach the API through the service IP.
    values.k8sServiceHost = `${cp.kindName}-control-plane`;
    values.k8sServicePort = 6443;
  }
  const api = effectiveBgpApi(cfg?.bgpApi ?? 'none', v).api;
  if (api === 'legacy-metallb')
    values.bgp = {
      enabled: true,
      announce: {
        loadbalancerIP: true,
        podCIDR: cfg?.policies.some((p) => p.exportPodCidr) ?? false,
      },
    };
  if (api === 'peering-policy' || api === 'bgpv2') values.bgpControlPlane = { enabled: true };
  values.operator = { replicas: 1 };
  return values;
}

function peers(p: CiliumBgpPolicy): CiliumBgpPolicy['neighbors'] {
  return p.neighbors.filter(
    (n) => validIpv4(n.peerAddress.split('/')[0] ?? '') && validAsn(n.peerAsn),
  );
}

function legacyConfigMap(c: Cluster, cfg: CiliumConfig): Manifest {
  const config = {
    peers: cfg.policies.flatMap((p) =>
      validAsn(p.localAsn)
        ? peers(p).map((n) => ({
            'peer-address': n.peerAddress.split('/')[0],
            'peer-asn': n.peerAsn,
            'my-asn': p.localAsn,
            ...(Object.keys(selectorLabels(p.nodeSelector)).length > 0
              ? { 'node-selectors': [{ 'match-labels': selectorLabels(p.nodeSelector) }] }
              : {}),
          }))
        : [],
    ),
    'address-pools': c.loadBalancerPools
      .filter((p) => validIpv4Cidr(p.cidr))
      .map((p) => ({
        name: sanitizeDnsName(p.name, 40, 'pool'),
        protocol: 'bgp',
        addresses: [p.cidr],
      })),
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'bgp-config', namespace: 'kube-system' },
    data: { 'config.yaml': toYaml(config) },
  };
}

function peeringPolicy(p: CiliumBgpPolicy, c: Cluster, v: [number, number]): Manifest {
  const vr: Record<string, unknown> = {
    localASN: p.localAsn,
    exportPodCIDR: p.exportPodCidr,
    neighbors: peers(p).map((n) => ({
      peerAddress: `${n.peerAddress.split('/')[0] ?? ''}/32`,
      peerASN: n.peerAsn,
      ...(n.multihop ? { eBGPMultihopTTL: n.multihop } : {}),
    })),
  };
  // Service announcements (and LB-IPAM) arrived in 1.13.
  if (
    p.advertiseLoadBalancerIps &&
    atLeast(v, 1, 13) &&
    c.services.some((s) => s.type === 'LoadBalancer')
  )
    vr.serviceSelector = ALL_SERVICES;
  return {
    apiVersion: 'cilium.io/v2alpha1',
    kind: 'CiliumBGPPeeringPolicy',
    metadata: { name: sanitizeDnsName(p.name, 60, 'policy') },
    spec: { nodeSelector: { matchLabels: selectorLabels(p.nodeSelector) }, virtualRouters: [vr] },
  };
}

function bgpV2(p: CiliumBgpPolicy, apiVersion: string): Manifest[] {
  const name = sanitizeDnsName(p.name, 50, 'policy');
  const peerName = (i: number): string => `${name}-peer${i}`;
  const ps = peers(p);
  const cluster: Manifest = {
    apiVersion,
    kind: 'CiliumBGPClusterConfig',
    metadata: { name },
    spec: {
      nodeSelector: { matchLabels: selectorLabels(p.nodeSelector) },
      bgpInstances: [
        {
          name: `instance-${p.localAsn}`,
          localASN: p.localAsn,
          peers: ps.map((n, i) => ({
            name: peerName(i),
            peerASN: n.peerAsn,
            peerAddress: n.peerAddress.split('/')[0],
            peerConfigRef: { name },
          })),
        },
      ],
    },
  };
  const multihop = ps.find((n) => n.multihop)?.multihop;
  const peerConfig: Manifest = {
    apiVersion,
    kind: 'CiliumBGPPeerConfig',
    metadata: { name },
    spec: {
      ...(multihop ? { ebgpMultihop: multihop } : {}),
      families: [
        { afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: name } } },
      ],
    },
  };
  const advertisements: Record<string, unknown>[] = [];
  if (p.exportPodCidr) advertisements.push({ advertisementType: 'PodCIDR' });
  if (p.advertiseLoadBalancerIps)
    advertisements.push({
      advertisementType: 'Service',
      service: { addresses: ['LoadBalancerIP'] },
      selector: ALL_SERVICES,
    });
  const adv: Manifest = {
    apiVersion,
    kind: 'CiliumBGPAdvertisement',
    metadata: { name, labels: { advertise: name } },
    spec: { advertisements },
  };
  return [cluster, peerConfig, adv];
}

/** The BGP resources for the cluster's chosen API (empty when it speaks no BGP). */
export function buildCiliumBgp(plan: ExportPlan, cp: ClusterPlan): Manifest[] {
  const c = cp.cluster;
  const cfg = c.cilium;
  if (!cfg || cfg.bgpApi === 'none') return [];
  const v = ciliumMinor(ciliumVersion(plan, c));
  const api = effectiveBgpApi(cfg.bgpApi, v).api;
  // MetalLB-based BGP announced every LoadBalancer IP; keep that when it is written as BGPv2.
  const policies = cfg.policies
    .filter((p) => validAsn(p.localAsn) && selectorExportable(p.nodeSelector))
    .map((p) => (cfg.bgpApi === 'legacy-metallb' ? { ...p, advertiseLoadBalancerIps: true } : p));
  if (api === 'legacy-metallb') return [legacyConfigMap(c, { ...cfg, policies })];
  if (api === 'peering-policy') return policies.map((p) => peeringPolicy(p, c, v));
  // BGPv2 was promoted to cilium.io/v2 in 1.18 (PR #37765); v2alpha1 stays served, deprecated.
  const apiVersion = atLeast(v, 1, 18) ? 'cilium.io/v2' : 'cilium.io/v2alpha1';
  return policies.flatMap((p) => bgpV2(p, apiVersion));
}

/** LB-IPAM pools (not for the legacy MetalLB flavour, whose pools live in its ConfigMap). */
export function buildCiliumLbPools(plan: ExportPlan, cp: ClusterPlan): Manifest[] {
  const c = cp.cluster;
  if (!c.cilium) return [];
  const v = ciliumMinor(ciliumVersion(plan, c));
  if (effectiveBgpApi(c.cilium.bgpApi, v).api === 'legacy-metallb') return [];
  // LB-IPAM arrived in 1.13 (release notes v1.13.0: "Add LoadBalancer IP address management").
  if (!atLeast(v, 1, 13)) return [];
  // Promoted to cilium.io/v2 in 1.18 (PR #39090, CFP #39110 "Cilium Release: 1.18").
  const apiVersion = atLeast(v, 1, 18) ? 'cilium.io/v2' : 'cilium.io/v2alpha1';
  return c.loadBalancerPools
    .filter((p) => validIpv4Cidr(p.cidr))
    .map((p) => ({
      apiVersion,
      kind: 'CiliumLoadBalancerIPPool',
      metadata: { name: sanitizeDnsName(p.name, 60, 'pool') },
      // `blocks` and `allowFirstLastIPs` arrived in 1.15, `cidrs` was removed in 1.16 (PR #33151).
      // routelab may predict a pool's first address; before 1.16 LB-IPAM reserved it by default.
      spec: atLeast(v, 1, 15)
        ? { blocks: [{ cidr: p.cidr }], allowFirstLastIPs: 'Yes' }
        : { cidrs: [{ cidr: p.cidr }] },
    }));
}

/** The address a LoadBalancer service should get (routelab's prediction), pinned on export. */
export function serviceIp(c: Cluster, name: string): string | undefined {
  const ip = serviceAddresses(c).get(name);
  return ip && validIpv4(ip) ? ip : undefined;
}
