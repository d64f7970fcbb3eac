/**
 * The export plan: every name the bundle uses, decided once from the lab. Renderers read names
 * from here (containerlab node, Linux ifname, kind container) and never sanitise on their own,
 * so a reference in one file always matches its definition in another.
 */
import { clusterNodes } from '../model';
import type { Cluster, Device, K8sNode, Lab } from '../model';
import { isSafeIfname, sanitizeDnsName, sanitizeName, uniqueName } from './names';
import type { Predictions } from './predictions';

export interface ExportOptions {
  /** FRR release for the router image `quay.io/frrouting/frr:<frrVersion>`. */
  frrVersion?: string;
  /** Cilium release (Helm chart version and resource flavour); default: the lab's. */
  ciliumVersion?: string;
  calicoVersion?: string;
  birdImage?: string;
  vyosImage?: string;
  netshootImage?: string;
  /** kind node image, e.g. `kindest/node:v1.31.0`; absent = kind's default. */
  kindNodeImage?: string;
  /** GoBGP reference configs listen on 179 (Cilium's does not: port -1). */
  gobgpListen?: boolean;
  /** What routelab predicted (sessions, routes, traces); carried into the bundle for verify.sh. */
  predictions?: Predictions;
}

/** The BIRD image the bundle's images/bird/Dockerfile builds (see DEFAULTS.birdImage). */
export const BIRD_LOCAL_IMAGE = 'routelab/bird:2.0.11';
/** Where the bundle keeps the Dockerfile of BIRD_LOCAL_IMAGE. */
export const BIRD_IMAGE_DIR = 'images/bird';
/** Its base: BIRD 2.0.11 as published by pierky/dockerfiles. */
export const BIRD_BASE_IMAGE = 'pierky/bird:2.0.11';

export const DEFAULTS = {
  // The Debian 12 package the real-daemon tests run is 8.4.4; quay.io tags carry no `v`.
  frrVersion: '8.4.4',
  calicoVersion: '3.28.2',
  // BIRD: pierky/bird has no 2.0.12 tag; 2.0.11 is the nearest BIRD 2.0 build it publishes
  // (github.com/pierky/dockerfiles bird/2.0.11/Dockerfile: BIRD built on debian:stable, config
  // /etc/bird/bird.conf). That image has no iproute2, which the containerlab `exec` lines need,
  // so the bundle ships images/bird/Dockerfile adding it; this is the tag it builds.
  birdImage: BIRD_LOCAL_IMAGE,
  // VyOS publishes no container image: containerlab's vyosnetworks_vyos kind documents building
  // one from an ISO and is "only tested with v1.5 Q1 Stream or higher" (containerlab
  // docs/manual/kinds/vyosnetworks_vyos.md); its example ISO is vyos-1.5-stream-2025-Q1.
  vyosImage: 'vyos:1.5-stream-2025-Q1',
  netshootImage: 'nicolaka/netshoot:v0.13',
  gobgpListen: false,
} as const;

export interface DevicePlan {
  device: Device;
  /** containerlab node name (Docker container `clab-<lab>-<node>`). */
  node: string;
  /** Model interface name → Linux interface name. Loopback-like interfaces map to `lo`. */
  ifnames: Map<string, string>;
  /** For Kubernetes nodes: the kind container whose network namespace the node shares. */
  kindContainer?: string;
}

export interface ClusterPlan {
  cluster: Cluster;
  /** kind cluster name. */
  kindName: string;
  /** Nodes in kind's order: control planes first, then workers. */
  nodes: { device: K8sNode; container: string }[];
}

export interface ExportPlan {
  lab: Lab;
  labName: string;
  devices: Map<string, DevicePlan>;
  clusters: ClusterPlan[];
  options: ExportOptions & typeof DEFAULTS;
}

const CNI_IFNAMES = new Set(['cilium_host', 'cilium_net', 'cilium_vxlan', 'tunl0', 'vxlan.calico']);

