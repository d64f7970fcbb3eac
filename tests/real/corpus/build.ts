/**
 * A small builder for corpus labs: plain lab-model objects, written the way an engineer would
 * draw them (routers, links with a /30 or unnumbered, neighbours both ways).
 */
import type {
  BgpConfig,
  Daemon,
  Device,
  Host,
  Lab,
  Neighbor,
  Router,
  Role,
  StaticRoute,
} from '../../../src/model';
import { emptyBgp, emptyLab, hostOf, linkId, pointToPointHosts } from '../../../src/model';

/** Runner options a corpus lab sets explicitly (never applied silently to a user's lab). */
export interface RealOptions {
  /** BIRD: `connect delay time 1; connect retry time 5; error wait time 1, 10;`. */
  fastBirdTimers?: boolean;
  /** Source device → destination address, traced on both sides. */
  traces?: { from: string; to: string }[];
  /** Links to fail after the first collection (`ip link set down`), then collect again. */
  failLinks?: string[];
  /** Expectations (by name) checked after `failLinks`. */
  afterFailure?: string[];
  /** Expectations (by name) that hold only after `failLinks`: not checked before. */
  failureOnly?: string[];
  /** Why a part of the comparison is relaxed for this lab (printed in the report). */
  notes?: string[];
}

export interface CorpusLab {
  id: string;
  lab: Lab;
  options: RealOptions;
}

export function newLab(name: string, description: string): Lab {
  return { ...emptyLab(name), description };
}

function device(lab: Lab, name: string): Device {
  const d = lab.devices.find((x) => x.name === name);
  if (!d) throw new Error(`no device ${name}`);
  return d;
}

export function bgpOf(lab: Lab, name: string): BgpConfig {
  const d = device(lab, name);
  if ((d.kind !== 'router' && d.kind !== 'k8s-node') || !d.bgp) throw new Error(`${name}: no bgp`);
  return d.bgp;
}

export interface RouterOpts {
  asn?: number;
  daemon?: Daemon;
  role?: Role;
  loopback?: string;
  profile?: 'traditional' | 'datacenter';
  bgp?: Partial<BgpConfig>;
}

export function addRouter(lab: Lab, name: string, o: RouterOpts = {}): Router {
  const r: Router = {
    kind: 'router',
    name,
    daemon: o.daemon ?? 'frr',
    role: o.role ?? 'router',
    interfaces: o.loopback ? [{ name: 'lo', loopback: true, addresses: [o.loopback] }] : [],
    staticRoutes: [],
    labels: {},
  };
  if (o.asn !== undefined) {
    r.bgp = { ...emptyBgp(o.asn), profile: o.profile ?? 'datacenter', ...o.bgp };
  }
  lab.devices.push(r);
  return r;
}

export function addHost(lab: Lab, name: string, routes: StaticRoute[] = []): Host {
  const h: Host = {
    kind: 'host',
    name,
    role: 'client',
    interfaces: [],
    staticRoutes: routes,
    labels: {},
  };
  lab.devices.push(h);
  return h;
}

function nextIf(d: Device): string {
  return `eth${d.interfaces.filter((i) => !i.loopback).length}`;
}

export interface Wire {
  aIf: string;
  bIf: string;
  /** Host addresses (no length); undefined when unnumbered. */
  aAddr?: string;
  bAddr?: string;
}

/** Joins two devices with a point-to-point link: a /30 or /31 subnet, or unnumbered (null). */
export function connect(lab: Lab, a: string, b: string, subnet: string | null): Wire {
  const da = device(lab, a);
  const db = device(lab, b);
  const aIf = nextIf(da);
  const bIf = nextIf(db);
  if (subnet === null) {
    da.interfaces.push({ name: aIf, addresses: [], unnumbered: true });
    db.interfaces.push({ name: bIf, addresses: [], unnumbered: true });
  } else {
    const [x, y] = pointToPointHosts(subnet);
    da.interfaces.push({ name: aIf, addresses: [x] });
    db.interfaces.push({ name: bIf, addresses: [y] });
  }
  const ea = { device: a, interface: aIf };
  const eb = { device: b, interface: bIf };
  lab.links.push({ id: linkId(ea, eb), a: ea, b: eb });
  const w: Wire = { aIf, bIf };
  if (subnet !== null) {
    const [x, y] = pointToPointHosts(subnet);
    w.aAddr = hostOf(x);
    w.bAddr = hostOf(y);
  }
  return w;
}

/** Adds BGP neighbours both ways over a wire (by address, or `interface` when unnumbered). */
export function peer(
  lab: Lab,
  a: string,
  b: string,
  w: Wire,
  aSide: Partial<Neighbor> = {},
  bSide: Partial<Neighbor> = {},
): void {
  const ba = bgpOf(lab, a);
  const bb = bgpOf(lab, b);
  const unnumbered = w.aAddr === undefined;
  const remote = (x: BgpConfig, y: BgpConfig): number => (y.asn === x.asn ? x.asn : y.asn);
  ba.neighbors.push({
    peer: unnumbered ? w.aIf : (w.bAddr as string),
    ...(unnumbered ? { interface: true } : {}),
    remoteAs: remote(ba, bb),
    ...aSide,
  });
  bb.neighbors.push({
    peer: unnumbered ? w.bIf : (w.aAddr as string),
    ...(unnumbered ? { interface: true } : {}),
    remoteAs: remote(bb, ba),
    ...bSide,
  });
}

/** A stub network on the device (an `ifb` interface in the real lab), for `network` to announce. */
export function stub(
  lab: Lab,
  name: string,
  cidr: string,
  ifName = `stub${device(lab, name).interfaces.filter((i) => i.loopback && i.name !== 'lo').length}`,
): void {
  device(lab, name).interfaces.push({ name: ifName, loopback: true, addresses: [cidr] });
}

export function corpus(id: string, lab: Lab, options: RealOptions = {}): CorpusLab {
  return { id, lab, options };
}
