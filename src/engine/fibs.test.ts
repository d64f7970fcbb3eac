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
import { deriveState } from './cow';
import { builtFibsOf, topologyOf } from './engine';
import { computeFibs, indexChanges, resolvedRoutes } from './fibs';
import { apply, simulate } from './index';
import { resolveRecursive, speakerInstalled, toFibRoutes } from './install';
import type { EngineState } from './state';
import type { ConnectedRoute, Fib, FibRoute, Topology } from './topology';
import { deriveTopology } from './topology';
import type { SimResult } from './types';
import type { Lab } from '../model';
import { labBuilder } from './testing/build';
import { Overlay } from './overlay';

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

/**
 * Routes sharing a list of gateways resolve it once (fibs.ts `resolvedRoutes`), except a route
 * the resolution went through: a route never resolves through itself. Device on 10.0.0.0/24;
 * A and B share the gateways 10.9.1.1 (inside A), 10.1.0.1 (reached through a chain of five
 * routes, one lookup short of zebra's depth limit when started from inside A), 10.0.0.2 (on-link).
 * B resolves 10.9.1.1 through A; A may not, so the two end up with their gateways in another
 * order. Expected: install.ts `resolveRecursive`.
 */
describe('recursive next-hop resolution shared by routes', () => {
  it('resolves a route apart when its own resolution goes through itself', () => {
    const conns: ConnectedRoute[] = [
      { prefix: prefix4Key('10.0.0.0/24'), iface: 'eth0', addr: ipv4Int('10.0.0.1') },
    ];
    const base: FibRoute[] = [
      { prefix: prefix4Key('10.0.0.0/24'), distance: 0, hops: [{ iface: 'eth0' }] },
    ];
    const topo = { connected: [conns], baseFib: [base], owners: new Map(), devices: [] };
    const installed = [
      ['10.9.0.0/16', '10.9.1.1', '10.1.0.1', '10.0.0.2'],
      ['10.7.0.0/16', '10.9.1.1', '10.1.0.1', '10.0.0.2'],
      ['10.1.0.0/16', '10.2.0.1'],
      ['10.2.0.0/16', '10.3.0.1'],
      ['10.3.0.0/16', '10.4.0.1'],
      ['10.4.0.0/16', '10.5.0.1'],
      ['10.5.0.0/16', '10.0.0.9'],
    ].map(([prefix, ...hops]) => ({
      prefix: prefix as string,
      distance: 20,
      nextHops: hops.map((address) => ({ address })),
    }));
    const raw = toFibRoutes(installed, prefix4Key, ipv4Int);
    // A and B install the same list object, as routes built from the Loc-RIB do (HopCache).
    (raw[1] as FibRoute).hops = (raw[0] as FibRoute).hops;
    const names = installed.map((r) => r.prefix);
    const got = resolvedRoutes(base, conns, raw, names, false).map(text);
    const want = toFibRoutes(
      resolveRecursive(topo as unknown as Topology, 0, installed, false),
      prefix4Key,
      ipv4Int,
    ).map(text);
    expect(got).toEqual(want);
    expect(got[0]?.split(' ')[2]).not.toEqual(got[1]?.split(' ')[2]);
  });
});

/**
 * The first round of an `apply` builds FIBs on the new topology from the Loc-RIBs as they were
 * (nothing decided yet): a device whose own topology changed is patched from its earlier FIB
 * where that holds (fibs.ts `baseChanges`), and what that gives must be what a build from scratch
 * gives, for every link of every corpus lab going down, and coming up again.
 */
/** The route a lookup finds per indexed prefix (the lowest distance of the prefix's routes). */
function winners(f: Fib): string[] {
  const out: string[] = [];
  for (const len of f.lens) {
    const m = f.byLen.get(len);
    const entries = m instanceof Overlay ? m.toMap() : (m as Map<number, FibRoute> | undefined);
    for (const r of entries?.values() ?? []) out.push(text(r));
  }
  return out.sort();
}

function firstRound(r: SimResult, link: string, down: boolean): void {
  const prev = r.state as EngineState;
  const st = deriveState(prev);
  st.lab = {
    ...st.lab,
    links: st.lab.links.map((l) => (l.id === link ? { ...l, down } : l)),
  };
  const topo = deriveTopology(topologyOf(prev), st.lab, link);
  const built = builtFibsOf(prev);
  if (!built) throw new Error('no FIBs kept');
  const kept = computeFibs(st, topo, built);
  const fresh = computeFibs(st, topo);
  expect(routes(kept.fibs, true), `${link} ${down ? 'down' : 'up'}`).toEqual(
    routes(fresh.fibs, true),
  );
  expect(kept.fibs.map(winners), `${link} ${down ? 'down' : 'up'}: lookups`).toEqual(
    fresh.fibs.map(winners),
  );
  // Rounds after it patch from these.
  const again = computeFibs(st, topo, { ...built, ...kept, topo, dirty: new Map() });
  expect(routes(again.fibs, true)).toEqual(routes(kept.fibs, true));
}

