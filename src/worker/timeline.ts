/**
 * The event log as the UI reads it. A big fabric's log is mostly prefix lists: M's 3,072 entries
 * carry 34 MB of prefixes and 14 MB of "best path changed for …" text, and structured-cloning
 * that to the main thread blocked it for about a second (bench/RESULTS-browser.md). The UI shows
 * a few prefixes per row, so the worker cuts the lists and keeps the counts.
 */
import type { LogEntry } from '../engine/types';

export interface TimelineEntry extends LogEntry {
  /** How many prefixes the UPDATE/WITHDRAW carried when `prefixes` was cut short. */
  prefixCount?: number;
  /** Prefixes whose best path (Loc-RIB entry) changed at the receiver, maybe cut short. */
  bestChanged?: string[];
  /** How many best paths changed at the receiver, when `bestChanged` was cut short or not. */
  bestChangedCount?: number;
}

/** The engine's wording (src/engine/engine.ts, decidePending) for Loc-RIB changes. */
const BEST_CHANGED = '; best path changed for ';

/** One log entry with at most `max` prefixes and changed best paths listed. */
export function shapeEntry(e: LogEntry, max: number): TimelineEntry {
  const out: TimelineEntry = { ...e };
  if (e.prefixes.length > max) {
    out.prefixes = e.prefixes.slice(0, max);
    out.prefixCount = e.prefixes.length;
  }
  const at = e.detail.indexOf(BEST_CHANGED);
  if (at >= 0) {
    const changed = e.detail.slice(at + BEST_CHANGED.length).split(', ');
    out.bestChanged = changed.slice(0, max);
    out.bestChangedCount = changed.length;
    if (changed.length > max)
      out.detail = `${e.detail.slice(0, at)}${BEST_CHANGED}${out.bestChanged.join(', ')} … (+${changed.length - max} more)`;
  }
  return out;
}

/** The log for the UI; `max` defaults to no cut, as the log was handed over before. */
export function timelineOf(log: readonly LogEntry[], max = Infinity): TimelineEntry[] {
  return log.map((e) => shapeEntry(e, max));
}
