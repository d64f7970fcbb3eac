/**
 * A speaker's Loc-RIB (prefix id → destination) that a derived state can share: `derive` gives a
 * table that reads through to the one it came from and records only its own writes, so a link
 * failure that touches 96 destinations on each of 64 leaves does not copy 64 tables of 6,000.
 * It behaves exactly as a `Map` copied with `new Map(base)` and then written, iteration order
 * included (a key deleted and set again moves to the end), because the engine's message and
 * path order follow that order.
 */
import type { Dest } from './state';

/** Read-through levels before a derived table is flattened into one Map. */
const MAX_DEPTH = 4;

export class LocRib {
  /** Own writes: a destination, or null for a key deleted from `base`. */
  private own: Map<number, Dest | null>;
  private readonly base: LocRib | undefined;
  /** Keys of `base` deleted here and set again: they iterate after `base`'s keys. */
  private moved: Set<number> | undefined;
  private readonly depth: number;
  size: number;

  constructor(base?: LocRib) {
    this.own = new Map();
    this.base = base;
    this.depth = base ? base.depth + 1 : 0;
    this.size = base ? base.size : 0;
  }

  /** A table that starts equal to this one; this one must not be written afterwards. */
  derive(): LocRib {
    // Reading through pays while this table's own writes are few (and the chain is short);
    // otherwise one flat copy, as `new Map` did.
    if (!this.base || (this.depth < MAX_DEPTH && this.own.size * 8 <= this.size + 64))
      return new LocRib(this);
    const flat = new LocRib();
    for (const [k, v] of this) flat.own.set(k, v);
    flat.size = this.size;
    return flat;
  }

  get(k: number): Dest | undefined {
    const v = this.own.get(k);
    if (v !== undefined) return v ?? undefined;
    return this.base?.get(k);
  }

  set(k: number, d: Dest): void {
    const v = this.own.get(k);
    if (v) {
      this.own.set(k, d);
      return;
    }
    this.size++;
    if (v === null) {
      // Deleted from base and set again: a Map would now iterate it last.
      this.own.delete(k);
      (this.moved ??= new Set()).add(k);
      this.own.set(k, d);
      return;
    }
    if (this.base?.get(k) !== undefined) this.size--;
    this.own.set(k, d);
  }

  delete(k: number): boolean {
    const v = this.own.get(k);
    if (v === null) return false;
    const inBase = this.base?.get(k) !== undefined;
    if (v === undefined && !inBase) return false;
    this.size--;
    if (inBase) this.own.set(k, null);
    else this.own.delete(k);
    return true;
  }

  entries(): IterableIterator<[number, Dest]> {
    // Without a base there is no deleted marker: the Map's own iterator is the fast path.
    if (!this.base) return this.own.entries() as IterableIterator<[number, Dest]>;
    return this.layered(this.base);
  }

  private *layered(base: LocRib): IterableIterator<[number, Dest]> {
    {
      for (const [k, d] of base) {
        const v = this.own.get(k);
        if (v === null || this.moved?.has(k)) continue;
        yield [k, v ?? d];
      }
    }
    for (const [k, v] of this.own) {
      if (v === null) continue;
      if (!this.moved?.has(k) && base.get(k) !== undefined) continue;
      yield [k, v];
    }
  }

  [Symbol.iterator](): IterableIterator<[number, Dest]> {
    return this.entries();
  }

  keys(): IterableIterator<number> {
    if (!this.base) return this.own.keys();
    return this.layeredKeys();
  }

  private *layeredKeys(): IterableIterator<number> {
    for (const [k] of this.entries()) yield k;
  }
}
