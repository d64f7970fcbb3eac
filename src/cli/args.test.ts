import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from './args';

const USAGE = 'usage: routelab demo <lab> [--json]\n';

function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('parseCommand', () => {
  it('returns the parsed values and positionals', () => {
    const r = parseCommand('demo', USAGE, ['lab.yaml', '--json'], {
      json: { type: 'boolean', default: false },
    });
    expect(r).toEqual({ values: { json: true, help: false }, positionals: ['lab.yaml'] });
  });

  it('prints the usage on stdout and gives 0 for --help and -h', () => {
    const io = capture();
    expect(parseCommand('demo', USAGE, ['--help'], {})).toBe(0);
    expect(parseCommand('demo', USAGE, ['-h'], {})).toBe(0);
    expect(io.out).toEqual([USAGE, USAGE]);
    expect(io.err).toEqual([]);
  });

  it('names the command and the bad option on stderr and gives 2', () => {
    const io = capture();
    expect(parseCommand('demo', USAGE, ['--bogus'], {})).toBe(2);
    expect(io.err.join('')).toMatch(/^routelab demo: Unknown option '--bogus'/);
    expect(io.err.join('')).toContain(USAGE);
  });

  it('refuses a string option given without its value', () => {
    const io = capture();
    expect(parseCommand('demo', USAGE, ['--seed'], { seed: { type: 'string' } })).toBe(2);
    expect(io.err.join('')).toContain("'--seed <value>' argument missing");
  });
});
