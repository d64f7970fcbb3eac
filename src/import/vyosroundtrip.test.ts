/**
 * VyOS round trip (issues 5 and 11): GIVEN a VyOS router, WHEN its BGP config is exported as
 * `config.boot` and as `set` commands (src/export/vyos.ts) and each is read back by the VyOS
 * importer, THEN the BGP config is the same — peer groups included, as VyOS has them.
 * What is compared, and what VyOS cannot carry: ../export/testing/vyosEquivalence.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planExport } from '../export/plan';
import { vyosComparable } from '../export/testing/vyosEquivalence';
import { renderVyosCommands, renderVyosConfigBoot } from '../export/vyos';
import { emptyLab } from '../model';
import type { BgpConfig, Lab, Router } from '../model';
import { examples } from '../model/examples';
import { arbBgp } from '../model/testing/arbitraries';
import { validateLab } from '../model/validate';
import { FUZZ_TIMEOUT, fuzzRuns, fuzzSeed } from '../testing/fuzz';
import { importVyos } from './index';

function exportBoth(lab: Lab, name: string): [string, string][] {
  const dp = planExport(lab).devices.get(name);
  if (!dp) throw new Error(`no plan for ${name}`);
  const bgp = (dp.device as Router).bgp;
  return [
    ['config.boot', renderVyosConfigBoot(dp, bgp)],
    ['commands.txt', renderVyosCommands(dp, bgp)],
  ];
}

describe('round trip: VyOS example devices → config.boot / set commands → import', () => {
  const cases = examples.flatMap((ex) =>
    ex.steps.flatMap((st, i) =>
      st.lab.devices
        .filter((d): d is Router => d.kind === 'router' && d.daemon === 'vyos')
        .map((r) => [`${ex.id}#${i} ${r.name}`, st.lab, r] as const),
    ),
  );
  it('there are VyOS devices to check', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases)('%s', (_n, lab, r) => {
    for (const [file, text] of exportBoth(lab, r.name)) {
      const back = importVyos(text, file);
      expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(vyosComparable(back.fragment.bgp), `${file}\n${text}`).toEqual(vyosComparable(r.bgp));
      expect(back.fragment.staticRoutes).toEqual(r.staticRoutes);
    }
  });
});

function vyosLab(bgp: BgpConfig): Lab {
  const lab = emptyLab('rt');
  lab.devices.push({
    name: 'r1',
    kind: 'router',
    daemon: 'vyos',
    interfaces: [
      { name: 'lo', addresses: ['10.255.0.1/32'], loopback: true },
      { name: 'eth1', addresses: ['10.0.0.1/24'] },
    ],
    staticRoutes: [],
    labels: {},
    bgp,
  });
  return lab;
}

describe('property: VyOS export → import gives back the BGP config', () => {
  it(
    'random valid routers',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arbBgp(), (bgp) => {
          const lab = vyosLab(bgp);
          const errors = validateLab(lab).filter(
            (p) => p.severity === 'error' && !/is not an address of any device/.test(p.message),
          );
          fc.pre(errors.length === 0);
          checked++;
          for (const [file, text] of exportBoth(lab, 'r1')) {
            const back = importVyos(text, file);
            expect(
              back.problems.filter((p) => p.severity === 'error'),
              text,
            ).toEqual([]);
            expect(vyosComparable(back.fragment.bgp), `${file}\n${text}`).toEqual(
              vyosComparable(bgp),
            );
          }
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(100), maxSkipsPerRun: 1000 },
      );
      expect(checked).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});

describe('VyOS policy objects (issues 5 and 11)', () => {
  // Keywords from the VyOS documentation, docs/configuration/policy/route-map.rst and
  // prefix-list.rst (vyos/vyos-documentation): `rule <1-65535> action`, `match ip address
  // prefix-list`, `set local-preference`, `set metric`, `set as-path prepend`; prefix-list
  // `rule N action|prefix|ge|le`.
  const bgp: BgpConfig = {
    asn: 64512,
    peerGroups: [],
    neighbors: [{ peer: '10.0.0.2', remoteAs: 65001, routeMapIn: 'RM', prefixListOut: 'PL' }],
    listenRanges: [],
    networks: [],
    redistribute: [],
    aggregates: [],
    prefixLists: [
      { name: 'PL', entries: [{ seq: 5, action: 'permit', prefix: '10.0.0.0/8', le: 24 }] },
    ],
    routeMaps: [
      {
        name: 'RM',
        entries: [
          {
            seq: 10,
            action: 'permit',
            match: { prefixList: 'PL' },
            set: { localPref: 200, med: 5, asPathPrepend: [65001, 65001] },
          },
          { seq: 20, action: 'deny', match: {}, set: {} },
        ],
      },
    ],
    communityLists: [],
    asPathLists: [],
  };

  it('writes them as set commands', () => {
    const commands = exportBoth(vyosLab(bgp), 'r1')[1]?.[1] ?? '';
    for (const line of [
      "set policy prefix-list PL rule 5 prefix '10.0.0.0/8'",
      "set policy prefix-list PL rule 5 le '24'",
      "set policy route-map RM rule 10 match ip address prefix-list 'PL'",
      "set policy route-map RM rule 10 set local-preference '200'",
      "set policy route-map RM rule 10 set metric '5'",
      "set policy route-map RM rule 10 set as-path prepend '65001 65001'",
      "set policy route-map RM rule 20 action 'deny'",
    ])
      expect(commands).toContain(line);
  });

  it('reads both forms back, `set {` nodes included', () => {
    for (const [file, text] of exportBoth(vyosLab(bgp), 'r1')) {
      const back = importVyos(text, file);
      expect(
        back.problems.filter((p) => p.severity !== 'info'),
        text,
      ).toEqual([]);
      expect(vyosComparable(back.fragment.bgp), text).toEqual(vyosComparable(bgp));
      expect(back.fragment.bgp?.routeMaps[0]?.entries[0]?.set.localPref, text).toBe(200);
    }
  });
});

describe('VyOS community and as-path lists (issue 11)', () => {
  // Keywords from vyos-documentation (sagitta) docs/configuration/policy/community-list.rst and
  // as-path-list.rst: `set policy community-list <text> rule <1-65535> action <permit|deny>`,
  // `… rule <1-65535> regex <…>`, `set policy as-path-list <text> rule <1-65535> action|regex`.
  const bgp: BgpConfig = {
    asn: 64512,
    peerGroups: [],
    neighbors: [{ peer: '10.0.0.2', remoteAs: 65001, routeMapIn: 'RM' }],
    listenRanges: [],
    networks: [],
    redistribute: [],
    aggregates: [],
    prefixLists: [],
    communityLists: [
      {
        name: 'CL',
        entries: [
          { action: 'deny', community: '65001:666' },
          { action: 'permit', community: '65001:100' },
        ],
      },
    ],
    asPathLists: [
      {
        name: 'AL',
        entries: [
          { action: 'deny', regex: '^65001_64999_' },
          { action: 'permit', regex: '_65001$' },
          { action: 'permit', regex: '^$' },
        ],
      },
    ],
    routeMaps: [
      {
        name: 'RM',
        entries: [
          { seq: 10, action: 'permit', match: { asPathList: 'AL' }, set: { localPref: 150 } },
          { seq: 20, action: 'permit', match: { communityList: 'CL' }, set: {} },
        ],
      },
    ],
  };

  it('writes them as set commands, rules numbered in the lists’ order', () => {
    const commands = exportBoth(vyosLab(bgp), 'r1')[1]?.[1] ?? '';
    for (const line of [
      "set policy as-path-list AL rule 10 action 'deny'",
      "set policy as-path-list AL rule 10 regex '^65001_64999_'",
      "set policy as-path-list AL rule 20 regex '_65001$'",
      "set policy as-path-list AL rule 30 regex '^$'",
      "set policy community-list CL rule 10 action 'deny'",
      "set policy community-list CL rule 10 regex '65001:666'",
      "set policy community-list CL rule 20 regex '65001:100'",
      "set policy route-map RM rule 10 match as-path 'AL'",
    ])
      expect(commands).toContain(line);
  });

  it('reads config.boot and set commands back to the same lists', () => {
    for (const [file, text] of exportBoth(vyosLab(bgp), 'r1')) {
      const back = importVyos(text, file);
      expect(
        back.problems.filter((p) => p.severity !== 'info'),
        text,
      ).toEqual([]);
      expect(back.fragment.bgp?.asPathLists, text).toEqual(bgp.asPathLists);
      expect(back.fragment.bgp?.communityLists, text).toEqual(bgp.communityLists);
      expect(vyosComparable(back.fragment.bgp), text).toEqual(vyosComparable(bgp));
    }
  });

  it('orders entries by rule number, whatever order the rules come in', () => {
    const text = [
      "set policy as-path-list X rule 30 action 'permit'",
      "set policy as-path-list X rule 30 regex '^$'",
      "set policy as-path-list X rule 10 action 'deny'",
      "set policy as-path-list X rule 10 regex '_1_'",
      "set policy as-path-list X rule 20 regex '_2_'",
      "set policy as-path-list X rule 20 action 'permit'",
      "set protocols bgp system-as '64512'",
    ].join('\n');
    expect(importVyos(text, 'commands.txt').fragment.bgp?.asPathLists).toEqual([
      {
        name: 'X',
        entries: [
          { action: 'deny', regex: '_1_' },
          { action: 'permit', regex: '_2_' },
          { action: 'permit', regex: '^$' },
        ],
      },
    ]);
  });
});
