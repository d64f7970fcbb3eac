import { addRouter, bgpOf, connect, corpus, newLab, peer, stub } from './build';

/**
 * allowas-in: two sites of AS65001 joined by transit t (AS65002). s2 has `allowas-in 1` and
 * learns s1's /24 ([65002 65001]); s1 does not and drops s2's. FRR's t also sends s2's own /24
 * back to s2, and allowas-in takes it (a second, non-best path at s2) — with t as next hop
 * (FRR 8.4.4 here: not s2's own address).
 */
export function allowasIn() {
  const lab = newLab('allowas-in', 'allowas-in on one site of a split AS');
  addRouter(lab, 's1', { asn: 65001, loopback: '10.0.0.1/32' });
  addRouter(lab, 's2', { asn: 65001, loopback: '10.0.0.2/32' });
  addRouter(lab, 't', { asn: 65002, loopback: '10.0.0.3/32' });
  peer(lab, 's1', 't', connect(lab, 's1', 't', '10.1.0.0/30'));
  peer(lab, 's2', 't', connect(lab, 's2', 't', '10.1.0.4/30'), { allowasIn: 1 });
  stub(lab, 's1', '172.16.1.1/24');
  stub(lab, 's2', '172.16.2.1/24');
  bgpOf(lab, 's1').networks.push('172.16.1.0/24');
  bgpOf(lab, 's2').networks.push('172.16.2.0/24');
  lab.expectations.push(
    {
      kind: 'route',
      name: 's2 takes s1',
      device: 's2',
      prefix: '172.16.1.0/24',
      asPath: [65002, 65001],
    },
    { kind: 'route', name: 's1 drops s2', device: 's1', prefix: '172.16.2.0/24', absent: true },
    // The probe gets there, the answer cannot: s1 has no route back to s2 (it dropped s2's
    // prefixes, and the s2–t link is not announced). traceroute shows t, then silence.
    { kind: 'reach', name: 's2 gets no answer from s1', from: 's2', to: '172.16.1.1', not: true },
  );
  return corpus('allowas-in', lab);
}
