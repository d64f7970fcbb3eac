/**
 * One router's forwarding decision for a destination, and the address it answers a traceroute
 * probe from. Both depend only on (device, destination) and (device, source), which is what
 * lets traceroute and the reachability matrix memoise them.
 */
import { contains, familyOf, hostOf } from '../../model/addressing';
import { nodePods } from '../../model/k8s';
import type { Device, Pod } from '../../model/types';
import type { Dataplane } from './dataplane';
import { forwardingNextHops } from './fib';
import { pickEcmp } from './hash';
import type { FibNextHop, FibRoute, TraceEndKind } from './types';

export interface StepEnd {
  kind: Exclude<TraceEndKind, 'loop'>;
  reason: string;
  pod?: string;
}

export interface Branch {
  weight: number;
  /** The neighbour the packet is handed to… */
  next?: { device: string; interface: string; outInterface: string; via?: string };
  /** …or why this ECMP member goes nowhere. */
  end?: StepEnd;
}

export type Step =
  | { kind: 'end'; end: StepEnd; route?: FibRoute }
  | { kind: 'forward'; route: FibRoute; branches: Branch[] };

/** Is `addr` one of the device's own addresses (Linux local table: any up interface)? */
export function ownsAddress(dp: Dataplane, device: Device, addr: string): boolean {
  return device.interfaces.some(
    (i) =>
      (i.loopback || dp.l2.isUp(device.name, i.name)) &&
      i.addresses.some((a) => familyOf(a) === 4 && hostOf(a) === addr),
  );
}

export function podAt(dp: Dataplane, device: Device, addr: string): Pod | undefined {
  return device.kind === 'k8s-node'
    ? nodePods(dp.lab, device).find((p) => p.address === addr)
    : undefined;
}

/**
 * What `device` does with a packet for `dst`. `transit` is false on the sending device itself:
 * hosts send but do not forward (ip_forward=0).
 */
export function forwardStep(
  dp: Dataplane,
  deviceName: string,
  dst: string,
  transit: boolean,
): Step {
  const device = dp.device(deviceName);
  if (!device) return { kind: 'end', end: { kind: 'no route', reason: `no device ${deviceName}` } };
  if (device.down)
    return { kind: 'end', end: { kind: 'no route', reason: `${deviceName} is down` } };
  if (ownsAddress(dp, device, dst)) {
    return {
      kind: 'end',
      end: { kind: 'delivered', reason: `${dst} is an address of ${deviceName}` },
    };
  }
  if (transit && device.kind === 'host') {
    return {
      kind: 'end',
      end: {
        kind: 'no route',
        reason: `${deviceName} is a host and does not forward (ip_forward=0)`,
      },
    };
  }
  const hit = dp.table(deviceName).lookup(dst);
  if (!hit) {
    return {
      kind: 'end',
      end: {
        kind: 'no route',
        reason: `${deviceName} has no route to ${dst} (no matching prefix, no default)`,
      },
    };
  }
  const route = hit.item;
  if (route.blackhole) {
    return {
      kind: 'end',
      route,
      end: {
        kind: 'blackhole',
        reason: `${deviceName} drops it: blackhole route ${route.prefix} (${route.origin})`,
      },
    };
  }
  if (route.podDelivery) {
    const pod = route.podDelivery.pods.find((p) => p.address === dst);
    return pod
      ? {
          kind: 'end',
          route,
          end: { kind: 'delivered', pod: pod.name, reason: `pod ${pod.name} on ${deviceName}` },
        }
      : {
          kind: 'end',
          route,
          end: {
            kind: 'no route',
            reason: `${dst} is in ${deviceName}'s pod CIDR ${route.prefix} but no pod has it`,
          },
        };
  }
  const hops = forwardingNextHops(route);
  if (hops.length === 0) {
    return {
      kind: 'end',
      route,
      end: {
        kind: 'unreachable next hop',
        reason: `${route.prefix} on ${deviceName} has no usable next hop`,
      },
    };
  }
  return {
    kind: 'forward',
    route,
    branches: hops.map((nh) => ({
      weight: nh.weight,
      ...branchOf(dp, deviceName, route, nh, dst),
    })),
  };
}

