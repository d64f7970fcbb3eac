/**
 * A destination's candidate paths, packed: three small integers per path (source peer, attribute
 * id, step learned) in one array. A big fabric's Loc-RIBs hold one path per
 * accepted Adj-RIB-In entry (6 million on L); an object per path cost ~40 bytes and most of the
 * garbage collector's time. A locally originated path (source −1) takes its kind and import-check
 * reason from the speaker's `local` table, which always holds it alongside (setLocal).
 */
import type { Dest, Path, SpeakerState } from './state';

/** Numbers per path in `Dest.data`. */
const W = 3;

/*
 * Paths are indexed newest first (FRR's order, which the decision and views use), but stored
 * oldest first so that adding the newest is a push, not a shift of every other path.
 */
const at = (d: Dest, i: number): number => d.data.length - (i + 1) * W;

export function pathCount(d: Dest): number {
  return d.data.length / W;
}

export function srcAt(d: Dest, i: number): number {
  return d.data[at(d, i)] as number;
}

export function attrAt(d: Dest, i: number): number {
  return d.data[at(d, i) + 1] as number;
}

export function learnedAtOf(d: Dest, i: number): number {
  return d.data[at(d, i) + 2] as number;
}

/** The index of the path from `src`, −1 when there is none. */
export function indexOfSrc(d: Dest, src: number): number {
  const a = d.data;
  for (let k = 0; k < a.length; k += W) if (a[k] === src) return (a.length - W - k) / W;
  return -1;
}

/** Adds the path from `src` as the newest, or replaces it in place (FRR keeps its position). */
export function putPath(d: Dest, src: number, attr: number, learnedAt: number): void {
  const a = d.data;
  for (let k = 0; k < a.length; k += W)
    if (a[k] === src) {
      a[k + 1] = attr;
      a[k + 2] = learnedAt;
      return;
    }
  a.push(src, attr, learnedAt);
}

export function dropPath(d: Dest, i: number): void {
  d.data.splice(at(d, i), W);
}

/** Some path was learned before `step` (the current run's epoch). */
export function hasPathBefore(d: Dest, step: number): boolean {
  const a = d.data;
  for (let k = 2; k < a.length; k += W) if ((a[k] as number) < step) return true;
  return false;
}

/** Path `i` as an object (views, installs, summaries: not the convergence hot path). */
export function pathAt(sp: SpeakerState, prefix: number, d: Dest, i: number): Path | undefined {
  if (i < 0 || i >= pathCount(d)) return undefined;
  const src = srcAt(d, i);
  const base = { src, attr: attrAt(d, i), learnedAt: learnedAtOf(d, i) };
  if (src >= 0) return base;
  const own = sp.local.get(prefix);
  return {
    ...base,
    local: own?.kind ?? 'network',
    ...(own?.invalid !== undefined ? { localInvalid: own.invalid } : {}),
  };
}

export function pathsOf(sp: SpeakerState, prefix: number, d: Dest): Path[] {
  const out: Path[] = [];
  for (let i = 0; i < pathCount(d); i++) out.push(pathAt(sp, prefix, d, i) as Path);
  return out;
}

/** The best path's local kind (undefined: learned from a peer, or no best). */
export function bestLocalKind(sp: SpeakerState, prefix: number, d: Dest): Path['local'] {
  if (d.best < 0 || srcAt(d, d.best) !== -1) return undefined;
  return sp.local.get(prefix)?.kind ?? 'network';
}
