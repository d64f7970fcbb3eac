import type { Lab } from '../../../src/model';
import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * Origin o (AS65100) announces 172.16.100.0/24 through two transit routers to r (AS65000).
 * `relax`: the transits are in different ASes (65001, 65002) — ECMP only with
 * `bgp bestpath as-path multipath-relax`. `same-as`: both transits in AS65001 — ECMP without
 * relax, and a third path through AS65002 of the same length stays out of the set.
 */
function base(id: string, description: string, transitAs: number[], relax: boolean): Lab {
  const lab = newLab(id, description);
  addRouter(lab, 'o', { asn: 65100, loopback: '10.0.0.100/32' });
  addRouter(lab, 'r', {
    asn: 65000,
    loopback: '10.0.0.10/32',
    bgp: relax ? { bestpath: { asPathMultipathRelax: true } } : {},
  });
  transitAs.forEach((asn, i) => {
    const t = `t${i + 1}`;
    addRouter(lab, t, { asn, loopback: `10.0.0.${i + 1}/32` });
    peer(lab, 'o', t, connect(lab, 'o', t, `10.1.${i}.0/30`));
    peer(lab, t, 'r', connect(lab, t, 'r', `10.2.${i}.0/30`));
  });
  stub(lab, 'o', '172.16.100.1/24');
  bgpOf(lab, 'o').networks.push('172.16.100.0/24');
  return lab;
}

export function multipathRelax() {
  const lab = base(
    'mp-relax',
    'multipath-relax: ECMP across neighbour ASes 65001/65002',
    [65001, 65002],
    true,
  );
  lab.expectations.push({
    kind: 'route',
    name: 'ecmp',
    device: 'r',
    prefix: '172.16.100.0/24',
    nextHopDevices: ['t1', 't2'],
  });
  return corpus('mp-relax', lab);
}

export function multipathNoRelax() {
  const lab = base(
    'mp-no-relax',
    'no relax: different neighbour ASes, one path installed',
    [65001, 65002],
    false,
  );
  lab.expectations.push({
    kind: 'route',
    name: 'single',
    device: 'r',
    prefix: '172.16.100.0/24',
    nextHopCount: 1,
  });
  return corpus('mp-no-relax', lab);
}

export function multipathSameAs() {
  const lab = base(
    'mp-same-as',
    'same neighbour AS: ECMP without relax; the other AS stays out',
    [65001, 65001, 65002],
    false,
  );
  // r's router-id order: t1 10.0.0.1 < t2 < t3, so the best is t1's unless arrival order decides.
  lab.expectations.push({
    kind: 'route',
    name: 'same-as ecmp',
    device: 'r',
    prefix: '172.16.100.0/24',
    nextHopCount: 2,
  });
  return corpus('mp-same-as', lab, {
    notes: ['which AS wins (t1/t2 vs t3) is "Older Path" — arrival order; the set size is not'],
  });
}

/**
 * iBGP multipath needs an identical AS_PATH: x1 and x2 learn the anycast /24 from o (AS65100),
 * x3 from p (AS65200); all three pass it to r over iBGP with next-hop-self. x1 has the lowest
 * router-id, so it wins; x2 joins the set, x3 ([65200], same length) does not.
 */
export function multipathIbgp() {
  const lab = newLab('mp-ibgp', 'iBGP multipath: identical AS_PATH required');
  addRouter(lab, 'o', { asn: 65100, loopback: '10.0.0.100/32' });
  addRouter(lab, 'p', { asn: 65200, loopback: '10.0.0.200/32' });
  addRouter(lab, 'r', { asn: 65000, loopback: '10.0.0.50/32' });
  for (const [i, x] of ['x1', 'x2', 'x3'].entries()) {
    addRouter(lab, x, { asn: 65000, loopback: `10.0.0.${i + 1}/32` });
    const up = x === 'x3' ? 'p' : 'o';
    peer(lab, up, x, connect(lab, up, x, `10.1.${i}.0/30`));
    peer(lab, x, 'r', connect(lab, x, 'r', `10.2.${i}.0/30`), { nextHopSelf: true });
  }
  stub(lab, 'o', '172.16.100.1/24');
  stub(lab, 'p', '172.16.100.1/24');
  bgpOf(lab, 'o').networks.push('172.16.100.0/24');
  bgpOf(lab, 'p').networks.push('172.16.100.0/24');
  lab.expectations.push({
    kind: 'route',
    name: 'x1+x2',
    device: 'r',
    prefix: '172.16.100.0/24',
    nextHopDevices: ['x1', 'x2'],
    bestFrom: 'x1',
  });
  return corpus('mp-ibgp', lab);
}
