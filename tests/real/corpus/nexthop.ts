import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * next-hop-self vs an unresolvable next hop. ext (AS65100) → b (AS65000) → i1, i2 over iBGP.
 * b sets next-hop-self only towards i2: i2's path is valid and installed; i1's keeps ext's
 * address, which i1 cannot resolve (its default route does not count: FRR does not resolve via
 * the default), so the path is present, invalid and not installed.
 */
export function nextHopSelf() {
  const lab = newLab('next-hop-self', 'next-hop-self vs unresolvable iBGP next hop');
  addRouter(lab, 'ext', { asn: 65100, loopback: '10.0.0.100/32' });
  addRouter(lab, 'b', { asn: 65000, loopback: '10.0.0.1/32' });
  addRouter(lab, 'i1', { asn: 65000, loopback: '10.0.0.2/32' });
  addRouter(lab, 'i2', { asn: 65000, loopback: '10.0.0.3/32' });
  peer(lab, 'ext', 'b', connect(lab, 'ext', 'b', '10.1.0.0/30'));
  const w1 = connect(lab, 'b', 'i1', '10.2.0.0/30');
  peer(lab, 'b', 'i1', w1);
  peer(lab, 'b', 'i2', connect(lab, 'b', 'i2', '10.2.0.4/30'), { nextHopSelf: true });
  const i1 = lab.devices.find((d) => d.name === 'i1');
  i1?.staticRoutes.push({ prefix: '0.0.0.0/0', via: w1.aAddr });
  stub(lab, 'ext', '172.16.100.1/24');
  bgpOf(lab, 'ext').networks.push('172.16.100.0/24');
  lab.expectations.push(
    // Present in i1's BGP table as invalid (no best path), not in its FIB: FRR 8.4.4 here.
    {
      kind: 'route',
      name: 'i1 does not install',
      device: 'i1',
      prefix: '172.16.100.0/24',
      absent: true,
    },
    {
      kind: 'route',
      name: 'i2 installs via b',
      device: 'i2',
      prefix: '172.16.100.0/24',
      nextHopDevices: ['b'],
    },
  );
  return corpus('next-hop-self', lab, {
    notes: ['i1 holds the path as invalid; the kernel still forwards over the default route'],
  });
}
