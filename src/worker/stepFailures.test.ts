/**
 * Step-through re-checks: the state at a step is the engine re-run with `maxEvents: step`, so the
 * verdicts at the last step are the final ones and early steps see the fabric half-built.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../engine/index';
import { examples } from '../model/examples/index';
import { checkExpectations, failuresPerStep } from './adapters';

const lab = examples
  .find((e) => e.id === 'cilium-frr-tor')
  ?.steps.find((s) => s.id === 'after-policies')?.lab;

describe('failuresPerStep', () => {
  it('fails route and reach expectations early and none at the converged end', () => {
    if (!lab) throw new Error('example changed');
    const result = simulate(lab, { keepLog: true, views: false });
    const per = failuresPerStep(lab, result);
    const steps = [...per.keys()];
    // Step 0 = only session-up events: the sessions hold, router0 has learned no pod CIDR.
    expect(per.get(0)).toContain('router0 has 10.1.0.0/24 via tor0');
    expect(per.get(0)?.some((n) => n.includes('↔'))).toBe(false);
    const last = steps[steps.length - 1] ?? -1;
    expect(per.get(last)).toEqual(
      checkExpectations(lab, result)
        .filter((v) => !v.ok)
        .map((v) => v.name),
    );
    expect(per.get(last)).toEqual([]);
  });

  it('is empty for a lab without expectations', () => {
    if (!lab) throw new Error('example changed');
    const bare = { ...lab, expectations: [] };
    expect(failuresPerStep(bare, simulate(bare, { keepLog: true })).size).toBe(0);
  });
});
