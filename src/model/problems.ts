/** What validation, file loading and importers report: one finding about one element of a lab. */

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  severity: Severity;
  /** Element path such as `devices/tor0/interfaces/eth1`, `links/<id>`, `clusters/c1`. */
  path: string;
  /** Plain and specific: "10.0.1.1/24 is also on tor0/eth2". */
  message: string;
  /** Set when the problem comes from a file (loading, import). */
  file?: string;
  line?: number;
  column?: number;
}

export function error(path: string, message: string): Problem {
  return { severity: 'error', path, message };
}

export function warning(path: string, message: string): Problem {
  return { severity: 'warning', path, message };
}

export function info(path: string, message: string): Problem {
  return { severity: 'info', path, message };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by path, so output is stable whatever order the rules ran in. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
