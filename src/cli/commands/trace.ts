/**
 * `routelab trace <lab> --from DEVICE[/pod] --to ADDRESS [--json] [--fail LINK|DEVICE]… [--single]`:
 * converges BGP, builds the FIBs and prints a traceroute per ECMP path (like `traceroute -n`,
 * with the device name where the time would be), each ending with why it stops.
 * `<lab>` is anything `src/cli/load.ts` opens, or `--example id[/step]`.
 */
import { parseCommand, usageError } from '../args';
import { simulate } from '../../engine';
import {
  dataplaneOf,
  explainTraceEnd,
  providerFromSim,
  traceroute,
  type BgpProvider,
  type Dataplane,
  type TracePath,
  type TraceResult,
} from '../../engine/dataplane';
import type { Lab } from '../../model/types';
import { applyFailures, openLab } from '../open';

const HELP = `usage: routelab trace <lab> --from DEVICE[/POD] --to ADDRESS [--json] [--fail LINK|DEVICE]... [--single]
       routelab trace --example <id>[/<step>] --from … --to …

Traceroute over the simulated FIBs: every ECMP path (or one flow with --single), hop addresses
as Linux routers answer, and why each path ends.
  <lab>           lab file (.json/.yaml/.clab.yml)
  --example ID    a built-in example lab (its first step, or ID/STEP)
  --from SRC      device, device/pod, or pod name
  --to DST        address, device, device/pod or pod name
  --fail X        fail a link (id, devA:ifA, devA--devB) or a device before tracing (repeatable)
  --single        only the ECMP branch the (source, destination) L3 hash picks (approximates
                  the kernel's hash, whose seed is random per boot)
  --json          machine-readable output (see docs/cli.md, "trace")
`;

/** Simulates BGP and builds the data plane; `provider` lets explain read the BGP views too. */
export function buildAll(lab: Lab): { dp: Dataplane; provider: BgpProvider } {
  const result = simulate(lab, { keepLog: false, views: false });
  const provider = providerFromSim(result);
  return { dp: dataplaneOf(lab, provider), provider };
}

export interface TraceJson extends Omit<TraceResult, 'paths'> {
  failed: string[];
  paths: (TracePath & { why: string[] })[];
}

export function formatTrace(t: TraceJson): string {
  const lines = [
    `traceroute from ${t.from}${t.source ? ` (${t.source})` : ''} to ${t.to}: ${t.paths.length} path${t.paths.length === 1 ? '' : 's'}${t.single ? ' (single flow)' : ''}${t.truncated ? ' (truncated)' : ''}${t.failed.length ? `, failed: ${t.failed.join(', ')}` : ''}`,
  ];
  t.paths.forEach((p, i) => {
    lines.push('', `path ${i + 1}:`);
    for (const h of p.hops) {
      const name = h.pod ? `${h.device}/${h.pod}` : h.device;
      lines.push(`${String(h.ttl).padStart(2)}  ${(h.address ?? '*').padEnd(15)}  ${name}`);
    }
    lines.push(
      `    ${p.end.kind} at ${p.end.device}${p.end.pod ? `/${p.end.pod}` : ''}: ${p.end.reason}`,
    );
    for (const w of p.why.slice(1)) lines.push(`      - ${w}`);
  });
  return `${lines.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('trace', HELP, argv, {
    example: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    fail: { type: 'string', multiple: true, default: [] },
    single: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if ((!file && values.example === undefined) || !values.from || !values.to)
    return usageError(HELP);
  const opened = await openLab(file, values.example, 'trace');
  if (typeof opened === 'number') return opened;
  const lab = applyFailures(opened, values.fail);
  const { dp, provider } = buildAll(lab);
  const t = traceroute(dp, values.from, values.to, { single: values.single });
  const ctx = { lab, bgp: provider, dp };
  const out: TraceJson = {
    ...t,
    failed: values.fail,
    paths: t.paths.map((p) => ({ ...p, why: explainTraceEnd(ctx, t, p.end).map((f) => f.text) })),
  };
  process.stdout.write(values.json ? `${JSON.stringify(out, null, 2)}\n` : formatTrace(out));
  return t.paths.length > 0 && t.paths.every((p) => p.end.kind === 'delivered') ? 0 : 1;
}
