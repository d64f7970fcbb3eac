/** The property every entry point's problems must have, whatever the input. */
import { expect } from 'vitest';
import type { Problem } from '../../../src/model/problems';

/**
 * A well-formed problem, located inside `text` when it carries a position. Lines are counted
 * the way editors count them (CR, LF and CRLF each end one).
 */
export function expectWellFormed(problems: Problem[], text?: string): void {
  const lines = text === undefined ? Infinity : text.split(/\r\n|\r|\n/).length;
  for (const p of problems) {
    expect(['error', 'warning', 'info']).toContain(p.severity);
    expect(typeof p.message).toBe('string');
    expect(p.message.trim().length, JSON.stringify(p)).toBeGreaterThan(0);
    expect(typeof p.path).toBe('string');
    expect(p.path.length, JSON.stringify(p)).toBeGreaterThan(0);
    if (p.line !== undefined) {
      expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines, JSON.stringify(p)).toBe(
        true,
      );
    }
    if (p.column !== undefined) expect(p.column, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
  }
}
