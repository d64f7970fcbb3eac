/** The argument handling every command shares: `--help`, unknown options, usage on error. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * Parses a command's arguments with `-h/--help` added. Returns the parsed values, or the exit
 * code once it has printed the usage: 0 for `--help`, 2 for arguments it cannot parse (the
 * convention of every routelab command: 2 means "could not even start").
 */
export function parseCommand<const O extends Options>(
  cmd: string,
  usage: string,
  argv: string[],
  options: O,
) {
  const config = {
    args: argv,
    allowPositionals: true,
    options: { ...options, ...HELP_OPTION },
  } as const;
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    process.stderr.write(
      `routelab ${cmd}: ${e instanceof Error ? e.message : String(e)}\n\n${usage}`,
    );
    return 2;
  }
  // The generic result type is not narrowed inside this function; `help` is always there.
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** Prints the usage to stderr and gives exit code 2 (missing or extra arguments). */
export function usageError(usage: string): number {
  process.stderr.write(usage);
  return 2;
}
