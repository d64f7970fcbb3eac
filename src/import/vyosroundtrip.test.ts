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
