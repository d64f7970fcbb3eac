/**
 * Compact lab builders for the data-plane tests: `dev:iface` strings for links, interface maps
 * for devices. Test-only helpers; kept out of `*.test.ts` so several test files share them.
 */
import { emptyLab } from '../../model/lab';
import type {
  Cluster,
  Device,
  Host,
  Interface,
  K8sNode,
  Lab,
  Link,
  Router,
  StaticRoute,
} from '../../model/types';

type Ifaces = Record<string, string[] | Partial<Interface>>;

function ifaces(spec: Ifaces): Interface[] {
  return Object.entries(spec).map(([name, v]) =>
    Array.isArray(v)
      ? { name, addresses: v, ...(name === 'lo' ? { loopback: true } : {}) }
      : { name, addresses: [], ...(name === 'lo' ? { loopback: true } : {}), ...v },
  );
}

export function router(
  name: string,
  spec: Ifaces,
  staticRoutes: StaticRoute[] = [],
  daemon: Router['daemon'] = 'bird',
): Router {
  return { kind: 'router', name, daemon, interfaces: ifaces(spec), staticRoutes, labels: {} };
}

export function host(name: string, spec: Ifaces, staticRoutes: StaticRoute[] = []): Host {
  return { kind: 'host', name, interfaces: ifaces(spec), staticRoutes, labels: {} };
}

export function bridge(name: string, ports: string[]): Device {
  return {
    kind: 'bridge',
    name,
    interfaces: ifaces(Object.fromEntries(ports.map((p) => [p, []]))),
    staticRoutes: [],
    labels: {},
  };
}

export function node(
  name: string,
  cluster: string,
  spec: Ifaces,
  extra: Partial<K8sNode> = {},
): K8sNode {
  return {
    kind: 'k8s-node',
    name,
    cluster,
    k8sRole: 'worker',
    interfaces: ifaces(spec),
    staticRoutes: [],
    labels: {},
    ...extra,
  };
}

export function link(a: string, b: string, down = false): Link {
  const [ad = '', ai = ''] = a.split(':');
  const [bd = '', bi = ''] = b.split(':');
  return {
    id: `${a}--${b}`,
    a: { device: ad, interface: ai },
    b: { device: bd, interface: bi },
    ...(down ? { down: true } : {}),
  };
}

export function lab(devices: Device[], links: Link[], clusters: Cluster[] = []): Lab {
  return { ...emptyLab('test'), devices, links, clusters };
}

export function cluster(
  name: string,
  cni: 'cilium' | 'calico',
  extra: Partial<Cluster> = {},
): Cluster {
  return {
    name,
    cni,
    podCidr: '10.1.0.0/16',
    podCidrMaskSize: 24,
    serviceCidr: '10.96.0.0/12',
    loadBalancerPools: [],
    services: [],
    ...(cni === 'cilium'
      ? {
          cilium: {
            version: '1.14',
            bgpApi: 'none',
            routingMode: 'native',
            autoDirectNodeRoutes: true,
            ipamMode: 'kubernetes',
            kubeProxyReplacement: false,
            policies: [],
          },
        }
      : {
          calico: {
            asn: 63400,
            nodeToNodeMesh: false,
            blockSize: 26,
            advertise: 'blocks',
            peers: [],
            serviceClusterIps: [],
          },
        }),
    ...extra,
  };
}

/**
 * The static-route lab of real/hop-address-lab.sh, device for device: src ── r1 ══ECMP══ r2|r3
 * ── r4 ── dst, r3–r4 unnumbered, r4's route back to src over the unnumbered link.
 */
export function hopAddressLab(): Lab {
  return lab(
    [
      host('src', { eth0: ['10.9.1.2/24'] }, [{ prefix: '0.0.0.0/0', via: '10.9.1.1' }]),
      router(
        'r1',
        {
          lo: ['10.9.0.1/32'],
          eth0: ['10.9.1.1/24'],
          eth1: ['10.9.12.1/24'],
          eth2: ['10.9.13.1/24'],
        },
        [
          { prefix: '10.9.4.0/24', via: '10.9.12.2', interface: 'eth1' },
          { prefix: '10.9.4.0/24', via: '10.9.13.3', interface: 'eth2' },
        ],
      ),
      router('r2', { lo: ['10.9.0.2/32'], eth0: ['10.9.12.2/24'], eth1: ['10.9.24.2/24'] }, [
        { prefix: '10.9.4.0/24', via: '10.9.24.4' },
        { prefix: '10.9.1.0/24', via: '10.9.12.1' },
      ]),
      router('r3', { lo: ['10.9.0.3/32'], eth0: ['10.9.13.3/24'], eth1: [] }, [
        { prefix: '10.9.0.4/32', interface: 'eth1' },
        { prefix: '10.9.4.0/24', via: '10.9.0.4', interface: 'eth1' },
        { prefix: '10.9.1.0/24', via: '10.9.13.1' },
      ]),
      router(
        'r4',
        { lo: ['10.9.0.4/32'], eth0: ['10.9.24.4/24'], eth1: [], eth2: ['10.9.4.1/24'] },
        [
          { prefix: '10.9.0.3/32', interface: 'eth1' },
          { prefix: '10.9.1.0/24', via: '10.9.0.3', interface: 'eth1' },
        ],
      ),
      host('dst', { eth0: ['10.9.4.2/24'] }, [{ prefix: '0.0.0.0/0', via: '10.9.4.1' }]),
    ],
    [
      link('src:eth0', 'r1:eth0'),
      link('r1:eth1', 'r2:eth0'),
      link('r1:eth2', 'r3:eth0'),
      link('r2:eth1', 'r4:eth0'),
      link('r3:eth1', 'r4:eth1'),
      link('r4:eth2', 'dst:eth0'),
    ],
  );
}
