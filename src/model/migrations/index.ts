/**
 * The lab file's version history. One migration per version step, applied in order, so a file
 * of any older version loads; each step is tested on its own (migrations.test.ts).
 * Policy (docs/lab-format.md): additive, optional fields do not bump the version; renaming,
 * removing or changing the meaning of a field does, with a migration in this list.
 */
import { SCHEMA_VERSION } from '../types';
import type { Migration } from './types';
import { v0ToV1 } from './v0';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [v0ToV1];

/** Runs every step from `version` up to SCHEMA_VERSION; returns what was applied. */
export function migrate(
  doc: Record<string, unknown>,
  version: number,
): { doc: Record<string, unknown>; applied: string[] } {
  let cur = doc;
  const applied: string[] = [];
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) throw new Error(`no migration from schemaVersion ${v}`);
    cur = { ...step.up(cur), schemaVersion: v + 1 };
    applied.push(step.describe);
  }
  return { doc: cur, applied };
}
