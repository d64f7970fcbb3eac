/**
 * fast-check arbitraries for the lab model, for property tests in any layer.
 * `arbLab()` gives labs with the right *shape* (they pass `checkShape`), not necessarily sound
 * networks: names may dangle and addresses may clash. Use `arbLab({ devices: 3 })` to size them.
 */
import fc from 'fast-check';
import type {
  BgpConfig,
  Cluster,
  Device,
  Expectation,
  Interface,
  Lab,
  Layout,
  Link,
  Neighbor,
  RouteMap,
} from '../types';
import { SCHEMA_VERSION } from '../types';

/** Strings that tempt YAML into other types unless quoted, mixed with plain ones. */
const tricky = fc.constantFrom(
  '',
  'null',
  'yes',
  'no',
  '1.5',
  '0x10',
  '~',
  '#x',
  '- a',
  'a: b',
  "it's",
  '"q"',
  'ü€',
  ' lead',
);
export const arbText = (): fc.Arbitrary<string> => fc.oneof(fc.string({ maxLength: 20 }), tricky);
export const arbName = (): fc.Arbitrary<string> =>
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
export const arbIfName = (): fc.Arbitrary<string> => fc.stringMatching(/^(eth|lo|net)[0-9]{1,2}$/);
export const arbIpv4 = (): fc.Arbitrary<string> =>
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
export const arbCidr4 = (): fc.Arbitrary<string> =>
  fc.tuple(arbIpv4(), fc.integer({ min: 8, max: 32 })).map(([a, l]) => `${a}/${l}`);
export const arbCidr6 = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.nat(0xffff), fc.integer({ min: 48, max: 128 }))
    .map(([h, l]) => `fd00:${h.toString(16)}::1/${l}`);
export const arbAsn = (): fc.Arbitrary<number> =>
  fc.oneof(fc.integer({ min: 64512, max: 65534 }), fc.integer({ min: 1, max: 4294967295 }));
const labels = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./-]{0,8}$/), arbName(), {
  maxKeys: 3,
});

export const arbInterface = (): fc.Arbitrary<Interface> =>
  fc.record(
    {
      name: arbIfName(),
      addresses: fc.array(fc.oneof(arbCidr4(), arbCidr6()), { maxLength: 3 }),
      loopback: fc.boolean(),
      unnumbered: fc.boolean(),
      description: arbText(),
    },
    { requiredKeys: ['name', 'addresses'] },
  );

const arbNeighbor = (): fc.Arbitrary<Neighbor> =>
  fc.record(
    {
      peer: arbIpv4(),
      remoteAs: fc.oneof(arbAsn(), fc.constantFrom('internal' as const, 'external' as const)),
      peerGroup: arbName(),
      nextHopSelf: fc.constantFrom(true, false, 'force' as const),
      routeReflectorClient: fc.boolean(),
      ebgpMultihop: fc.integer({ min: 1, max: 255 }),
      timers: fc.record({ keepalive: fc.nat(60), hold: fc.nat(180) }),
      routeMapIn: arbName(),
    },
    { requiredKeys: ['peer'] },
  );

const arbRouteMap = (): fc.Arbitrary<RouteMap> =>
  fc.record({
    name: arbName(),
    entries: fc.array(
      fc.record({
        seq: fc.integer({ min: 1, max: 65535 }),
        action: fc.constantFrom('permit' as const, 'deny' as const),
        match: fc.record({ prefixList: arbName(), communityList: arbName() }, { requiredKeys: [] }),
        set: fc.record(
          {
            localPref: fc.nat(1000),
            asPathPrepend: fc.array(arbAsn(), { maxLength: 3 }),
            community: fc.record(
              {
                values: fc.array(fc.constantFrom('65000:1', 'no-export'), { maxLength: 2 }),
                additive: fc.boolean(),
              },
              { requiredKeys: ['values'] },
            ),
          },
          { requiredKeys: [] },
        ),
      }),
      { maxLength: 2 },
    ),
  });

