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
  PredictedFailure,
  Predictions,
  PredictedRoute,
  PredictedSession,
  PredictedTrace,
} from '../export/predictions';
import { findDevice } from '../model/lab';
import { hostOf } from '../model/addressing';
import { nodePods } from '../model/k8s';
import type { Lab, SurvivesExpectation } from '../model/types';

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

/** Which end of a session verify.sh asks: FRR/VyOS first (vtysh JSON), then any speaker. */
function sessionRank(lab: Lab, name: string): number {
  const d = lab.devices.find((x) => x.name === name);
  if (d?.kind === 'router' && (d.daemon === 'frr' || d.daemon === 'vyos')) return 0;
  return d?.kind === 'router' ? 1 : 2;
}

/** The model device owning a reach target (address, device name or `device/pod`). */
function targetOwner(lab: Lab, to: string): { device?: string; pod?: string } {
  const cut = to.indexOf('/');
  if (findDevice(lab, to)) return { device: to };
  if (cut > 0 && findDevice(lab, to.slice(0, cut))?.kind === 'k8s-node')
    return { device: to.slice(0, cut), pod: to };
  for (const d of lab.devices) {
    if (d.interfaces.some((i) => i.addresses.some((a) => hostOf(a) === to)))
      return { device: d.name };
    if (d.kind === 'k8s-node' && nodePods(lab, d).some((p) => p.address === to))
      return { device: d.name };
  }
  return {};
}

/** The single failures a `survives` expectation walks through, as `routelab check` lists them. */
function failuresOf(lab: Lab, e: SurvivesExpectation): PredictedFailure[] {
  if ('links' in e.failures) {
    return lab.links
      .filter((l) => !l.down)
      .map((l) => ({ name: `link ${l.id} down`, ends: [l.a, l.b] }));
  }
  const role = e.failures.role;
  return lab.devices
    .filter((d) => d.role === role && !d.down)
    .map((d) => ({
      name: `${d.name} down`,
      ends: lab.links
        .flatMap((l) => [l.a, l.b])
        .filter((x) => x.device === d.name)
        .map((x) => ({ device: x.device, interface: x.interface })),
    }));
}

/**
 * The lab's expectations in the shape verify.sh checks on the real lab. Sessions are resolved
 * to the peer as the asked end configures it; reach targets to an address.
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
        ...(e.asPath ? { asPath: [...e.asPath] } : {}),
        ...(e.bestFrom !== undefined ? { bestFrom: e.bestFrom } : {}),
      });
    } else if (e.kind === 'session') {
      const ends: [string, string][] = [
        [e.a, e.b],
        [e.b, e.a],
      ];
      if (sessionRank(lab, e.b) < sessionRank(lab, e.a)) ends.reverse();
      for (const [here, there] of ends) {
        const s = deviceView(result, here)?.sessions.find((v) => v.peerDevice === there);
        if (!s) continue;
        out.push({
          kind: 'session',
          name: e.name,
          device: here,
          peer: s.peer,
          state: e.state,
          a: e.a,
          b: e.b,
        });
        break;
      }
    } else if (e.kind === 'reach') {
      dp ??= dataplaneFromSim(lab, result);
      const to = traceroute(dp, e.from, e.to).to;
      const owner = targetOwner(lab, e.to);
      if (to)
        out.push({
          kind: 'reach',
          name: e.name,
          from: e.from,
          to,
          ...(e.not ? { not: true } : {}),
          ...(e.via ? { via: [...e.via] } : {}),
          label: e.to,
          ...(owner.device !== undefined ? { toDevice: owner.device } : {}),
          ...(owner.pod !== undefined ? { toPod: owner.pod } : {}),
        });
    } else {
      const names = lab.expectations
        .filter(
          (x) =>
            x.kind !== 'survives' &&
            (e.expectations === undefined || e.expectations.includes(x.name)),
        )
        .map((x) => x.name);
      out.push({
        kind: 'survives',
        name: e.name,
        expectations: names,
        failures: failuresOf(lab, e),
      });
    }
  }
  return out;
}
