/**
 * Layer 2: which interfaces are up and which share a segment. A link joins two interfaces; a
 * `bridge` device joins every interface linked to it into one segment (a Linux bridge). Down
 * links and down devices carry nothing: their interfaces lose carrier, as a veth does when its
 * peer goes down.
 */
import { familyOf, hostOf } from '../../model/addressing';
import type { Device, Lab } from '../../model/types';

export interface Port {
  device: string;
  interface: string;
}

export interface L2 {
  /** Operational: device up, interface exists, its link (if any) and far end up. */
  isUp(device: string, iface: string): boolean;
  /** Why an interface is down, in words; undefined when it is up. */
  downReason(device: string, iface: string): string | undefined;
  /** The other non-bridge ports on the interface's segment (empty for loopbacks/unlinked). */
  neighbours(device: string, iface: string): Port[];
  /**
   * The port on `iface`'s segment that answers ARP for `addr`. Linux answers ARP for any of its
   * addresses on any interface (arp_ignore=0), so an exact-interface owner is preferred, then any
   * interface of a device on the segment.
   */
  resolve(device: string, iface: string, addr: string): Port | undefined;
}

const key = (device: string, iface: string): string => `${device}\u0000${iface}`;

export function buildL2(lab: Lab): L2 {
  const devices = new Map<string, Device>(lab.devices.map((d) => [d.name, d]));
  const linkAt = new Map<string, { far: Port; down: boolean; id: string }>();
  for (const l of lab.links) {
    linkAt.set(key(l.a.device, l.a.interface), { far: l.b, down: !!l.down, id: l.id });
    linkAt.set(key(l.b.device, l.b.interface), { far: l.a, down: !!l.down, id: l.id });
  }

  const downReason = (device: string, iface: string): string | undefined => {
    const d = devices.get(device);
    if (!d) return `no device ${device}`;
    if (d.down) return `${device} is down`;
    if (!d.interfaces.some((i) => i.name === iface)) return `${device} has no interface ${iface}`;
    const link = linkAt.get(key(device, iface));
    if (!link) return undefined;
    if (link.down) return `link ${link.id} is down`;
    const far = devices.get(link.far.device);
    if (!far) return `link ${link.id} ends at unknown device ${link.far.device}`;
    if (far.down) return `${far.name} (far end of ${device}:${iface}) is down`;
    return undefined;
  };

  // Union-find over ports: links join their two ends, a bridge joins all its ports.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(k, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const l of lab.links) {
    if (downReason(l.a.device, l.a.interface) || downReason(l.b.device, l.b.interface)) continue;
    union(key(l.a.device, l.a.interface), key(l.b.device, l.b.interface));
  }
  for (const d of lab.devices) {
    if (d.kind !== 'bridge' || d.down) continue;
    const [first, ...rest] = d.interfaces;
    if (first) for (const i of rest) union(key(d.name, first.name), key(d.name, i.name));
  }
  const segments = new Map<string, Port[]>();
  for (const l of lab.links) {
    for (const p of [l.a, l.b]) {
      if (devices.get(p.device)?.kind === 'bridge' || downReason(p.device, p.interface)) continue;
      const root = find(key(p.device, p.interface));
      const list = segments.get(root) ?? [];
      list.push(p);
      segments.set(root, list);
    }
  }

  const neighbours = (device: string, iface: string): Port[] => {
    if (downReason(device, iface) || !linkAt.has(key(device, iface))) return [];
    const seg = segments.get(find(key(device, iface))) ?? [];
    return seg.filter((p) => !(p.device === device && p.interface === iface));
  };

  const owns = (p: Port, addr: string, anyInterface: boolean): boolean => {
    const d = devices.get(p.device);
    if (!d) return false;
    return d.interfaces.some(
      (i) =>
        (anyInterface || i.name === p.interface) &&
        i.addresses.some((a) => familyOf(a) === 4 && hostOf(a) === addr),
    );
  };

  return {
    isUp: (device, iface) => downReason(device, iface) === undefined,
    downReason,
    neighbours,
    resolve: (device, iface, addr) => {
      const ns = neighbours(device, iface);
      return ns.find((p) => owns(p, addr, false)) ?? ns.find((p) => owns(p, addr, true));
    },
  };
}
