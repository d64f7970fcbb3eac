/**
 * "Why?" in plain words, from the engine's views (FRR's decision reasons, invalid reasons,
 * session reasons) and the lab config: why this best path, why that path is not in the ECMP set,
 * why a device lacks a route (walking back across devices), and why a traceroute stops.
 *
 * Where the views do not say why a peer did not advertise a prefix (Adj-RIB-Out only lists what
 * was sent), the reason is inferred from the config the way the engine's export rules work:
 * split horizon, RFC 8212, outbound policy, not sending a route back to where it came from.
 */
import { contains, familyOf, networkOf, parsePrefix4 } from '../../model/addressing';
import { bgpSpeakers, nodePodCidrs } from '../../model/k8s';
import type { BgpConfig, Daemon, Lab, NeighborSettings } from '../../model/types';
import type { DecisionReason, DeviceBgpView, PathView, SessionView } from '../types';
import type { Dataplane } from './dataplane';
import { describeRoute } from './diff';
import type { BgpProvider, TraceEnd, TraceResult } from './types';

export type FindingKind =
  | 'best-path'
  | 'not-best'
  | 'multipath'
  | 'not-multipath'
  | 'invalid'
  | 'fib'
  | 'not-originated'
  | 'filtered'
  | 'rfc8212'
  | 'as-loop'
  | 'reflection-loop'
  | 'split-horizon'
  | 'not-sent-back'
  | 'session-down'
  | 'next-hop-unresolved'
  | 'not-advertised'
  | 'no-bgp'
  | 'trace-end';

export interface Finding {
  kind: FindingKind;
  device: string;
  /** The other device involved (the peer that did not send, the path's neighbour). */
  peer?: string;
  text: string;
}

export interface Explanation {
  device: string;
  prefix: string;
  /** Does the device have a usable (valid best) BGP path / a selected FIB route for it? */
  hasBgpBest: boolean;
  fibRoute?: string;
  summary: string;
  findings: Finding[];
}

export interface ExplainContext {
  lab: Lab;
  bgp: Pick<BgpProvider, 'view'>;
  dp?: Dataplane;
}

/** FRR's decision step in words: why the winner won. */
const REASON_TEXT: Record<DecisionReason, string> = {
  'First path received': 'it is the only (or first received) valid path',
  Weight: 'higher weight',
  'Local Pref': 'higher LOCAL_PREF',
  'Local Route': 'locally originated routes win',
  'AS Path': 'shorter AS_PATH',
  Origin: 'lower ORIGIN (IGP < EGP < incomplete)',
  MED: 'lower MED',
  'eBGP Peer': 'eBGP paths are preferred over iBGP',
  'iBGP Peer': 'iBGP path (the other was confederation/iBGP too)',
  'IGP Metric': 'lower IGP metric to the next hop',
  'Cluster length': 'shorter CLUSTER_LIST',
  'Older Path': 'both eBGP: the older path stays (no bgp bestpath compare-routerid)',
  'Router ID': 'lower router-id (ORIGINATOR_ID when reflected)',
  'Peer IP': 'lower peer address',
  'Nothing left to compare': 'nothing left to compare',
};

const pathName = (p: PathView): string =>
  `${p.nextHop}${p.fromDevice ? ` (from ${p.fromDevice})` : p.local ? ' (local)' : ''}`;

