/**
 * A destination's candidate paths, packed: three small integers per path (source peer, attribute
 * id, step learned) in one array. A big fabric's Loc-RIBs hold one path per
 * accepted Adj-RIB-In entry (6 million on L); an object per path cost ~40 bytes and most of the
 * garbage collector's time. The array is grown by doubling and only its first `n` paths are
 * used: `push` left a leaf's 8 paths (24 numbers) in a 47-slot array after two allocations. A locally originated path (source −1) takes its kind and import-check
 * reason from the speaker's `local` table, which always holds it alongside (setLocal).
 */
import type { Dest, Path, SpeakerState } from './state';

/** Numbers per path in `Dest.data`. */
const W = 3;

/*
 * Paths are indexed newest first (FRR's order, which the decision and views use), but stored
 * oldest first so that adding the newest is a push, not a shift of every other path.
 */
const at = (d: Dest, i: number): number => (d.n - 1 - i) * W;

export function pathCount(d: Dest): number {
  return d.n;
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
  const end = d.n * W;
  for (let k = 0; k < end; k += W) if (a[k] === src) return (end - W - k) / W;
  return -1;
}

/** Adds the path from `src` as the newest, or replaces it in place (FRR keeps its position). */
export function putPath(d: Dest, src: number, attr: number, learnedAt: number, room = 2): void {
  let a = d.data;
  const end = d.n * W;
  for (let k = 0; k < end; k += W)
    if (a[k] === src) {
      a[k + 1] = attr;
      a[k + 2] = learnedAt;
      return;
    }
  if (end === 0) {
    // `room`: how many paths the destination will likely have (the caller's guess). Growing
    // 2 → 4 → 8 cost a leaf of a big fabric two short-lived arrays per destination, which the
    // garbage collector copied when they outlived a young-generation cycle. (Literals: a
    // `new Array(n)` is slower to make.)
    d.data =
      room >= 8
        ? [src, attr, learnedAt, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        : room >= 4
          ? [src, attr, learnedAt, 0, 0, 0, 0, 0, 0, 0, 0, 0]
          : [src, attr, learnedAt, 0, 0, 0];
    d.n = 1;
    return;
  }
  if (end === a.length) {
    // Doubled by concatenating it with itself (a fast builtin, unlike `new Array(n)` and a copy
    // loop); the second half is free space.
    a = a.concat(a);
    d.data = a;
  }
  a[end] = src;
  a[end + 1] = attr;
  a[end + 2] = learnedAt;
  d.n++;
}

export function dropPath(d: Dest, i: number): void {
  const a = d.data;
  const end = d.n * W;
  for (let k = at(d, i); k + W < end; k++) a[k] = a[k + W] as number;
  d.n--;
}

/** A copy of the paths (copy-on-write: cow.ts), as long as they are. */
export function copyPaths(d: Dest): number[] {
  return d.data.slice(0, d.n * W);
}

/** Some path was learned before `step` (the current run's epoch). */
export function hasPathBefore(d: Dest, step: number): boolean {
  const a = d.data;
  const end = d.n * W;
  for (let k = 2; k < end; k += W) if ((a[k] as number) < step) return true;
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
