/**
 * Traceroute over the FIBs: from a device or pod to an address, following every ECMP member
 * (all paths, with the DAG where they rejoin) or, in single-path mode, the member the flow's
 * L3 hash picks at each hop. Each hop shows the address a Linux router answers from (see
 * `answerAddress`); each path ends delivered, no route, blackhole, loop or unreachable next hop.
 */
import { familyOf, hostOf, isIpv4 } from '../../model/addressing';
import { nodeIp, nodePods } from '../../model/k8s';
import type { Device } from '../../model/types';
import type { Dataplane } from './dataplane';
import { answerAddress, forwardStep, replyReaches, type Step } from './forward';
import { pickEcmp } from './hash';
import type { TraceEnd, TraceHop, TracePath, TraceResult } from './types';

export interface TraceOptions {
  /** Follow only the ECMP member the (source, destination) hash picks. */
  single?: boolean;
  /** Stop enumerating paths past this many (default 64); the graph is still complete. */
  maxPaths?: number;
  /** Like `traceroute -m` (default 30). */
  maxTtl?: number;
}

export interface Origin {
  device: string;
  pod?: string;
  /** The probes' source address. */
  source?: string;
}

/** `device`, `device/pod` or a bare pod name → where probes start. */
export function resolveOrigin(dp: Dataplane, from: string): Origin | undefined {
  const [devName, podName] = from.split('/');
  const dev = devName === undefined ? undefined : dp.device(devName);
  if (dev && podName === undefined) return { device: dev.name };
  if (dev && podName !== undefined) {
    const pod =
      dev.kind === 'k8s-node' ? nodePods(dp.lab, dev).find((p) => p.name === podName) : undefined;
    return pod ? { device: dev.name, pod: pod.name, source: pod.address } : undefined;
  }
  for (const d of dp.lab.devices) {
    if (d.kind !== 'k8s-node') continue;
    const pod = nodePods(dp.lab, d).find((p) => p.name === from);
    if (pod) return { device: d.name, pod: pod.name, source: pod.address };
  }
  return undefined;
}

/** An address, `device/pod`, pod name or device name (its loopback, else its first address). */
export function resolveTarget(dp: Dataplane, to: string): string | undefined {
  if (isIpv4(to)) return to;
  const o = resolveOrigin(dp, to);
  if (o?.source) return o.source;
  const d = o ? dp.device(o.device) : undefined;
  return d ? primaryAddress(d) : undefined;
}

export function primaryAddress(d: Device): string | undefined {
  if (d.kind === 'k8s-node') return nodeIp(d);
  const pick = (loopback: boolean): string | undefined =>
    d.interfaces
      .filter((i) => !!i.loopback === loopback)
      .flatMap((i) => i.addresses)
      .find((a) => familyOf(a) === 4 && !hostOf(a).startsWith('127.'));
  const a = pick(true) ?? pick(false);
  return a === undefined ? undefined : hostOf(a);
}

export function traceroute(
  dp: Dataplane,
  from: string,
  to: string,
  opts: TraceOptions = {},
): TraceResult {
  const origin = resolveOrigin(dp, from);
  const dst = resolveTarget(dp, to);
  const single = !!opts.single;
  const base = { from, to: dst ?? to, single, graph: {} };
  if (!origin) return { ...base, paths: [failed(from, `unknown source ${from}`)] };
  if (!dst) return { ...base, paths: [failed(origin.device, `cannot resolve destination ${to}`)] };
  return new Tracer(dp, origin, dst, single, opts.maxPaths ?? 64, opts.maxTtl ?? 30).run(from);
}

function failed(device: string, reason: string): TracePath {
  return { hops: [], end: { kind: 'no route', device, reason } };
}

class Tracer {
  private readonly steps = new Map<string, Step>();
  private readonly answers = new Map<string, { address?: string; reason: string }>();
  private readonly graph: Record<string, Set<string>> = {};
  private readonly paths: TracePath[] = [];
  private truncated = false;
  private source: string | undefined;

  constructor(
    private readonly dp: Dataplane,
    private readonly origin: Origin,
    private readonly dst: string,
    private readonly single: boolean,
    private readonly maxPaths: number,
    private readonly maxTtl: number,
  ) {}

  run(from: string): TraceResult {
    const o = this.origin;
    // A device sends from the preferred source of its route to the destination.
    this.source = o.source ?? answerAddress(this.dp, o.device, this.dst).address;
    if (o.pod) {
      // The pod's default route points at its node: the node is hop 1.
      const podKey = `${o.device}/${o.pod}`;
      this.edge(podKey, o.device);
      this.walk(o.device, 1, [this.hop(o.device, 1)], [podKey], true);
    } else {
      this.walk(o.device, 0, [], [], false);
    }
    const graph = Object.fromEntries(
      Object.entries(this.graph).map(([k, v]) => [k, [...v].sort()]),
    );
    return {
      from,
      ...(this.source ? { source: this.source } : {}),
      to: this.dst,
      paths: this.paths,
      ...(this.truncated ? { truncated: true } : {}),
      graph,
      single: this.single,
    };
  }

