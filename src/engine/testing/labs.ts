/** Seed-derived labs for engine tests (configs from /work/shared/seeds). */
import type { Lab } from '../../model';
import { labBuilder } from './build';

/**
 * Seed 003: FRR ToRs + Cilium BGP control plane. router0 AS65000 (traditional profile with
 * `no bgp ebgp-requires-policy`, default-originate, redistribute connected) unnumbered to tor0
 * AS65010 / tor1 AS65011 (`frr defaults datacenter`); each ToR iBGP (peer-group SERVERS, remote-as
 * internal) to two kind nodes, which peer with the ToR loopback through their default route.
 */
export function frrTorCiliumLab(): Lab {
  const b = labBuilder('seed-frr-tor');
  const group = { name: 'ROUTERS', remoteAs: 'external' as const, defaultOriginate: true };
  b.router('router0', {
    asn: 65000,
    lo: '10.0.0.0/32',
    routerId: '10.0.0.0',
    profile: 'traditional',
    bgp: {
      ebgpRequiresPolicy: false,
      peerGroups: [group],
      redistribute: [{ source: 'connected' }],
    },
  });
  b.static('router0', { prefix: '10.0.0.0/8', blackhole: true });
  for (const [tor, asn, lo] of [
    ['tor0', 65010, '10.0.0.1'],
    ['tor1', 65011, '10.0.0.2'],
  ] as const) {
    b.router(tor, {
      asn,
      lo: `${lo}/32`,
      routerId: lo,
      profile: 'datacenter',
      bgp: {
        ebgpRequiresPolicy: false,
        peerGroups: [
          { name: 'ROUTERS', remoteAs: 'external' },
          { name: 'SERVERS', remoteAs: 'internal' },
        ],
        redistribute: [{ source: 'connected' }],
      },
    });
    const [ir, it] = b.link('router0', tor);
    for (const [d, i] of [
      ['router0', ir],
      [tor, it],
    ] as const) {
      const iface = b.device(d).interfaces.find((x) => x.name === i);
      if (iface) iface.unnumbered = true;
      b.neighbor(d, i, { interface: true, peerGroup: 'ROUTERS' });
    }
  }
  const nodes = [
    ['control-plane', 'tor0', '10.0.1', 'rack0'],
    ['worker', 'tor0', '10.0.2', 'rack0'],
    ['worker2', 'tor1', '10.0.3', 'rack1'],
    ['worker3', 'tor1', '10.0.4', 'rack1'],
  ] as const;
  for (const [n, tor, net, rack] of nodes) {
    b.node(n, 'kind', { rack }, n === 'control-plane' ? { k8sRole: 'control-plane' } : {});
    b.link(tor, n);
    const tIf = b.device(tor).interfaces.at(-1);
    const nIf = b.device(n).interfaces.at(-1);
    if (tIf) tIf.addresses = [`${net}.1/24`];
    if (nIf) nIf.addresses = [`${net}.2/24`];
    b.static(n, { prefix: '0.0.0.0/0', via: `${net}.1` });
    b.neighbor(tor, `${net}.2`, { peerGroup: 'SERVERS' });
  }
  b.lab.clusters.push({
    name: 'kind',
    cni: 'cilium',
    podCidr: '10.1.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    loadBalancerPools: [],
    services: [],
    cilium: {
      version: '1.13',
      bgpApi: 'peering-policy',
      routingMode: 'native',
      autoDirectNodeRoutes: false,
      ipamMode: 'kubernetes',
      kubeProxyReplacement: false,
      policies: [
        {
          name: 'rack0',
          nodeSelector: { rack: 'rack0' },
          localAsn: 65010,
          exportPodCidr: true,
          neighbors: [{ peerAddress: '10.0.0.1/32', peerAsn: 65010 }],
        },
        {
          name: 'rack1',
          nodeSelector: { rack: 'rack1' },
          localAsn: 65011,
          exportPodCidr: true,
          neighbors: [{ peerAddress: '10.0.0.2/32', peerAsn: 65011 }],
        },
      ],
    },
  });
  return b.lab;
}
