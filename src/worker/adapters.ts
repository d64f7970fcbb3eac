/**
 * The one place the worker calls modules written by other layers (engine, data plane, export,
 * import, lab file, validation, examples), each call isolated in one function: when one of their
 * APIs changes, this
 * adapter is the only code to touch. Routing semantics stay in the engine; these only reshape.
 */
import { deviceView, simulate } from '../engine';
import { checkExpectations as checkLabExpectations } from '../engine/expectations';
import type { DeviceBgpView, SimResult } from '../engine/types';
import { allSessions, selectedNextHops } from '../engine/summary';

export { allSessions };
import {
  dataplaneFromSim,
  explainPrefix,
  reachEndpoints,
  reachabilityMatrix,
  traceroute,
} from '../engine/dataplane';
import type { Dataplane, FibNextHop, TraceResult } from '../engine/dataplane';
import { bundleZip, exportBundle } from '../export';
import { importContainerlab } from '../import';
import { examples, defaultExampleId, getExample } from '../model/examples';
import { parseLabFile, serializeLab as serializeLabFile } from '../model/labfile';
import { validateLab } from '../model/validate';
import type { Lab } from '../model/types';
import type {
  BundleFile,
  DiffView,
  ExampleInfo,
  ExplanationView,
  ReachView,
  ExpectationResult,
  FibRouteView,
  ImportResult,
  ProblemView,
  TraceView,
} from './views';

// ------------------------------------------------------------------ engine

export function runSimulation(lab: Lab): SimResult {
  // Views are built on demand (deviceView) so big labs do not pay for every device's Adj-RIBs.
  return simulate(lab, { keepLog: true, views: false });
}

export function bgpView(result: SimResult, device: string): DeviceBgpView | undefined {
  return deviceView(result, device);
}

/**
 * What a diff compares: per speaker and prefix, the next hops of the best and multipath paths
 * (device names where known), and each session's state.
 */
export interface Digest {
  routes: Map<string, string>;
  sessions: Map<string, string>;
}

export function digestOf(result: SimResult): Digest {
  const routes = new Map<string, string>();
  const sessions = new Map<string, string>();
  for (const [dev, perPrefix] of selectedNextHops(result)) {
    for (const [prefix, hops] of perPrefix) routes.set(`${dev}\u0000${prefix}`, hops.join(', '));
  }
  for (const x of allSessions(result)) sessions.set(`${x.device}\u0000${x.peer}`, x.state);
  return { routes, sessions };
}

/** The lab's own claims, checked by the engine against this run. */
export function checkExpectations(lab: Lab, result: SimResult): ExpectationResult[] {
  // The checker builds a data plane even for an empty list: skip it, big fabrics have none.
  if (lab.expectations.length === 0) return [];
  const reach = new Map(
    lab.expectations.flatMap((e) => (e.kind === 'reach' ? [[e.name, e] as const] : [])),
  );
  return checkLabExpectations(lab, result).map((v) => ({
    name: v.name,
    ok: v.passed,
    detail: v.reason,
    devices: v.devices,
    ...(v.trace
      ? {
          trace: traceViewOf(
            reach.get(v.name)?.from ?? v.trace.from,
            reach.get(v.name)?.to ?? v.trace.to,
            v.trace,
          ),
        }
      : {}),
  }));
}

/** Above this many engine steps the step-through does not re-check expectations (O(steps²)). */
export const STEP_CHECK_LIMIT = 300;

/**
 * The expectations that fail after each engine step, keyed by `LogEntry.step`. Exact, not
 * approximated from the log: the engine is deterministic (FIFO), so re-running it with
 * `maxEvents: step` reproduces the state at that step, and every kind (reach, route, session,
 * survives) is checked on it with the same checker as the final run.
 */
