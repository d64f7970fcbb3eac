import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * MED is compared only between paths from the same neighbour AS. r hears 172.16.100.0/24 from
 * a1 (AS65001, MED 50), a2 (AS65001, MED 10) and b (AS65002, MED 100), all [X 65100]. With
 * deterministic-med (datacenter default) a2 beats a1 on MED; a2 vs b skips MED (different
 * neighbour AS) and `compare-routerid` picks b (router-id 10.0.0.3 < a2's 10.0.0.5) — the path
 * with the worst MED wins.
 */
export function medNeighbourAs() {
  const lab = newLab(
    'med-neighbour-as',
    'MED only within one neighbour AS; compare-routerid decides across',
  );
  addRouter(lab, 'o', { asn: 65100, loopback: '10.0.0.100/32' });
  addRouter(lab, 'r', {
    asn: 65000,
    loopback: '10.0.0.50/32',
    bgp: { bestpath: { compareRouterId: true } },
  });
  const ts: [string, number, string, number][] = [
    ['a1', 65001, '10.0.0.4/32', 50],
    ['a2', 65001, '10.0.0.5/32', 10],
    ['b', 65002, '10.0.0.3/32', 100],
  ];
  ts.forEach(([name, asn, loopback, med], i) => {
    addRouter(lab, name, { asn, loopback });
    bgpOf(lab, name).routeMaps.push({
      name: 'SETMED',
      entries: [{ seq: 10, action: 'permit', match: {}, set: { med } }],
    });
    peer(lab, 'o', name, connect(lab, 'o', name, `10.1.${i}.0/30`));
    peer(lab, name, 'r', connect(lab, name, 'r', `10.2.${i}.0/30`), { routeMapOut: 'SETMED' });
  });
  stub(lab, 'o', '172.16.100.1/24');
  bgpOf(lab, 'o').networks.push('172.16.100.0/24');
  lab.expectations.push({
    kind: 'route',
    name: 'b wins despite MED 100',
    device: 'r',
    prefix: '172.16.100.0/24',
    bestFrom: 'b',
    nextHopDevices: ['b'],
  });
  return corpus('med-neighbour-as', lab);
}
