import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * A square: r1 reaches r4's /24 over r2 and r3 (both AS65010: ECMP without relax). Then the
 * r1–r2 link goes down (`ip link set down` on both ends) and r1 is left with r3 alone.
 */
export function linkFailure() {
  const lab = newLab('link-failure', 'ECMP square, then one link down');
  addRouter(lab, 'r1', { asn: 65001, loopback: '10.0.0.1/32' });
  addRouter(lab, 'r2', { asn: 65010, loopback: '10.0.0.2/32' });
  addRouter(lab, 'r3', { asn: 65010, loopback: '10.0.0.3/32' });
  addRouter(lab, 'r4', { asn: 65004, loopback: '10.0.0.4/32' });
  peer(lab, 'r1', 'r2', connect(lab, 'r1', 'r2', '10.1.0.0/30'));
  peer(lab, 'r1', 'r3', connect(lab, 'r1', 'r3', '10.1.0.4/30'));
  peer(lab, 'r2', 'r4', connect(lab, 'r2', 'r4', '10.1.0.8/30'));
  peer(lab, 'r3', 'r4', connect(lab, 'r3', 'r4', '10.1.0.12/30'));
  stub(lab, 'r4', '172.16.4.1/24');
  // Link subnets announced too, so traceroute's answers find their way back to r1.
  for (const r of ['r1', 'r2', 'r3', 'r4'])
    bgpOf(lab, r).redistribute.push({ source: 'connected' });
  const failed = lab.links[0]?.id as string;
  lab.expectations.push(
    {
      kind: 'route',
      name: 'ecmp before',
      device: 'r1',
      prefix: '172.16.4.0/24',
      nextHopDevices: ['r2', 'r3'],
    },
    {
      kind: 'route',
      name: 'r3 after',
      device: 'r1',
      prefix: '172.16.4.0/24',
      nextHopDevices: ['r3'],
    },
    { kind: 'reach', name: 'r1 reaches r4', from: 'r1', to: '172.16.4.1' },
  );
  return corpus('link-failure', lab, {
    failLinks: [failed],
    afterFailure: ['r3 after', 'r1 reaches r4'],
    failureOnly: ['r3 after'],
  });
}
