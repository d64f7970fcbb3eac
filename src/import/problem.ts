/**
 * Problems an importer reports. The shape is the one src/model/validate.ts will own (identical,
 * defined here because validate.ts did not exist yet when import was written); switch to
 * `import type { Problem } from '../model/validate'` once it lands.
 */
export interface Problem {
  severity: 'error' | 'warning' | 'info';
  /** Where in the lab it applies, e.g. `devices/tor0/bgp` or the file name. */
  path: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** A position in a source file: 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** Collects problems for one import run; parsers push, never throw. */
export class Problems {
  readonly list: Problem[] = [];

  constructor(private readonly path: string) {}

  add(severity: Problem['severity'], message: string, at?: Partial<SourcePos>): void {
    const p: Problem = { severity, path: this.path, message };
    if (at?.file !== undefined) p.file = at.file;
    if (at?.line !== undefined) p.line = at.line;
    if (at?.column !== undefined) p.column = at.column;
    this.list.push(p);
  }

  error(message: string, at?: Partial<SourcePos>): void {
    this.add('error', message, at);
  }

  warn(message: string, at?: Partial<SourcePos>): void {
    this.add('warning', message, at);
  }

  info(message: string, at?: Partial<SourcePos>): void {
    this.add('info', message, at);
  }
}
