/**
 * Expectations (issue 12): claims about what the fabric must do, checked against a converged
 * simulation. The same claims are checked on the real lab by the exported verify.sh, so each
 * verdict compares next hops by *device*, never by address (link-local next hops change per run).
 */
import { networkOf } from '../model/addressing';
import type {
  Expectation,
  Lab,
  ReachExpectation,
  RouteExpectation,
  SessionExpectation,
  SurvivesExpectation,
} from '../model/types';
import { forwardingNextHops } from './dataplane/fib';
import { dataplaneFromSim } from './dataplane/fromSim';
import type { Dataplane } from './dataplane/dataplane';
import { traceroute } from './dataplane/traceroute';
import type { TraceResult } from './dataplane/types';
import { apply, deviceView, simulate } from './index';
import type { SimEvent, SimResult } from './types';

export interface ExpectationVerdict {
  name: string;
  kind: Expectation['kind'];
  passed: boolean;
  /** One line: why it passed or failed, in the words a user checks by hand. */
  reason: string;
  /** Devices to highlight when the user asks why. */
  devices: string[];
  trace?: TraceResult;
  /** For `survives`: each single failure and the expectations that broke under it. */
  failures?: { failure: string; broken: { name: string; reason: string }[] }[];
}

interface World {
  lab: Lab;
  result: SimResult;
  dp: Dataplane;
}

function world(lab: Lab, result: SimResult): World {
  return { lab, result, dp: dataplaneFromSim(lab, result) };
}

/** Checks every expectation of the lab (simulating it unless a result is given). */
export function checkExpectations(lab: Lab, result?: SimResult): ExpectationVerdict[] {
  const w = world(lab, result ?? simulate(lab, { keepLog: false }));
  return lab.expectations.map((e) => checkOne(w, e));
}

function checkOne(w: World, e: Expectation): ExpectationVerdict {
  switch (e.kind) {
    case 'reach':
      return checkReach(w, e);
    case 'route':
      return checkRoute(w, e);
    case 'session':
      return checkSession(w, e);
    case 'survives':
      return checkSurvives(w, e);
  }
}

const verdict = (
  e: Expectation,
  passed: boolean,
  reason: string,
  devices: string[] = [],
): ExpectationVerdict => ({ name: e.name, kind: e.kind, passed, reason, devices });

/** Is `via` a subsequence of the hop devices? */
function crossesInOrder(hops: string[], via: readonly string[]): boolean {
  let i = 0;
  for (const h of hops) if (h === via[i]) i++;
  return i === via.length;
}

