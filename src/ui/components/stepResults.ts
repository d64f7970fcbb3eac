/**
 * The expectations' verdicts as of the timeline step shown: the end state when no step is
 * chosen, else the worker's re-check at that step (issue 12: "re-checked at every step"). The
 * top-bar badge, the inspector's list and the timeline strip all read this one source.
 */
import { useEffect, useState } from 'react';
import { sim } from '../sim';
import { useUi } from '../store/uiStore';
import type { ExpectationResult } from '../../worker/views';

const NONE: never[] = [];

/**
 * One worker call per revision, shared by every caller. An empty answer is not kept: it may
 * come from asking before the worker finished that revision's run.
 */
let cache: { revision: number; log: unknown; list: Promise<string[][]> } | undefined;

/** Keyed by the log too: the revision is bumped before its run's log arrives. */
function stepFailuresOf(revision: number, log: unknown): Promise<string[][]> {
  if (cache?.revision !== revision || cache.log !== log) {
    const entry = {
      revision,
      log,
      list: sim()
        .call((api) => api.stepFailures(revision))
        .catch((): string[][] => []),
    };
    cache = entry;
    void entry.list.then((l) => {
      if (l.length === 0 && cache === entry) cache = undefined;
    });
  }
  return cache.list;
}

/** Per timeline entry, the names of the expectations failing at that step ([] = not checked). */
export function useStepFailures(): string[][] {
  const revision = useUi((s) => s.revision);
  const log = useUi((s) => s.timeline);
  const [failures, setFailures] = useState<{ revision: number; list: string[][] }>();
  useEffect(() => {
    if (log.length === 0) return;
    let live = true;
    void stepFailuresOf(revision, log).then((list) => {
      if (live) setFailures({ revision, list });
    });
    return () => {
      live = false;
    };
  }, [revision, log]);
  return failures?.revision === revision ? failures.list : NONE;
}

export interface StepResults {
  results: ExpectationResult[];
  /** The 1-based event the verdicts are for; undefined = the converged end state. */
  event?: number;
  /** A step is shown but the worker did not re-check it (no expectations, or too many events). */
  unchecked?: boolean;
}

/**
 * The verdicts at `step` (index into a log of `logLength` entries): the end state's when no step
 * or the last one is shown; else every expectation the worker found failing at that step fails
 * and the others hold; `unchecked` when the worker has no list for that step.
 */
export function resultsAtStep(
  final: readonly ExpectationResult[],
  failures: readonly (readonly string[])[],
  step: number | undefined,
  logLength: number,
): StepResults {
  if (step === undefined || step >= logLength - 1) return { results: [...final] };
  const failing = failures[step];
  if (!failing) return { results: [...final], event: step + 1, unchecked: true };
  const at = `at event ${step + 1} of ${logLength}`;
  return {
    event: step + 1,
    results: final.map((r) =>
      failing.includes(r.name)
        ? {
            name: r.name,
            ok: false,
            detail: `fails ${at} (the end state: ${r.ok ? 'holds' : 'fails'})`,
          }
        : { name: r.name, ok: true, detail: `holds ${at}` },
    ),
  };
}

export function useStepResults(): StepResults {
  const final = useUi((s) => s.summary?.expectations) ?? NONE;
  const step = useUi((s) => s.step);
  const log = useUi((s) => s.timeline);
  const failures = useStepFailures();
  return resultsAtStep(final, failures, step, log.length);
}