export function explainPrefix(ctx: ExplainContext, device: string, prefixIn: string): Explanation {
  const prefix =
    familyOf(prefixIn) === 4 && prefixIn.includes('/') ? networkOf(prefixIn) : prefixIn;
  const view = ctx.bgp.view(device);
  const entry = view?.locRib.find((e) => e.prefix === prefix);
  const best = entry?.paths.find((p) => p.best && p.valid);
  const findings: Finding[] = [];
  const fib = fibLine(ctx, device, prefix);
  if (best && entry) {
    findings.push({
      kind: 'best-path',
      device,
      ...(best.fromDevice ? { peer: best.fromDevice } : {}),
      text: `best path ${pathName(best)}: ${best.reason ? `${best.reason} — ${REASON_TEXT[best.reason]}` : 'selected'}`,
    });
    for (const p of entry.paths) {
      if (p === best) continue;
      const peer = p.fromDevice ? { peer: p.fromDevice } : {};
      if (!p.valid) {
        findings.push({
          kind: classify(p.invalidReason),
          device,
          ...peer,
          text: `path ${pathName(p)} is not valid: ${p.invalidReason ?? 'invalid'}`,
        });
        continue;
      }
      findings.push({
        kind: 'not-best',
        device,
        ...peer,
        text: `path ${pathName(p)} lost to the best path on ${p.reason ?? '?'}${p.reason ? ` (${REASON_TEXT[p.reason]})` : ''}`,
      });
      findings.push(
        p.multipath
          ? {
              kind: 'multipath',
              device,
              ...peer,
              text: `path ${pathName(p)} is in the ECMP set with the best path`,
            }
          : {
              kind: 'not-multipath',
              device,
              ...peer,
              text: `path ${pathName(p)} is not in the ECMP set: ${p.notMultipathReason ?? 'it does not tie with the best path up to the IGP metric'}`,
            },
      );
    }
    findings.push(...fibFindings(ctx, device, prefix));
    return {
      device,
      prefix,
      hasBgpBest: true,
      ...(fib ? { fibRoute: fib } : {}),
      summary: findings[0]?.text ?? '',
      findings,
    };
  }
  // No usable best path: the paths we have are invalid, or nobody gave us one.
  for (const p of entry?.paths ?? []) {
    findings.push({
      kind: classify(p.invalidReason),
      device,
      ...(p.fromDevice ? { peer: p.fromDevice } : {}),
      text: `path ${pathName(p)} is not valid: ${p.invalidReason ?? 'invalid'}`,
    });
  }
  if (!entry || entry.paths.length === 0) findings.push(...walkBack(ctx, device, prefix));
  const summary =
    findings.find((f) => f.kind !== 'session-down' && f.kind !== 'no-bgp')?.text ??
    findings[0]?.text ??
    `${device} has no BGP path for ${prefix}`;
  return {
    device,
    prefix,
    hasBgpBest: false,
    ...(fib ? { fibRoute: fib } : {}),
    summary: fib ? `${summary} (the FIB still has ${fib})` : summary,
    findings,
  };
}

function classify(reason: string | undefined): FindingKind {
  const r = reason ?? '';
  if (/RFC 8212/i.test(r)) return 'rfc8212';
  if (/AS_PATH loop/i.test(r)) return 'as-loop';
  if (/ORIGINATOR_ID|CLUSTER_LIST/.test(r)) return 'reflection-loop';
  if (/route-map|prefix-list|filter/i.test(r)) return 'filtered';
  if (/next hop|nexthop|unresolv|inaccessible/i.test(r)) return 'next-hop-unresolved';
  return 'invalid';
}

function fibLine(ctx: ExplainContext, device: string, prefix: string): string | undefined {
  const r = ctx.dp?.fibs[device]?.routes.find((x) => x.prefix === prefix && x.selected);
  return r ? describeRoute(r) : undefined;
}

