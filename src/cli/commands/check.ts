/**
 * `routelab check <lab> [--json]`: the lab's expectations, each with pass/fail and a reason.
 * Exit 0 only if all pass, 1 if any fails, 2 if the lab does not load — for a network team's CI.
 */
import { checkExpectations } from '../../engine/expectations';
import type { ExpectationVerdict } from '../../engine/expectations';
import { parseCommand, usageError } from '../args';
import { openLab } from '../open';

const HELP = `usage: routelab check <lab.json|lab.yaml|topology.clab.yml> [--json]
       routelab check --example <id>[/<step>] [--json]

Simulates the lab and checks each of its expectations (reach, route, session, survives).
Exit status: 0 all pass, 1 any fails, 2 the lab could not be loaded.
  --json          machine-readable output (see docs/cli.md, "check")
`;

function line(v: ExpectationVerdict): string {
  const head = `${v.passed ? 'PASS' : 'FAIL'}  ${v.name}  ${v.reason}`;
  const sub = (v.failures ?? [])
    .filter((f) => f.broken.length > 0)
    .map(
      (f) => `        ${f.failure}: ${f.broken.map((b) => `${b.name} (${b.reason})`).join('; ')}`,
    );
  return [head, ...sub].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('check', HELP, argv, {
    json: { type: 'boolean', default: false },
    example: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const target = positionals[0];
  if (target === undefined && values.example === undefined) return usageError(HELP);
  // Any lab that does not load is exit 2 here (CI tells "broken lab" from "failed claim").
  const lab = await openLab(target, values.example, 'check');
  if (typeof lab === 'number') return 2;
  const verdicts = checkExpectations(lab);
  const failed = verdicts.filter((v) => !v.passed).length;
  if (values.json) {
    const out = verdicts.map(({ trace: _trace, ...v }) => v);
    process.stdout.write(
      `${JSON.stringify({ lab: lab.name, passed: verdicts.length - failed, failed, expectations: out }, null, 2)}\n`,
    );
  } else {
    for (const v of verdicts) process.stdout.write(`${line(v)}\n`);
    process.stdout.write(`${verdicts.length - failed} passed, ${failed} failed\n`);
  }
  return failed > 0 ? 1 : 0;
}
