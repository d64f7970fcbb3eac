/** Small queries and constructors over the lab model, shared by every layer. */
import { familyOf, hostOf, ipv4ToInt } from './addressing';
import type { BgpConfig, Device, Endpoint, Interface, Lab, Link } from './types';
import { SCHEMA_VERSION } from './types';

export function emptyLab(name: string): Lab {
  return {
    schemaVersion: SCHEMA_VERSION,
    name,
    devices: [],
    links: [],
    clusters: [],
    expectations: [],
    layout: { positions: {}, groups: [] },
  };
}

export function emptyBgp(asn: number): BgpConfig {
  return {
    asn,
    peerGroups: [],
    neighbors: [],
    listenRanges: [],
    networks: [],
    redistribute: [],
    aggregates: [],
    prefixLists: [],
    routeMaps: [],
    communityLists: [],
    asPathLists: [],
  };
}

export function findDevice(lab: Lab, name: string): Device | undefined {
  return lab.devices.find((d) => d.name === name);
}

export function findInterface(device: Device, name: string): Interface | undefined {
  return device.interfaces.find((i) => i.name === name);
}

export function linkId(a: Endpoint, b: Endpoint): string {
  return `${a.device}:${a.interface}--${b.device}:${b.interface}`;
}

/** The link an interface is attached to, if any. */
export function linkOf(lab: Lab, ep: Endpoint): Link | undefined {
  return lab.links.find(
    (l) =>
      (l.a.device === ep.device && l.a.interface === ep.interface) ||
      (l.b.device === ep.device && l.b.interface === ep.interface),
  );
}

/** The far end of a link seen from `ep`. */
export function otherEnd(link: Link, ep: Endpoint): Endpoint {
  return link.a.device === ep.device && link.a.interface === ep.interface ? link.b : link.a;
}

/** All IPv4 interface addresses of a device as CIDR strings. */
export function ipv4Addresses(device: Device): string[] {
  return device.interfaces.flatMap((i) => i.addresses.filter((a) => familyOf(a) === 4));
}

/**
 * The router-id a daemon would pick: the configured one, else (as FRR's zebra does) the highest
 * loopback IPv4 address, else the highest IPv4 address of any interface. Like zebra's
 * `zebra_check_addr`, 127.0.0.0/8 and 0.0.0.0 never qualify. Checked on FRR 8.4.4 in a netns:
 * `lo` 127.0.0.1 + eth 10.1.1.1, 10.2.2.2 → 10.2.2.2; adding lo 10.0.0.1 → 10.0.0.1; then lo
 * 10.0.0.5 → 10.0.0.5. Zebra counts only the kernel loopback (`lo`) as a loopback: an address on
 * an ifb device did not win over `lo`, so exporters must put `loopback: true` addresses on `lo`.
 */
export function routerIdOf(device: Device, bgp?: BgpConfig): string | undefined {
  if (bgp?.routerId) return bgp.routerId;
  const pick = (ifaces: Interface[]): string | undefined => {
    const hosts = ifaces
      .flatMap((i) => i.addresses)
      .filter((a) => familyOf(a) === 4)
      .map(hostOf)
      .filter((h) => h !== '0.0.0.0' && !h.startsWith('127.'));
    hosts.sort((x, y) => ipv4ToInt(y) - ipv4ToInt(x));
    return hosts[0];
  };
  return pick(device.interfaces.filter((i) => i.loopback)) ?? pick(device.interfaces);
}

/**
 * Renames a device and rewrites every reference to it: links (and ids derived from them), service
 * node lists, layout and expectations. Neighbours refer to addresses, not names, so they stay.
 */
export function renameDevice(lab: Lab, from: string, to: string): Lab {
  const ren = (n: string): string => (n === from ? to : n);
  const renEp = (e: Endpoint): Endpoint => ({ ...e, device: ren(e.device) });
  const positions = Object.fromEntries(
    Object.entries(lab.layout.positions).map(([k, v]) => [ren(k), v]),
  );
  return {
    ...lab,
    devices: lab.devices.map((d) => (d.name === from ? { ...d, name: to } : d)),
    links: lab.links.map((l) => {
      const a = renEp(l.a);
      const b = renEp(l.b);
      return { ...l, a, b, id: l.id === linkId(l.a, l.b) ? linkId(a, b) : l.id };
    }),
    // Services name the nodes that announce them (externalTrafficPolicy Local).
    clusters: lab.clusters.map((c) => ({
      ...c,
      services: c.services.map((s) => (s.nodes ? { ...s, nodes: s.nodes.map(ren) } : s)),
    })),
    layout: {
      positions,
      groups: lab.layout.groups.map((g) => ({ ...g, members: g.members.map(ren) })),
    },
    expectations: lab.expectations.map((e) => {
      switch (e.kind) {
        case 'reach':
          return {
            ...e,
            from: renPath(e.from, from, to),
            to: renPath(e.to, from, to),
            via: e.via?.map(ren),
          };
        case 'route':
          return {
            ...e,
            device: ren(e.device),
            nextHopDevices: e.nextHopDevices?.map(ren),
            bestFrom: e.bestFrom === undefined ? undefined : ren(e.bestFrom),
          };
        case 'session':
          return { ...e, a: ren(e.a), b: ren(e.b) };
        case 'survives':
          return e;
      }
    }),
  };
}

function renPath(p: string, from: string, to: string): string {
  const [dev, ...rest] = p.split('/');
  return dev === from ? [to, ...rest].join('/') : p;
}
