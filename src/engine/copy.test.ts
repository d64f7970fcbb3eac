/**
 * copyState must behave as structuredClone for apply: the same content, and the converged
 * result it was copied from left untouched by a re-convergence of the copy.
 */
import { describe, expect, it } from 'vitest';
import { copyState } from './copy';
import { apply, simulate } from './index';
import type { EngineState } from './state';
import { frrTorCiliumLab } from './testing/labs';

describe('copyState', () => {
  const lab = frrTorCiliumLab();
  const base = simulate(lab, { views: false });
  const st = base.state as EngineState;

  it('copies the content exactly', () => {
    expect(copyState(st)).toEqual(structuredClone(st));
  });

  it('shares no mutable container with the original', () => {
    const c = copyState(st);
    expect(c.peers[0]?.adjIn).not.toBe(st.peers[0]?.adjIn);
    expect(c.speakers[0]?.locRib).not.toBe(st.speakers[0]?.locRib);
    const [pid, dest] = [...(st.speakers[0]?.locRib ?? [])][0] ?? [];
    expect(c.speakers[0]?.locRib.get(pid ?? -1)?.paths).not.toBe(dest?.paths);
  });

  it('leaves the converged result unchanged when apply re-converges the copy', () => {
    const before = structuredClone(st);
    for (const l of lab.links) apply(base, { kind: 'link-down', link: l.id });
    apply(base, { kind: 'device-down', device: 'tor1' });
    expect(st).toEqual(before);
  });
});
