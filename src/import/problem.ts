/** Problems an importer reports, in the lab-wide shape of src/model/problems.ts. */
import type { Problem } from '../model';

export type { Problem };

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
