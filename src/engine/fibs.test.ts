/**
 * The kernel FIBs the engine builds straight from the Loc-RIBs (fibs.ts: shared hop lists,
 * routes patched between rounds and across `apply`) must hold what the daemons install as
 * install.ts spells it out route by route: `speakerInstalled` (best + multipath per daemon),
 * `resolveRecursive` (zebra's recursive next-hop resolution), over the connected and static
 * routes. Checked on every corpus lab after `simulate`, after each link's failure and restore, two
 * links' failures, and each device's failure and restore.
 */
import { describe, expect, it } from 'vitest';
import { corpusLabs } from '../../tests/real/corpus';
import { ipv4Int, prefix4Key } from './addrkey';
import { builtFibsOf, topologyOf } from './engine';
import { computeFibs } from './fibs';
import { apply, simulate } from './index';
import { resolveRecursive, speakerInstalled, toFibRoutes } from './install';
import type { EngineState } from './state';
import type { Fib, FibRoute } from './topology';
import type { SimResult } from './types';

const text = (r: FibRoute): string =>
  `${r.prefix.addr}/${r.prefix.len} d${r.distance}${r.blackhole ? ' blackhole' : ''} ${r.hops
    .map((h) => `${h.via ?? ''}%${h.iface ?? ''}`)
    .join(',')}`;

/** Per device, its FIB's routes as text, in order or sorted. */
function routes(fibs: readonly Fib[], sorted: boolean): string[][] {
  return fibs.map((f) => {
    const l = f.routes.map(text);
    return sorted ? l.sort() : l;
  });
}

/** Per device: connected + static, then each speaker's installed routes resolved as zebra does. */
function reference(st: EngineState): string[][] {
  const topo = topologyOf(st);
  return topo.devices.map((d, i) => {
    const out = [...(topo.baseFib[i] ?? [])];
    if (!d.down)
      for (const sp of st.speakers) {
        if (sp.info.device !== i) continue;
        const skipDefault = sp.info.defaults.nextHopCheck === 'frr';
        const installed = resolveRecursive(topo, i, speakerInstalled(st, sp), skipDefault);
        out.push(...toFibRoutes(installed, prefix4Key, ipv4Int));
      }
    return out.map(text);
  });
}

function check(r: SimResult, what: string): void {
  const st = r.state as EngineState;
  const want = reference(st);
  expect(routes(computeFibs(st, topologyOf(st)).fibs, false), `${what}: built afresh`).toEqual(
    want,
  );
  // Kept from round to round (patched): the same routes, listed in another order.
  const kept = builtFibsOf(st)?.fibs ?? [];
  expect(routes(kept, true), `${what}: kept`).toEqual(want.map((l) => [...l].sort()));
}

describe('kernel FIBs read like install.ts', () => {
  for (const c of corpusLabs()) {
    it(c.lab.name, () => {
      const base = simulate(c.lab, { views: false });
      check(base, 'simulate');
      for (const l of c.lab.links) {
        const down = apply(base, { kind: 'link-down', link: l.id });
        check(down, `${l.id} down`);
        check(apply(down, { kind: 'link-up', link: l.id }), `${l.id} restored`);
        // A second failure on top: FIBs kept from a state that was itself derived.
        for (const m of c.lab.links)
          if (m.id !== l.id) check(apply(down, { kind: 'link-down', link: m.id }), `+${m.id} down`);
      }
      for (const d of c.lab.devices) {
        const down = apply(base, { kind: 'device-down', device: d.name });
        check(down, `${d.name} down`);
        check(apply(down, { kind: 'device-up', device: d.name }), `${d.name} restored`);
      }
    });
  }
});