function checkReach(w: World, e: ReachExpectation): ExpectationVerdict {
  const trace = traceroute(w.dp, e.from, e.to);
  const delivered = trace.paths.filter((p) => p.end.kind === 'delivered');
  const stopped = trace.paths.filter((p) => p.end.kind !== 'delivered');
  const first = stopped[0];
  const stopReason = first ? `${first.end.kind} at ${first.end.device}: ${first.end.reason}` : '';
  const pathDevices = (i: number): string[] => trace.paths[i]?.hops.map((h) => h.device) ?? [];
  let v: ExpectationVerdict;
  if (e.not) {
    v =
      delivered.length === 0
        ? verdict(e, true, `${e.from} cannot reach ${e.to} (${stopReason})`)
        : verdict(
            e,
            false,
            `${e.from} reaches ${e.to} on ${delivered.length} path(s)`,
            pathDevices(0),
          );
  } else if (delivered.length === 0) {
    v = verdict(
      e,
      false,
      `${e.from} cannot reach ${e.to}: ${stopReason}`,
      first?.end.device ? [first.end.device] : [],
    );
  } else if (stopped.length > 0) {
    v = verdict(
      e,
      false,
      `${stopped.length} of ${trace.paths.length} ECMP paths fail: ${stopReason}`,
      first ? [first.end.device] : [],
    );
  } else {
    const missing = e.via
      ? trace.paths.findIndex(
          (p) =>
            !crossesInOrder(
              [trace.from.split('/')[0] ?? '', ...p.hops.map((h) => h.device)],
              e.via ?? [],
            ),
        )
      : -1;
    v =
      missing >= 0
        ? verdict(
            e,
            false,
            `path ${pathDevices(missing).join(' → ')} does not cross ${(e.via ?? []).join(' → ')}`,
            pathDevices(missing),
          )
        : verdict(e, true, `${e.from} reaches ${e.to} on ${delivered.length} path(s)`);
  }
  return { ...v, trace };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

function checkRoute(w: World, e: RouteExpectation): ExpectationVerdict {
  let prefix: string;
  try {
    prefix = networkOf(e.prefix);
  } catch {
    return verdict(e, false, `${e.prefix} is not a prefix`);
  }
  const fib = w.dp.fibs[e.device];
  const route = fib?.routes.find((r) => r.selected && r.prefix === prefix);
  const bgp = deviceView(w.result, e.device)?.locRib.find((r) => r.prefix === prefix);
  const best = bgp?.paths.find((p) => p.best);
  const present = route !== undefined || best !== undefined;
  if (e.absent) {
    return present
      ? verdict(e, false, `${e.device} has ${prefix}`, [e.device])
      : verdict(e, true, `${e.device} has no route to ${prefix}`);
  }
  if (!present) return verdict(e, false, `${e.device} has no route to ${prefix}`, [e.device]);
  // Installed next hops when the route is in the FIB; else (GoBGP/Cilium installs nothing) BGP's.
  const nextHopDevices = route
    ? forwardingNextHops(route).map((nh) => nh.device ?? nh.via ?? nh.interface ?? '?')
    : (bgp?.paths ?? [])
        .filter((p) => p.best || p.multipath)
        .map((p) => p.nextHopDevice ?? p.nextHop);
  const problems: string[] = [];
  if (e.nextHopDevices && !sameSet(nextHopDevices, e.nextHopDevices)) {
    problems.push(`next hops ${fmt(nextHopDevices)}, expected ${fmt(e.nextHopDevices)}`);
  }
  if (e.nextHopCount !== undefined && nextHopDevices.length !== e.nextHopCount) {
    problems.push(`${nextHopDevices.length} next hop(s), expected ${e.nextHopCount}`);
  }
  if (e.asPath && (!best || best.asPath.join(' ') !== e.asPath.join(' '))) {
    problems.push(
      `AS_PATH ${best ? best.asPath.join(' ') || '(empty)' : '(no BGP path)'}, expected ${e.asPath.join(' ')}`,
    );
  }
  if (e.bestFrom && best?.fromDevice !== e.bestFrom) {
    problems.push(
      `best path from ${best?.fromDevice ?? '(local or none)'}, expected ${e.bestFrom}`,
    );
  }
  return problems.length > 0
    ? verdict(e, false, `${e.device} ${prefix}: ${problems.join('; ')}`, [
        e.device,
        ...nextHopDevices,
      ])
    : verdict(e, true, `${e.device} has ${prefix} via ${fmt(nextHopDevices)}`);
}

const fmt = (xs: readonly string[]): string => `[${[...xs].sort().join(', ')}]`;

function checkSession(w: World, e: SessionExpectation): ExpectationVerdict {
  const find = (a: string, b: string) =>
    deviceView(w.result, a)?.sessions.find((s) => s.peerDevice === b);
  const s = find(e.a, e.b) ?? find(e.b, e.a);
  const up = s?.state === 'Established';
  const what = s
    ? up
      ? `${e.a} ↔ ${e.b} is Established`
      : `${e.a} ↔ ${e.b} is ${s.state}${s.reason ? `: ${s.reason}` : ''}`
    : `no BGP session is configured between ${e.a} and ${e.b}`;
  return verdict(e, up === (e.state === 'established'), what, [e.a, e.b]);
}

function failuresOf(
  w: World,
  e: SurvivesExpectation,
): { name: string; event: SimEvent; lab: Lab }[] {
  if ('links' in e.failures) {
    return w.lab.links
      .filter((l) => !l.down)
      .map((l) => ({
        name: `link ${l.id} down`,
        event: { kind: 'link-down', link: l.id },
        lab: {
          ...w.lab,
          links: w.lab.links.map((x) => (x.id === l.id ? { ...x, down: true } : x)),
        },
      }));
  }
  const role = e.failures.role;
  return w.lab.devices
    .filter((d) => d.role === role && !d.down)
    .map((d) => ({
      name: `${d.name} down`,
      event: { kind: 'device-down', device: d.name },
      lab: {
        ...w.lab,
        devices: w.lab.devices.map((x) => (x.name === d.name ? { ...x, down: true } : x)),
      },
    }));
}

function checkSurvives(w: World, e: SurvivesExpectation): ExpectationVerdict {
  const targets = w.lab.expectations.filter(
    (x) =>
      x.kind !== 'survives' && (e.expectations === undefined || e.expectations.includes(x.name)),
  );
  const failures = failuresOf(w, e).map((f) => {
    const after = world(f.lab, apply(w.result, f.event));
    const broken = targets
      .map((t) => checkOne(after, t))
      .filter((v) => !v.passed)
      .map((v) => ({ name: v.name, reason: v.reason }));
    return { failure: f.name, broken };
  });
  const bad = failures.filter((f) => f.broken.length > 0);
  const first = bad[0];
  const v = first
    ? verdict(
        e,
        false,
        `${bad.length} of ${failures.length} single failures break something; first: ${first.failure} breaks ${first.broken.map((b) => b.name).join(', ')}`,
      )
    : verdict(
        e,
        true,
        `all ${targets.length} expectation(s) hold under each of ${failures.length} single failures`,
      );
  return { ...v, failures };
}
