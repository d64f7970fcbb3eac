/**
 * Planning sessions again from an earlier plan's attempts (sessions.ts `samePlan`) must give what
 * a plan from scratch gives on the same FIBs: the earlier plan is kept only while no attempt that
 * read a changed FIB route answers differently. Lab: r1 — r2 — r3, r1 and r3 peering multihop
 * eBGP between loopbacks, reachable only through routes to the loopbacks (as in sessions.test.ts,
 * where BGP installs them; here they are put into the FIBs by hand).
 */
import { describe, expect, it } from 'vitest';
import type { Lab, Prefix4 } from '../model';
import { parsePrefix4 } from '../model';
import { corpusLabs } from '../../tests/real/corpus';
import { builtFibsOf, speakerInfos } from './engine';
import { nextHopsIndexed } from './fibs';
import { simulate } from './index';
import type { EngineState } from './state';
import type { AttemptCache } from './sessions';
import { planSessions } from './sessions';
import { labBuilder } from './testing/build';
import type { Fib, FibRoute, Topology } from './topology';
import { buildTopology, deriveTopology, indexFib } from './topology';
import { ipv4Int } from './addrkey';

function chain() {
  const { lab } = chainLab();
  const topo = buildTopology(lab);
  return { lab, topo, infos: speakerInfos(lab, topo) };
}

/** r1 — r2 — r3 as above, plus r4 peering with r1 and a host h behind r4. */
function chainLab() {
  const b = labBuilder();
  b.router('r1', { asn: 65001, lo: '1.1.1.1/32' });
  b.router('r2', { asn: 65002, lo: '2.2.2.2/32' });
  b.router('r3', { asn: 65003, lo: '3.3.3.3/32' });
  b.peer('r1', 'r2', '10.0.0.0/31').peer('r2', 'r3', '10.0.0.2/31');
  b.neighbor('r1', '3.3.3.3', { remoteAs: 65003, ebgpMultihop: 3, updateSource: 'lo' });
  b.neighbor('r3', '1.1.1.1', { remoteAs: 65001, ebgpMultihop: 3, updateSource: 'lo' });
  b.router('r4', { asn: 65004, lo: '4.4.4.4/32' }).peer('r1', 'r4', '10.0.0.4/31');
  b.host('h').link('r4', 'h', '10.0.1.0/31');
  return b;
}

const route = (prefix: string, via: string): FibRoute => ({
  prefix: parsePrefix4(prefix),
  distance: 20,
  hops: [{ via: ipv4Int(via) }],
});

/** Every device's FIB: its connected routes plus the given routes. */
function fibs(topo: Topology, extra: Record<string, FibRoute[]>): Fib[] {
  return topo.devices.map((d, i) =>
    indexFib([...(topo.baseFib[i] ?? []), ...(extra[d.name] ?? [])]),
  );
}

const loopbackRoutes = (r1To3: FibRoute[]): Record<string, FibRoute[]> => ({
  r1: r1To3,
  r2: [route('1.1.1.1/32', '10.0.0.0'), route('3.3.3.3/32', '10.0.0.3')],
  r3: [route('1.1.1.1/32', '10.0.0.2')],
});

/** What changed per device between two FIB sets: the prefixes named for r1, nothing elsewhere. */
function changedAtR1(topo: Topology, prefixes: string[]): Prefix4[][] {
  return topo.devices.map((d) => (d.name === 'r1' ? prefixes.map(parsePrefix4) : []));
}

const state = (p: ReturnType<typeof planSessions>, speaker: number, peer: string) =>
  p.rows.find((r) => r.speaker === speaker && r.config.peer === peer)?.state;