/** The failure's first round, and the restore's (from the converged failure). */
function linkEvents(lab: Lab, link: string): void {
  const base = simulate(lab, { views: false });
  firstRound(base, link, true);
  firstRound(apply(base, { kind: 'link-down', link }), link, false);
}

describe('FIBs kept across a link event read like FIBs built afresh', () => {
  for (const c of corpusLabs())
    it(c.lab.name, () => {
      for (const l of c.lab.links) linkEvents(c.lab, l.id);
    });

  // r1 learns 2.2.2.2/32 from r2 (eBGP, distance 20) and has a floating static for it out of the
  // link to r3 (distance 250): when that link comes up, the static is back but the BGP route
  // stays in the FIB (zebra: lowest distance wins).
  it('keeps a BGP route over a floating static that comes back with its interface', () => {
    const b = labBuilder();
    b.router('r1', { asn: 65001 });
    b.router('r2', { asn: 65002, lo: '2.2.2.2/32', bgp: { networks: ['2.2.2.2/32'] } });
    b.router('r3');
    b.peer('r1', 'r2', '10.0.0.0/31');
    const [toR3] = b.link('r1', 'r3', '10.0.1.0/31');
    b.static('r1', { prefix: '2.2.2.2/32', interface: toR3, distance: 250 });
    const link = b.lab.links[1]?.id ?? '';
    const fib = (r: SimResult): string[] =>
      routes(builtFibsOf(r.state as EngineState)?.fibs ?? [], true)[0] ?? [];
    // The setting as described: the BGP route is what r1 installs.
    expect(fib(simulate(b.lab, { views: false }))).toContain(
      text({
        prefix: prefix4Key('2.2.2.2/32'),
        distance: 20,
        hops: [{ via: ipv4Int('10.0.0.1') }],
      }),
    );
    linkEvents(b.lab, link);
  });
});

/** Per indexed (length, network): the route a lookup finds there, as text (brute force). */
function indexText(f: Fib): Map<string, string> {
  const out = new Map<string, string>();
  for (const [len, m] of f.byLen) {
    const entries = m instanceof Overlay ? m.toMap() : (m as Map<number, FibRoute>);
    for (const [addr, r] of entries) out.set(`${addr}/${len}`, text(r));
  }
  return out;
}

/**
 * A FIB rebuilt on the same topology reports what changed as a patched one does (fibs.ts
 * `indexChanges`): every (length, network) whose route differs, appeared or went away, and
 * nothing else, so that session attempts and next-hop checks of other addresses keep their
 * answers. Reference: both indexes compared entry by entry, for every device of every corpus lab
 * before and after each link's failure.
 */
describe('changes between two FIBs', () => {
  for (const c of corpusLabs())
    it(c.lab.name, () => {
      const base = simulate(c.lab, { views: false });
      const before = builtFibsOf(base.state as EngineState)?.fibs ?? [];
      for (const l of c.lab.links) {
        const down = apply(base, { kind: 'link-down', link: l.id });
        const after = builtFibsOf(down.state as EngineState)?.fibs ?? [];
        after.forEach((b, d) => {
          const a = before[d] as Fib;
          const x = indexText(a);
          const y = indexText(b);
          const want = [...new Set([...x.keys(), ...y.keys()])].filter(
            (k) => x.get(k) !== y.get(k),
          );
          const got = indexChanges(a, b).map((p) => `${p.addr}/${p.len}`);
          expect(got.sort(), `${l.id} down, device ${d}`).toEqual(want.sort());
        });
      }
    });

  it('are listed for a device rebuilt on the same topology', () => {
    const lab = corpusLabs()[0]?.lab as Lab;
    const st = simulate(lab, { views: false }).state as EngineState;
    const built = builtFibsOf(st);
    if (!built) throw new Error('no FIBs kept');
    const sp = st.speakers.find((x) => x.locRib.size > 0);
    if (!sp) throw new Error('no routes');
    const d = sp.info.device;
    // No BGP route map kept for the device: it is rebuilt, not patched.
    const prev = {
      ...built,
      bgp: built.bgp.map(() => undefined),
      dirty: new Map([[d, new Set(sp.locRib.keys())]]),
    };
    const out = computeFibs(st, topologyOf(st), prev);
    expect(out.fibs[d]).not.toBe(built.fibs[d]);
    // The same Loc-RIB gives the same routes: nothing changed, and it says so.
    expect(out.changed[d]).toEqual([]);
  });
});
