/** Arbitraries for configs whose references all resolve, so they pass validateLab. */
import fc from 'fast-check';
import { arbText } from '../../../src/model/testing/arbitraries';
import type {
  BgpConfig,
  NeighborSettings,
  PrefixListEntry,
  RouteMapEntry,
} from '../../../src/model/types';

/**
 * arbBgp's references dangle (peer-groups, route-maps), so few of its neighbours validate. This
 * one builds neighbours whose every reference exists, to exercise the neighbour commands.
 */
const arbSettings = (maps: string[], lists: string[]): fc.Arbitrary<NeighborSettings> =>
  fc.record(
    {
      remoteAs: fc.oneof(
        fc.integer({ min: 1, max: 4294967295 }).filter((a) => a !== 23456),
        fc.constantFrom('internal' as const, 'external' as const),
      ),
      description: arbText().filter((t) => t.trim() !== '' && t.trim() === t),
      updateSource: fc.constantFrom('lo', 'eth1'),
      ebgpMultihop: fc.integer({ min: 1, max: 255 }),
      disableConnectedCheck: fc.boolean(),
      nextHopSelf: fc.constantFrom(true, false, 'force' as const),
      routeReflectorClient: fc.boolean(),
      defaultOriginate: fc.boolean(),
      allowasIn: fc.integer({ min: 1, max: 10 }),
      routeMapIn: fc.constantFrom(...maps),
      routeMapOut: fc.constantFrom(...maps),
      prefixListIn: fc.constantFrom(...lists),
      prefixListOut: fc.constantFrom(...lists),
      shutdown: fc.boolean(),
      passive: fc.boolean(),
      timers: fc
        .integer({ min: 1, max: 60 })
        .chain((k) =>
          fc.record({ keepalive: fc.constant(k), hold: fc.integer({ min: 3 * k, max: 180 }) }),
        ),
    },
    { requiredKeys: ['remoteAs'] },
  );

/** A prefix-list entry with a network prefix and a ge/le range FRR and BIRD accept. */
const arbPrefixListEntry: fc.Arbitrary<PrefixListEntry> = fc
  .record({
    seq: fc.integer({ min: 1, max: 1000 }),
    action: fc.constantFrom('permit' as const, 'deny' as const),
    octet: fc.integer({ min: 1, max: 223 }),
    ge: fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }),
    le: fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }),
  })
  .map(({ seq, action, octet, ge, le }) => {
    const e: PrefixListEntry = { seq, action, prefix: `${octet}.0.0.0/8` };
    const g = ge !== undefined && ge > 8 ? ge : undefined;
    const l = le !== undefined && le > 8 && le >= (g ?? 0) ? le : undefined;
    if (g !== undefined) e.ge = g;
    if (l !== undefined) e.le = l;
    return e;
  });

const arbRouteMapEntry: fc.Arbitrary<RouteMapEntry> = fc.record({
  seq: fc.integer({ min: 1, max: 65535 }),
  action: fc.constantFrom('permit' as const, 'deny' as const),
  match: fc.record({ prefixList: fc.constant('PL') }, { requiredKeys: [] }),
  set: fc.record(
    {
      localPref: fc.nat(4294967295),
      med: fc.nat(4294967295),
      weight: fc.nat(65535),
      asPathPrepend: fc.array(
        fc.integer({ min: 1, max: 4294967295 }).filter((a) => a !== 23456),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      community: fc.record(
        {
          values: fc.array(
            fc.tuple(fc.nat(65535), fc.nat(65535)).map(([a, b]) => `${a}:${b}`),
            { minLength: 1, maxLength: 3 },
          ),
          additive: fc.boolean(),
        },
        { requiredKeys: ['values'] },
      ),
    },
    { requiredKeys: [] },
  ),
});

export const arbConsistentBgp: fc.Arbitrary<BgpConfig> = fc
  .record({
    asn: fc.integer({ min: 64512, max: 65534 }),
    groups: fc.uniqueArray(fc.constantFrom('FABRIC', 'SERVERS', 'RR'), { maxLength: 2 }),
    peers: fc.uniqueArray(fc.integer({ min: 2, max: 250 }), { minLength: 1, maxLength: 4 }),
  })
  .chain(({ asn, groups, peers }) => {
    const maps = ['RM-IN', 'RM-OUT'];
    const lists = ['PL'];
    return fc
      .record({
        groupSettings: fc.array(arbSettings(maps, lists), {
          minLength: groups.length,
          maxLength: groups.length,
        }),
        plEntries: fc.uniqueArray(arbPrefixListEntry, {
          minLength: 1,
          maxLength: 3,
          selector: (e) => e.seq,
        }),
        mapEntries: fc.array(
          fc.uniqueArray(arbRouteMapEntry, { minLength: 1, maxLength: 3, selector: (e) => e.seq }),
          { minLength: maps.length, maxLength: maps.length },
        ),
        neighbours: fc.array(
          fc.tuple(
            arbSettings(maps, lists),
            groups.length
              ? fc.option(fc.constantFrom(...groups), { nil: undefined })
              : fc.constant(undefined),
          ),
          { minLength: peers.length, maxLength: peers.length },
        ),
      })
      .map(({ groupSettings, neighbours, plEntries, mapEntries }): BgpConfig => ({
        asn,
        routerId: '10.255.0.1',
        peerGroups: groups.map((name, i) => ({ name, ...groupSettings[i] })),
        neighbors: peers.map((p, i) => {
          const [settings, group] = neighbours[i] ?? [{}, undefined];
          return group === undefined
            ? { peer: `10.0.0.${p}`, ...settings }
            : { peer: `10.0.0.${p}`, peerGroup: group };
        }),
        listenRanges: [],
        networks: ['10.255.0.1/32'],
        redistribute: [],
        aggregates: [],
        prefixLists: [{ name: 'PL', entries: plEntries }],
        routeMaps: maps.map((name, i) => ({ name, entries: mapEntries[i] ?? [] })),
        communityLists: [],
        asPathLists: [],
      }));
  });