describe('session plan reuse', () => {
  const { lab, topo, infos } = chain();
  const r1 = infos.findIndex((s) => s.name === 'r1');
  const up = fibs(topo, loopbackRoutes([route('3.3.3.3/32', '10.0.0.1')]));

  it('keeps the plan object when no FIB route changed', () => {
    const c0: AttemptCache = { attempts: new Map() };
    const p0 = planSessions(topo, infos, up, undefined, c0);
    expect(state(p0, r1, '3.3.3.3')).toBe('Established');
    const c1: AttemptCache = { attempts: new Map() };
    const p1 = planSessions(topo, infos, up, { cache: c0, changed: changedAtR1(topo, []) }, c1);
    expect(p1).toBe(p0);
  });

  it('plans afresh when a changed route makes an attempt answer differently', () => {
    const c0: AttemptCache = { attempts: new Map() };
    planSessions(topo, infos, up, undefined, c0);
    const down = fibs(topo, loopbackRoutes([]));
    const c1: AttemptCache = { attempts: new Map() };
    const p1 = planSessions(
      topo,
      infos,
      down,
      { cache: c0, changed: changedAtR1(topo, ['3.3.3.3/32']) },
      c1,
    );
    expect(state(p1, r1, '3.3.3.3')).not.toBe('Established');
    expect(p1).toEqual(planSessions(topo, infos, down));
    // And back: the attempts cached by the second plan are those of the FIBs it was made on.
    const p2 = planSessions(
      topo,
      infos,
      up,
      { cache: c1, changed: changedAtR1(topo, ['3.3.3.3/32']) },
      { attempts: new Map() },
    );
    expect(state(p2, r1, '3.3.3.3')).toBe('Established');
    expect(p2).toEqual(planSessions(topo, infos, up));
  });

  it('keeps the plan when a changed route covering a looked-up address answers the same', () => {
    const c0: AttemptCache = { attempts: new Map() };
    const p0 = planSessions(topo, infos, up, undefined, c0);
    const wider = fibs(topo, loopbackRoutes([route('3.3.3.0/24', '10.0.0.1')]));
    const changed = changedAtR1(topo, ['3.3.3.3/32', '3.3.3.0/24']);
    const c1: AttemptCache = { attempts: new Map() };
    const p1 = planSessions(topo, infos, wider, { cache: c0, changed }, c1);
    expect(p1).toEqual(planSessions(topo, infos, wider));
    expect(p1).toBe(p0);
  });

  /** The lab with one link down, its derived topology and what an `apply` passes as owned. */
  function linkDown(from: Lab, a: string, b: string) {
    const links = from.links.map((l) =>
      l.a.device === a && l.b.device === b ? { ...l, down: true } : l,
    );
    const id = links.find((l) => l.down)?.id ?? '';
    const next = { ...from, links };
    const t = deriveTopology(topo, next, id);
    const ends = new Set([a, b]);
    const owned = new Set<number>();
    for (const c of topo.connected.flatMap((cs, i) =>
      ends.has(topo.devices[i]?.name ?? '') ? cs : [],
    ))
      owned.add(c.addr);
    const changed = t.devices.map((d) => (ends.has(d.name) ? undefined : []));
    return { t, owned, changed };
  }

  it('across a link failure, plans afresh when an attempt reads the failed devices', () => {
    const c0: AttemptCache = { attempts: new Map() };
    planSessions(topo, infos, up, undefined, c0);
    const { t, owned, changed } = linkDown(lab, 'r2', 'r3');
    const after = fibs(t, loopbackRoutes([route('3.3.3.3/32', '10.0.0.1')]));
    const p1 = planSessions(
      t,
      infos,
      after,
      { cache: c0, changed, owned },
      { attempts: new Map() },
    );
    expect(state(p1, r1, '3.3.3.3')).not.toBe('Established');
    expect(p1).toEqual(planSessions(t, infos, after));
  });

  it('across a link failure no session reads, keeps the plan', () => {
    const c0: AttemptCache = { attempts: new Map() };
    const p0 = planSessions(topo, infos, up, undefined, c0);
    const { t, owned, changed } = linkDown(lab, 'r4', 'h');
    const after = fibs(t, loopbackRoutes([route('3.3.3.3/32', '10.0.0.1')]));
    const p1 = planSessions(
      t,
      infos,
      after,
      { cache: c0, changed, owned },
      { attempts: new Map() },
    );
    expect(p1).toEqual(planSessions(t, infos, after));
    expect(p1).toBe(p0);
  });

  it('keeps the plan when a session accepted by a listen range is made again alike', () => {
    // A listen range makes a new dynamic neighbour per accepted connection (sessions.test.ts).
    const b = labBuilder();
    b.router('r1', { asn: 65001, lo: '1.1.1.1/32' }).router('r2', { asn: 65002, lo: '2.2.2.2/32' });
    b.link('r1', 'r2', '10.0.0.0/31');
    b.bgp('r1').peerGroups.push({ name: 'DYN', remoteAs: 'external' });
    b.bgp('r1').listenRanges.push({ range: '10.0.0.0/24', peerGroup: 'DYN' });
    b.neighbor('r2', '10.0.0.0', { remoteAs: 65001 });
    const t = buildTopology(b.lab);
    const sp = speakerInfos(b.lab, t);
    const before = fibs(t, {});
    const c0: AttemptCache = { attempts: new Map() };
    const p0 = planSessions(t, sp, before, undefined, c0);
    expect(p0.sessions).toHaveLength(1);
    // r1 now has a host route to r2 out of the link: r2's connection is answered the same way.
    const iface = b.lab.links[0]?.a.interface ?? '';
    const after = fibs(t, {
      r1: [{ prefix: parsePrefix4('10.0.0.1/32'), distance: 20, hops: [{ iface }] }],
    });
    const changed = t.devices.map((d) => (d.name === 'r1' ? [parsePrefix4('10.0.0.1/32')] : []));
    const p1 = planSessions(t, sp, after, { cache: c0, changed }, { attempts: new Map() });
    expect(p1).toEqual(planSessions(t, sp, after));
    expect(p1).toBe(p0);
  });
});

/**
 * A fresh run leaves its session attempts indexed by what they read, with room to grow
 * (attempts.ts `indexAttempts`), and every next hop of its attribute sets listed (fibs.ts
 * `indexNextHops`): the first `apply` from it, a failure the user waits for, then neither
 * indexes every attempt or attribute set of the fabric nor outgrows the index halfway.
 */
describe('indexes after simulate', () => {
  for (const c of corpusLabs())
    it(`${c.lab.name} has them made`, () => {
      const st = simulate(c.lab, { views: false }).state as EngineState;
      const index = builtFibsOf(st)?.attempts?.index;
      if (!index) throw new Error('no attempt index');
      expect(index.added * 2).toBeLessThanOrEqual(index.size);
      expect(nextHopsIndexed(st.attrs)).toBe(true);
    });
});
