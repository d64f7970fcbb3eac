import { addRouter, connect, corpus, newLab, peer, bgpOf } from './build';

/**
 * Unnumbered spine/leaf: two spines in AS65100, three leaves (AS65001–65003), every link
 * unnumbered (IPv6 link-local, RFC 5549), leaves `redistribute connected` their loopbacks.
 * A leaf reaches another leaf's loopback over both spines: the same neighbour AS, so ECMP
 * without multipath-relax. The trace answers from loopbacks (unnumbered routers have no other
 * IPv4 address).
 */
export function unnumberedClos() {
  const lab = newLab('unnumbered-clos', 'unnumbered spine/leaf, ECMP over both spines');
  for (const s of [1, 2])
    addRouter(lab, `spine${s}`, { asn: 65100, loopback: `10.0.0.${s}/32`, role: 'spine' });
  for (const l of [1, 2, 3]) {
    addRouter(lab, `leaf${l}`, { asn: 65000 + l, loopback: `10.0.1.${l}/32`, role: 'leaf' });
    bgpOf(lab, `leaf${l}`).redistribute.push({ source: 'connected' });
    for (const s of [1, 2])
      peer(lab, `leaf${l}`, `spine${s}`, connect(lab, `leaf${l}`, `spine${s}`, null));
  }
  lab.expectations.push(
    {
      kind: 'route',
      name: 'leaf1 ecmp to leaf3',
      device: 'leaf1',
      prefix: '10.0.1.3/32',
      nextHopDevices: ['spine1', 'spine2'],
    },
    { kind: 'reach', name: 'leaf1 reaches leaf3', from: 'leaf1', to: 'leaf3' },
  );
  return corpus('unnumbered-clos', lab);
}
