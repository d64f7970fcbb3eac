/**
 * A persistent map from integer keys: a patched version records only its changes over the version
 * it was patched from, so patching a FIB index for a handful of destinations costs the handful,
 * not the index (a leaf's FIB holds every prefix of the fabric, and an `apply` patches the FIBs of
 * every device that decided something). Older versions stay readable: a converged result keeps
 * its FIBs while states derived from it patch theirs.
 *
 * Lookups walk the chain of versions, so a chain is flattened into a plain Map once it grows
 * deep or its changes add up to a sizeable part of the map (amortised: the flattening costs the
 * map's size after at least size/8 changed keys).
 */

/** What readers need: a Map, or an overlay on one. */
export interface IntMap<V> {
  get(key: number): V | undefined;
  readonly size: number;
}

const MAX_DEPTH = 12;

export class Overlay<V> implements IntMap<V> {
  private constructor(
    private readonly parent: IntMap<V>,
    /** Changed keys: a value, or null for a removed key. */
    private readonly delta: Map<number, V | null>,
    readonly size: number,
    private readonly depth: number,
    /** Changed keys along the chain down to the plain Map. */
    private readonly pending: number,
  ) {}

  get(key: number): V | undefined {
    const own = this.delta.get(key);
    if (own !== undefined) return own ?? undefined;
    let cur = this.parent;
    while (cur instanceof Overlay) {
      const v = (cur as Overlay<V>).delta.get(key);
      if (v !== undefined) return v ?? undefined;
      cur = (cur as Overlay<V>).parent;
    }
    return cur.get(key);
  }

  /** The entries in the order a Map copied and edited the same way would iterate them. */
  toMap(): Map<number, V> {
    const chain: Overlay<V>[] = [this];
    let cur = this.parent;
    while (cur instanceof Overlay) {
      chain.push(cur);
      cur = (cur as Overlay<V>).parent;
    }
    const out = new Map(cur as Map<number, V>);
    for (let i = chain.length - 1; i >= 0; i--)
      for (const [k, v] of (chain[i] as Overlay<V>).delta) {
        if (v === null) out.delete(k);
        else out.set(k, v);
      }
    return out;
  }

  /**
   * `base` with `changes` applied (undefined: remove the key), sharing `base` where that pays.
   * `changes` must name each key once.
   */
  static patch<V>(base: IntMap<V>, changes: readonly [number, V | undefined][]): IntMap<V> {
    const depth = base instanceof Overlay ? (base as Overlay<V>).depth : 0;
    const pending = base instanceof Overlay ? (base as Overlay<V>).pending : 0;
    if (depth + 1 > MAX_DEPTH || (pending + changes.length) * 8 > base.size + 64) {
      const m =
        base instanceof Overlay ? (base as Overlay<V>).toMap() : new Map(base as Map<number, V>);
      for (const [k, v] of changes) {
        if (v === undefined) m.delete(k);
        else m.set(k, v);
      }
      return m;
    }
    const delta = new Map<number, V | null>();
    let size = base.size;
    for (const [k, v] of changes) {
      const had = base.get(k) !== undefined;
      if (v === undefined) {
        if (!had) continue;
        delta.set(k, null);
        size--;
      } else {
        delta.set(k, v);
        if (!had) size++;
      }
    }
    return new Overlay(base, delta, size, depth + 1, pending + delta.size);
  }
}

/** The values in iteration order (an overlay's as its flattened Map's). */
export function valuesOf<V>(m: IntMap<V>): Iterable<V> {
  return m instanceof Overlay ? (m as Overlay<V>).toMap().values() : (m as Map<number, V>).values();
}

/** The entries in iteration order (an overlay's as its flattened Map's). */
export function entriesOf<V>(m: IntMap<V>): Iterable<[number, V]> {
  return m instanceof Overlay
    ? (m as Overlay<V>).toMap().entries()
    : (m as Map<number, V>).entries();
}

/** A read-only map (a Map, or a patch on one). */
export interface ReadMap<K, V> {
  get(key: K): V | undefined;
}

/** Patches deep enough that a lookup walking them costs more than a copy saves. */
const MAX_PATCH_DEPTH = 8;

/**
 * A map read through to the one it was patched from, holding only the changed keys: deriving a
 * topology for one link's state change copies the link's ends, not the interface tables of every
 * device (a derived one is derived from again by the next `apply`, so chains are flattened).
 */
class KeyPatch<K, V> implements ReadMap<K, V> {
  constructor(
    private readonly parent: ReadMap<K, V>,
    /** Changed keys: a value, or undefined for a removed key. */
    private readonly delta: Map<K, V | undefined>,
    readonly depth: number,
  ) {}

  get(key: K): V | undefined {
    if (this.delta.has(key)) return this.delta.get(key);
    let cur = this.parent;
    while (cur instanceof KeyPatch) {
      const p = cur as KeyPatch<K, V>;
      if (p.delta.has(key)) return p.delta.get(key);
      cur = p.parent;
    }
    return cur.get(key);
  }

  toMap(): Map<K, V> {
    const chain: KeyPatch<K, V>[] = [this];
    let cur = this.parent;
    while (cur instanceof KeyPatch) {
      chain.push(cur as KeyPatch<K, V>);
      cur = (cur as KeyPatch<K, V>).parent;
    }
    const out = new Map(cur as Map<K, V>);
    for (let i = chain.length - 1; i >= 0; i--)
      for (const [k, v] of (chain[i] as KeyPatch<K, V>).delta) {
        if (v === undefined) out.delete(k);
        else out.set(k, v);
      }
    return out;
  }
}

/**
 * `base` (a Map or an earlier patch) with `changes` applied (a value of undefined removes the
 * key); `base` is left as it was.
 */
export function patchMap<K, V>(
  base: ReadMap<K, V>,
  changes: Iterable<[K, V | undefined]>,
): ReadMap<K, V> {
  const depth = base instanceof KeyPatch ? (base as KeyPatch<K, V>).depth : 0;
  if (depth + 1 > MAX_PATCH_DEPTH) {
    const m = (base as KeyPatch<K, V>).toMap();
    for (const [k, v] of changes) {
      if (v === undefined) m.delete(k);
      else m.set(k, v);
    }
    return m;
  }
  return new KeyPatch(base, new Map(changes), depth + 1);
}
