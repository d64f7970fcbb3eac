/**
 * Model operations: every canvas or inspector gesture becomes one of these pure functions
 * (lab in, new lab out; the input is never mutated). They throw `OpError` with a user-facing
 * message when a gesture cannot be applied, so the UI can say why and leave the lab untouched.
 */
import {
  allocateSubnet,
  hostOf,
  isCidr,
  isIpv4,
  networkOf,
  nthAddress,
  pointToPointHosts,
} from '../../model/addressing';
import { emptyBgp, findDevice, linkId, renameDevice as renameInModel } from '../../model/lab';
import type {
  BgpConfig,
  Cluster,
  Device,
  K8sNode,
  Lab,
  Link,
  Neighbor,
  Position,
  Router,
} from '../../model/types';
import { asPlan, paletteEntry, pools } from './templates';
import type { PaletteKind } from './templates';

export class OpError extends Error {}

const clone = <T>(v: T): T => structuredClone(v);

export const NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;

/** The next free `<stem>N` name, N from 1. */
export function nextName(lab: Lab, stem: string): string {
  const taken = new Set(lab.devices.map((d) => d.name));
  for (let i = 1; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

function usedAddresses(lab: Lab): string[] {
  return lab.devices.flatMap((d) => d.interfaces.flatMap((i) => i.addresses));
}

function asnsInUse(lab: Lab): Set<number> {
  return new Set(lab.devices.flatMap((d) => (d.kind === 'router' && d.bgp ? [d.bgp.asn] : [])));
}

function nextAsn(lab: Lab, from: number): number {
  const used = asnsInUse(lab);
  let asn = from;
  while (used.has(asn)) asn++;
  return asn;
}

function ciliumCluster(): Cluster {
  return {
    name: 'cilium',
    cni: 'cilium',
    podCidr: pools.podCidr,
    podCidrMaskSize: 24,
    serviceCidr: pools.serviceCidr,
    cilium: {
      version: '1.16.5',
      bgpApi: 'peering-policy',
      routingMode: 'native',
      autoDirectNodeRoutes: false,
      ipamMode: 'kubernetes',
      kubeProxyReplacement: false,
      policies: [],
    },
    loadBalancerPools: [],
    services: [],
  };
}

function calicoCluster(): Cluster {
  return {
    name: 'calico',
    cni: 'calico',
    podCidr: '10.245.0.0/16',
    podCidrMaskSize: 26,
    serviceCidr: pools.serviceCidr,
    calico: {
      asn: asPlan.calico,
      nodeToNodeMesh: true,
      blockSize: 26,
      advertise: 'blocks',
      peers: [],
      serviceClusterIps: [],
    },
    loadBalancerPools: [],
    services: [],
  };
}

/** Adds a device from the palette at `position`; returns the new lab and the device's name. */
export function addDevice(
  lab: Lab,
  kind: PaletteKind,
  position: Position,
): { lab: Lab; name: string } {
  const next = clone(lab);
  const entry = paletteEntry(kind);
  const name = nextName(next, entry.stem);
  const base = { name, role: entry.role, interfaces: [], staticRoutes: [], labels: {} };
  let device: Device;
  switch (kind) {
    case 'spine':
    case 'leaf':
    case 'router':
    case 'route-reflector': {
      const lo = allocateSubnet(pools.loopback, 32, usedAddresses(next));
      if (!lo) throw new OpError('loopback pool exhausted');
      const asn =
        kind === 'spine' || kind === 'route-reflector'
          ? asPlan.spine
          : nextAsn(next, kind === 'leaf' ? asPlan.leaf : asPlan.router);
      const bgp: BgpConfig = { ...emptyBgp(asn), routerId: hostOf(lo), profile: 'datacenter' };
      device = {
        ...base,
        kind: 'router',
        daemon: 'frr',
        interfaces: [{ name: 'lo', addresses: [lo], loopback: true }],
        bgp,
      };
      break;
    }
    case 'cilium-node':
    case 'calico-node': {
      const cni = kind === 'cilium-node' ? 'cilium' : 'calico';
      let cluster = next.clusters.find((c) => c.cni === cni);
      if (!cluster) {
        cluster = cni === 'cilium' ? ciliumCluster() : calicoCluster();
        next.clusters.push(cluster);
      }
      device = {
        ...base,
        kind: 'k8s-node',
        cluster: cluster.name,
        k8sRole: next.devices.some((d) => d.kind === 'k8s-node' && d.cluster === cluster.name)
          ? 'worker'
          : 'control-plane',
        labels: { 'kubernetes.io/hostname': name },
      };
      break;
    }
    case 'client':
      device = { ...base, kind: 'host' };
      break;
    case 'bridge':
      device = { ...base, kind: 'bridge' };
      break;
  }
  next.devices.push(device);
  next.layout.positions[name] = { x: Math.round(position.x), y: Math.round(position.y) };
  return { lab: next, name };
}

/** The next free `ethN` (N from 1: eth0 is containerlab's management interface). */
export function nextInterface(device: Device): string {
  const taken = new Set(device.interfaces.map((i) => i.name));
  for (let i = 1; ; i++) if (!taken.has(`eth${i}`)) return `eth${i}`;
}

function mustFind(lab: Lab, name: string): Device {
  const d = findDevice(lab, name);
  if (!d) throw new OpError(`no device named ${name}`);
  return d;
}

/** The L2 segment's subnet: taken from a member already addressed, else a fresh /24. */
function segmentSubnet(lab: Lab, bridge: Device): string {
  for (const l of lab.links) {
    const ends = [l.a, l.b];
    if (!ends.some((e) => e.device === bridge.name)) continue;
    const other = ends.find((e) => e.device !== bridge.name);
    const addr =
      other &&
      findDevice(lab, other.device)?.interfaces.find((i) => i.name === other.interface)
        ?.addresses[0];
    if (addr && isCidr(addr)) return networkOf(addr);
  }
  const s = allocateSubnet(pools.segment, 24, usedAddresses(lab));
  if (!s) throw new OpError('segment pool exhausted');
  return s;
}

function freeHostIn(lab: Lab, subnet: string): string {
  const used = new Set(usedAddresses(lab).map(hostOf));
  for (let i = 1; ; i++) {
    const a = nthAddress(subnet, i);
    if (a === undefined) throw new OpError(`no free address left in ${subnet}`);
    if (!used.has(a)) return `${a}/${subnet.split('/')[1] ?? '24'}`;
  }
}

const isRouter = (d: Device): d is Router => d.kind === 'router';

/**
 * Connects two devices: picks a free interface on each, addresses the link from the lab's pools
 * (router–router: a /31 from the fabric pool; to a node or client: a /24 from the edge pool with
 * the router on .1; to a bridge: an address in the segment) and sets up the BGP sessions the
 * roles imply, so a fabric drawn from the palette comes up without typing a neighbour.
 */
export function connect(lab: Lab, aName: string, bName: string): { lab: Lab; link: string } {
  if (aName === bName) throw new OpError('a device cannot be linked to itself');
  const next = clone(lab);
  const a = mustFind(next, aName);
  const b = mustFind(next, bName);
  const ia = nextInterface(a);
  const ib = nextInterface(b);
  let addrA: string | undefined;
  let addrB: string | undefined;
  if (a.kind === 'bridge' && b.kind === 'bridge') {
    // Two bridges joined: one segment, no addresses.
  } else if (a.kind === 'bridge' || b.kind === 'bridge') {
    const bridge = a.kind === 'bridge' ? a : b;
    const addr = freeHostIn(next, segmentSubnet(next, bridge));
    if (a.kind === 'bridge') addrB = addr;
    else addrA = addr;
  } else {
    const edge = !isRouter(a) || !isRouter(b);
    const subnet = allocateSubnet(
      edge ? pools.edge : pools.fabric,
      edge ? 24 : 31,
      usedAddresses(next),
    );
    if (!subnet) throw new OpError('address pool exhausted');
    const [h1, h2] = pointToPointHosts(subnet);
    // The router takes the first address, so a client's gateway is .1 as in most labs.
    const aFirst = isRouter(a) || !isRouter(b);
    addrA = aFirst ? h1 : h2;
    addrB = aFirst ? h2 : h1;
  }
  a.interfaces.push({ name: ia, addresses: addrA ? [addrA] : [] });
  b.interfaces.push({ name: ib, addresses: addrB ? [addrB] : [] });
  const link: Link = {
    id: linkId({ device: a.name, interface: ia }, { device: b.name, interface: ib }),
    a: { device: a.name, interface: ia },
    b: { device: b.name, interface: ib },
  };
  next.links.push(link);
  if (addrA && addrB) autoPeer(next, a, addrA, b, addrB);
  return { lab: next, link: link.id };
}

/** Adds the BGP sessions a new link between `a` and `b` implies. Mutates `lab` (a clone). */
function autoPeer(lab: Lab, a: Device, addrA: string, b: Device, addrB: string): void {
  const peerOf = (x: Device, addrX: string, y: Device, addrY: string): void => {
    if (isRouter(x) && x.bgp) {
      if (isRouter(y) && y.bgp) {
        const n: Neighbor = {
          peer: hostOf(addrY),
          remoteAs: y.bgp.asn === x.bgp.asn ? 'internal' : y.bgp.asn,
        };
        if (x.role === 'route-reflector' && y.bgp.asn === x.bgp.asn && y.role !== 'route-reflector')
          n.routeReflectorClient = true;
        x.bgp.neighbors.push(n);
      } else if (y.kind === 'k8s-node') {
        const cluster = lab.clusters.find((c) => c.name === y.cluster);
        if (cluster?.cni === 'cilium' && cluster.cilium) {
          // Nodes peer iBGP with their leaf, as the ToRs in the FRR + Cilium field lab do.
          x.bgp.neighbors.push({ peer: hostOf(addrY), remoteAs: 'internal' });
          cluster.cilium.policies.push({
            name: `${y.name}-${x.name}`,
            nodeSelector: { 'kubernetes.io/hostname': y.name },
            localAsn: x.bgp.asn,
            exportPodCidr: true,
            neighbors: [{ peerAddress: `${hostOf(addrX)}/32`, peerAsn: x.bgp.asn }],
          });
        } else if (cluster?.cni === 'calico' && cluster.calico) {
          const asn = cluster.calico.asn;
          x.bgp.neighbors.push({
            peer: hostOf(addrY),
            remoteAs: asn === x.bgp.asn ? 'internal' : asn,
          });
          cluster.calico.peers.push({
            name: `${y.name}-${x.name}`,
            nodeSelector: { 'kubernetes.io/hostname': y.name },
            peerIp: hostOf(addrX),
            asNumber: x.bgp.asn,
          });
        }
        if (x.role === 'leaf') y.labels.rack = y.labels.rack ?? x.name;
        // Like a kind node behind its ToR: the first router linked is the default gateway.
        if (!y.staticRoutes.some((r) => r.prefix === '0.0.0.0/0'))
          y.staticRoutes.push({ prefix: '0.0.0.0/0', via: hostOf(addrX) });
      } else if (y.kind === 'host') {
        const subnet = networkOf(addrX);
        if (!x.bgp.networks.includes(subnet)) x.bgp.networks.push(subnet);
        if (!y.staticRoutes.some((r) => r.prefix === '0.0.0.0/0'))
          y.staticRoutes.push({ prefix: '0.0.0.0/0', via: hostOf(addrX) });
      }
    }
  };
  peerOf(a, addrA, b, addrB);
  peerOf(b, addrB, a, addrA);
}

/** Removes a link and everything it brought: both interfaces, sessions over them, gateways. */
function detachLink(lab: Lab, link: Link): void {
  const gone = new Set<string>();
  const subnets = new Set<string>();
  for (const ep of [link.a, link.b]) {
    const d = findDevice(lab, ep.device);
    if (!d) continue;
    const iface = d.interfaces.find((i) => i.name === ep.interface);
    for (const addr of iface?.addresses ?? []) {
      gone.add(hostOf(addr));
      if (isCidr(addr)) subnets.add(networkOf(addr));
    }
    d.interfaces = d.interfaces.filter((i) => i.name !== ep.interface);
  }
  lab.links = lab.links.filter((l) => l.id !== link.id);
  forgetAddresses(lab, gone, subnets);
}

function forgetAddresses(lab: Lab, gone: Set<string>, subnets: Set<string>): void {
  if (gone.size === 0) return;
  for (const d of lab.devices) {
    d.staticRoutes = d.staticRoutes.filter((r) => !(r.via && gone.has(r.via)));
    if (isRouter(d) && d.bgp) {
      d.bgp.neighbors = d.bgp.neighbors.filter((n) => !gone.has(n.peer));
      d.bgp.networks = d.bgp.networks.filter((n) => !subnets.has(n));
    }
  }
  for (const c of lab.clusters) {
    if (c.cilium)
      c.cilium.policies = c.cilium.policies.filter(
        (p) => !p.neighbors.some((n) => gone.has(hostOf(n.peerAddress))),
      );
    if (c.calico) c.calico.peers = c.calico.peers.filter((p) => !gone.has(p.peerIp));
  }
}

/** Deletes devices (with their links) and links. */
export function deleteSelection(lab: Lab, devices: string[], links: string[]): Lab {
  const next = clone(lab);
  const doomed = new Set(devices);
  for (const l of [...next.links]) {
    if (links.includes(l.id) || doomed.has(l.a.device) || doomed.has(l.b.device))
      detachLink(next, l);
  }
  const gone = new Set<string>();
  for (const d of next.devices) {
    if (doomed.has(d.name))
      for (const i of d.interfaces) for (const a of i.addresses) gone.add(hostOf(a));
  }
  next.devices = next.devices.filter((d) => !doomed.has(d.name));
  forgetAddresses(next, gone, new Set());
  for (const c of next.clusters) {
    if (c.cilium)
      c.cilium.policies = c.cilium.policies.filter(
        (p) => !doomed.has(p.nodeSelector['kubernetes.io/hostname'] ?? ''),
      );
    if (c.calico)
      c.calico.peers = c.calico.peers.filter(
        (p) => !doomed.has(p.nodeSelector['kubernetes.io/hostname'] ?? ''),
      );
  }
  for (const n of doomed) delete next.layout.positions[n];
  next.layout.groups = next.layout.groups
    .map((g) => ({ ...g, members: g.members.filter((m) => !doomed.has(m)) }))
    .filter((g) => g.members.length > 0);
  return next;
}

export function moveDevices(lab: Lab, positions: Record<string, Position>): Lab {
  const next = clone(lab);
  for (const [name, p] of Object.entries(positions)) {
    if (findDevice(next, name))
      next.layout.positions[name] = { x: Math.round(p.x), y: Math.round(p.y) };
  }
  return next;
}

export function renameDevice(lab: Lab, from: string, to: string): Lab {
  if (from === to) return lab;
  if (!NAME_RE.test(to))
    throw new OpError('a name starts with a letter; letters, digits, - _ . only');
  if (findDevice(lab, to)) throw new OpError(`${to} already exists`);
  const next = renameInModel(lab, from, to);
  // Selectors that name the node by hostname follow the rename.
  for (const d of next.devices)
    if (d.name === to && d.labels['kubernetes.io/hostname'] === from)
      d.labels = { ...d.labels, 'kubernetes.io/hostname': to };
  for (const c of next.clusters) {
    for (const p of [...(c.cilium?.policies ?? []), ...(c.calico?.peers ?? [])]) {
      if (p.nodeSelector['kubernetes.io/hostname'] === from)
        p.nodeSelector = { ...p.nodeSelector, 'kubernetes.io/hostname': to };
    }
  }
  return next;
}

export function setLabName(lab: Lab, name: string): Lab {
  const n = name.trim();
  if (!n) throw new OpError('the lab needs a name');
  return { ...lab, name: n };
}

/** Fails or restores a link (what-if). */
export function setLinkDown(lab: Lab, id: string, down: boolean): Lab {
  if (!lab.links.some((l) => l.id === id)) throw new OpError(`no link ${id}`);
  return { ...lab, links: lab.links.map((l) => (l.id === id ? { ...l, down } : l)) };
}

/** Fails or restores a device (what-if). */
export function setDeviceDown(lab: Lab, name: string, down: boolean): Lab {
  mustFind(lab, name);
  return { ...lab, devices: lab.devices.map((d) => (d.name === name ? { ...d, down } : d)) };
}

function withRouter(lab: Lab, name: string, fn: (r: Router, bgp: BgpConfig) => void): Lab {
  const next = clone(lab);
  const d = mustFind(next, name);
  if (!isRouter(d)) throw new OpError(`${name} is not a router`);
  d.bgp = d.bgp ?? emptyBgp(65000);
  fn(d, d.bgp);
  return next;
}

export function parseAsn(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new OpError('an AS number is a whole number');
  const n = Number(text);
  if (n < 1 || n > 4294967295) throw new OpError('an AS number is 1 … 4294967295');
  return n;
}

/** Sets a router's local AS; neighbours that named the old AS now name the new one. */
export function setAsn(lab: Lab, name: string, asnText: string): Lab {
  const asn = parseAsn(asnText);
  const old = (findDevice(lab, name) as Router | undefined)?.bgp?.asn;
  const next = withRouter(lab, name, (_r, bgp) => {
    bgp.asn = asn;
  });
  if (old === undefined || old === asn) return next;
  const mine = new Set(mustFind(next, name).interfaces.flatMap((i) => i.addresses.map(hostOf)));
  for (const d of next.devices) {
    if (d.name === name || !isRouter(d) || !d.bgp) continue;
    for (const n of d.bgp.neighbors) if (mine.has(n.peer) && n.remoteAs === old) n.remoteAs = asn;
  }
  for (const c of next.clusters)
    for (const p of c.cilium?.policies ?? [])
      for (const n of p.neighbors) if (mine.has(hostOf(n.peerAddress))) n.peerAsn = asn;
  return next;
}

export function setRouterId(lab: Lab, name: string, text: string): Lab {
  const v = text.trim();
  if (v !== '' && !isIpv4(v)) throw new OpError('a router-id is an IPv4 address');
  return withRouter(lab, name, (_r, bgp) => {
    if (v === '') delete bgp.routerId;
    else bgp.routerId = v;
  });
}

export type BgpFlag = 'asPathMultipathRelax' | 'datacenter';

export function setBgpFlag(lab: Lab, name: string, flag: BgpFlag, on: boolean): Lab {
  return withRouter(lab, name, (_r, bgp) => {
    if (flag === 'datacenter') bgp.profile = on ? 'datacenter' : 'traditional';
    else bgp.bestpath = { ...bgp.bestpath, asPathMultipathRelax: on };
  });
}

export function setMaximumPaths(lab: Lab, name: string, text: string): Lab {
  const v = text.trim();
  if (v !== '' && !/^\d+$/.test(v)) throw new OpError('maximum-paths is a whole number');
  const n = Number(v);
  if (v !== '' && (n < 1 || n > 256)) throw new OpError('maximum-paths is 1 … 256');
  return withRouter(lab, name, (_r, bgp) => {
    if (v === '') delete bgp.maximumPaths;
    else bgp.maximumPaths = n;
  });
}

export function parseRemoteAs(text: string): Neighbor['remoteAs'] {
  const v = text.trim();
  if (v === 'internal' || v === 'external') return v;
  return parseAsn(v);
}

export interface NeighborPatch {
  peer?: string;
  remoteAs?: string;
  routeReflectorClient?: boolean;
  nextHopSelf?: boolean;
  shutdown?: boolean;
}

export function updateNeighbor(lab: Lab, name: string, index: number, patch: NeighborPatch): Lab {
  const peer = patch.peer?.trim();
  if (peer !== undefined && !isIpv4(peer) && !/^[A-Za-z][\w.-]*$/.test(peer))
    throw new OpError('a peer is an IPv4 address or an interface name');
  const remoteAs = patch.remoteAs === undefined ? undefined : parseRemoteAs(patch.remoteAs);
  return withRouter(lab, name, (_r, bgp) => {
    const n = bgp.neighbors[index];
    if (!n) throw new OpError(`no neighbour #${index}`);
    if (peer !== undefined) n.peer = peer;
    if (remoteAs !== undefined) n.remoteAs = remoteAs;
    for (const k of ['routeReflectorClient', 'nextHopSelf', 'shutdown'] as const) {
      const v = patch[k];
      if (v === undefined) continue;
      if (v) n[k] = true;
      else delete n[k];
    }
  });
}

export function addNeighbor(lab: Lab, name: string, peer: string, remoteAs: string): Lab {
  const p = peer.trim();
  if (!isIpv4(p) && !/^[A-Za-z][\w.-]*$/.test(p))
    throw new OpError('a peer is an IPv4 address or an interface name');
  const ra = parseRemoteAs(remoteAs);
  return withRouter(lab, name, (_r, bgp) => {
    if (bgp.neighbors.some((n) => n.peer === p)) throw new OpError(`${p} is already a neighbour`);
    bgp.neighbors.push({ peer: p, remoteAs: ra });
  });
}

export function removeNeighbor(lab: Lab, name: string, index: number): Lab {
  return withRouter(lab, name, (_r, bgp) => {
    bgp.neighbors.splice(index, 1);
  });
}

/** A copied selection: the devices, their internal links and positions. */
export interface Clipboard {
  devices: Device[];
  links: Link[];
  positions: Record<string, Position>;
}

export function copySelection(lab: Lab, names: string[]): Clipboard {
  const set = new Set(names);
  return clone({
    devices: lab.devices.filter((d) => set.has(d.name)),
    links: lab.links.filter((l) => set.has(l.a.device) && set.has(l.b.device)),
    positions: Object.fromEntries(
      names.flatMap((n) => {
        const p = lab.layout.positions[n];
        return p ? [[n, p]] : [];
      }),
    ),
  });
}

function kindOf(d: Device, lab: Lab): PaletteKind {
  if (d.kind === 'host') return 'client';
  if (d.kind === 'bridge') return 'bridge';
  if (d.kind === 'k8s-node')
    return lab.clusters.find((c) => c.name === d.cluster)?.cni === 'calico'
      ? 'calico-node'
      : 'cilium-node';
  if (d.role === 'spine' || d.role === 'leaf' || d.role === 'route-reflector') return d.role;
  return 'router';
}

/**
 * Pastes a copied selection offset by `offset`: each device is re-created from its palette kind
 * (fresh name leaf3 → next free leafN, fresh loopback and AS) and internal links are re-made,
 * so pasted devices never share an address with the originals.
 */
export function paste(lab: Lab, clip: Clipboard, offset: Position): { lab: Lab; names: string[] } {
  let next = lab;
  const renamed = new Map<string, string>();
  for (const d of clip.devices) {
    const p = clip.positions[d.name] ?? { x: 0, y: 0 };
    const r = addDevice(next, kindOf(d, lab), { x: p.x + offset.x, y: p.y + offset.y });
    next = r.lab;
    renamed.set(d.name, r.name);
  }
  for (const l of clip.links) {
    const a = renamed.get(l.a.device);
    const b = renamed.get(l.b.device);
    if (a && b) next = connect(next, a, b).lab;
  }
  return { lab: next, names: [...renamed.values()] };
}

/** Where a new device lands when added without a drop point: below the last one of its tier. */
export function freeSpot(lab: Lab, kind: PaletteKind): Position {
  const tier: Record<PaletteKind, number> = {
    spine: 0,
    'route-reflector': 0,
    router: 0,
    leaf: 1,
    bridge: 1,
    'cilium-node': 2,
    'calico-node': 2,
    client: 2,
  };
  const y = 40 + tier[kind] * 170;
  const xs = Object.values(lab.layout.positions)
    .filter((p) => Math.abs(p.y - y) < 60)
    .map((p) => p.x);
  return { x: xs.length ? Math.max(...xs) + 200 : 40, y };
}

export function isK8sNode(d: Device | undefined): d is K8sNode {
  return d?.kind === 'k8s-node';
}

export function setDaemon(lab: Lab, name: string, daemon: Router['daemon']): Lab {
  return withRouter(lab, name, (r) => {
    r.daemon = daemon;
  });
}
