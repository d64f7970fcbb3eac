/**
 * Export → import round trip over random BGP configs for BIRD and VyOS (issues 5 and 11), the
 * counterpart of ./roundtrip.fuzz.test.ts for FRR. GIVEN a random router (arbBgp, and
 * arbConsistentBgp whose references all resolve) that validates (unknown peers aside), WHEN its
 * bird.conf is rendered and read back, THEN it means the same per
 * src/export/testing/birdEquivalence.ts (peer groups resolved, policies compared by FRR-rule
 * evaluation on probe routes; what BIRD cannot carry is listed and left out there); and its VyOS
 * config.boot and `set` commands read back as the same config per
 * src/export/testing/vyosEquivalence.ts (peer groups kept; src/import/vyosroundtrip.test.ts runs
 * the arbBgp property and the example labs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBirdConf } from '../../../src/export/bird';
import { planExport } from '../../../src/export/plan';
import { birdMeaning, probesFor } from '../../../src/export/testing/birdEquivalence';
import { vyosComparable } from '../../../src/export/testing/vyosEquivalence';
import { renderVyosCommands, renderVyosConfigBoot } from '../../../src/export/vyos';
import { importBird, importVyos } from '../../../src/import';
import { emptyLab } from '../../../src/model/lab';
import { arbBgp } from '../../../src/model/testing/arbitraries';
import type { BgpConfig, Lab, Router } from '../../../src/model/types';
import { validateLab } from '../../../src/model/validate';
import { FUZZ_TIMEOUT, fuzzRuns, fuzzSeed } from '../../../src/testing/fuzz';
import { arbConsistentBgp } from './arbitraries';

function routerLab(bgp: BgpConfig, daemon: Router['daemon'] = 'bird'): Lab {
  const lab = emptyLab('rt');
  const r: Router = {
    name: 'r1',
    kind: 'router',
    daemon,
    interfaces: [
      { name: 'lo', addresses: ['10.255.0.1/32'], loopback: true },
      { name: 'eth1', addresses: ['10.0.0.1/24'] },
    ],
    staticRoutes: [],
    labels: {},
    bgp,
  };
  lab.devices.push(r);
  return lab;
}

let sessions = 0;

function check(bgp: BgpConfig): void {
  const lab = routerLab(bgp);
  const dp = planExport(lab).devices.get('r1');
  if (!dp) throw new Error('no plan for r1');
  const text = renderBirdConf(dp, bgp, bgp.routerId);
  const back = importBird(text, 'bird.conf');
  expect(
    back.problems.filter((p) => p.severity === 'error'),
    text,
  ).toEqual([]);
  // BIRD keeps the AS in `protocol bgp` only: with no session it can write (unnumbered peers are
  // skipped, BIRD 2.0 has none) a bird.conf carries no BGP at all.
  if (!/^protocol bgp /m.test(text)) {
    expect(back.fragment.bgp).toBeUndefined();
    return;
  }
  sessions++;
  const probes = probesFor(bgp, back.fragment.bgp);
  expect(birdMeaning(back.fragment.bgp, dp.device.interfaces, probes), text).toEqual(
    birdMeaning(bgp, dp.device.interfaces, probes),
  );
}

const valid = (bgp: BgpConfig): boolean =>
  validateLab(routerLab(bgp)).every(
    (p) => p.severity !== 'error' || /is not an address of any device/.test(p.message),
  );

describe('property: BIRD export → import keeps the effective BGP config', () => {
  it(
    'random valid routers (arbBgp)',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arbBgp(), (bgp) => {
          fc.pre(valid(bgp));
          checked++;
          check(bgp);
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(100), maxSkipsPerRun: 1000 },
      );
      expect(checked).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'random neighbours, peer groups and policies that resolve (arbConsistentBgp)',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arbConsistentBgp, (bgp) => {
          fc.pre(valid(bgp));
          checked++;
          check(bgp);
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(100), maxSkipsPerRun: 100 },
      );
      expect(checked).toBeGreaterThan(0);
      expect(sessions, 'the property must exercise BGP protocols').toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});

describe('property: VyOS export → import keeps the BGP config', () => {
  it(
    'random neighbours, peer groups and policies that resolve (arbConsistentBgp)',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arbConsistentBgp, (bgp) => {
          fc.pre(valid(bgp));
          checked++;
          const lab = routerLab(bgp, 'vyos');
          const dp = planExport(lab).devices.get('r1');
          if (!dp) throw new Error('no plan for r1');
          const files = [
            ['config.boot', renderVyosConfigBoot(dp, bgp)],
            ['commands.txt', renderVyosCommands(dp, bgp)],
          ] as const;
          for (const [file, text] of files) {
            const back = importVyos(text, file);
            expect(
              back.problems.filter((p) => p.severity === 'error'),
              text,
            ).toEqual([]);
            expect(vyosComparable(back.fragment.bgp), text).toEqual(vyosComparable(bgp));
          }
        }),
        { seed: fuzzSeed(), numRuns: fuzzRuns(100), maxSkipsPerRun: 100 },
      );
      expect(checked).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});