function fibFindings(ctx: ExplainContext, device: string, prefix: string): Finding[] {
  const routes = ctx.dp?.fibs[device]?.routes.filter((r) => r.prefix === prefix) ?? [];
  if (!ctx.dp) return [];
  const bgp = routes.find((r) => r.source === 'bgp');
  const sel = routes.find((r) => r.selected);
  if (!bgp) {
    const d = ctx.lab.devices.find((x) => x.name === device);
    const daemon = speakerOf(ctx.lab, device)?.daemon;
    const why =
      daemon === 'gobgp'
        ? 'GoBGP (Cilium) installs nothing into the kernel'
        : daemon === 'bird'
          ? 'BIRD exports it to the kernel only through its kernel protocol'
          : d?.kind === 'router'
            ? 'the daemon did not install it'
            : 'the device does not install BGP routes';
    return [
      {
        kind: 'fib',
        device,
        text: `not in the FIB from BGP: ${why}${sel ? `; the FIB uses ${describeRoute(sel)}` : ''}`,
      },
    ];
  }
  if (bgp.selected) return [{ kind: 'fib', device, text: `installed: ${describeRoute(bgp)}` }];
  if (bgp.inactiveReason)
    return [{ kind: 'fib', device, text: `BGP route not installed: ${bgp.inactiveReason}` }];
  return sel
    ? [
        {
          kind: 'fib',
          device,
          text: `BGP route not installed: ${sel.source} wins by admin distance ${sel.distance} < ${bgp.distance}`,
        },
      ]
    : [];
}

function speakerOf(lab: Lab, device: string): { daemon: Daemon; bgp: BgpConfig } | undefined {
  return bgpSpeakers(lab).find((s) => s.device === device);
}

/** A neighbour's effective setting (its own, else its peer group's). */
function neighborSetting<K extends keyof NeighborSettings>(
  bgp: BgpConfig | undefined,
  peer: string,
  key: K,
): NeighborSettings[K] | undefined {
  const n = bgp?.neighbors.find((x) => x.peer === peer);
  if (!n) return undefined;
  if (n[key] !== undefined) return n[key];
  return bgp?.peerGroups.find((g) => g.name === n.peerGroup)?.[key];
}

/**
 * Why `device` has no path for `prefix`: the devices without a usable path that `device` can
 * reach over sessions form a "dark region"; every session from it to a device that holds a best
 * path is where the route should have crossed. Each such boundary says why it did not: the
 * session is down, we rejected it (policy, RFC 8212, AS loop, reflection loop), or the holder
 * did not send it (split horizon, RFC 8212, outbound policy, it came from us). Nearest first.
 */
function walkBack(ctx: ExplainContext, device: string, prefix: string): Finding[] {
  const holds = (d: string): boolean =>
    !!ctx.bgp
      .view(d)
      ?.locRib.find((e) => e.prefix === prefix)
      ?.paths.some((p) => p.best && p.valid);
  if (!ctx.bgp.view(device)) {
    if (!originatedAnywhere(ctx, prefix)) return [notOriginated(prefix, ctx.lab)];
    return [{ kind: 'no-bgp', device, text: `${device} speaks no BGP, so it learns nothing` }];
  }
  const out: Finding[] = [];
  const ownDown: Finding[] = [];
  const seen = new Set([device]);
  const queue = [device];
  while (queue.length > 0) {
    const d = queue.shift() as string;
    const view = ctx.bgp.view(d);
    for (const s of view?.sessions ?? []) {
      const peerDev = s.peerDevice ?? peerDeviceOf(ctx.lab, d, s.peer);
      const peer = peerDev ?? s.peer;
      const down: Finding = {
        kind: 'session-down',
        device: d,
        peer,
        text: `${d}'s session to ${peer}${peerDev && s.peer !== peerDev ? ` (${s.peer})` : ''} is ${s.state}: ${s.reason ?? 'not established'}`,
      };
      if (!peerDev || !holds(peerDev)) {
        if (s.state !== 'Established' && d === device) ownDown.push(down);
        if (peerDev && !seen.has(peerDev) && s.state === 'Established') {
          seen.add(peerDev);
          queue.push(peerDev);
        }
        continue;
      }
      if (s.state !== 'Established') {
        out.push(down);
        continue;
      }
      const got = view?.adjRibIn[s.peer]?.find((p) => p.prefix === prefix);
      if (got && !got.valid) {
        out.push({
          kind: classify(got.invalidReason),
          device: d,
          peer,
          text: `${d} rejects ${prefix} from ${peer}: ${got.invalidReason ?? 'rejected'}`,
        });
        continue;
      }
      if (got) continue;
      const pv = ctx.bgp.view(peerDev);
      const pbest = pv?.locRib
        .find((e) => e.prefix === prefix)
        ?.paths.find((p) => p.best && p.valid);
      if (pv && pbest) out.push(whyNotSent(ctx, peerDev, pv, pbest, d, prefix));
    }
  }
  if (out.length === 0) {
    if (!originatedAnywhere(ctx, prefix)) return [notOriginated(prefix, ctx.lab)];
    return [
      ...ownDown,
      {
        kind: 'not-advertised',
        device,
        text: `no device that has ${prefix} has a session with ${device} or with the devices it learns from`,
      },
    ];
  }
  const keyOf = (f: Finding): string => `${f.kind}|${f.device}|${f.peer ?? ''}|${f.text}`;
  return [...new Map(out.map((f) => [keyOf(f), f])).values()];
}

