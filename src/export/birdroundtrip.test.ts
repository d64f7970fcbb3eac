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
import { birdEdgeLab } from './fixtures';
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

describe('round trip: FRR features BIRD rebuilds (bird-edge fixture)', () => {
  // bird.conf rendered for `edge`: an unnumbered peer, an as-path list in its import route-map,
  // default-originate toward a numbered peer. The rendered file runs against real FRR in
  // birdinterop.test.ts; here it must read back as the same BGP config.
  const plan = planExport(birdEdgeLab());
  const dp = plan.devices.get('edge');
  const role = dp && deviceRole(plan, dp);
  const text = dp && role?.bgp ? renderBirdConf(dp, role.bgp, role.routerId) : '';

  it('reads back without problems and with the same meaning', () => {
    if (!dp || !role?.bgp) throw new Error('fixture changed');
    const back = importBird(text, 'bird.conf');
    expect(back.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    expect(back.fragment.unmodelled).toEqual([]);
    const original = { ...role.bgp, routerId: role.routerId };
    const probes = probesFor(original, back.fragment.bgp);
    expect(birdMeaning(back.fragment.bgp, dp.device.interfaces, probes), text).toEqual(
      birdMeaning(original, dp.device.interfaces, probes),
    );
  });

  it('keeps the unnumbered peer, default-originate and the as-path list', () => {
    const bgp = importBird(text, 'bird.conf').fragment.bgp;
    expect(bgp?.neighbors.find((n) => n.peer === 'eth1')).toMatchObject({
      interface: true,
      remoteAs: 'external',
    });
    expect(bgp?.neighbors.find((n) => n.peer === '10.20.0.2')?.defaultOriginate).toBe(true);
    expect(bgp?.asPathLists.map((l) => l.entries)).toEqual([
      [
        { action: 'deny', regex: '^65000_64999_' },
        { action: 'permit', regex: '_65000$' },
      ],
    ]);
    // The default-originate route is not a `network`: it would be announced to every peer.
    expect(bgp?.networks).not.toContain('0.0.0.0/0');
  });

  it('the meaning check sees a lost default-originate (it is a real check)', () => {
    if (!dp || !role?.bgp) throw new Error('fixture changed');
    const back = importBird(text.replace('proto = "default_originate" || ', ''), 'bird.conf');
    const original = { ...role.bgp, routerId: role.routerId };
    const probes = probesFor(original);
    expect(birdMeaning(back.fragment.bgp, dp.device.interfaces, probes)).not.toEqual(
      birdMeaning(original, dp.device.interfaces, probes),
    );
  });
});
