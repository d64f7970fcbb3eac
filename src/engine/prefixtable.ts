/**
 * An Adj-RIB (prefix id → attribute id or reject code) that is a small Map while it holds few
 * prefixes and a dense Int32Array indexed by prefix id once it holds many: a spine–leaf session
 * of a big fabric carries thousands of prefixes, where an array slot costs 4 bytes and an
 * indexed load, and copying the table (copy-on-write in `apply`) is one memcpy. Iteration is in
 * insertion order while small and in prefix-id order once dense.
 */

/**
 * Slots hold `value ^ FLIP`, so a zeroed array is an empty table: a new or grown table is a
 * fresh (zero-filled) allocation, not a fill. No valid value is FLIP itself: reject codes are
 * small negatives.
 */
const FLIP = -0x80000000;
/** Entries above which the table turns dense. */
const DENSE_AT = 64;

/** The prefix-id space tables index: its size now is what a dense table is first sized to. */
export interface PrefixSpace {
  readonly names: readonly unknown[];
}

export class PrefixTable {
  size = 0;
  private map: Map<number, number> | undefined = new Map();
  private arr: Int32Array | undefined;

  /**
   * `space`: the ids this table is indexed by. Sizing a table that turns dense to every id known
   * then (with room for more) spares the doublings, each an allocation and copy, that tables
   * filled in id order would otherwise go through (≈ 2,000 of 16,000 slots on big fabrics).
   */
  constructor(private readonly space?: PrefixSpace) {}

  /** A copy of `from` (or an empty table). */
  static copy(from: PrefixTable): PrefixTable {
    const t = new PrefixTable(from.space);
    t.size = from.size;
    t.map = from.map ? new Map(from.map) : undefined;
    t.arr = from.arr ? from.arr.slice() : undefined;
    return t;
  }

  get(pid: number): number | undefined {
    if (this.arr) {
      const v = pid < this.arr.length ? (this.arr[pid] as number) : 0;
      return v === 0 ? undefined : v ^ FLIP;
    }
    return this.map?.get(pid);
  }

  has(pid: number): boolean {
    return this.get(pid) !== undefined;
  }

  set(pid: number, v: number): void {
    const arr = this.arr;
    if (arr) {
      if (pid >= arr.length) this.grow(pid);
      const a = this.arr as Int32Array;
      if (a[pid] === 0) this.size++;
      a[pid] = v ^ FLIP;
      return;
    }
    const map = this.map as Map<number, number>;
    map.set(pid, v);
    this.size = map.size;
    if (map.size > DENSE_AT) this.densify();
  }

  delete(pid: number): boolean {
    const arr = this.arr;
    if (arr) {
      if (pid >= arr.length || arr[pid] === 0) return false;
      arr[pid] = 0;
      this.size--;
      return true;
    }
    const map = this.map as Map<number, number>;
    const had = map.delete(pid);
    this.size = map.size;
    return had;
  }

  clear(): void {
    this.map = new Map();
    this.arr = undefined;
    this.size = 0;
  }

  /** Calls `f` for every entry (the hot-path iteration: no iterator objects). */
  forEach(f: (code: number, pid: number) => void): void {
    const arr = this.arr;
    if (arr) {
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i] as number;
        if (v !== 0) f(v ^ FLIP, i);
      }
      return;
    }
    this.map?.forEach(f);
  }

  *entries(): IterableIterator<[number, number]> {
    const arr = this.arr;
    if (arr) {
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i] as number;
        if (v !== 0) yield [i, v ^ FLIP];
      }
      return;
    }
    if (this.map) yield* this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  *values(): IterableIterator<number> {
    for (const [, v] of this.entries()) yield v;
  }

  private densify(): void {
    const map = this.map as Map<number, number>;
    let max = 0;
    for (const k of map.keys()) if (k > max) max = k;
    const arr = new Int32Array(this.capacityFor(max));
    for (const [k, v] of map) arr[k] = v ^ FLIP;
    this.arr = arr;
    this.map = undefined;
  }

  private grow(pid: number): void {
    const old = this.arr as Int32Array;
    const arr = new Int32Array(Math.max(old.length * 2, this.capacityFor(pid)));
    arr.set(old);
    this.arr = arr;
  }

  /** Room for `pid` and every id known now, plus an eighth for ids still to come. */
  private capacityFor(pid: number): number {
    const known = Math.max(pid + 1, this.space?.names.length ?? 0);
    return Math.max(256, known + (known >> 3));
  }
}