export const arbBgp = (): fc.Arbitrary<BgpConfig> =>
  fc.record(
    {
      asn: arbAsn(),
      routerId: arbIpv4(),
      profile: fc.constantFrom('traditional' as const, 'datacenter' as const),
      bestpath: fc.record(
        { asPathMultipathRelax: fc.boolean(), deterministicMed: fc.boolean() },
        { requiredKeys: [] },
      ),
      maximumPaths: fc.integer({ min: 1, max: 256 }),
      peerGroups: fc.array(
        fc.record({ name: arbName(), remoteAs: arbAsn() }, { requiredKeys: ['name'] }),
        { maxLength: 2 },
      ),
      neighbors: fc.array(arbNeighbor(), { maxLength: 3 }),
      listenRanges: fc.array(fc.record({ range: arbCidr4(), peerGroup: arbName() }), {
        maxLength: 1,
      }),
      networks: fc.array(arbCidr4(), { maxLength: 2 }),
      redistribute: fc.array(
        fc.record(
          { source: fc.constantFrom('connected' as const, 'static' as const), routeMap: arbName() },
          { requiredKeys: ['source'] },
        ),
        { maxLength: 2 },
      ),
      aggregates: fc.array(
        fc.record({ prefix: arbCidr4(), summaryOnly: fc.boolean() }, { requiredKeys: ['prefix'] }),
        { maxLength: 1 },
      ),
      prefixLists: fc.array(
        fc.record({
          name: arbName(),
          entries: fc.array(
            fc.record(
              {
                seq: fc.integer({ min: 1, max: 1000 }),
                action: fc.constantFrom('permit' as const, 'deny' as const),
                prefix: arbCidr4(),
                le: fc.integer({ min: 8, max: 32 }),
              },
              { requiredKeys: ['seq', 'action', 'prefix'] },
            ),
            { maxLength: 2 },
          ),
        }),
        { maxLength: 1 },
      ),
      routeMaps: fc.array(arbRouteMap(), { maxLength: 1 }),
      communityLists: fc.constant([]),
      asPathLists: fc.array(
        fc.record({
          name: arbName(),
          entries: fc.array(
            fc.record({
              action: fc.constant('permit' as const),
              regex: fc.constantFrom('^65000_', '_65010$', '.*'),
            }),
            { maxLength: 1 },
          ),
        }),
        { maxLength: 1 },
      ),
    },
    {
      requiredKeys: [
        'asn',
        'peerGroups',
        'neighbors',
        'listenRanges',
        'networks',
        'redistribute',
        'aggregates',
        'prefixLists',
        'routeMaps',
        'communityLists',
        'asPathLists',
      ],
    },
  );

const base = {
  name: arbName(),
  description: arbText(),
  interfaces: fc.array(arbInterface(), { maxLength: 3 }),
  staticRoutes: fc.array(
    fc.record(
      {
        prefix: arbCidr4(),
        via: arbIpv4(),
        interface: arbIfName(),
        blackhole: fc.boolean(),
        distance: fc.integer({ min: 1, max: 255 }),
      },
      { requiredKeys: ['prefix'] },
    ),
    { maxLength: 2 },
  ),
  labels,
  down: fc.boolean(),
};
const baseKeys = ['kind', 'name', 'interfaces', 'staticRoutes', 'labels'] as const;

