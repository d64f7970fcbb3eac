/**
 * `npm run test:real [-- LAB…]`: runs corpus labs by hand on the real daemons, keeps logs,
 * configs and snapshots in tests/real/logs/<lab>/, prints the collected tables and the diff.
 * Without an argument it lists the corpus.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpusLabs } from './corpus';
import { formatSnapshot, formatVerdict, passed, verdict } from './report';
import { runLab } from './runner';

async function main(argv: string[]): Promise<number> {
  const labs = corpusLabs();
  if (argv.length === 0) {
    for (const c of labs) console.log(`${c.id.padEnd(26)} ${c.lab.description ?? ''}`);
    console.log('\nusage: npm run test:real -- LAB [LAB…]   (root; frr, bird2, gobgpd installed)');
    return 0;
  }
  let ok = true;
  for (const id of argv) {
    const c = labs.find((x) => x.id === id);
    if (!c) {
      console.error(`unknown lab ${id}`);
      return 2;
    }
    const logDir = fileURLToPath(new URL(`./logs/${id}/`, import.meta.url));
    const run = await runLab(c, logDir);
    const vs = verdict(c, run);
    run.phases.forEach((p, i) => {
      console.log(`\n##### daemons, ${p.label} (${p.ms} ms)\n${formatSnapshot(p.snapshot)}`);
      const e = vs[i]?.engine;
      if (e && (vs[i]?.comparison?.diffs.length ?? 0) > 0)
        console.log(
          `\n##### routelab, ${p.label}\n${formatSnapshot({ devices: e.devices, traces: e.traces })}`,
        );
    });
    const text = formatVerdict(c, run, vs);
    console.log(`\n${text}\n\nlogs: ${logDir}`);
    writeFileSync(`${logDir}/verdict.txt`, `${text}\n`);
    ok &&= passed(vs);
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