/** Interfaces a container already has (Docker management, kind, CNIs). */
const RESERVED_IFNAMES = new Set([
  'lo',
  'eth0',
  'cilium_host',
  'cilium_net',
  'cilium_vxlan',
  'tunl0',
  'vxlan.calico',
]);

function planIfnames(device: Device, bridgeName: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (bridgeName !== undefined) {
    // Bridge ports live in the host namespace: they must be unique on the host.
    device.interfaces.forEach((i, n) => out.set(i.name, `${bridgeName}p${n + 1}`));
    return out;
  }
  const taken = new Set<string>();
  // VyOS only knows its ethernet interfaces as ethN.
  const vyos = device.kind === 'router' && device.daemon === 'vyos';
  const keep = (n: string): boolean =>
    vyos ? /^eth[1-9]\d{0,3}$/.test(n) : isSafeIfname(n) && !RESERVED_IFNAMES.has(n);
  for (const i of device.interfaces) {
    // Loopback-like interfaces collapse onto `lo` (containers have no dummy devices by default),
    // except the CNI's own devices on a Kubernetes node, which exist there under that name.
    if (i.loopback)
      out.set(i.name, device.kind === 'k8s-node' && CNI_IFNAMES.has(i.name) ? i.name : 'lo');
    else if (keep(i.name) && !taken.has(i.name)) {
      out.set(i.name, i.name);
      taken.add(i.name);
    }
  }
  let n = 1;
  for (const i of device.interfaces) {
    if (out.has(i.name)) continue;
    while (taken.has(`eth${n}`)) n++;
    out.set(i.name, `eth${n}`);
    taken.add(`eth${n}`);
  }
  return out;
}

function planClusters(lab: Lab): ClusterPlan[] {
  const taken = new Set<string>();
  return lab.clusters.map((cluster) => {
    const kindName = uniqueName(sanitizeDnsName(cluster.name, 30, 'kind'), taken, 30);
    const all = clusterNodes(lab, cluster.name);
    const cps = all.filter((n) => n.k8sRole === 'control-plane');
    const workers = all.filter((n) => n.k8sRole !== 'control-plane');
    const nth = (i: number): string => (i === 0 ? '' : String(i + 1));
    return {
      cluster,
      kindName,
      nodes: [
        ...cps.map((device, i) => ({ device, container: `${kindName}-control-plane${nth(i)}` })),
        ...workers.map((device, i) => ({ device, container: `${kindName}-worker${nth(i)}` })),
      ],
    };
  });
}

export function planExport(lab: Lab, options: ExportOptions = {}): ExportPlan {
  const labName = sanitizeDnsName(lab.name, 30, 'routelab');
  const clusters = planClusters(lab);
  const containers = new Map(
    clusters.flatMap((c) => c.nodes.map((n) => [n.device.name, n.container] as const)),
  );
  const taken = new Set<string>();
  const devices = new Map<string, DevicePlan>();
  for (const device of lab.devices) {
    // A bridge's node name is the host bridge's name: short enough to leave room for port names.
    const isBridge = device.kind === 'bridge';
    const base = isBridge ? sanitizeName(device.name, 9, 'br') : sanitizeName(device.name);
    const node = uniqueName(base, taken, isBridge ? 9 : 40);
    devices.set(device.name, {
      device,
      node,
      ifnames: planIfnames(device, isBridge ? node : undefined),
      ...(containers.has(device.name) ? { kindContainer: containers.get(device.name) } : {}),
    });
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { lab, labName, devices, clusters, options: { ...DEFAULTS, ...defined } };
}

/** The Linux name of a model interface (unknown names are passed through only when safe). */
export function ifnameOf(dp: DevicePlan, modelName: string): string | undefined {
  return dp.ifnames.get(modelName) ?? (isSafeIfname(modelName) ? modelName : undefined);
}

/** The Docker container name containerlab gives a node. */
export function containerOf(plan: ExportPlan, dp: DevicePlan): string {
  return `clab-${plan.labName}-${dp.node}`;
}

/** Sorted device plans (lab order), for deterministic output. */
export function devicePlans(plan: ExportPlan): DevicePlan[] {
  return [...plan.devices.values()];
}
