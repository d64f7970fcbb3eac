/** The shape of a `Lab` (src/model/types.ts) as data for the structural checker. */
import { LIMITS } from '../limits';
import type { Shape } from './shape';
import { arr, bool, int, lit, name, num, obj, or, rec, str, tagged } from './shape';

const ASN_MAX = 4294967295;
const asn = (): Shape => int();
const ifname = (): Shape => str(LIMITS.interfaceNameLength);

const iface = obj(
  { name: ifname(), addresses: arr(str(64), undefined, LIMITS.addressesPerInterface) },
  { loopback: bool(), unnumbered: bool(), description: str() },
);

const staticRoute = obj(
  { prefix: str(64) },
  { via: str(64), interface: ifname(), blackhole: bool(), distance: int(1, 255) },
);

const timers = obj({ keepalive: int(0, 65535), hold: int(0, 65535) });

const neighborSettings: Record<string, Shape> = {
  remoteAs: or("an AS number, 'internal' or 'external'", int(), lit('internal', 'external')),
  description: str(),
  updateSource: str(64),
  ebgpMultihop: int(),
  disableConnectedCheck: bool(),
  nextHopSelf: or("true, false or 'force'", bool(), lit('force')),
  routeReflectorClient: bool(),
  defaultOriginate: bool(),
  allowasIn: int(),
  routeMapIn: str(),
  routeMapOut: str(),
  prefixListIn: str(),
  prefixListOut: str(),
  shutdown: bool(),
  passive: bool(),
  timers,
  activate: bool(),
};

const neighbor = obj(
  { peer: str(64) },
  { ...neighborSettings, interface: bool(), peerGroup: str() },
);
const peerGroup = obj({ name: str() }, neighborSettings);

const action = lit('permit', 'deny');
const prefixList = obj({
  name: str(),
  entries: arr(
    obj({ seq: int(1, 4294967295), action, prefix: str(64) }, { ge: int(), le: int() }),
    'seq',
  ),
});
const routeMap = obj({
  name: str(),
  entries: arr(
    obj({
      seq: int(1, 65535),
      action,
      match: obj({}, { prefixList: str(), communityList: str(), asPathList: str() }),
      set: obj(
        {},
        {
          localPref: int(0, 4294967295),
          med: int(0, 4294967295),
          weight: int(0, 4294967295),
          asPathPrepend: arr(asn(), undefined, 64),
          community: obj({ values: arr(str(64)) }, { additive: bool() }),
          nextHopSelf: bool(),
        },
      ),
    }),
    'seq',
  ),
});
const communityList = obj({
  name: str(),
  entries: arr(obj({ action, community: str(64) })),
});
const asPathList = obj({ name: str(), entries: arr(obj({ action, regex: str(1000) })) });

const bgp = obj(
  {
    asn: asn(),
    peerGroups: arr(peerGroup, 'name'),
    neighbors: arr(neighbor, 'peer', LIMITS.neighborsPerDevice),
    listenRanges: arr(obj({ range: str(64), peerGroup: str() }), 'range'),
    networks: arr(str(64)),
    redistribute: arr(obj({ source: lit('connected', 'static', 'kernel') }, { routeMap: str() })),
    aggregates: arr(obj({ prefix: str(64) }, { summaryOnly: bool() }), 'prefix'),
    prefixLists: arr(prefixList, 'name'),
    routeMaps: arr(routeMap, 'name'),
    communityLists: arr(communityList, 'name'),
    asPathLists: arr(asPathList, 'name'),
  },
  {
    routerId: str(64),
    clusterId: str(64),
    profile: lit('traditional', 'datacenter'),
    ebgpRequiresPolicy: bool(),
    bestpath: obj(
      {},
      {
        asPathMultipathRelax: bool(),
        compareRouterId: bool(),
        alwaysCompareMed: bool(),
        deterministicMed: bool(),
      },
    ),
    maximumPaths: int(),
    maximumPathsIbgp: int(),
    timers,
  },
);

const kernel = obj({}, { mergePaths: bool(), exportFilter: str() });
const daemon = lit('frr', 'bird', 'vyos', 'gobgp');
const role = lit(
  'super-spine',
  'spine',
  'leaf',
  'router',
  'route-reflector',
  'node',
  'client',
  'bridge',
);

