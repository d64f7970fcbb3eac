/**
 * The real-daemon differential suite: every corpus lab built in network namespaces, run on FRR /
 * BIRD / GoBGP with routelab's exported configs, and compared with routelab's engine. Needs root,
 * `ip netns`, frr, bird2 and gobgpd; skipped with a loud message otherwise. Labs run three at a
 * time (two cores: measured ~17 s for three 8-router labs side by side).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { corpusLabs } from './corpus';
import { formatVerdict, passed, verdict } from './report';
import { runLab } from './runner';

function daemonsPresent(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  for (const cmd of ['vtysh', 'bird', 'birdc', 'gobgpd', 'gobgp', 'traceroute']) {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    } catch {
      return `${cmd} missing`;
    }
  }
  return undefined;
}

const missing = daemonsPresent();
if (missing) {
  console.warn(
    `\n!!! real-daemon suite SKIPPED (${missing}): run as root with ` +
      '`apt-get install -y frr bird2 gobgpd iproute2 traceroute iputils-ping` !!!\n',
  );
}

/** At most `n` labs at once; vitest's own concurrency would start them all. */
function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (job) => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

const slot = limiter(3);

describe.skipIf(missing !== undefined).concurrent('routelab vs real daemons', () => {
  for (const c of corpusLabs()) {
    test(
      c.id,
      async () => {
        const logDir = fileURLToPath(new URL(`./logs/${c.id}/`, import.meta.url));
        const run = await slot(() => runLab(c, logDir));
        const vs = verdict(c, run);
        const text = formatVerdict(c, run, vs);
        writeFileSync(`${logDir}/verdict.txt`, `${text}\n`);
        if (!passed(vs)) console.log(text);
        expect(passed(vs), text).toBe(true);
      },
      420_000,
    );
  }
});
