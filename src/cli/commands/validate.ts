/**
 * `routelab validate <lab> [--json]` / `routelab validate --example <id>`: prints every problem
 * of a lab, one per line (`error  devices/tor0/interfaces/eth1  10.0.1.1/24 is also on …`).
 * Exit 0 when no error (warnings allowed), 1 when any error, 2 when the file cannot be read.
 */
import type { Problem } from '../../model/problems';
import { sortProblems } from '../../model/problems';
import { locateProblems } from '../../model/locate';
import { validateLab } from '../../model/validate';
import { parseCommand, usageError } from '../args';
import { loadExample, loadLab } from '../load';

const HELP = `usage: routelab validate <lab.json|lab.yaml|topology.clab.yml> [--json]
       routelab validate --example <id>[/<step>] [--json]

Checks a lab and prints its problems: severity, element path, message.
Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the lab could not be read.
  --json          machine-readable output (see docs/cli.md, "validate")
  --example ID    validate a built-in example lab instead of a file
`;

export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? '' : `  [${p.file ?? ''}:${p.line}:${p.column ?? 1}]`;
  return `${p.severity}  ${p.path}  ${p.message}${where}`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('validate', HELP, argv, {
    json: { type: 'boolean', default: false },
    example: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const target = values.example === undefined ? positionals[0] : undefined;
  if ((target === undefined && values.example === undefined) || positionals.length > 1)
    return usageError(HELP);
  const source = target ?? `example:${values.example ?? ''}`;
  const loaded =
    target !== undefined ? await loadLab(target) : await loadExample(values.example ?? '');
  const semantic = loaded.lab ? validateLab(loaded.lab) : [];
  const located =
    loaded.text !== undefined && target !== undefined
      ? locateProblems(loaded.text, target, semantic)
      : semantic;
  const problems = sortProblems([...loaded.problems, ...located]);
  const count = (s: Problem['severity']): number => problems.filter((p) => p.severity === s).length;
  const errors = count('error');
  const code = loaded.unreadable ? 2 : errors > 0 || !loaded.lab ? 1 : 0;
  if (values.json) {
    const out = { file: source, ok: code === 0, errors, warnings: count('warning'), problems };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return code;
  }
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  const summary =
    problems.length === 0
      ? `${source}: no problems`
      : `${source}: ${errors} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`;
  (code === 0 ? process.stdout : process.stderr).write(`${summary}\n`);
  return code;
}
