/**
 * Policy operations of the inspector. Ranges and words are FRR 8.4's. Prefix-list ranges and
 * host bits were checked with vtysh on FRR 8.4.4 here (2026-11-23): `10.0.0.0/16 ge 16` and
 * `ge 17 le 32` accepted; `le 15` and `ge 24 le 20` refused ("Invalid prefix range for
 * 10.0.0.0/16: Make sure that mask length <= ge <= le"); `permit 10.0.0.1/16` stored as
 * 10.0.0.0/16. From FRR's CLI: ebgp-multihop 1..255, allowas-in 1..10, route-map seq 1..65535
 * (`route-map WORD permit (1-65535)`), communities AA:NN.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../worker/api';
import { emptyLab } from '../../model/lab';
import type { Lab, Router } from '../../model/types';
import { validateLab } from '../../model/validate';
import { OpError, addDevice, connect } from './ops';
import {
  addListEntry,
  addPeerGroup,
  addPolicy,
  addPrefixListEntry,
  addRouteMapEntry,
  removePeerGroup,
  removePolicy,
  removePolicyEntry,
  renamePeerGroup,
  renamePolicy,
  setListEntry,
  setNeighborField,
  setNeighborFlag,
  setPeerGroupField,
  setPeerGroupFlag,
  setPrefixListEntry,
  setRouteMapEntry,
} from './policyOps';

const bgpOf = (lab: Lab, name: string) => (lab.devices.find((d) => d.name === name) as Router).bgp!;

/** spine1 — leaf1 and spine1 — leaf2, each leaf with a client subnet it announces. */
function lab2(): Lab {
  let lab = emptyLab('t');
  for (const k of ['spine', 'leaf', 'leaf', 'client', 'client'] as const)
    lab = addDevice(lab, k, { x: 0, y: 0 }).lab;
  for (const [a, b] of [
    ['leaf1', 'spine1'],
    ['leaf2', 'spine1'],
    ['client1', 'leaf1'],
    ['client2', 'leaf2'],
  ] as const)
    lab = connect(lab, a, b).lab;
  return lab;
}

describe('prefix-lists', () => {
  it('adds a list and an entry, edits it and keeps entries in seq order', () => {
    let lab = addPolicy(lab2(), 'leaf1', 'prefixLists', 'PL');
    lab = addPrefixListEntry(lab, 'leaf1', 'PL');
    lab = addPrefixListEntry(lab, 'leaf1', 'PL');
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'prefix', '10.1.0.0/16');
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'seq', '30');
    // Sorted by seq: the edited entry is now second.
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 1, 'action', 'deny');
    const pl = bgpOf(lab, 'leaf1').prefixLists[0];
    expect(pl?.entries.map((e) => [e.seq, e.action, e.prefix])).toEqual([
      [20, 'permit', '0.0.0.0/0'],
      [30, 'deny', '10.1.0.0/16'],
    ]);
    expect(validateLab(lab).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it("refuses FRR's invalid ranges, host bits, duplicate seqs and bad names", () => {
    let lab = addPolicy(lab2(), 'leaf1', 'prefixLists', 'PL');
    lab = addPrefixListEntry(lab, 'leaf1', 'PL');
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'le', '');
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'prefix', '10.0.0.0/16');
    const set = (f: 'ge' | 'le' | 'prefix' | 'seq', v: string) => () =>
      setPrefixListEntry(lab, 'leaf1', 'PL', 0, f, v);
    expect(set('ge', '15')).toThrow(/invalid prefix range/);
    expect(() => set('ge', '16')()).not.toThrow();
    expect(set('le', '15')).toThrow(/invalid prefix range/);
    expect(set('le', '33')).toThrow(OpError);
    expect(set('prefix', 'ten')).toThrow(OpError);
    const masked = set('prefix', '10.0.0.1/16')();
    expect(bgpOf(masked, 'leaf1').prefixLists[0]?.entries[0]?.prefix).toBe('10.0.0.0/16');
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'ge', '24');
    expect(() => setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'le', '20')).toThrow(/range/);
    lab = setPrefixListEntry(lab, 'leaf1', 'PL', 0, 'ge', '16');
    expect(validateLab(lab).filter((p) => p.severity === 'error')).toEqual([]);
    lab = addPrefixListEntry(lab, 'leaf1', 'PL');
    expect(set('seq', String(bgpOf(lab, 'leaf1').prefixLists[0]?.entries[1]?.seq))).toThrow(
      /already/,
    );
    expect(() => addPolicy(lab, 'leaf1', 'prefixLists', 'two words')).toThrow(OpError);
    expect(() => addPolicy(lab, 'leaf1', 'prefixLists', 'PL')).toThrow(/exists/);
  });
});

