/**
 * Small constructors the example labs are written with, so each example reads like its write-up
 * (devices, links, peerings) rather than like JSON. Everything returned is plain lab-model data.
 */
import { emptyBgp, emptyLab, linkId } from '../lab';
import type {
  BgpConfig,
  Bridge,
  Cluster,
  Daemon,
  Device,
  Expectation,
  Group,
  Host,
  Interface,
  K8sNode,
  Lab,
  Link,
  Position,
  Role,
  Router,
  StaticRoute,
} from '../types';

/** An interface with the given CIDR addresses. */
export const ifc = (name: string, ...addresses: string[]): Interface => ({ name, addresses });

/** `lo`, or another interface on no link, holding the given addresses. */
export const lo = (addresses: string[], name = 'lo', description?: string): Interface => ({
  name,
  addresses,
  loopback: true,
  ...(description ? { description } : {}),
});

/** An interface that peers over IPv6 link-local only (`neighbor IFACE interface`). */
export const unnumbered = (name: string): Interface => ({ name, addresses: [], unnumbered: true });

export const defaultVia = (via: string): StaticRoute => ({ prefix: '0.0.0.0/0', via });

/** A BGP configuration: the empty one for `asn` with the given parts filled in. */
export function bgp(asn: number, parts: Partial<Omit<BgpConfig, 'asn'>> = {}): BgpConfig {
  return { ...emptyBgp(asn), ...parts };
}

interface DeviceParts {
  description?: string;
  staticRoutes?: StaticRoute[];
  labels?: Record<string, string>;
}

export function router(
  name: string,
  daemon: Daemon,
  role: Role,
  interfaces: Interface[],
  parts: DeviceParts & Pick<Router, 'bgp' | 'kernel' | 'unmodelled'> = {},
): Router {
  const { staticRoutes = [], labels = {}, ...rest } = parts;
  return { kind: 'router', name, daemon, role, interfaces, staticRoutes, labels, ...rest };
}

export function k8sNode(
  name: string,
  cluster: string,
  k8sRole: K8sNode['k8sRole'],
  interfaces: Interface[],
  parts: DeviceParts & Pick<K8sNode, 'podCidrs' | 'pods' | 'bgp' | 'daemon' | 'kernel'> = {},
): K8sNode {
  const { staticRoutes = [], labels = {}, ...rest } = parts;
  return {
    kind: 'k8s-node',
    name,
    role: 'node',
    cluster,
    k8sRole,
    interfaces,
    staticRoutes,
    labels,
    ...rest,
  };
}

export function host(name: string, interfaces: Interface[], parts: DeviceParts = {}): Host {
  const { staticRoutes = [], labels = {}, description } = parts;
  return {
    kind: 'host',
    name,
    role: 'client',
    interfaces,
    staticRoutes,
    labels,
    ...(description ? { description } : {}),
  };
}

/** An L2 segment with the given port names (one link per member). */
export function bridge(name: string, ports: string[], description?: string): Bridge {
  return {
    kind: 'bridge',
    name,
    role: 'bridge',
    interfaces: ports.map((p) => ({ name: p, addresses: [] })),
    staticRoutes: [],
    labels: {},
    ...(description ? { description } : {}),
  };
}

/** A link between two "device:interface" ends. */
export function link(a: string, b: string): Link {
  const ep = (s: string): { device: string; interface: string } => {
    const i = s.lastIndexOf(':');
    return { device: s.slice(0, i), interface: s.slice(i + 1) };
  };
  return { id: linkId(ep(a), ep(b)), a: ep(a), b: ep(b) };
}

/**
 * Canvas positions for a layered fabric: each row (top to bottom: spines, leaves, bridges, nodes)
 * is centred on the same axis so racks line up under their leaves.
 */
export function layered(rows: string[][], dx = 180, dy = 150): Record<string, Position> {
  const widest = Math.max(...rows.map((r) => r.length));
  const out: Record<string, Position> = {};
  rows.forEach((row, y) => {
    const offset = ((widest - row.length) * dx) / 2;
    row.forEach((name, x) => {
      out[name] = { x: offset + x * dx, y: y * dy };
    });
  });
  return out;
}

export const rack = (name: string, label: string, members: string[]): Group => ({
  name,
  label,
  kind: 'rack',
  members,
});

export interface LabParts {
  description: string;
  devices: Device[];
  links: Link[];
  clusters: Cluster[];
  expectations: Expectation[];
  rows: string[][];
  groups: Group[];
}

export function makeLab(name: string, parts: LabParts): Lab {
  return {
    ...emptyLab(name),
    description: parts.description,
    devices: parts.devices,
    links: parts.links,
    clusters: parts.clusters,
    expectations: parts.expectations,
    layout: { positions: layered(parts.rows), groups: parts.groups },
  };
}

// ---------------------------------------------------------------- expectations

export const session = (a: string, b: string, state: 'established' | 'down'): Expectation => ({
  kind: 'session',
  name: `${a} ↔ ${b} ${state}`,
  a,
  b,
  state,
});

/**
 * The device has `prefix`; with devices, exactly those next-hop devices; with `ecmp`, also that
 * many installed next hops (set only where the write-up shows a multipath route).
 */
export const route = (
  device: string,
  prefix: string,
  nextHopDevices?: string[],
  ecmp = false,
): Expectation => ({
  kind: 'route',
  name: nextHopDevices
    ? `${device} has ${prefix} via ${nextHopDevices.join(' + ')}`
    : `${device} has ${prefix}`,
  device,
  prefix,
  ...(nextHopDevices ? { nextHopDevices } : {}),
  ...(nextHopDevices && ecmp ? { nextHopCount: nextHopDevices.length } : {}),
});

/** The device has `prefix` over exactly `count` next hops (which ones may differ per run). */
export const routeCount = (device: string, prefix: string, count: number): Expectation => ({
  kind: 'route',
  name: `${device} has ${prefix} over ${count} next hop${count === 1 ? '' : 's'}`,
  device,
  prefix,
  nextHopCount: count,
});

export const noRoute = (device: string, prefix: string): Expectation => ({
  kind: 'route',
  name: `${device} has no route to ${prefix}`,
  device,
  prefix,
  absent: true,
});

export const reach = (from: string, to: string, via?: string[]): Expectation => ({
  kind: 'reach',
  name: via ? `${from} reaches ${to} via ${via.join(', ')}` : `${from} reaches ${to}`,
  from,
  to,
  ...(via ? { via } : {}),
});

export const noReach = (from: string, to: string): Expectation => ({
  kind: 'reach',
  name: `${from} does not reach ${to}`,
  from,
  to,
  not: true,
});
