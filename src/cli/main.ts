/**
 * The `routelab` command line. Each command is one module in ./commands exporting
 * `run(argv: string[]): Promise<number>` (the exit code); this file only dispatches.
 */
const commands = {
  validate: 'Check a lab for problems (exit 1 when any error).',
  simulate: 'Converge BGP and print sessions and BGP tables.',
  trace: 'Traceroute from a device or pod to an address.',
  explain: 'Explain why a device has (or lacks) a route.',
  check: "Check the lab's expectations (exit 1 when any fails).",
  import: 'Import a containerlab topology with its configs as a lab file.',
  export: 'Export a runnable lab bundle (folder or .zip).',
} as const;

type CommandName = keyof typeof commands;

function usage(): string {
  const lines = Object.entries(commands).map(([n, d]) => `  ${n.padEnd(9)} ${d}`);
  return `usage: routelab <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'routelab <command> --help' for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (!(name in commands)) {
    process.stderr.write(`routelab: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  let mod: { run: (argv: string[]) => Promise<number> };
  try {
    mod = (await import(`./commands/${name as CommandName}.ts`)) as typeof mod;
  } catch (e) {
    process.stderr.write(`routelab: command '${name}' is not available yet (${String(e)})\n`);
    return 2;
  }
  try {
    return await mod.run(rest);
  } catch (e) {
    process.stderr.write(`routelab ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