/** The device at the other end of a session the engine did not name (down unnumbered, …). */
function peerDeviceOf(lab: Lab, device: string, peer: string): string | undefined {
  const link = lab.links.find(
    (l) =>
      (l.a.device === device && l.a.interface === peer) ||
      (l.b.device === device && l.b.interface === peer),
  );
  if (link)
    return link.a.device === device && link.a.interface === peer ? link.b.device : link.a.device;
  return lab.devices.find((d) =>
    d.interfaces.some((i) => i.addresses.some((a) => a.split('/')[0] === peer)),
  )?.name;
}

function whyNotSent(
  ctx: ExplainContext,
  sender: string,
  senderView: DeviceBgpView,
  best: PathView,
  receiver: string,
  prefix: string,
): Finding {
  const toUs: SessionView | undefined = senderView.sessions.find((x) => x.peerDevice === receiver);
  const base = { device: sender, peer: receiver };
  if (best.fromDevice === receiver) {
    return {
      kind: 'not-sent-back',
      ...base,
      text: `${sender}'s best path for ${prefix} came from ${receiver} itself`,
    };
  }
  const sp = speakerOf(ctx.lab, sender);
  const peerKey = toUs?.peer ?? '';
  if (toUs?.type === 'ibgp' && best.ibgp && !toUs.routeReflectorClient) {
    const fromSession = senderView.sessions.find((x) => x.peerDevice === best.fromDevice);
    if (!fromSession?.routeReflectorClient) {
      return {
        kind: 'split-horizon',
        ...base,
        text: `${sender} learned ${prefix} over iBGP from ${best.fromDevice ?? '?'} and does not pass iBGP routes to iBGP peer ${receiver} (split horizon, RFC 4271 §9.2; needs route reflection)`,
      };
    }
  }
  const rmOut = neighborSetting(sp?.bgp, peerKey, 'routeMapOut');
  const plOut = neighborSetting(sp?.bgp, peerKey, 'prefixListOut');
  if (toUs?.type === 'ebgp' && sp && (sp.daemon === 'frr' || sp.daemon === 'vyos')) {
    const requires = sp.bgp.ebgpRequiresPolicy ?? sp.bgp.profile !== 'datacenter';
    if (requires && !rmOut && !plOut) {
      return {
        kind: 'rfc8212',
        ...base,
        text: `${sender} sends nothing to eBGP peer ${receiver}: RFC 8212 (ebgp-requires-policy) and no outbound policy`,
      };
    }
  }
  if (rmOut || plOut) {
    return {
      kind: 'filtered',
      ...base,
      text: `${sender} filters ${prefix} towards ${receiver} by ${rmOut ? `route-map ${rmOut}` : `prefix-list ${plOut ?? ''}`} out`,
    };
  }
  if (best.asPath.includes(toUs?.remoteAs ?? -1) && toUs?.type === 'ebgp') {
    return {
      kind: 'as-loop',
      ...base,
      text: `${prefix}'s AS_PATH [${best.asPath.join(' ')}] already holds ${receiver}'s AS ${toUs.remoteAs ?? '?'}`,
    };
  }
  return {
    kind: 'not-advertised',
    ...base,
    text: `${sender} has ${prefix} but does not advertise it to ${receiver} (the engine's views do not say why)`,
  };
}