export function failuresPerStep(lab: Lab, result: SimResult): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (lab.expectations.length === 0) return out;
  const steps = [...new Set(result.log.map((e) => e.step))];
  if (steps.length > STEP_CHECK_LIMIT) return out;
  for (const step of steps) {
    const at = simulate(lab, { keepLog: false, views: false, maxEvents: step });
    out.set(
      step,
      checkLabExpectations(lab, at)
        .filter((v) => !v.passed)
        .map((v) => v.name),
    );
  }
  return out;
}

// ------------------------------------------------------------------ data plane

export function dataplaneOf(lab: Lab, result: SimResult): Dataplane {
  return dataplaneFromSim(lab, result);
}

const hopView = (h: FibNextHop): FibRouteView['nextHops'][number] => ({
  ...(h.via ? { via: h.via } : {}),
  ...(h.interface ? { dev: h.interface } : {}),
  ...(h.device ? { device: h.device } : {}),
});

export function fibOf(dp: Dataplane, device: string): FibRouteView[] {
  const fib = dp.fibs[device];
  if (!fib) return [];
  return fib.routes
    .filter((r) => r.selected)
    .map((r) => ({
      prefix: r.prefix,
      protocol: r.podDelivery ? `cni (${r.podDelivery.interface})` : r.source,
      nextHops: r.podDelivery ? [{ dev: r.podDelivery.interface }] : r.nextHops.map(hopView),
      ...(r.blackhole ? { blackhole: true } : {}),
      metric: r.metric,
    }));
}

/** `single`: one flow (one ECMP branch per hop, as one traceroute run), else every branch. */
export function traceOf(dp: Dataplane, from: string, to: string, single = false): TraceView {
  return traceViewOf(from, to, traceroute(dp, from, to, { single }));
}

function traceViewOf(from: string, to: string, t: TraceResult): TraceView {
  return {
    from,
    to,
    address: t.to,
    paths: t.paths.map((p) => ({
      hops: p.hops.map((h) => ({
        ttl: h.ttl,
        device: h.pod ? `${h.device}` : h.device,
        ...(h.address ? { address: h.address } : {}),
        ...(h.inInterface ? { interface: h.inInterface } : {}),
        ...(h.pod ? { pod: h.pod } : {}),
      })),
      end: p.end.kind,
      reason: `${p.end.device}: ${p.end.reason}`,
    })),
  };
}

/** Who reaches whom: pods, clients and nodes (loopbacks left out to keep the grid readable). */
export function reachOf(dp: Dataplane): ReachView {
  const endpoints = reachEndpoints(dp).filter((e) => e.kind !== 'loopback');
  const m = reachabilityMatrix(dp, endpoints);
  return {
    endpoints: m.endpoints.map((e) => ({ id: e.id, kind: e.kind, address: e.address })),
    status: m.status,
    failures: m.failures,
  };
}

export function explainOf(
  lab: Lab,
  result: SimResult,
  dp: Dataplane,
  device: string,
  prefix: string,
): ExplanationView {
  const e = explainPrefix({ lab, bgp: { view: (d) => deviceView(result, d) }, dp }, device, prefix);
  return {
    device: e.device,
    prefix: e.prefix,
    summary: e.summary,
    findings: e.findings.map((f) => ({
      device: f.device,
      text: f.text,
      kind: f.kind,
      ...(f.peer ? { peer: f.peer } : {}),
    })),
  };
}

/** Routes lost/gained and sessions changed between two runs. */
export function diffOf(before: Digest, after: Digest): DiffView {
  const a = before.routes;
  const b = after.routes;
  const routes: DiffView['routes'] = [];
  for (const [k, v] of a) {
    const [device = '', prefix = ''] = k.split('\u0000');
    const w = b.get(k);
    if (w === undefined) routes.push({ device, prefix, change: 'lost', before: v });
    else if (w !== v) routes.push({ device, prefix, change: 'changed', before: v, after: w });
  }
  for (const [k, w] of b) {
    const [device = '', prefix = ''] = k.split('\u0000');
    if (!a.has(k)) routes.push({ device, prefix, change: 'gained', after: w });
  }
  const sessions: DiffView['sessions'] = [];
  for (const [k, v] of before.sessions) {
    const w = after.sessions.get(k) ?? 'gone';
    const [device = '', peer = ''] = k.split('\u0000');
    if (w !== v) sessions.push({ device, peer, before: v, after: w });
  }
  return { routes, sessions };
}