export const arbDevice = (): fc.Arbitrary<Device> =>
  fc.oneof(
    fc.record(
      {
        ...base,
        kind: fc.constant('router' as const),
        daemon: fc.constantFrom('frr' as const, 'bird' as const, 'vyos' as const, 'gobgp' as const),
        role: fc.constantFrom('spine' as const, 'leaf' as const, 'router' as const),
        bgp: arbBgp(),
        kernel: fc.record({ mergePaths: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: [...baseKeys, 'daemon'] },
    ),
    fc.record(
      {
        ...base,
        kind: fc.constant('k8s-node' as const),
        cluster: arbName(),
        k8sRole: fc.constantFrom('control-plane' as const, 'worker' as const),
        podCidrs: fc.array(arbCidr4(), { maxLength: 1 }),
        pods: fc.array(fc.record({ name: arbName(), address: arbIpv4() }), { maxLength: 2 }),
      },
      { requiredKeys: [...baseKeys, 'cluster', 'k8sRole'] },
    ),
    fc.record({ ...base, kind: fc.constant('host' as const) }, { requiredKeys: [...baseKeys] }),
    fc.record({ ...base, kind: fc.constant('bridge' as const) }, { requiredKeys: [...baseKeys] }),
  );

const endpoint = fc.record({ device: arbName(), interface: arbIfName() });
export const arbLink = (): fc.Arbitrary<Link> =>
  fc.record(
    { id: arbName(), a: endpoint, b: endpoint, down: fc.boolean() },
    { requiredKeys: ['id', 'a', 'b'] },
  );

export const arbCluster = (): fc.Arbitrary<Cluster> =>
  fc.record(
    {
      name: arbName(),
      cni: fc.constantFrom('cilium' as const, 'calico' as const),
      podCidr: arbCidr4(),
      podCidrMaskSize: fc.integer({ min: 16, max: 28 }),
      serviceCidr: arbCidr4(),
      cilium: fc.record({
        version: fc.constantFrom('1.11.20', '1.16.0'),
        bgpApi: fc.constantFrom(
          'none' as const,
          'legacy-metallb' as const,
          'peering-policy' as const,
          'bgpv2' as const,
        ),
        routingMode: fc.constantFrom('native' as const, 'tunnel' as const),
        autoDirectNodeRoutes: fc.boolean(),
        ipamMode: fc.constantFrom('kubernetes' as const, 'cluster-pool' as const),
        kubeProxyReplacement: fc.boolean(),
        policies: fc.array(
          fc.record(
            {
              name: arbName(),
              nodeSelector: labels,
              localAsn: arbAsn(),
              exportPodCidr: fc.boolean(),
              advertiseLoadBalancerIps: fc.boolean(),
              neighbors: fc.array(fc.record({ peerAddress: arbIpv4(), peerAsn: arbAsn() }), {
                maxLength: 2,
              }),
            },
            { requiredKeys: ['name', 'nodeSelector', 'localAsn', 'exportPodCidr', 'neighbors'] },
          ),
          { maxLength: 2 },
        ),
      }),
      calico: fc.record({
        asn: arbAsn(),
        nodeToNodeMesh: fc.boolean(),
        blockSize: fc.integer({ min: 20, max: 32 }),
        advertise: fc.constantFrom('blocks' as const, 'pods' as const),
        peers: fc.array(
          fc.record({
            name: arbName(),
            nodeSelector: labels,
            peerIp: arbIpv4(),
            asNumber: arbAsn(),
          }),
          { maxLength: 2 },
        ),
        serviceClusterIps: fc.array(arbCidr4(), { maxLength: 1 }),
      }),
      loadBalancerPools: fc.array(fc.record({ name: arbName(), cidr: arbCidr4() }), {
        maxLength: 2,
      }),
      services: fc.array(
        fc.record(
          {
            name: arbName(),
            namespace: arbName(),
            type: fc.constantFrom('LoadBalancer' as const, 'ClusterIP' as const),
            ip: arbIpv4(),
            nodes: fc.array(arbName(), { maxLength: 2 }),
          },
          { requiredKeys: ['name', 'type'] },
        ),
        { maxLength: 2 },
      ),
    },
    {
      requiredKeys: [
        'name',
        'cni',
        'podCidr',
        'podCidrMaskSize',
        'serviceCidr',
        'loadBalancerPools',
        'services',
      ],
    },
  );

export const arbExpectation = (): fc.Arbitrary<Expectation> =>
  fc.oneof(
    fc.record(
      {
        name: arbName(),
        kind: fc.constant('reach' as const),
        from: arbName(),
        to: fc.oneof(arbName(), arbIpv4()),
        via: fc.array(arbName(), { maxLength: 2 }),
        not: fc.boolean(),
      },
      { requiredKeys: ['name', 'kind', 'from', 'to'] },
    ),
    fc.record(
      {
        name: arbName(),
        kind: fc.constant('route' as const),
        device: arbName(),
        prefix: arbCidr4(),
        absent: fc.boolean(),
        nextHopCount: fc.nat(8),
        asPath: fc.array(arbAsn(), { maxLength: 3 }),
        bestFrom: arbName(),
      },
      { requiredKeys: ['name', 'kind', 'device', 'prefix'] },
    ),
    fc.record({
      name: arbName(),
      kind: fc.constant('session' as const),
      a: arbName(),
      b: arbName(),
      state: fc.constantFrom('established' as const, 'down' as const),
    }),
    fc.record(
      {
        name: arbName(),
        kind: fc.constant('survives' as const),
        failures: fc.oneof(
          fc.constant({ links: true as const }),
          fc.constant({ role: 'spine' as const }),
        ),
        expectations: fc.array(arbName(), { maxLength: 2 }),
      },
      { requiredKeys: ['name', 'kind', 'failures'] },
    ),
  );

/** Finite doubles without -0 (JSON has no -0, so it could not round-trip). */
const coord = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (x === 0 ? 0 : x));

export const arbLayout = (): fc.Arbitrary<Layout> =>
  fc.record({
    positions: fc.dictionary(arbName(), fc.record({ x: coord, y: coord }), { maxKeys: 3 }),
    groups: fc.array(
      fc.record({
        name: arbName(),
        label: arbText(),
        kind: fc.constantFrom('rack' as const, 'as' as const, 'other' as const),
        members: fc.array(arbName(), { maxLength: 3 }),
      }),
      { maxLength: 2 },
    ),
  });

export function arbLab(size: { devices?: number } = {}): fc.Arbitrary<Lab> {
  return fc.record(
    {
      schemaVersion: fc.constant(SCHEMA_VERSION),
      name: arbText(),
      description: arbText(),
      devices: fc.array(arbDevice(), { maxLength: size.devices ?? 4 }),
      links: fc.array(arbLink(), { maxLength: 3 }),
      clusters: fc.array(arbCluster(), { maxLength: 1 }),
      expectations: fc.array(arbExpectation(), { maxLength: 2 }),
      layout: arbLayout(),
    },
    {
      requiredKeys: [
        'schemaVersion',
        'name',
        'devices',
        'links',
        'clusters',
        'expectations',
        'layout',
      ],
    },
  );
}
