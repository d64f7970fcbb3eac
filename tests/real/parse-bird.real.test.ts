/**
 * The BIRD text parsers on output captured from BIRD 2.0.12 here (the bird-nodes and
 * calico-bird-rr corpus labs, `birdc -r show route all` / `show protocols all`).
 */
import { describe, expect, test } from 'vitest';
import { parseBirdProtocols, parseBirdRoutes } from './parse-bird';

const ROUTES = `BIRD 2.0.12 ready.
Access restricted
Table master4:
10.244.1.0/24        blackhole [static4 04:55:47.898] * (200)
\tType: static univ
                     unicast [kernel1 04:55:47.902] (10)
\tdev pods0
\tType: inherit univ
\tKernel.source: 3
\tKernel.metric: 0
\tKernel.scope: 253
10.244.2.0/24        unicast [peer_10_0_1_1 04:55:50.277] * (100) [AS65020i]
\tvia 10.0.1.1 on eth1
\tType: BGP univ
\tBGP.origin: IGP
\tBGP.as_path: 65100 65020
\tBGP.next_hop: 10.0.1.1
\tBGP.local_pref: 100
10.41.113.192/26     unicast [peer_192_168_0_7 05:06:38.420] * (100) [i]
\tvia 192.168.0.7 on eth1
\tType: BGP univ
\tBGP.origin: IGP
\tBGP.as_path: 
\tBGP.next_hop: 192.168.0.7
\tBGP.local_pref: 100
192.168.0.0/24       unicast [direct1 05:06:37.495] * (240)
\tdev eth1
\tType: device univ
`;

const PROTOCOLS = `BIRD 2.0.12 ready.
Access restricted
Name       Proto      Table      State  Since         Info
device1    Device     ---        up     04:55:47.879  

peer_10_0_1_1 BGP        ---        up     04:55:50.170  Established   
  BGP state:          Established
    Neighbor address: 10.0.1.1
    Neighbor AS:      65100
    Local AS:         65010
`;

describe('parseBirdRoutes', () => {
  const routes = parseBirdRoutes(ROUTES);

  test('a second route of the same net continues the prefix and is not best', () => {
    const same = routes.filter((r) => r.prefix === '10.244.1.0/24');
    expect(same.map((r) => [r.kind, r.best])).toEqual([
      ['static', true],
      ['inherit', false],
    ]);
  });

  test('BGP routes carry protocol, AS_PATH and next hop; an empty iBGP AS_PATH is []', () => {
    const bgp = routes.filter((r) => r.kind === 'bgp');
    expect(bgp.map((r) => [r.prefix, r.protocol, r.asPath, r.bgpNextHop])).toEqual([
      ['10.244.2.0/24', 'peer_10_0_1_1', [65100, 65020], '10.0.1.1'],
      ['10.41.113.192/26', 'peer_192_168_0_7', [], '192.168.0.7'],
    ]);
  });

  test('device routes are kept as their own kind', () => {
    expect(routes.find((r) => r.prefix === '192.168.0.0/24')?.kind).toBe('device');
  });
});

describe('parseBirdProtocols', () => {
  test('only BGP protocols, with state and neighbour', () => {
    expect(parseBirdProtocols(PROTOCOLS)).toEqual([
      { name: 'peer_10_0_1_1', state: 'Established', neighbor: '10.0.1.1' },
    ]);
  });
});
