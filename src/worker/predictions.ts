/**
 * routelab's predictions for a lab, in the shape the exported verify.sh compares the real lab
 * with. Built here (worker layer) because it reads the engine and feeds the exporters, which
 * must not import the engine themselves. The CLI's `export` uses the same function.
 */
import { traceroute } from '../engine/dataplane/traceroute';
import { dataplaneFromSim } from '../engine/dataplane/fromSim';
import { deviceView, simulate } from '../engine/index';
import type { SimResult } from '../engine/types';
import type {
  PredictedExpectation,
  Predictions,
  PredictedRoute,
  PredictedSession,
  PredictedTrace,
} from '../export/predictions';
import type { Lab } from '../model/types';

/** Routers only: verify.sh reads sessions and tables through vtysh/birdc on routers. */
function routers(lab: Lab): string[] {
  return lab.devices.filter((d) => d.kind === 'router' && !d.down).map((d) => d.name);
}

export function predict(lab: Lab, given?: SimResult): Predictions {
  const result = given ?? simulate(lab, { keepLog: false });
  const sessions: PredictedSession[] = [];
  const routes: PredictedRoute[] = [];
  for (const device of routers(lab)) {
    const view = deviceView(result, device);
    if (!view) continue;
    for (const s of view.sessions) {
      sessions.push({
        device,
        peer: s.peer,
        state: s.state === 'Established' ? 'established' : 'down',
      });
    }
    for (const r of view.locRib) {
      if (r.paths.some((p) => p.best)) routes.push({ device, prefix: r.prefix, present: true });
    }
  }
  // The lab's own route claims that say a prefix must be absent are predictions too.
  for (const e of lab.expectations) {
    if (e.kind === 'route' && e.absent && routers(lab).includes(e.device)) {
      routes.push({ device: e.device, prefix: e.prefix, present: false });
    }
  }
  const traces: PredictedTrace[] = [];
  const reach = lab.expectations.filter(
    (e) => e.kind === 'reach' && !e.not && !e.from.includes('/'),
  );
  if (reach.length > 0) {
    const dp = dataplaneFromSim(lab, result);
    for (const e of reach) {
      if (e.kind !== 'reach') continue;
      const t = traceroute(dp, e.from, e.to);
      if (t.paths.length === 0 || t.paths.some((p) => p.end.kind !== 'delivered')) continue;
      const depth = Math.max(...t.paths.map((p) => p.hops.length));
      const hops = Array.from({ length: depth }, (_, i) => [
        ...new Set(t.paths.flatMap((p) => (p.hops[i]?.address ? [p.hops[i].address] : []))),
      ]);
      traces.push({ from: e.from, to: t.to, hops: hops as string[][] });
    }
  }
  const expectations = expectationsFor(lab, result);
  return expectations.length > 0
    ? { sessions, routes, traces, expectations }
    : { sessions, routes, traces };
}

function vtyshDevice(lab: Lab, name: string): boolean {
  const d = lab.devices.find((x) => x.name === name);
  return d?.kind === 'router' && (d.daemon === 'frr' || d.daemon === 'vyos');
}

/**
 * The route/session/reach expectations verify.sh can check on the real lab. Sessions are
 * resolved to the peer as device `a` configures it; reach targets to an address. Pod sources and
 * `survives` are left to `routelab check` (they need failures the real lab cannot take safely).
 */
function expectationsFor(lab: Lab, result: SimResult): PredictedExpectation[] {
  const out: PredictedExpectation[] = [];
  let dp: ReturnType<typeof dataplaneFromSim> | undefined;
  for (const e of lab.expectations) {
    if (e.kind === 'route') {
      out.push({
        kind: 'route',
        name: e.name,
        device: e.device,
        prefix: e.prefix,
        ...(e.absent ? { absent: true } : {}),
        ...(e.nextHopCount !== undefined ? { nextHopCount: e.nextHopCount } : {}),
        ...(e.nextHopDevices ? { nextHopDevices: [...e.nextHopDevices].sort() } : {}),
      });
    } else if (e.kind === 'session') {
      // verify.sh reads sessions through vtysh, so check from the FRR/VyOS end when there is one.
      const ends: [string, string][] = [
        [e.a, e.b],
        [e.b, e.a],
      ];
      if (!vtyshDevice(lab, e.a) && vtyshDevice(lab, e.b)) ends.reverse();
      for (const [here, there] of ends) {
        const s = deviceView(result, here)?.sessions.find((v) => v.peerDevice === there);
        if (!s) continue;
        out.push({ kind: 'session', name: e.name, device: here, peer: s.peer, state: e.state });
        break;
      }
    } else if (e.kind === 'reach' && !e.from.includes('/')) {
      dp ??= dataplaneFromSim(lab, result);
      const to = traceroute(dp, e.from, e.to).to;
      if (to)
        out.push({
          kind: 'reach',
          name: e.name,
          from: e.from,
          to,
          ...(e.not ? { not: true } : {}),
        });
    }
  }
  return out;
}