function branchOf(
  dp: Dataplane,
  device: string,
  route: FibRoute,
  nh: FibNextHop,
  dst: string,
): Omit<Branch, 'weight'> {
  const out = nh.interface;
  if (out === undefined) {
    return {
      end: { kind: 'unreachable next hop', reason: `next hop ${nh.via ?? '?'} has no interface` },
    };
  }
  if (!dp.l2.isUp(device, out)) {
    return {
      end: {
        kind: 'unreachable next hop',
        reason: dp.l2.downReason(device, out) ?? `${out} is down`,
      },
    };
  }
  // Unnumbered (IPv6 link-local) next hop: the one neighbour on the link.
  if (nh.via === undefined && nh.linkLocal) {
    const peer = dp.l2.neighbours(device, out).find((p) => !nh.device || p.device === nh.device);
    return peer
      ? { next: { device: peer.device, interface: peer.interface, outInterface: out } }
      : { end: { kind: 'unreachable next hop', reason: `no neighbour on ${device}:${out}` } };
  }
  // A connected route's gateway is the destination itself.
  const gw = nh.via ?? dst;
  const port = dp.l2.resolve(device, out, gw);
  if (!port) {
    return {
      end: {
        kind: 'unreachable next hop',
        reason: `${device}: nothing on the segment of ${out} answers ARP for ${gw} (route ${route.prefix})`,
      },
    };
  }
  return {
    next: {
      device: port.device,
      interface: port.interface,
      outInterface: out,
      ...(nh.via ? { via: nh.via } : {}),
    },
  };
}

/**
 * The address a Linux router sends ICMP errors from when a probe from `source` expires on it
 * (icmp_errors_use_inbound_ifaddr=0): the preferred source of its route back to `source` — the
 * route's `src`, else an address of the outgoing interface (one on the gateway's subnet
 * first), else, as inet_select_addr does on an unnumbered interface, a global address of the
 * loopback, then of any other interface.
 */
export function answerAddress(
  dp: Dataplane,
  deviceName: string,
  source: string,
): { address?: string; reason: string } {
  const device = dp.device(deviceName);
  if (!device) return { reason: 'no such device' };
  const hit = dp.table(deviceName).lookup(source);
  if (!hit || hit.item.blackhole) {
    return { reason: `no route back to ${source}: sends no ICMP reply` };
  }
  const route = hit.item;
  if (route.src)
    return { address: route.src, reason: `source of route ${route.prefix} back to ${source}` };
  const hops = forwardingNextHops(route);
  const nh =
    hops[
      pickEcmp(
        hops.map((h) => h.weight),
        '0.0.0.0',
        source,
      )
    ];
  const iface = device.interfaces.find((i) => i.name === nh?.interface);
  const addrs = (iface?.addresses ?? []).filter((a) => familyOf(a) === 4);
  const onGwSubnet = nh?.via ? addrs.find((a) => sameSubnet(a, nh.via as string)) : undefined;
  const own = onGwSubnet ?? addrs[0];
  if (own) {
    return {
      address: hostOf(own),
      reason: `address of ${iface?.name ?? '?'}, its interface back to ${source}`,
    };
  }
  const loopbacks = device.interfaces.filter((i) => i.loopback);
  loopbacks.sort((a, b) => Number(b.name === 'lo') - Number(a.name === 'lo'));
  for (const group of [loopbacks, device.interfaces.filter((i) => !i.loopback)]) {
    for (const i of group) {
      const a = i.addresses.find((x) => familyOf(x) === 4 && !hostOf(x).startsWith('127.'));
      if (a) {
        return {
          address: hostOf(a),
          reason: `${nh?.interface ?? 'its interface'} back to ${source} has no IPv4 address (unnumbered): answers from ${i.name}`,
        };
      }
    }
  }
  return { reason: `${deviceName} has no IPv4 address to answer from` };
}

function sameSubnet(cidr: string, addr: string): boolean {
  return familyOf(addr) === 4 && contains(cidr, addr);
}

/**
 * Does a reply from `from` (sent from address `src`) reach `target` (device, optionally its
 * pod)? Follows the one path the flow hashes onto, as a real reply does.
 */
export function replyReaches(
  dp: Dataplane,
  from: string,
  src: string,
  dst: string,
  target: { device: string; pod?: string },
  maxHops = 30,
): { ok: boolean; reason: string } {
  let at = from;
  const seen = new Set<string>();
  for (let hop = 0; hop <= maxHops; hop++) {
    if (seen.has(at)) return { ok: false, reason: `the reply loops at ${at}` };
    seen.add(at);
    const step = forwardStep(dp, at, dst, hop > 0);
    if (step.kind === 'end') {
      const ok =
        step.end.kind === 'delivered' &&
        at === target.device &&
        (target.pod === undefined || step.end.pod === target.pod);
      return { ok, reason: ok ? 'delivered' : `the reply is lost: ${step.end.reason}` };
    }
    const b =
      step.branches[
        pickEcmp(
          step.branches.map((x) => x.weight),
          src,
          dst,
        )
      ];
    if (!b?.next) return { ok: false, reason: `the reply is lost: ${b?.end?.reason ?? '?'}` };
    at = b.next.device;
  }
  return { ok: false, reason: 'the reply exceeds the TTL' };
}
