/**
 * The timeline handed to the UI: long prefix lists are cut, counts kept, and the receiver's
 * Loc-RIB changes named. The entries' wording is the engine's (src/engine/engine.ts: "accepted N;
 * best path changed for P, Q"), read here from a real run of a built-in lab.
 */
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../engine/types';
import { api } from './api';
import { shapeEntry, timelineOf } from './timeline';

const prefixes = Array.from({ length: 20 }, (_, i) => `10.0.${i}.0/24`);
const big: LogEntry = {
  step: 9,
  kind: 'update',
  from: 'spine1',
  to: 'leaf1',
  prefixes,
  detail: `accepted 20; best path changed for ${prefixes.join(', ')}`,
};

describe('timeline shaping', () => {
  it('cuts prefix and best-path lists to the cap and keeps their counts', () => {
    const e = shapeEntry(big, 3);
    expect(e.prefixes).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(e.prefixCount).toBe(20);
    expect(e.bestChanged).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(e.bestChangedCount).toBe(20);
    expect(e.detail).toBe(
      'accepted 20; best path changed for 10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24 … (+17 more)',
    );
    // The engine's entry is left as it was (the worker keeps the run).
    expect(big.prefixes).toHaveLength(20);
  });

  it('without a cap hands the log over whole, naming the Loc-RIB changes', () => {
    const [e] = timelineOf([big]);
    expect(e?.prefixes).toHaveLength(20);
    expect(e?.prefixCount).toBeUndefined();
    expect(e?.detail).toBe(big.detail);
    expect(e?.bestChangedCount).toBe(20);
  });

  it('an UPDATE that changes no best path names none', () => {
    const e = shapeEntry({ ...big, prefixes: ['10.0.0.0/24'], detail: 'accepted 1' }, 3);
    expect(e.bestChanged).toBeUndefined();
    expect(e.prefixCount).toBeUndefined();
  });

  it('reads the Loc-RIB changes of a real run (cilium-frr-tor)', () => {
    const lab = api.example('cilium-frr-tor');
    if (!lab) throw new Error('no example');
    api.simulate(41, lab);
    const log = api.timeline(41, 2);
    const changes = log.filter((e) => e.bestChanged);
    expect(changes.length).toBeGreaterThan(0);
    for (const e of changes) {
      expect(e.kind === 'update' || e.kind === 'withdraw').toBe(true);
      expect(e.bestChanged?.length).toBeLessThanOrEqual(2);
      expect(e.bestChangedCount).toBeGreaterThanOrEqual(e.bestChanged?.length ?? 0);
      expect(e.prefixes.length).toBeLessThanOrEqual(2);
    }
    expect(api.timeline(40)).toEqual([]);
  });
});