describe('route-maps', () => {
  it('a new route-map is `permit 10`; entries take match and set clauses', () => {
    let lab = addPolicy(lab2(), 'leaf1', 'prefixLists', 'PL');
    lab = addPolicy(lab, 'leaf1', 'routeMaps', 'RM');
    expect(bgpOf(lab, 'leaf1').routeMaps[0]?.entries).toEqual([
      { seq: 10, action: 'permit', match: {}, set: {} },
    ]);
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'matchPrefixList', 'PL');
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'localPref', '200');
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'asPathPrepend', '65001 65001');
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'community', '65001:100 no-export');
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'communityAdditive', 'true');
    lab = addRouteMapEntry(lab, 'leaf1', 'RM');
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 1, 'action', 'deny');
    expect(bgpOf(lab, 'leaf1').routeMaps[0]?.entries).toEqual([
      {
        seq: 10,
        action: 'permit',
        match: { prefixList: 'PL' },
        set: {
          localPref: 200,
          asPathPrepend: [65001, 65001],
          community: { values: ['65001:100', 'no-export'], additive: true },
        },
      },
      { seq: 20, action: 'deny', match: {}, set: {} },
    ]);
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'localPref', '');
    expect(bgpOf(lab, 'leaf1').routeMaps[0]?.entries[0]?.set.localPref).toBeUndefined();
  });

  it('refuses undefined lists, bad numbers and bad communities', () => {
    const lab = addPolicy(lab2(), 'leaf1', 'routeMaps', 'RM');
    const set = (f: Parameters<typeof setRouteMapEntry>[4], v: string) => () =>
      setRouteMapEntry(lab, 'leaf1', 'RM', 0, f, v);
    expect(set('matchPrefixList', 'NOPE')).toThrow(/no prefix-list NOPE/);
    expect(set('localPref', '-1')).toThrow(OpError);
    expect(set('localPref', '4294967296')).toThrow(OpError);
    expect(set('community', '65536:1')).toThrow(/AA:NN/);
    expect(set('asPathPrepend', '65001 x')).toThrow(OpError);
    expect(set('seq', '65536')).toThrow(OpError);
    expect(set('communityAdditive', 'true')).toThrow(/community first/);
    expect(set('action', 'allow')).toThrow(/permit or deny/);
    const two = addRouteMapEntry(lab, 'leaf1', 'RM');
    const seqs = bgpOf(two, 'leaf1').routeMaps[0]?.entries.map((e) => e.seq) ?? [];
    expect(seqs).toHaveLength(2);
    expect(() => setRouteMapEntry(two, 'leaf1', 'RM', 1, 'seq', String(seqs[0]))).toThrow(
      /already in RM/,
    );
  });

  it('an edited route-map changes what the engine selects (LocPrf 200 wins)', () => {
    // RFC 4271 9.1.2.2 / FRR bestpath: higher LOCAL_PREF first. spine1 hears client2's subnet
    // from leaf2 only, so the route-map is applied where leaf1 hears client2's subnet.
    let lab = addPolicy(lab2(), 'leaf1', 'routeMaps', 'LP');
    lab = setRouteMapEntry(lab, 'leaf1', 'LP', 0, 'localPref', '200');
    const spineAddr = bgpOf(lab, 'leaf1').neighbors[0]?.peer ?? '';
    expect(spineAddr).not.toBe('');
    // Through the worker's API, as the app sees it (the UI never imports the engine).
    api.simulate(1, lab);
    const before = api.deviceView(1, 'leaf1');
    const target = before?.locRib.find((e) => e.paths.some((p) => p.asPath.includes(65002)));
    expect(target?.paths[0]?.localPref ?? 100).toBe(100);
    lab = setNeighborField(lab, 'leaf1', 0, 'routeMapIn', 'LP');
    api.simulate(2, lab);
    const after = api.deviceView(2, 'leaf1');
    const entry = after?.locRib.find((e) => e.prefix === target?.prefix);
    expect(entry?.paths.find((p) => p.best)?.localPref).toBe(200);
  });
});

describe('references', () => {
  it('renaming follows every reference; removing a used object is refused with who uses it', () => {
    let lab = addPolicy(lab2(), 'leaf1', 'prefixLists', 'PL');
    lab = addPolicy(lab, 'leaf1', 'routeMaps', 'RM');
    lab = setRouteMapEntry(lab, 'leaf1', 'RM', 0, 'matchPrefixList', 'PL');
    lab = setNeighborField(lab, 'leaf1', 0, 'routeMapOut', 'RM');
    lab = setNeighborField(lab, 'leaf1', 0, 'prefixListIn', 'PL');
    const peer = bgpOf(lab, 'leaf1').neighbors[0]?.peer;
    expect(() => removePolicy(lab, 'leaf1', 'routeMaps', 'RM')).toThrow(
      `route-map RM is used by neighbor ${peer} out`,
    );
    lab = renamePolicy(lab, 'leaf1', 'prefixLists', 'PL', 'PL2');
    lab = renamePolicy(lab, 'leaf1', 'routeMaps', 'RM', 'RM2');
    const bgp = bgpOf(lab, 'leaf1');
    expect(bgp.neighbors[0]).toMatchObject({ routeMapOut: 'RM2', prefixListIn: 'PL2' });
    expect(bgp.routeMaps[0]?.entries[0]?.match.prefixList).toBe('PL2');
    expect(validateLab(lab).filter((p) => p.severity === 'error')).toEqual([]);
    lab = setNeighborField(lab, 'leaf1', 0, 'routeMapOut', '');
    lab = removePolicy(lab, 'leaf1', 'routeMaps', 'RM2');
    expect(bgpOf(lab, 'leaf1').routeMaps).toEqual([]);
  });
});

