/** Labs with no stable BGP solution, shared by the engine tests and the real-FRR check. */
import { labBuilder } from '../../../src/engine/testing/build';
import type { Lab, RouteMapSet } from '../../../src/model/types';

export const P = '192.0.2.0/24';

/**
 * The RFC 3345 type I set-up described in oscillation.test.ts: AS 1 holds reflectors A and B and
 * clients C1..C3 on one segment; AS 2 (twice, MED 1 and 10) and AS 3 announce one prefix.
 */
export function medOscillationLab(): Lab {
  const b = labBuilder('rfc3345-type-i');
  const trad = { deterministicMed: false };
  b.bridge('seg');
  const as1: [string, string][] = [
    ['A', '10.0.0.10'],
    ['B', '10.0.0.11'],
    ['C1', '10.0.0.4'],
    ['C2', '10.0.0.2'],
    ['C3', '10.0.0.3'],
  ];
  as1.forEach(([n, rid], i) => {
    b.router(n, { asn: 1, routerId: rid, bgp: { bestpath: trad } });
    b.attach(n, 'seg', `10.1.0.${i + 1}/24`);
  });
  const addr = (n: string): string => `10.1.0.${as1.findIndex(([x]) => x === n) + 1}`;
  // Reflectors peer with each other (non-clients) and with their clients.
  b.neighbor('A', addr('B'), { remoteAs: 1 }).neighbor('B', addr('A'), { remoteAs: 1 });
  for (const [rr, c] of [
    ['A', 'C1'],
    ['B', 'C2'],
    ['B', 'C3'],
  ] as const) {
    b.neighbor(rr, addr(c), { remoteAs: 1, routeReflectorClient: true });
    b.neighbor(c, addr(rr), { remoteAs: 1, nextHopSelf: true });
  }
  const ext: [string, number, string, RouteMapSet][] = [
    ['X1', 2, 'C1', { med: 1 }],
    ['X2', 2, 'C2', { med: 10 }],
    ['X3', 3, 'C3', {}],
  ];
  ext.forEach(([x, asn, c, set], i) => {
    b.router(x, { asn, lo: '192.0.2.1/24', bgp: { networks: [P] } });
    b.bgp(x).routeMaps.push({
      name: 'OUT',
      entries: [{ seq: 10, action: 'permit', match: {}, set }],
    });
    b.peer(x, c, `10.2.${i}.0/31`, { routeMapOut: 'OUT' });
  });
  return b.lab;
}
