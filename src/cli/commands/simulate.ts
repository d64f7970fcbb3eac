/**
 * `routelab simulate <lab.json|yaml> [--json] [--device NAME] [--order fifo|random] [--seed N]`:
 * converges BGP and prints, per device, the session table (`show bgp summary` style) and the
 * BGP table (`show bgp ipv4 unicast` style). `--json` prints the shape documented in docs/cli.md.
 */
import { parseCommand, usageError } from '../args';
import { apply, deviceView, installedRoutes, simulate } from '../../engine';
import type { DeviceBgpView, PathView, SessionView, SimEvent, SimResult } from '../../engine';
import { dataplaneFromSim, diffSnapshots, snapshot } from '../../engine/dataplane';
import type { DataplaneDiff } from '../../engine/dataplane';
import type { Lab } from '../../model/types';
import { bgpTableHeader } from '../../worker/bgpText';
import { loadExample, loadLab } from '../load';
import { applyFailures } from '../open';

const HELP = `usage: routelab simulate <lab.json|lab.yaml|topology.clab.yml> [--json] [--device NAME] [--order fifo|random] [--seed N]
       routelab simulate --example <id>[/<step>] [...]

Converges BGP and prints per device the session table and the BGP table (FRR style).
  --json          machine-readable output (see docs/cli.md, "simulate")
  --device NAME   only this device
  --order ORDER   event delivery order: fifo (default) or random
  --seed N        seed for --order random (default 1)
  --fail X        after converging, fail a link (id, devA:ifA, devA--devB) or a device and
                  re-converge incrementally; prints what changed (repeatable)
`;

const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));
const lpad = (s: string, n: number): string => s.padStart(n);

export function formatSessions(v: DeviceBgpView): string {
  const lines = [
    `BGP router identifier ${v.routerId ?? '?'}, local AS number ${v.asn}`,
    '',
    `${pad('Neighbor', 16)}${pad('Device', 15)}V ${lpad('AS', 10)} ${pad('State/PfxRcd', 13)}${lpad('PfxSnt', 8)}  Reason`,
  ];
  for (const s of v.sessions) lines.push(sessionLine(s));
  const up = v.sessions.filter((s) => s.state === 'Established').length;
  lines.push('', `Total number of neighbors ${v.sessions.length} (${up} Established)`);
  return lines.join('\n');
}

function sessionLine(s: SessionView): string {
  // FRR prints "(Policy)" for counts RFC 8212 blocks.
  const blockedIn = s.policyBlocked === 'in' || s.policyBlocked === 'both';
  const blockedOut = s.policyBlocked === 'out' || s.policyBlocked === 'both';
  const state =
    s.state !== 'Established' ? s.state : blockedIn ? '(Policy)' : String(s.prefixesReceived);
  const sent = blockedOut && s.prefixesSent === 0 ? '(Policy)' : String(s.prefixesSent);
  const peer = s.dynamic ? `*${s.peer}` : s.peer;
  return `${pad(peer, 16)}${pad(s.peerDevice ?? '-', 15)}4 ${lpad(String(s.remoteAs ?? '?'), 10)} ${pad(state, 13)}${lpad(sent, 8)}  ${s.reason ?? ''}`.trimEnd();
}

function statusOf(p: PathView): string {
  return `${p.valid ? '*' : ' '}${p.best ? '>' : p.multipath ? '=' : ' '}${p.ibgp ? 'i' : ' '}`;
}

/** One row as FRR's route_vty_out prints it: network 17, next hop 16, %10u %7u %7u, path. */
function pathLine(p: PathView, first: boolean, contested: boolean): string {
  const net = first ? p.prefix : '';
  const metric = p.med === undefined ? '' : String(p.med);
  const lp = p.localPref === undefined ? '' : String(p.localPref);
  const path = [...p.asPath.map(String), p.origin].join(' ');
  const line = `${statusOf(p)}${pad(net, 17)}${pad(p.nextHop, 16)}${lpad(metric, 10)}${lpad(lp, 7)}${lpad(String(p.weight), 7)} ${path}`;
  const notes: string[] = [];
  if (!p.valid && p.invalidReason) notes.push(`invalid: ${p.invalidReason}`);
  if (p.best && p.reason && contested) notes.push(`best: ${p.reason}`);
  return notes.length ? `${line}   (${notes.join('; ')})` : line;
}

export function formatBgpTable(v: DeviceBgpView): string {
  const lines = bgpTableHeader(v);
  let paths = 0;
  for (const e of v.locRib) {
    // FRR lists the best path first.
    const ordered = [...e.paths].sort((a, b) => Number(b.best) - Number(a.best));
    ordered.forEach((p, i) => lines.push(pathLine(p, i === 0, e.paths.length > 1)));
    paths += e.paths.length;
  }
  lines.push('', `Displayed  ${v.locRib.length} routes and ${paths} total paths`);
  return lines.join('\n');
}

