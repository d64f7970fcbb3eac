/**
 * An Adj-RIB (prefix id → attribute id or reject code) that is a small Map while it holds few
 * prefixes and a dense Int32Array indexed by prefix id once it holds many: a spine–leaf session
 * of a big fabric carries thousands of prefixes, where an array slot costs 4 bytes and an
 * indexed load, and copying the table (copy-on-write in `apply`) is one memcpy. Iteration is in
 * insertion order while small and in prefix-id order once dense.
 */

/** Marks an empty slot (no valid entry is this negative: reject codes are small). */
const ABSENT = -0x80000000;
/** Entries above which the table turns dense. */
const DENSE_AT = 64;

export class PrefixTable {
  size = 0;
  private map: Map<number, number> | undefined = new Map();
  private arr: Int32Array | undefined;

  /** A copy of `from` (or an empty table). */
  static copy(from: PrefixTable): PrefixTable {
    const t = new PrefixTable();
    t.size = from.size;
    t.map = from.map ? new Map(from.map) : undefined;
    t.arr = from.arr ? from.arr.slice() : undefined;
    return t;
  }

  get(pid: number): number | undefined {
    if (this.arr) {
      const v = pid < this.arr.length ? (this.arr[pid] as number) : ABSENT;
      return v === ABSENT ? undefined : v;
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
      if (a[pid] === ABSENT) this.size++;
      a[pid] = v;
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
      if (pid >= arr.length || arr[pid] === ABSENT) return false;
      arr[pid] = ABSENT;
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
        if (v !== ABSENT) f(v, i);
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
        if (v !== ABSENT) yield [i, v];
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
    const arr = new Int32Array(Math.max(256, (max + 1) * 2)).fill(ABSENT);
    for (const [k, v] of map) arr[k] = v;
    this.arr = arr;
    this.map = undefined;
  }

  private grow(pid: number): void {
    const old = this.arr as Int32Array;
    const arr = new Int32Array(Math.max(old.length * 2, pid + 1)).fill(ABSENT);
    arr.set(old);
    this.arr = arr;
  }
}
