/** Indexes the semantic rules share, built once per validation run. */
import { Address6 } from 'ip-address';
import { familyOf, hostOf, isCidr, networkOf, prefixLength } from '../addressing';
import type { Device, Lab } from '../types';

/** One address on one interface. */
export interface AddrOn {
  device: string;
  iface: string;
  /** As written ("10.0.1.1/24"). */
  cidr: string;
  family: 4 | 6;
  /** Canonical host address (IPv6 in its correct form). */
  host: string;
  /** Canonical network ("10.0.1.0/24"). */
  network: string;
  len: number;
  loopback: boolean;
  /** L2 segment the interface is on (interfaces joined by links and bridges share one). */
  segment: string;
}

export interface Context {
  lab: Lab;
  devices: Map<string, Device>;
  /** Every syntactically valid interface address. */
  addrs: AddrOn[];
  /** Host address → where it is configured. */
  owners: Map<string, AddrOn[]>;
}

export const ifPath = (device: string, iface: string): string =>
  `devices/${device}/interfaces/${iface}`;

export function canonicalHost(ip: string): string {
  return familyOf(ip) === 6 ? new Address6(ip).correctForm() : ip;
}

/** Union-find over "device/interface" keys: links join two ends, a bridge joins all its ports. */
function segments(lab: Lab, devices: Map<string, Device>): (key: string) => string {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) ?? r;
    let c = k;
    while (c !== r) {
      const next = parent.get(c) ?? r;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const l of lab.links)
    union(`${l.a.device}/${l.a.interface}`, `${l.b.device}/${l.b.interface}`);
  for (const d of devices.values()) {
    if (d.kind !== 'bridge') continue;
    const [first, ...rest] = d.interfaces;
    if (first) for (const i of rest) union(`${d.name}/${first.name}`, `${d.name}/${i.name}`);
  }
  return find;
}

export function buildContext(lab: Lab): Context {
  const devices = new Map<string, Device>();
  for (const d of lab.devices) if (!devices.has(d.name)) devices.set(d.name, d);
  const segmentOf = segments(lab, devices);
  const addrs: AddrOn[] = [];
  const owners = new Map<string, AddrOn[]>();
  for (const d of lab.devices) {
    for (const i of d.interfaces) {
      for (const cidr of i.addresses) {
        if (!isCidr(cidr)) continue;
        const family = familyOf(cidr);
        if (family === undefined) continue;
        const a: AddrOn = {
          device: d.name,
          iface: i.name,
          cidr,
          family,
          host: canonicalHost(hostOf(cidr)),
          network: networkOf(cidr),
          len: prefixLength(cidr),
          loopback: i.loopback === true,
          segment: segmentOf(`${d.name}/${i.name}`),
        };
        addrs.push(a);
        const list = owners.get(a.host);
        if (list) list.push(a);
        else owners.set(a.host, [a]);
      }
    }
  }
  return { lab, devices, addrs, owners };
}
