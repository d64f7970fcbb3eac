import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * Three eBGP routers in a triangle, one numbered link and two unnumbered ones: the shortest
 * AS_PATH wins, and IPv4 routes over unnumbered links get link-local next hops (compared by
 * device). Checked on FRR 8.4.4 here: r2 prefers r1's /24 directly ([65001]) over r3's
 * [65003 65001].
 */
export function ebgpTriangle() {
  const lab = newLab(
    'ebgp-triangle',
    'eBGP triangle, numbered + unnumbered links, AS_PATH length decides',
  );
  addRouter(lab, 'r1', { asn: 65001, loopback: '10.0.0.1/32' });
  addRouter(lab, 'r2', { asn: 65002, loopback: '10.0.0.2/32' });
  addRouter(lab, 'r3', { asn: 65003, loopback: '10.0.0.3/32' });
  peer(lab, 'r1', 'r2', connect(lab, 'r1', 'r2', '10.1.0.0/30'));
  peer(lab, 'r2', 'r3', connect(lab, 'r2', 'r3', null));
  peer(lab, 'r1', 'r3', connect(lab, 'r1', 'r3', null));
  stub(lab, 'r1', '172.16.1.1/24');
  bgpOf(lab, 'r1').networks.push('172.16.1.0/24');
  bgpOf(lab, 'r3').redistribute.push({ source: 'connected' });
  lab.expectations.push(
    {
      kind: 'route',
      name: 'r2 direct',
      device: 'r2',
      prefix: '172.16.1.0/24',
      asPath: [65001],
      nextHopDevices: ['r1'],
    },
    {
      kind: 'route',
      name: 'r2 via r3 unnumbered',
      device: 'r2',
      prefix: '10.0.0.3/32',
      nextHopDevices: ['r3'],
    },
    { kind: 'session', name: 'r2-r3 up', a: 'r2', b: 'r3', state: 'established' },
    { kind: 'reach', name: 'r3 reaches r1 stub', from: 'r3', to: '172.16.1.1', via: ['r1'] },
  );
  return corpus('ebgp-triangle', lab);
}
