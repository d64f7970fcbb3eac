/**
 * The decision reasons `show bgp` prints are computed when a view is built (reasons.ts), from
 * what the last decision stored, instead of on every decision. They must read exactly as when
 * every decision computed and stored them: testing/fixtures/reasons.json is the capture of that
 * earlier engine (git HEAD of 2026-11-23 08:30Z, before this change) over every real-daemon corpus
 * lab and built-in example, fresh and after each link fails and is restored. Those reasons were
 * themselves checked against FRR 8.4 on the corpus (tests/real). Regenerate the capture only for
 * an intended change of the decision's semantics: `npx tsx scripts/capture-reasons.ts`.
 */
import { describe, expect, it } from 'vitest';
import { apply, deviceView, simulate } from './index';
import golden from './testing/fixtures/reasons.json';
import type { ReasonScenario } from './testing/reasons';
import { reasonLabs, reasonLines, reasonScenarios } from './testing/reasons';

const captured = golden as Record<string, ReasonScenario>;

describe('decision reasons computed at view time read as when every decision stored them', () => {
  for (const l of reasonLabs()) {
    it(l.id, () => {
      const now = reasonScenarios({ simulate, apply, deviceView }, l);
      expect(Object.keys(now).length).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(now)) expect(v, k).toEqual(captured[k]);
    });
  }
  it('the scenarios cover the older-path rule, multipath and ineligible paths', () => {
    const seen = new Set<string>();
    for (const { lab } of reasonLabs()) {
      const base = simulate(lab, { views: false });
      for (const l of reasonLines({ simulate, apply, deviceView }, base, lab)) seen.add(l);
      for (const link of lab.links) {
        const down = apply(base, { kind: 'link-down', link: link.id });
        const up = apply(down, { kind: 'link-up', link: link.id });
        for (const r of [down, up])
          for (const l of reasonLines({ simulate, apply, deviceView }, r, lab)) seen.add(l);
      }
    }
    const all = [...seen].join('\n');
    for (const w of ['|Older Path|', '|not multipath: ', '|next hop ', '|Router ID|', '|MED|'])
      expect(all).toContain(w);
  });
});