export function jsonOf(result: SimResult, names: readonly string[]): Record<string, unknown> {
  const devices: Record<string, unknown> = {};
  for (const n of names) {
    const v = deviceView(result, n);
    if (v) devices[n] = { ...v, installed: installedRoutes(result, n) };
  }
  return { lab: result.lab, convergence: result.convergence, devices };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCommand('simulate', HELP, argv, {
    json: { type: 'boolean', default: false },
    device: { type: 'string' },
    example: { type: 'string' },
    order: { type: 'string', default: 'fifo' },
    seed: { type: 'string', default: '1' },
    fail: { type: 'string', multiple: true, default: [] },
  });
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const file = positionals[0];
  if (file === undefined && values.example === undefined) return usageError(HELP);
  if (values.order !== 'fifo' && values.order !== 'random') {
    process.stderr.write(`routelab simulate: --order must be fifo or random\n`);
    return 2;
  }
  const parsed = file !== undefined ? await loadLab(file) : await loadExample(values.example ?? '');
  for (const p of parsed.problems.filter((x) => x.severity === 'error'))
    process.stderr.write(
      `error  ${p.path}  ${p.message}${p.line ? `  [${p.file ?? ''}:${p.line}]` : ''}\n`,
    );
  if (!parsed.lab) return parsed.unreadable ? 2 : 1;
  const before = simulate(parsed.lab, {
    order: values.order,
    seed: Number(values.seed),
    keepLog: false,
    views: false,
  });
  let result = before;
  let diff: DataplaneDiff | undefined;
  if (values.fail.length > 0) {
    let failed: Lab;
    try {
      failed = applyFailures(parsed.lab, values.fail);
    } catch (e) {
      process.stderr.write(`routelab simulate: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    for (const ev of failureEvents(parsed.lab, failed)) result = apply(result, ev);
    diff = diffOf(parsed.lab, before, failed, result);
  }
  const all = parsed.lab.devices.map((d) => d.name).filter((n) => deviceView(result, n));
  if (values.device !== undefined && !all.includes(values.device)) {
    process.stderr.write(`routelab simulate: ${values.device} is not a BGP speaker in this lab\n`);
    return 2;
  }
  const names = values.device !== undefined ? [values.device] : all;
  if (values.json) {
    const json = { ...jsonOf(result, names), ...(diff ? { failed: values.fail, diff } : {}) };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const c = result.convergence;
  const out: string[] = [
    c.converged
      ? `converged after ${c.events} events`
      : `NOT converged after ${c.events} events${c.oscillating ? `; oscillating: ${c.oscillating.prefixes.join(', ')} on ${c.oscillating.devices.join(', ')}` : ''}`,
  ];
  for (const n of names) {
    const v = deviceView(result, n);
    if (!v) continue;
    out.push('', `==== ${n} ====`, formatSessions(v), '', formatBgpTable(v));
  }
  if (diff) out.push('', formatDiff(values.fail, diff));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** The incremental events that turn `lab` into `failed` (links and devices marked down). */
function failureEvents(lab: Lab, failed: Lab): SimEvent[] {
  const links = failed.links
    .filter((l) => l.down && !lab.links.find((x) => x.id === l.id)?.down)
    .map((l): SimEvent => ({ kind: 'link-down', link: l.id }));
  const devices = failed.devices
    .filter((d) => d.down && !lab.devices.find((x) => x.name === d.name)?.down)
    .map((d): SimEvent => ({ kind: 'device-down', device: d.name }));
  return [...links, ...devices];
}

function diffOf(lab: Lab, before: SimResult, failedLab: Lab, after: SimResult): DataplaneDiff {
  const views = (l: Lab, r: SimResult) =>
    Object.fromEntries(l.devices.map((d) => [d.name, deviceView(r, d.name)]));
  return diffSnapshots(
    snapshot(dataplaneFromSim(lab, before), views(lab, before)),
    snapshot(dataplaneFromSim(failedLab, after), views(failedLab, after)),
  );
}

export function formatDiff(failed: readonly string[], d: DataplaneDiff): string {
  const out = [`==== after failing ${failed.join(', ')} ====`];
  for (const dev of d.devices) {
    const rows = [
      ...dev.lost.map((c) => `  - ${c.prefix}  lost (was ${c.before ?? '?'})`),
      ...dev.gained.map((c) => `  + ${c.prefix}  ${c.after ?? ''}`),
      ...dev.changed.map((c) => `  ~ ${c.prefix}  ${c.before ?? ''} → ${c.after ?? ''}`),
    ];
    if (rows.length > 0) out.push(`${dev.device}:`, ...rows);
  }
  if (out.length === 1) out.push('no route changed');
  for (const r of d.lostReachability)
    out.push(`reachability lost: ${r.from} → ${r.to} (${r.before} → ${r.after})`);
  for (const r of d.gainedReachability)
    out.push(`reachability gained: ${r.from} → ${r.to} (${r.before} → ${r.after})`);
  return out.join('\n');
}
