/**
 * Explanations from hand-made BGP views (the engine's view types), so each kind is tested on its
 * own. The words for decision steps follow FRR's `bgp_path_selection_reason` order
 * (bgpd/bgp_route.c, `bgp_path_info_cmp`); the export rules the "why not sent" answers infer
 * are RFC 4271 §9.2 (no iBGP → iBGP re-advertisement), RFC 4456 (reflection), RFC 8212 (FRR's
 * `bgp ebgp-requires-policy`, on under `frr defaults traditional`).
 */
import { describe, expect, it } from 'vitest';
import { emptyBgp } from '../../model/lab';
import type { Neighbor } from '../../model/types';
import type { DeviceBgpView, PathView, SessionView } from '../types';
import { explainPrefix, type ExplainContext } from './explain';
import { pathView } from '../testing/views';
import { lab, link, router } from './testlab';

const P = '10.1.3.0/24';

function path(p: Partial<PathView>): PathView {
  return pathView({ prefix: P, nextHop: '10.0.12.2', asPath: [65002], learnedAt: 1, ...p });
}

function session(device: string, peerDevice: string, s: Partial<SessionView> = {}): SessionView {
  return {
    device,
    peer: s.peer ?? peerDevice,
    peerDevice,
    localAs: 65001,
    remoteAs: 65002,
    type: 'ebgp',
    state: 'Established',
    routeReflectorClient: false,
    prefixesReceived: 0,
    prefixesSent: 0,
    ...s,
  };
}

function view(device: string, asn: number, v: Partial<DeviceBgpView>): DeviceBgpView {
  return { device, asn, sessions: [], locRib: [], adjRibIn: {}, adjRibOut: {}, ...v };
}

/** a (AS65001) ← b (AS65002, FRR): b's BGP config decides what b would send. */
function ctx(
  views: DeviceBgpView[],
  bNeighbor: Partial<Neighbor> = {},
  bProfile?: 'traditional' | 'datacenter',
): ExplainContext {
  const bBgp = { ...emptyBgp(65002), neighbors: [{ peer: 'a', remoteAs: 65001, ...bNeighbor }] };
  if (bProfile) bBgp.profile = bProfile;
  const a = router('a', { eth0: ['10.0.12.1/24'] }, [], 'frr');
  const b = router('b', { eth0: ['10.0.12.2/24'] }, [], 'frr');
  a.bgp = { ...emptyBgp(65001), neighbors: [{ peer: 'b', remoteAs: 65002 }] };
  b.bgp = bBgp;
  const l = lab([a, b, router('c', { eth0: [] }, [], 'frr')], [link('a:eth0', 'b:eth0')]);
  const byName = new Map(views.map((v) => [v.device, v]));
  return { lab: l, bgp: { view: (d) => byName.get(d) } };
}

const kinds = (e: { findings: { kind: string }[] }): string[] => e.findings.map((f) => f.kind);
const holder = (extra: Partial<PathView> = {}): DeviceBgpView =>
  view('b', 65002, {
    sessions: [session('b', 'a', { localAs: 65002, remoteAs: 65001 })],
    locRib: [
      {
        prefix: P,
        paths: [
          path({
            best: true,
            local: true,
            nextHop: '0.0.0.0',
            asPath: [],
            reason: 'Local Route',
            ...extra,
          }),
        ],
      },
    ],
  });

describe('why is this the best path / not in the ECMP set', () => {
  it('names the deciding step and why the loser is not multipath', () => {
    const a = view('a', 65001, {
      locRib: [
        {
          prefix: P,
          paths: [
            path({ best: true, fromDevice: 'b', reason: 'AS Path' }),
            path({
              fromDevice: 'c',
              nextHop: '10.0.13.3',
              asPath: [65003, 65002],
              reason: 'AS Path',
              notMultipathReason: 'not multipath: worse AS Path',
            }),
          ],
        },
      ],
    });
    const e = explainPrefix(ctx([a]), 'a', P);
    expect(e.hasBgpBest).toBe(true);
    expect(kinds(e)).toEqual(['best-path', 'not-best', 'not-multipath']);
    expect(e.summary).toContain('AS Path — shorter AS_PATH');
    expect(e.findings[2]?.text).toContain('not multipath: worse AS Path');
  });

  it('says when a path shares the ECMP set', () => {
    const a = view('a', 65001, {
      locRib: [
        {
          prefix: P,
          paths: [
            path({ best: true, multipath: true, fromDevice: 'b', reason: 'Router ID' }),
            path({ multipath: true, fromDevice: 'c', reason: 'Router ID' }),
          ],
        },
      ],
    });
    expect(kinds(explainPrefix(ctx([a]), 'a', P))).toEqual(['best-path', 'not-best', 'multipath']);
  });
});

