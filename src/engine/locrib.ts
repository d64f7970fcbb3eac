/**
 * A speaker's Loc-RIB (prefix id → destination). It behaves exactly as a `Map`, iteration order
 * included (a key deleted and set again moves to the end), because the engine's message and path
 * order follow that order; `derive` gives a table for `apply`'s copy-on-write.
 *
 * A leaf of a big fabric holds a destination for nearly every prefix id and is read on every one
 * of millions of deliveries and exports: past a few dozen entries the table is dense (pages of an
 * array indexed by prefix id, plus the insertion order), which a lookup reads without hashing.
 * `derive` shares the pages and the order: a write copies only its page, and only an insert or a
 * delete copies the order, so a link failure that changes a few hundred destinations on each of
 * 64 leaves copies a few pages of each, not 64 tables of 6,000. Small tables (a node's handful of
 * routes) stay a `Map`, so thousands of nodes do not each hold pages for the prefix space.
 */
import type { Dest } from './state';

/** Entries up to which a table stays a `Map`. */
const SMALL = 64;
const PAGE_BITS = 8;
const PAGE = 1 << PAGE_BITS;

type Page = (Dest | undefined)[];

export class LocRib {
  /** The table while small; undefined once dense. */
  private map: Map<number, Dest> | undefined = new Map();
  /** Dense: destinations by prefix id, in pages of PAGE ids. */
  private pages: (Page | undefined)[] = [];
  /** Dense: per page, whether this table may write it (else it is shared: copied first). */
  private ownPage: boolean[] = [];
  /** Dense: keys in insertion order; −1 where a key was deleted since (compacted when many). */
  private order: number[] = [];
  /** Dense: index of each present key in `order`. */
  private pos = new Int32Array(0);
  /** Dense: whether `order` and `pos` are this table's own (else shared: copied first). */
  private ownOrder = true;
  private holes = 0;
  size = 0;

  /**
   * A table that starts equal to this one. The two share their pages and order until either
   * writes, so the engine's rule that a derived-from state is not written again is not needed
   * for correctness, only for speed.
   */
  derive(): LocRib {
    const t = new LocRib();
    t.size = this.size;
    if (this.map) {
      t.map = new Map(this.map);
      return t;
    }
    t.map = undefined;
    t.pages = this.pages.slice();
    t.ownPage = new Array<boolean>(this.pages.length).fill(false);
    this.ownPage.fill(false);
    t.order = this.order;
    t.pos = this.pos;
    t.holes = this.holes;
    t.ownOrder = false;
    this.ownOrder = false;
    return t;
  }

  get(k: number): Dest | undefined {
    if (this.map) return this.map.get(k);
    const p = this.pages[k >> PAGE_BITS];
    return p === undefined ? undefined : p[k & (PAGE - 1)];
  }

  set(k: number, d: Dest): void {
    const map = this.map;
    if (map) {
      map.set(k, d);
      this.size = map.size;
      if (map.size > SMALL) this.densify(map);
      return;
    }
    const page = this.writablePage(k >> PAGE_BITS);
    const i = k & (PAGE - 1);
    if (page[i] === undefined) {
      this.writableOrder(k);
      this.pos[k] = this.order.length;
      this.order.push(k);
      this.size++;
    }
    page[i] = d;
  }

  delete(k: number): boolean {
    const map = this.map;
    if (map) {
      const had = map.delete(k);
      this.size = map.size;
      return had;
    }
    if (this.get(k) === undefined) return false;
    this.writablePage(k >> PAGE_BITS)[k & (PAGE - 1)] = undefined;
    this.writableOrder(k);
    this.order[this.pos[k] as number] = -1;
    this.size--;
    // Compacting keeps a table whose keys churn from growing its order list without bound.
    if (++this.holes > SMALL && this.holes > this.size) this.compact();
    return true;
  }

  /**
   * Page `p`, this table's own. New pages are filled with `undefined` up front: an array written
   * one by one at scattered indexes turns into a hash table (V8's dictionary elements).
   */
  private writablePage(p: number): Page {
    while (this.pages.length <= p) {
      this.pages.push(undefined);
      this.ownPage.push(true);
    }
    const page = this.pages[p];
    if (page === undefined) {
      const fresh = new Array<Dest | undefined>(PAGE).fill(undefined);
      this.pages[p] = fresh;
      this.ownPage[p] = true;
      return fresh;
    }
    if (this.ownPage[p]) return page;
    const copy = page.slice();
    this.pages[p] = copy;
    this.ownPage[p] = true;
    return copy;
  }

  /** Makes `order` and `pos` this table's own, with room in `pos` for key `k`. */
  private writableOrder(k: number): void {
    if (this.ownOrder && k < this.pos.length) return;
    const pos = new Int32Array(Math.max(this.pos.length, k + 1, this.pages.length * PAGE));
    pos.set(this.pos);
    this.pos = pos;
    if (!this.ownOrder) this.order = this.order.slice();
    this.ownOrder = true;
  }

  private densify(map: Map<number, Dest>): void {
    this.map = undefined;
    for (const [k, d] of map) {
      this.writablePage(k >> PAGE_BITS)[k & (PAGE - 1)] = d;
      this.writableOrder(k);
      this.pos[k] = this.order.length;
      this.order.push(k);
    }
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
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      if (k >= 0) yield [k, this.get(k) as Dest];
    }
  }

  /** Calls `f` for every entry in insertion order, without an iterator's tuple per entry. */
  forEach(f: (d: Dest, k: number) => void): void {
    if (this.map) {
      this.map.forEach(f);
      return;
    }
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      if (k >= 0) f(this.get(k) as Dest, k);
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
