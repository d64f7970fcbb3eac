import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * RFC 8212 on and off. r2 (datacenter profile: off) originates a /24 to r1 and r3, both on the
 * traditional profile: r1 keeps the default (`ebgp-requires-policy` on) and accepts nothing;
 * r3 says `no bgp ebgp-requires-policy` and learns it. r1's `default-originate` towards r2 is
 * not blocked by RFC 8212 (seen on FRR 8.4.4 here, notes/real-daemons.md).
 */
export function rfc8212() {
  const lab = newLab(
    'rfc8212',
    'RFC 8212 on (traditional) / off (explicit), default-originate passes',
  );
  addRouter(lab, 'r1', { asn: 65001, loopback: '10.0.0.1/32', profile: 'traditional' });
  addRouter(lab, 'r2', { asn: 65002, loopback: '10.0.0.2/32' });
  addRouter(lab, 'r3', {
    asn: 65003,
    loopback: '10.0.0.3/32',
    profile: 'traditional',
    bgp: { ebgpRequiresPolicy: false },
  });
  peer(lab, 'r1', 'r2', connect(lab, 'r1', 'r2', '10.1.0.0/30'), { defaultOriginate: true });
  peer(lab, 'r2', 'r3', connect(lab, 'r2', 'r3', '10.1.0.4/30'));
  stub(lab, 'r2', '172.16.2.1/24');
  bgpOf(lab, 'r2').networks.push('172.16.2.0/24');
  lab.expectations.push(
    { kind: 'session', name: 'r1-r2 up anyway', a: 'r1', b: 'r2', state: 'established' },
    {
      kind: 'route',
      name: 'r1 accepts nothing',
      device: 'r1',
      prefix: '172.16.2.0/24',
      absent: true,
    },
    {
      kind: 'route',
      name: 'r3 learns',
      device: 'r3',
      prefix: '172.16.2.0/24',
      nextHopDevices: ['r2'],
    },
    {
      kind: 'route',
      name: 'default passes 8212',
      device: 'r2',
      prefix: '0.0.0.0/0',
      nextHopDevices: ['r1'],
    },
    {
      kind: 'route',
      name: 'r3 gets r1 default via r2',
      device: 'r3',
      prefix: '0.0.0.0/0',
      nextHopDevices: ['r2'],
    },
  );
  return corpus('rfc8212', lab);
}
