import { describe, expect, it } from 'vitest';
import { resultsAtStep } from './stepResults';

// Issue 12: "in the step-through mode they are re-checked at every step". The per-step lists
// come from the worker (api.stepFailures); this is how the badge and the list read them.
const final = [
  { name: 'a', ok: true },
  { name: 'b', ok: false, detail: 'no route' },
];

describe('expectation verdicts at a timeline step', () => {
  it('shows the end state when no step, or the last step, is selected', () => {
    expect(resultsAtStep(final, [['a', 'b'], ['b']], undefined, 2)).toEqual({ results: final });
    expect(resultsAtStep(final, [['a', 'b'], ['b']], 1, 2)).toEqual({ results: final });
  });

  it("uses the worker's list for an earlier step", () => {
    const r = resultsAtStep(final, [['a'], ['b']], 0, 2);
    expect(r.event).toBe(1);
    expect(r.results.map((x) => [x.name, x.ok])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(r.results[0]?.detail).toBe('fails at event 1 of 2 (the end state: holds)');
  });

  it('says when a step was not re-checked', () => {
    expect(resultsAtStep(final, [], 0, 2)).toEqual({ results: final, event: 1, unchecked: true });
  });
});