// ------------------------------------------------------------------ validation

/** `devices/tor0/interfaces/eth1` → the device or link the Problems panel jumps to. */
function problemTarget(path: string): Pick<ProblemView, 'device' | 'link'> {
  const [kind, id] = path.split('/');
  if (kind === 'devices' && id) return { device: id };
  if (kind === 'links' && id) return { link: id };
  return {};
}

export function validate(lab: Lab): ProblemView[] {
  return validateLab(lab).map((p) => ({
    severity: p.severity,
    message: p.message,
    path: p.path,
    ...problemTarget(p.path),
  }));
}

// ------------------------------------------------------------------ export

export function bundleFiles(lab: Lab): BundleFile[] {
  return exportBundle(lab);
}

export function zipFiles(files: BundleFile[]): Uint8Array {
  return bundleZip(files);
}

// ------------------------------------------------------------------ import

/** Paths as the topology names them (`./configs/frr.conf`, `configs/frr.conf`) → a file. */
function reader(
  files: Record<string, string>,
  topology: string,
): (path: string) => string | undefined {
  const dir = topology.includes('/') ? topology.slice(0, topology.lastIndexOf('/') + 1) : '';
  const norm = (p: string): string => p.replace(/^\.\//, '').replace(/\/\.\//g, '/');
  const byName = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  return (path) => {
    const p = norm(path);
    return byName.get(p) ?? byName.get(norm(dir + p)) ?? byName.get(p.split('/').pop() ?? p);
  };
}

export function importTopology(files: Record<string, string>, topology: string): ImportResult {
  const r = importContainerlab(topology, reader(files, topology));
  const errors = r.problems.filter((p) => p.severity === 'error');
  const warnings = r.problems
    .filter((p) => p.severity !== 'error')
    .map((p) => `${p.path}: ${p.message}`);
  if (errors.length > 0 && r.lab.devices.length === 0)
    return { error: errors.map((p) => `${p.path}: ${p.message}`).join('; '), warnings };
  return { lab: r.lab, warnings: [...errors.map((p) => `${p.path}: ${p.message}`), ...warnings] };
}

// ------------------------------------------------------------------ lab file

export function parseLab(text: string, fileName: string): ImportResult {
  const r = parseLabFile(text, fileName);
  const errors = r.problems.filter((p) => p.severity === 'error');
  if (!r.lab || errors.length > 0)
    return {
      error:
        errors
          .map(
            (p) => `${p.line ? `line ${p.line}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`,
          )
          .join('; ') || 'not a routelab lab',
    };
  return { lab: r.lab, warnings: r.problems.map((p) => p.message) };
}

export function serializeLab(lab: Lab, fmt: 'yaml' | 'json'): string {
  return serializeLabFile(lab, fmt);
}

// ------------------------------------------------------------------ built-in labs

export function listExamples(): ExampleInfo[] {
  return examples.map((e) => ({
    id: e.id,
    title: e.title,
    description: e.description,
    steps: e.steps.map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      whatYouShouldSee: s.whatYouShouldSee,
    })),
  }));
}

/** `example` opens its first step; `example/step` (or a bare step id) that step. */
export function exampleLab(id: string): Lab | undefined {
  const [ex, step] = id.split('/');
  const e = getExample(ex ?? '');
  if (e) return structuredClone((step ? e.steps.find((s) => s.id === step) : e.steps[0])?.lab);
  for (const x of examples) {
    const s = x.steps.find((st) => st.id === id);
    if (s) return structuredClone(s.lab);
  }
  return undefined;
}

export function defaultExample(): string | undefined {
  return defaultExampleId;
}
