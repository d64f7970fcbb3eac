/**
 * `routelab explain <lab> --device D --prefix P [--json] [--fail LINK|DEVICE]…`: why D's best path
 * for P won, why other paths are not in the ECMP set, or — when D lacks P — where and why the
 * route stops on its way to D. Also prints D's FIB entries for P (FRR `show ip route` style).
 */
import { parseCommand, usageError } from '../args';
import { explainPrefix, renderFrrRoutes, type Explanation } from '../../engine/dataplane';
import { networkOf } from '../../model/addressing';
import { applyFailures, openLab } from '../open';
import { buildAll } from './trace';

const HELP = `usage: routelab explain <lab> --device DEVICE --prefix PREFIX [--json] [--fail LINK|DEVICE]...
       routelab explain --example <id>[/<step>] --device … --prefix …

Why DEVICE's best path for PREFIX won (FRR's decision step), why other paths are not in the
ECMP set, or, when DEVICE lacks PREFIX, where and why the route stops on its way there.
  <lab>           lab file (.json/.yaml/.clab.yml)
  --example ID    a built-in example lab (its first step, or ID/STEP)
  --fail X        fail a link (id, devA:ifA, devA--devB) or a device first (repeatable)
  --json          machine-readable output (see docs/cli.md, "explain")
`;

export interface ExplainJson extends Explanation {
  failed: string[];
  /** FRR \`show ip route PREFIX\` lines for the device (all candidates, \`>\` selected). */
  fib: string[];
}

export function formatExplanation(e: ExplainJson): string {
  const lines = [`${e.device} ${e.prefix}: ${e.summary}`];
  if (e.failed.length) lines.push(`(with failed: ${e.failed.join(', ')})`);
  for (const f of e.findings) {
    if (e.summary.startsWith(f.text)) continue;
    lines.push(`  - [${f.kind}] ${f.text}`);
  }
  if (e.fib.length) lines.push('', ...e.fib);
  return `${lines.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('explain', HELP, argv, {
    example: { type: 'string' },
    device: { type: 'string' },
    prefix: { type: 'string' },
    fail: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if ((!file && values.example === undefined) || !values.device || !values.prefix)
    return usageError(HELP);
  const opened = await openLab(file, values.example, 'explain');
  if (typeof opened === 'number') return opened;
  const lab = applyFailures(opened, values.fail);
  if (!lab.devices.some((d) => d.name === values.device)) {
    process.stderr.write(`routelab explain: no device ${values.device}\n`);
    return 2;
  }
  const prefix = networkOf(values.prefix.includes('/') ? values.prefix : `${values.prefix}/32`);
  const { dp, provider } = buildAll(lab);
  const e = explainPrefix({ lab, bgp: provider, dp }, values.device, prefix);
  const fib = dp.fibs[values.device];
  const out: ExplainJson = {
    ...e,
    failed: values.fail,
    fib: fib
      ? renderFrrRoutes({ ...fib, routes: fib.routes.filter((r) => r.prefix === prefix) }, false)
          .split('\n')
          .filter(Boolean)
      : [],
  };
  process.stdout.write(values.json ? `${JSON.stringify(out, null, 2)}\n` : formatExplanation(out));
  return 0;
}