  /** Depth-first over the forwarding graph; `ttl` is the hop number of `device` (0 = sender). */
  private walk(
    device: string,
    ttl: number,
    hops: TraceHop[],
    visited: string[],
    transit: boolean,
  ): void {
    if (this.paths.length >= this.maxPaths) {
      this.truncated = true;
      return;
    }
    const seenAt = visited.indexOf(device);
    if (seenAt >= 0) {
      const cycle = [...visited.slice(seenAt), device];
      this.finish(hops, {
        kind: 'loop',
        device,
        cycle,
        reason: `forwarding loop ${cycle.join(' → ')}: TTL exceeded`,
      });
      return;
    }
    if (ttl > this.maxTtl) {
      this.finish(hops, { kind: 'loop', device, reason: `TTL exceeded after ${this.maxTtl} hops` });
      return;
    }
    const path = [...visited, device];
    const step = this.step(device, transit);
    if (step.kind === 'end') {
      const end: TraceEnd = { ...step.end, device };
      if (end.kind === 'delivered') {
        const last = hops[hops.length - 1];
        if (end.pod) {
          const podKey = `${device}/${end.pod}`;
          this.edge(device, podKey);
          hops = [
            ...hops,
            {
              ttl: ttl + 1,
              device,
              pod: end.pod,
              ...this.destinationAnswer(device),
            },
          ];
        } else if (last && last.device === device) {
          // The destination itself answers (port unreachable) from the probed address.
          hops = [
            ...hops.slice(0, -1),
            {
              ...last,
              ...this.destinationAnswer(device),
            },
          ];
        }
      }
      if (end.kind === 'blackhole') {
        // Linux looks the route up before it checks the TTL: a blackholing router drops even
        // expiring probes and never answers (real run: hop-address-lab.sh, r4 shows `*`).
        hops = hops.map((h) =>
          h.device === device && h.ttl === ttl
            ? {
                ttl: h.ttl,
                device,
                addressReason: 'drops silently (blackhole route)',
                ...(h.inInterface ? { inInterface: h.inInterface } : {}),
              }
            : h,
        );
      }
      this.finish(hops, end);
      return;
    }
    const branches = this.single
      ? [
          step.branches[
            pickEcmp(
              step.branches.map((b) => b.weight),
              this.source ?? '0.0.0.0',
              this.dst,
            )
          ],
        ]
      : step.branches;
    for (const b of branches) {
      if (!b) continue;
      if (b.end) {
        this.finish(hops, { ...b.end, device });
        continue;
      }
      if (!b.next) continue;
      this.edge(device, b.next.device);
      const hop = { ...this.hop(b.next.device, ttl + 1), inInterface: b.next.interface };
      this.walk(b.next.device, ttl + 1, [...hops, hop], path, true);
    }
  }

  private hop(device: string, ttl: number): TraceHop {
    let a = this.answers.get(device);
    if (!a) {
      a = this.source
        ? this.reachable(device, answerAddress(this.dp, device, this.source))
        : { reason: 'the sender has no source address' };
      this.answers.set(device, a);
    }
    return { ttl, device, ...(a.address ? { address: a.address } : {}), addressReason: a.reason };
  }

  /** The destination answers (port unreachable) from the probed address, if the reply gets back. */
  private destinationAnswer(device: string): { address?: string; addressReason: string } {
    const a = this.reachable(device, {
      address: this.dst,
      reason: 'the destination answers from its own address',
    });
    return { ...(a.address ? { address: a.address } : {}), addressReason: a.reason };
  }

  /** An answer only shows when the ICMP reply finds its way back to the sender. */
  private reachable(
    device: string,
    a: { address?: string; reason: string },
  ): { address?: string; reason: string } {
    if (!a.address || !this.source) return a;
    const back = replyReaches(this.dp, device, a.address, this.source, this.origin);
    return back.ok ? a : { reason: `would answer from ${a.address}, but ${back.reason}` };
  }

  private step(device: string, transit: boolean): Step {
    const key = `${device}\u0000${transit ? 't' : 's'}`;
    let s = this.steps.get(key);
    if (!s) {
      s = forwardStep(this.dp, device, this.dst, transit);
      this.steps.set(key, s);
    }
    return s;
  }

  private edge(from: string, to: string): void {
    (this.graph[from] ??= new Set()).add(to);
  }

  private finish(hops: TraceHop[], end: TraceEnd): void {
    if (this.paths.length >= this.maxPaths) {
      this.truncated = true;
      return;
    }
    this.paths.push({ hops, end });
  }
}
