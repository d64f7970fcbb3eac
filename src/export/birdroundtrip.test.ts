/**
 * BIRD round trip (issues 5 and 11): GIVEN a device whose bundle carries a bird.conf (a BIRD
 * router, a Calico node's BIRD), WHEN the config is rendered by src/export/bird.ts and read back
 * by the BIRD importer, THEN the BGP config means the same — in the sense of
 * ./testing/birdEquivalence.ts, which also lists what bird.conf cannot carry and is left out.
 * Policy equality is behavioural: both sides' route-maps are evaluated with FRR's documented
 * rules (docs.frrouting.org "Route Maps" / "IP Prefix List": first match by sequence, ge/le,
 * implicit deny) on probe routes; the rendered bird.conf files are parsed by `bird -p` in
 * bird.test.ts / realtools.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { importBird } from '../import/index';
import { examples } from '../model/examples';
import { calicoBlocks, renderBirdConf } from './bird';
import { deviceRole } from './devices';
import { devicePlans, planExport } from './plan';
import { birdMeaning, probesFor } from './testing/birdEquivalence';
import type { BgpConfig } from '../model';

const cases = examples.flatMap((ex) =>
  ex.steps.flatMap((st, i) => {
    const plan = planExport(st.lab);
    return devicePlans(plan).flatMap((dp) => {
      const role = deviceRole(plan, dp);
      if (role.daemon !== 'bird' || !role.bgp) return [];
      const text = renderBirdConf(
        dp,
        role.bgp,
        role.routerId,
        [],
        calicoBlocks(plan.lab, dp.device),
      );
      return [[`${ex.id}#${i} ${dp.node}`, dp, role, text] as const];
    });
  }),
);

describe('round trip: example devices → bird.conf → BIRD import', () => {
  it('there are BIRD devices to check', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('%s', (_name, dp, role, text) => {
    const back = importBird(text, 'bird.conf');
    expect(
      back.problems.filter((p) => p.severity !== 'info'),
      text,
    ).toEqual([]);
    const original = role.bgp && { ...role.bgp, routerId: role.routerId };
    const probes = probesFor(original, back.fragment.bgp);
    const kernel =
      dp.device.kind === 'router' || dp.device.kind === 'k8s-node' ? dp.device.kernel : undefined;
    expect(
      birdMeaning(back.fragment.bgp, dp.device.interfaces, probes, back.fragment.kernel),
      text,
    ).toEqual(birdMeaning(original, dp.device.interfaces, probes, kernel));
  });
});

describe('round trip: a neighbour prefix-list (issues 5 and 11)', () => {
  // The rendered form was parsed by `bird -p -c` (BIRD 2.0.12, 2026-11-23): `import where
  // pl_PL_A() && rm_RM_A(); export where bgp_table() && pl_PL_A();` is accepted.
  const [first] = cases;
  const withLists = (): { dp: NonNullable<typeof first>[1]; text: string; bgp: BgpConfig } => {
    if (!first) throw new Error('no BIRD device');
    const [, dp, role] = first;
    const bgp: BgpConfig = structuredClone({ ...(role.bgp as BgpConfig), routerId: role.routerId });
    bgp.prefixLists.push({
      name: 'PL-A',
      entries: [{ seq: 5, action: 'permit', prefix: '10.0.0.0/8', le: 24 }],
    });
    bgp.routeMaps.push({
      name: 'RM-A',
      entries: [{ seq: 10, action: 'permit', match: {}, set: { localPref: 200 } }],
    });
    bgp.peerGroups.push({ name: 'G', remoteAs: 'external', prefixListOut: 'PL-A' });
    for (const n of bgp.neighbors)
      Object.assign(n, { peerGroup: 'G', prefixListIn: 'PL-A', routeMapIn: 'RM-A' });
    return { dp, bgp, text: renderBirdConf(dp, bgp, bgp.routerId, [], []) };
  };

  it('ANDs the list before the route-map, the peer group list on export', () => {
    const { text } = withLists();
    expect(text).toContain('import where pl_PL_A() && rm_RM_A();');
    expect(text).toContain('export where bgp_table() && pl_PL_A();');
  });

  it('reads the lists back with the same behaviour', () => {
    const { dp, bgp, text } = withLists();
    const back = importBird(text, 'bird.conf');
    const probes = probesFor(bgp, back.fragment.bgp);
    expect(birdMeaning(back.fragment.bgp, dp.device.interfaces, probes), text).toEqual(
      birdMeaning(bgp, dp.device.interfaces, probes),
    );
    expect(back.fragment.bgp?.neighbors.every((n) => n.prefixListIn && n.prefixListOut)).toBe(true);
  });
});
