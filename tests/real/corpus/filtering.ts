import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * prefix-list and route-map filtering. r1 originates three /24s. r2 takes only 10.20.0.0/16
 * le 24 in (prefix-list), and towards r3 a route-map denies 10.20.2.0/24 and prepends 65002
 * twice on the rest.
 */
export function filtering() {
  const lab = newLab('filtering', 'prefix-list in, route-map out with deny and prepend');
  addRouter(lab, 'r1', { asn: 65001, loopback: '10.0.0.1/32' });
  addRouter(lab, 'r2', { asn: 65002, loopback: '10.0.0.2/32' });
  addRouter(lab, 'r3', { asn: 65003, loopback: '10.0.0.3/32' });
  for (const [i, p] of ['10.20.1.1/24', '10.20.2.1/24', '10.30.1.1/24'].entries()) {
    stub(lab, 'r1', p, `stub${i}`);
  }
  bgpOf(lab, 'r1').networks.push('10.20.1.0/24', '10.20.2.0/24', '10.30.1.0/24');
  const b2 = bgpOf(lab, 'r2');
  b2.prefixLists.push(
    { name: 'FROM-R1', entries: [{ seq: 5, action: 'permit', prefix: '10.20.0.0/16', le: 24 }] },
    { name: 'NO-20-2', entries: [{ seq: 5, action: 'permit', prefix: '10.20.2.0/24' }] },
  );
  b2.routeMaps.push({
    name: 'TO-R3',
    entries: [
      { seq: 10, action: 'deny', match: { prefixList: 'NO-20-2' }, set: {} },
      { seq: 20, action: 'permit', match: {}, set: { asPathPrepend: [65002, 65002] } },
    ],
  });
  peer(lab, 'r1', 'r2', connect(lab, 'r1', 'r2', '10.1.0.0/30'), {}, { prefixListIn: 'FROM-R1' });
  peer(lab, 'r2', 'r3', connect(lab, 'r2', 'r3', '10.1.0.4/30'), { routeMapOut: 'TO-R3' });
  lab.expectations.push(
    { kind: 'route', name: 'r2 filters 10.30', device: 'r2', prefix: '10.30.1.0/24', absent: true },
    {
      kind: 'route',
      name: 'r2 has 10.20.2',
      device: 'r2',
      prefix: '10.20.2.0/24',
      nextHopDevices: ['r1'],
    },
    {
      kind: 'route',
      name: 'r3 denied 10.20.2',
      device: 'r3',
      prefix: '10.20.2.0/24',
      absent: true,
    },
    {
      kind: 'route',
      name: 'r3 prepended',
      device: 'r3',
      prefix: '10.20.1.0/24',
      asPath: [65002, 65002, 65002, 65001],
    },
  );
  return corpus('filtering', lab);
}
