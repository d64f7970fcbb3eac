import type { Bridge } from '../../../src/model';
import { linkId } from '../../../src/model';
import { addRouter, bgpOf, corpus, newLab } from './build';

/**
 * Two route reflectors sharing cluster-id 10.255.0.1, two clients peering both, and the
 * reflectors peering each other (non-clients) — all on one L2 segment (a Linux bridge), so every
 * next hop is on-link. c1's prefix reaches rr2 directly and reflected by rr1; rr2 drops the
 * reflected copy (its cluster-id is in CLUSTER_LIST: RFC 4456 loop check). c2 gets it from both
 * reflectors, next hop unchanged (c1).
 */
export function rrCluster() {
  const lab = newLab('rr-cluster', 'two RRs, one cluster-id, loop check on CLUSTER_LIST');
  const names = ['rr1', 'rr2', 'c1', 'c2'];
  const br: Bridge = {
    kind: 'bridge',
    name: 'sw',
    role: 'bridge',
    interfaces: [],
    staticRoutes: [],
    labels: {},
  };
  lab.devices.push(br);
  names.forEach((n, i) => {
    const r = addRouter(lab, n, {
      asn: 65000,
      loopback: `10.0.0.${i + 1}/32`,
      role: n.startsWith('rr') ? 'route-reflector' : 'router',
    });
    r.interfaces.push({ name: 'eth1', addresses: [`10.9.0.${i + 1}/24`] });
    br.interfaces.push({ name: `p${i + 1}`, addresses: [] });
    const a = { device: n, interface: 'eth1' };
    const b = { device: 'sw', interface: `p${i + 1}` };
    lab.links.push({ id: linkId(a, b), a, b });
  });
  for (const rr of ['rr1', 'rr2']) {
    const bgp = bgpOf(lab, rr);
    bgp.clusterId = '10.255.0.1';
    bgp.neighbors.push(
      { peer: '10.9.0.3', remoteAs: 65000, routeReflectorClient: true },
      { peer: '10.9.0.4', remoteAs: 65000, routeReflectorClient: true },
      { peer: rr === 'rr1' ? '10.9.0.2' : '10.9.0.1', remoteAs: 65000 },
    );
  }
  for (const c of ['c1', 'c2']) {
    bgpOf(lab, c).neighbors.push(
      { peer: '10.9.0.1', remoteAs: 65000 },
      { peer: '10.9.0.2', remoteAs: 65000 },
    );
  }
  const c1 = lab.devices.find((d) => d.name === 'c1');
  c1?.interfaces.push({ name: 'stub0', loopback: true, addresses: ['172.16.1.1/24'] });
  bgpOf(lab, 'c1').networks.push('172.16.1.0/24');
  lab.expectations.push(
    {
      kind: 'route',
      name: 'c2 via c1',
      device: 'c2',
      prefix: '172.16.1.0/24',
      nextHopDevices: ['c1'],
    },
    { kind: 'reach', name: 'c2 reaches c1 stub', from: 'c2', to: '172.16.1.1' },
  );
  return corpus('rr-cluster', lab);
}