describe("why don't I have this route", () => {
  it('next hop unresolved', () => {
    const a = view('a', 65001, {
      locRib: [
        {
          prefix: P,
          paths: [
            path({ fromDevice: 'b', valid: false, invalidReason: 'next hop 10.0.0.9 unresolved' }),
          ],
        },
      ],
    });
    const e = explainPrefix(ctx([a]), 'a', P);
    expect(e.hasBgpBest).toBe(false);
    expect(kinds(e)).toEqual(['next-hop-unresolved']);
  });

  it.each([
    ['AS_PATH loop: contains our AS 65001', 'as-loop'],
    ['RFC 8212: no inbound policy on this eBGP peer (ebgp-requires-policy)', 'rfc8212'],
    ['denied by route-map IMPORT seq 10 (in)', 'filtered'],
    ['CLUSTER_LIST contains our cluster-id 10.0.0.1', 'reflection-loop'],
  ])('rejected on receipt: %s → %s', (reason, kind) => {
    const a = view('a', 65001, {
      sessions: [session('a', 'b')],
      adjRibIn: { b: [path({ valid: false, invalidReason: reason })] },
    });
    const e = explainPrefix(ctx([a, holder()]), 'a', P);
    expect(kinds(e)).toEqual([kind]);
    expect(e.findings[0]).toMatchObject({ device: 'a', peer: 'b' });
  });

  it('the session to the device that has it is down, with its reason', () => {
    const a = view('a', 65001, {
      sessions: [session('a', 'b', { state: 'Active', reason: 'link on eth0 is down' })],
    });
    const e = explainPrefix(ctx([a, holder()]), 'a', P);
    expect(kinds(e)).toEqual(['session-down']);
    expect(e.summary).toContain('link on eth0 is down');
  });

  it('RFC 8212 at the sender: eBGP peer without outbound policy under traditional defaults', () => {
    const a = view('a', 65001, { sessions: [session('a', 'b')] });
    expect(kinds(explainPrefix(ctx([a, holder()], {}, 'traditional'), 'a', P))).toEqual([
      'rfc8212',
    ]);
    // datacenter defaults turn ebgp-requires-policy off: then the views cannot say why.
    expect(kinds(explainPrefix(ctx([a, holder()], {}, 'datacenter'), 'a', P))).toEqual([
      'not-advertised',
    ]);
  });

  it('filtered by the sender outbound policy', () => {
    const a = view('a', 65001, { sessions: [session('a', 'b')] });
    const e = explainPrefix(ctx([a, holder()], { routeMapOut: 'EXPORT' }), 'a', P);
    expect(kinds(e)).toEqual(['filtered']);
    expect(e.summary).toContain('route-map EXPORT');
  });

  it('split horizon: iBGP-learned routes are not passed to iBGP peers without reflection', () => {
    const a = view('a', 65002, { sessions: [session('a', 'b', { type: 'ibgp', localAs: 65002 })] });
    const b = view('b', 65002, {
      sessions: [
        session('b', 'a', { type: 'ibgp', localAs: 65002, remoteAs: 65002 }),
        session('b', 'c', { type: 'ibgp' }),
      ],
      locRib: [
        {
          prefix: P,
          paths: [path({ best: true, ibgp: true, fromDevice: 'c', reason: 'First path received' })],
        },
      ],
    });
    const e = explainPrefix(ctx([a, b]), 'a', P);
    expect(kinds(e)).toEqual(['split-horizon']);
    expect(e.findings[0]).toMatchObject({ device: 'b', peer: 'a' });
  });

  it('not sent back to the neighbour it came from', () => {
    const a = view('a', 65001, { sessions: [session('a', 'b')] });
    const b = view('b', 65002, {
      sessions: [session('b', 'a')],
      locRib: [{ prefix: P, paths: [path({ best: true, fromDevice: 'a' })] }],
    });
    expect(kinds(explainPrefix(ctx([a, b]), 'a', P))).toEqual(['not-sent-back']);
  });

  it('walks back across devices that lack it too, to where it stops', () => {
    // c ← b ← a: the route is at c; b lacks it because its session to c is down.
    const a = view('a', 65001, { sessions: [session('a', 'b')] });
    const b = view('b', 65002, {
      sessions: [session('b', 'a'), session('b', 'c', { state: 'Idle', reason: 'c is down' })],
    });
    const c = view('c', 65003, {
      locRib: [{ prefix: P, paths: [path({ best: true, local: true })] }],
    });
    const e = explainPrefix(ctx([a, b, c]), 'a', P);
    expect(e.findings).toEqual([
      expect.objectContaining({ kind: 'session-down', device: 'b', peer: 'c' }),
    ]);
  });

  it('not originated anywhere', () => {
    const a = view('a', 65001, { sessions: [session('a', 'b')] });
    const b = view('b', 65002, { sessions: [session('b', 'a')] });
    expect(kinds(explainPrefix(ctx([a, b]), 'a', P))).toEqual(['not-originated']);
  });
});
