/**
 * A speaker's Loc-RIB (prefix id → destination). It behaves exactly as a `Map`, iteration order
 * included (a key deleted and set again moves to the end), because the engine's message and path
 * order follow that order; `derive` gives an independent copy for `apply`'s copy-on-write.
 *
 * A leaf of a big fabric holds a destination for nearly every prefix id and is read on every one
 * of millions of deliveries and exports: past a few dozen entries the table is dense (an array
 * indexed by prefix id, plus the insertion order), which a lookup reads without hashing and
 * `derive` copies as flat arrays. Small tables (a node's handful of routes) stay a `Map`, so
 * thousands of nodes do not each hold an array as long as the prefix space.
 */
import type { Dest } from './state';

/** Entries up to which a table stays a `Map`. */
const SMALL = 64;

export class LocRib {
  /** The table while small; undefined once dense. */
  private map: Map<number, Dest> | undefined = new Map();
  /** Dense: destination by prefix id. */
  private slots: (Dest | undefined)[] = [];
  /** Dense: keys in insertion order; −1 where a key was deleted since (compacted when many). */
  private order: number[] = [];
  /** Dense: index of each present key in `order`. */
  private pos = new Int32Array(0);
  private holes = 0;
  size = 0;

  /** An independent table with the same contents and order. */
  derive(): LocRib {
    const t = new LocRib();
    t.size = this.size;
    if (this.map) {
      t.map = new Map(this.map);
      return t;
    }
    if (this.holes > 0) this.compact();
    t.map = undefined;
    t.slots = this.slots.slice();
    t.order = this.order.slice();
    t.pos = this.pos.slice();
    return t;
  }

  get(k: number): Dest | undefined {
    return this.map ? this.map.get(k) : this.slots[k];
  }

  set(k: number, d: Dest): void {
    const map = this.map;
    if (map) {
      map.set(k, d);
      this.size = map.size;
      if (map.size > SMALL) this.densify(map);
      return;
    }
    if (this.slots[k] === undefined) {
      if (k >= this.slots.length) this.grow(k);
      this.pos[k] = this.order.length;
      this.order.push(k);
      this.size++;
    }
    this.slots[k] = d;
  }

  delete(k: number): boolean {
    const map = this.map;
    if (map) {
      const had = map.delete(k);
      this.size = map.size;
      return had;
    }
    if (this.slots[k] === undefined) return false;
    this.slots[k] = undefined;
    this.order[this.pos[k] as number] = -1;
    this.size--;
    // Compacting keeps a table whose keys churn from growing its order list without bound.
    if (++this.holes > SMALL && this.holes > this.size) this.compact();
    return true;
  }

  /**
   * Makes room for key `k`. Written one by one past its end, an array whose keys come in no
   * particular order would turn into a hash table (V8's dictionary elements), slower than a Map.
   */
  private grow(k: number): void {
    const n = Math.max(k + 1, this.slots.length * 2, 256);
    const slots = new Array<Dest | undefined>(n).fill(undefined);
    for (let i = 0; i < this.slots.length; i++) slots[i] = this.slots[i];
    this.slots = slots;
    const pos = new Int32Array(n);
    pos.set(this.pos);
    this.pos = pos;
  }

  private densify(map: Map<number, Dest>): void {
    let max = 0;
    for (const k of map.keys()) if (k > max) max = k;
    this.grow(max);
    for (const [k, d] of map) {
      this.slots[k] = d;
      this.pos[k] = this.order.length;
      this.order.push(k);
    }
    this.map = undefined;
  }

  private compact(): void {
    const order: number[] = [];
    for (const k of this.order) {
      if (k < 0) continue;
      this.pos[k] = order.length;
      order.push(k);
    }
    this.order = order;
    this.holes = 0;
  }

  /** Entries in insertion order. Not to be written while iterating (a Map would allow it). */
  *entries(): IterableIterator<[number, Dest]> {
    if (this.map) {
      yield* this.map.entries();
      return;
    }
    const { order, slots } = this;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      if (k >= 0) yield [k, slots[k] as Dest];
    }
  }

  /** Calls `f` for every entry in insertion order, without an iterator's tuple per entry. */
  forEach(f: (d: Dest, k: number) => void): void {
    if (this.map) {
      this.map.forEach(f);
      return;
    }
    const { order, slots } = this;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      if (k >= 0) f(slots[k] as Dest, k);
    }
  }

  [Symbol.iterator](): IterableIterator<[number, Dest]> {
    return this.entries();
  }

  *keys(): IterableIterator<number> {
    if (this.map) {
      yield* this.map.keys();
      return;
    }
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      if (k >= 0) yield k;
    }
  }
}
