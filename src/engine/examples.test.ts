import { describe, expect, it } from 'vitest';
import { examples } from '../model/examples';
import { checkExpectations } from './expectations';

// Every built-in field lab ships the claims its write-up makes (src/model/examples, each with
// the seed line it came from); the engine must make all of them hold. The same claims are run
// on the real daemons by tests/real (corpus "ex-*").
describe('built-in field labs', () => {
  for (const ex of examples) {
    for (const step of ex.steps) {
      it(`${ex.id}/${step.id}: every expectation of the write-up holds`, () => {
        expect(step.lab.expectations.length).toBeGreaterThan(0);
        const failed = checkExpectations(step.lab)
          .filter((v) => !v.passed)
          .map((v) => `${v.name}: ${v.reason}`);
        expect(failed).toEqual([]);
      });
    }
  }
});
