/**
 * `routelab import <topology.clab.yml> [-o lab.json]`: reads a containerlab topology and the
 * configs it binds from disk, prints problems to stderr (file:line:column) and the lab JSON to
 * stdout or the -o file. Exit 1 when any problem is an error (the lab is still written).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCommand, usageError } from '../args';
import { importContainerlab } from '../../import';
import type { ClabImport, Problem } from '../../import';

const USAGE = `usage: routelab import <topology.clab.yml> [-o lab.json] [--quiet]

Reads a containerlab topology with the FRR / BIRD / VyOS configs its nodes bind or exec,
and writes the routelab lab (JSON) to stdout or to the -o file.
  -o, --output FILE   write the lab here instead of stdout
  -q, --quiet         print only errors and warnings, not info
`;

/** Reads a topology and its bound files from disk; other commands use it for *.clab.yml input. */
export function importTopologyFromDisk(path: string): ClabImport {
  return importContainerlab(path, (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  });
}

export function isTopologyPath(path: string): boolean {
  return /\.clab\.ya?ml$/.test(path);
}

export function formatProblem(p: Problem): string {
  const where = p.file
    ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: `
    : '';
  return `${where}${p.severity}: ${p.message} [${p.path}]`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('import', USAGE, argv, {
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) return usageError(USAGE);
  const { lab, problems } = importTopologyFromDisk(path);
  for (const p of problems) {
    if (values.quiet && p.severity === 'info') continue;
    process.stderr.write(`${formatProblem(p)}\n`);
  }
  const json = `${JSON.stringify(lab, null, 2)}\n`;
  if (values.output) writeFileSync(values.output, json);
  else process.stdout.write(json);
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}
