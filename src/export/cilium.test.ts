/**
 * GIVEN a Cilium release and the lab's BGP API, WHEN the exporter picks the resources, THEN it
 * uses only what that release serves. Expected versions come from the Cilium sources cited in
 * cilium.ts: MetalLB BGP removed in 1.17 (cilium/cilium PR #36191), the BGP control plane and
 * CiliumBGPPeeringPolicy from 1.12 until their removal in 1.19 (PR #42278), BGPv2 from 1.16
 * (v2alpha1) and cilium.io/v2 from 1.18 (PR #37765), LB-IPAM pools from 1.13, `blocks` from 1.15
 * with `cidrs` removed in 1.16 (PR #33151) and cilium.io/v2 pools from 1.18 (PR #39090),
 * `routingMode` from 1.14 (PR #24561), boolean kubeProxyReplacement from 1.14 (PR #26577).
 */
import { describe, expect, it } from 'vitest';
import {
  buildCiliumBgp,
  buildCiliumLbPools,
  buildCiliumValues,
  ciliumNotes,
  effectiveBgpApi,
} from './cilium';
import { ciliumTorLab } from './fixtures';
import { planExport } from './plan';

function build(api: 'legacy-metallb' | 'peering-policy' | 'bgpv2', version: string) {
  const plan = planExport(ciliumTorLab(api, version));
  const cp = plan.clusters[0];
  if (!cp) throw new Error('no cluster');
  const kinds = buildCiliumBgp(plan, cp).map((d) => `${String(d.apiVersion)} ${String(d.kind)}`);
  const pools = buildCiliumLbPools(plan, cp);
  return { kinds: [...new Set(kinds)], pools, values: buildCiliumValues(plan, cp) };
}

describe('Cilium version gates', () => {
  it.each([
    ['legacy-metallb', [1, 16], 'legacy-metallb'],
    ['legacy-metallb', [1, 17], 'bgpv2'],
    ['peering-policy', [1, 11], 'legacy-metallb'],
    ['peering-policy', [1, 12], 'peering-policy'],
    ['peering-policy', [1, 18], 'peering-policy'],
    ['peering-policy', [1, 19], 'bgpv2'],
    ['bgpv2', [1, 15], 'peering-policy'],
    ['bgpv2', [1, 16], 'bgpv2'],
  ] as const)('%s on %j is written as %s', (api, v, want) => {
    expect(effectiveBgpApi(api, [v[0], v[1]]).api).toBe(want);
  });

  it('writes BGPv2 as v2alpha1 before 1.18 and as cilium.io/v2 from 1.18', () => {
    expect(build('bgpv2', '1.17').kinds).toEqual([
      'cilium.io/v2alpha1 CiliumBGPClusterConfig',
      'cilium.io/v2alpha1 CiliumBGPPeerConfig',
      'cilium.io/v2alpha1 CiliumBGPAdvertisement',
    ]);
    expect(build('peering-policy', '1.19').kinds).toEqual([
      'cilium.io/v2 CiliumBGPClusterConfig',
      'cilium.io/v2 CiliumBGPPeerConfig',
      'cilium.io/v2 CiliumBGPAdvertisement',
    ]);
  });

  it('keeps MetalLB’s LoadBalancer announcements when it has to write BGPv2', () => {
    const plan = planExport(ciliumTorLab('legacy-metallb', '1.17'));
    const cp = plan.clusters[0];
    if (!cp) throw new Error('no cluster');
    const adv = buildCiliumBgp(plan, cp).filter((d) => d.kind === 'CiliumBGPAdvertisement');
    // Both fixture policies; only rack0 asks for LB IPs itself, MetalLB announced them for all.
    for (const a of adv) expect(JSON.stringify(a.spec)).toContain('"advertisementType":"Service"');
    expect(adv).toHaveLength(2);
  });

  it('LB-IPAM pools: none before 1.13, cidrs until 1.14, blocks from 1.15, v2 from 1.18', () => {
    expect(build('peering-policy', '1.12').pools).toEqual([]);
    expect(build('peering-policy', '1.14').pools[0]?.spec).toEqual({
      cidrs: [{ cidr: '192.0.2.0/24' }],
    });
    const p115 = build('peering-policy', '1.15').pools[0];
    expect(p115?.apiVersion).toBe('cilium.io/v2alpha1');
    expect(p115?.spec).toMatchObject({ blocks: [{ cidr: '192.0.2.0/24' }] });
    expect(build('bgpv2', '1.18').pools[0]?.apiVersion).toBe('cilium.io/v2');
  });

  it('routingMode and boolean kubeProxyReplacement from 1.14, tunnel/strict before', () => {
    const v13 = build('peering-policy', '1.13').values;
    expect(v13).toMatchObject({ tunnel: 'disabled', kubeProxyReplacement: 'strict' });
    expect(v13.routingMode).toBeUndefined();
    const v14 = build('peering-policy', '1.14').values;
    expect(v14).toMatchObject({ routingMode: 'native', kubeProxyReplacement: true });
    expect(v14.tunnel).toBeUndefined();
  });

  it('enables the BGP control plane only for the flavour the release really gets', () => {
    expect(build('legacy-metallb', '1.16').values.bgpControlPlane).toBeUndefined();
    expect(build('legacy-metallb', '1.17').values.bgpControlPlane).toEqual({ enabled: true });
    expect(build('legacy-metallb', '1.17').values.bgp).toBeUndefined();
  });
});

describe('policies whose node selector cannot be exported', () => {
  it('are left out (not widened to every node) and the README says so', () => {
    const lab = ciliumTorLab('bgpv2', '1.17');
    const policy = lab.clusters[0]?.cilium?.policies[1];
    if (!policy) throw new Error('fixture changed');
    // kind.ts writes only valid labels, so no real node can carry this one.
    policy.nodeSelector = { rack: 'rack1', 'bad key': '$(touch pwned)' };
    const plan = planExport(lab);
    const cp = plan.clusters[0];
    if (!cp) throw new Error('no cluster');
    const clusters = buildCiliumBgp(plan, cp).filter((d) => d.kind === 'CiliumBGPClusterConfig');
    expect(clusters.map((d) => (d.metadata as { name: string }).name)).toEqual(['rack0']);
    expect(ciliumNotes(plan, cp)).toEqual([
      'bgp-cplane: BGP policy rack1 selects nodes by a label kind cannot set; left out.',
    ]);
  });
});