describe('community and as-path lists', () => {
  it('validates communities and regexes', () => {
    let lab = addPolicy(lab2(), 'leaf1', 'communityLists', 'CL');
    lab = addListEntry(lab, 'leaf1', 'communityLists', 'CL');
    lab = setListEntry(lab, 'leaf1', 'communityLists', 'CL', 0, 'value', '65000:1');
    expect(() => setListEntry(lab, 'leaf1', 'communityLists', 'CL', 0, 'value', '1')).toThrow(
      OpError,
    );
    lab = addPolicy(lab, 'leaf1', 'asPathLists', 'AL');
    lab = addListEntry(lab, 'leaf1', 'asPathLists', 'AL');
    lab = setListEntry(lab, 'leaf1', 'asPathLists', 'AL', 0, 'value', '^65001_');
    lab = setListEntry(lab, 'leaf1', 'asPathLists', 'AL', 0, 'action', 'deny');
    expect(() => setListEntry(lab, 'leaf1', 'asPathLists', 'AL', 0, 'value', '(')).toThrow(
      /compile/,
    );
    expect(() => setListEntry(lab, 'leaf1', 'asPathLists', 'AL', 0, 'action', 'Deny')).toThrow(
      /permit or deny/,
    );
    const bgp = bgpOf(lab, 'leaf1');
    expect(bgp.communityLists[0]?.entries).toEqual([{ action: 'permit', community: '65000:1' }]);
    expect(bgp.asPathLists[0]?.entries).toEqual([{ action: 'deny', regex: '^65001_' }]);
    lab = removePolicyEntry(lab, 'leaf1', 'asPathLists', 'AL', 0);
    expect(bgpOf(lab, 'leaf1').asPathLists[0]?.entries).toEqual([]);
  });
});

describe('peer groups', () => {
  it('edits settings and flags, follows renames, refuses removal while used', () => {
    let lab = addPeerGroup(lab2(), 'spine1', 'LEAVES');
    lab = setPeerGroupField(lab, 'spine1', 'LEAVES', 'remoteAs', 'external');
    lab = setPeerGroupField(lab, 'spine1', 'LEAVES', 'ebgpMultihop', '2');
    lab = setPeerGroupFlag(lab, 'spine1', 'LEAVES', 'nextHopSelfForce', true);
    lab = setNeighborField(lab, 'spine1', 0, 'peerGroup', 'LEAVES');
    expect(() => setPeerGroupField(lab, 'spine1', 'LEAVES', 'ebgpMultihop', '256')).toThrow(
      OpError,
    );
    expect(() => setPeerGroupField(lab, 'spine1', 'LEAVES', 'allowasIn', '11')).toThrow(OpError);
    expect(() => setPeerGroupField(lab, 'spine1', 'LEAVES', 'routeMapIn', 'X')).toThrow(
      /no route-map/,
    );
    expect(() => setNeighborField(lab, 'spine1', 0, 'peerGroup', 'NOPE')).toThrow(/no peer-group/);
    expect(() => removePeerGroup(lab, 'spine1', 'LEAVES')).toThrow(/used by neighbor/);
    lab = renamePeerGroup(lab, 'spine1', 'LEAVES', 'FABRIC');
    const bgp = bgpOf(lab, 'spine1');
    expect(bgp.peerGroups).toEqual([
      { name: 'FABRIC', remoteAs: 'external', ebgpMultihop: 2, nextHopSelf: 'force' },
    ]);
    expect(bgp.neighbors[0]?.peerGroup).toBe('FABRIC');
    lab = setNeighborFlag(lab, 'spine1', 0, 'defaultOriginate', true);
    expect(bgpOf(lab, 'spine1').neighbors[0]?.defaultOriginate).toBe(true);
    expect(validateLab(lab).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('never mutates the lab it is given', () => {
    const lab = lab2();
    const copy = structuredClone(lab);
    addPeerGroup(lab, 'spine1', 'G');
    addPolicy(lab, 'spine1', 'routeMaps', 'R');
    expect(lab).toEqual(copy);
  });
});