const deviceBase = {
  name: name(),
  interfaces: arr(iface, 'name', LIMITS.interfacesPerDevice),
  staticRoutes: arr(staticRoute, 'prefix'),
  labels: rec(str(LIMITS.nameLength)),
};
const deviceOptional = {
  description: str(),
  role,
  down: bool(),
  unmodelled: arr(obj({ file: str(), line: int(0), text: str() }, { context: str() })),
};

const device = tagged('kind', {
  router: obj({ ...deviceBase, kind: lit('router'), daemon }, { ...deviceOptional, bgp, kernel }),
  'k8s-node': obj(
    {
      ...deviceBase,
      kind: lit('k8s-node'),
      cluster: name(),
      k8sRole: lit('control-plane', 'worker'),
    },
    {
      ...deviceOptional,
      podCidrs: arr(str(64), undefined, 16),
      pods: arr(obj({ name: name(), address: str(64) }), 'name'),
      bgp,
      daemon,
      kernel,
    },
  ),
  host: obj({ ...deviceBase, kind: lit('host') }, deviceOptional),
  bridge: obj({ ...deviceBase, kind: lit('bridge') }, deviceOptional),
});

const endpoint = obj({ device: name(), interface: ifname() });
const link = obj({ id: str(300), a: endpoint, b: endpoint }, { down: bool() });

const selector = rec(str(LIMITS.nameLength));
const cilium = obj({
  version: str(64),
  bgpApi: lit('none', 'legacy-metallb', 'peering-policy', 'bgpv2'),
  routingMode: lit('native', 'tunnel'),
  autoDirectNodeRoutes: bool(),
  ipamMode: lit('kubernetes', 'cluster-pool'),
  kubeProxyReplacement: bool(),
  policies: arr(
    obj(
      {
        name: name(),
        nodeSelector: selector,
        localAsn: asn(),
        exportPodCidr: bool(),
        neighbors: arr(
          obj({ peerAddress: str(64), peerAsn: asn() }, { multihop: int(1, 255) }),
          'peerAddress',
        ),
      },
      { advertiseLoadBalancerIps: bool() },
    ),
    'name',
  ),
});
const calico = obj({
  asn: asn(),
  nodeToNodeMesh: bool(),
  blockSize: int(),
  advertise: lit('blocks', 'pods'),
  peers: arr(
    obj({ name: name(), nodeSelector: selector, peerIp: str(64), asNumber: asn() }),
    'name',
  ),
  serviceClusterIps: arr(str(64)),
});
const cluster = obj(
  {
    name: name(),
    cni: lit('cilium', 'calico'),
    podCidr: str(64),
    podCidrMaskSize: int(),
    serviceCidr: str(64),
    loadBalancerPools: arr(obj({ name: name(), cidr: str(64) }), 'name'),
    services: arr(
      obj(
        { name: name(), type: lit('LoadBalancer', 'ClusterIP') },
        { namespace: name(), ip: str(64), nodes: arr(name()) },
      ),
      'name',
    ),
  },
  { cilium, calico },
);

const expectation = tagged('kind', {
  reach: obj(
    { name: str(), kind: lit('reach'), from: str(200), to: str(200) },
    { via: arr(name()), not: bool() },
  ),
  route: obj(
    { name: str(), kind: lit('route'), device: name(), prefix: str(64) },
    {
      absent: bool(),
      nextHopDevices: arr(name()),
      nextHopCount: int(0),
      asPath: arr(asn(), undefined, 1000),
      bestFrom: name(),
    },
  ),
  session: obj({
    name: str(),
    kind: lit('session'),
    a: name(),
    b: name(),
    state: lit('established', 'down'),
  }),
  survives: obj(
    {
      name: str(),
      kind: lit('survives'),
      failures: or('{ links: true } or { role: <role> }', obj({ links: lit(true) }), obj({ role })),
    },
    { expectations: arr(str()) },
  ),
});

const layout = obj({
  positions: rec(obj({ x: num(), y: num() })),
  groups: arr(
    obj({ name: str(), label: str(), kind: lit('rack', 'as', 'other'), members: arr(name()) }),
    'name',
  ),
});

export const labShape = obj(
  {
    schemaVersion: int(0),
    name: str(200),
    devices: arr(device, 'name', LIMITS.devices),
    links: arr(link, 'id', LIMITS.links),
    clusters: arr(cluster, 'name'),
    expectations: arr(expectation, 'name'),
    layout,
  },
  { description: str() },
);

export { ASN_MAX };