function originatedAnywhere(ctx: ExplainContext, prefix: string): boolean {
  for (const d of ctx.lab.devices) {
    const e = ctx.bgp.view(d.name)?.locRib.find((x) => x.prefix === prefix);
    if (e?.paths.some((p) => p.local)) return true;
  }
  return false;
}

function notOriginated(prefix: string, lab?: Lab): Finding {
  // Whose prefix it would be: a node's pod CIDR that its CNI does not announce.
  for (const d of lab?.devices ?? []) {
    if (d.kind !== 'k8s-node' || !nodePodCidrs(lab as Lab, d).includes(prefix)) continue;
    const speaks = bgpSpeakers(lab as Lab).find((s) => s.device === d.name);
    return {
      kind: 'not-originated',
      device: d.name,
      text: speaks
        ? `${prefix} is ${d.name}'s pod CIDR, but ${d.name}'s BGP does not announce it (e.g. exportPodCIDR off)`
        : `${prefix} is ${d.name}'s pod CIDR, but ${d.name} speaks no BGP (no CNI BGP policy selects it)`,
    };
  }
  return {
    kind: 'not-originated',
    device: '',
    text: `no device originates ${prefix} into BGP (no network statement, redistribution or CNI export of it)`,
  };
}

// ---------------------------------------------------------------- traceroute

/** The most specific prefix some device's BGP table or FIB holds for `addr` (what "should" carry it). */
export function coveringPrefix(ctx: ExplainContext, addr: string): string | undefined {
  let best: string | undefined;
  let bestLen = -1;
  const consider = (p: string): void => {
    if (familyOf(p) !== 4) return;
    const pp = parsePrefix4(p);
    if (pp.len > bestLen && pp.len > 0 && contains(p, addr)) {
      best = p;
      bestLen = pp.len;
    }
  };
  for (const d of ctx.lab.devices) {
    for (const e of ctx.bgp.view(d.name)?.locRib ?? [])
      if (e.paths.some((p) => p.local)) consider(e.prefix);
    for (const r of ctx.dp?.fibs[d.name]?.routes ?? [])
      if (r.source === 'connected' || r.podDelivery) consider(r.prefix);
  }
  return best;
}

export function explainTraceEnd(ctx: ExplainContext, trace: TraceResult, end: TraceEnd): Finding[] {
  const head: Finding = {
    kind: 'trace-end',
    device: end.device,
    text: `${end.kind} at ${end.device}: ${end.reason}`,
  };
  if (end.kind === 'delivered' || end.kind === 'unreachable next hop') return [head];
  if (end.kind === 'loop') {
    const hops = (end.cycle ?? []).slice(0, -1).map((d): Finding => {
      const r = ctx.dp?.table(d).lookup(trace.to)?.item;
      return {
        kind: 'trace-end',
        device: d,
        text: `${d} forwards ${trace.to} by ${r ? `${r.prefix} ${describeRoute(r)}` : 'no route'}`,
      };
    });
    return [head, ...hops];
  }
  const p = coveringPrefix(ctx, trace.to);
  if (!p) return [head, notOriginated(`a prefix covering ${trace.to}`)];
  const hit = ctx.dp?.table(end.device).lookup(trace.to);
  if (hit && parsePrefix4(hit.item.prefix).len >= parsePrefix4(p).len) return [head];
  const why = explainPrefix(ctx, end.device, p);
  return [
    head,
    { kind: 'trace-end', device: end.device, text: `${end.device} lacks ${p}: ${why.summary}` },
    ...why.findings.filter((f) => !why.summary.startsWith(f.text)),
  ];
}
