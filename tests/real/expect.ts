/**
 * The lab's own expectations (route / session / reach) checked against what the real daemons
 * show. Corpus labs state what FRR/BIRD/GoBGP do; these checks keep the statements honest.
 */
import type { Lab } from '../../src/model';
import type { Snapshot } from './normal';
import { traceTarget } from './runner-targets';

export interface Failure {
  expectation: string;
  detail: string;
}

export function reachTraces(lab: Lab): { from: string; to: string }[] {
  return lab.expectations.flatMap((e) =>
    e.kind === 'reach' ? [{ from: e.from, to: traceTarget(lab, e.to) }] : [],
  );
}

export function checkExpectations(lab: Lab, snap: Snapshot, only?: Set<string>): Failure[] {
  const out: Failure[] = [];
  for (const e of lab.expectations) {
    if (only && !only.has(e.name)) continue;
    const fail = (detail: string): void => {
      out.push({ expectation: e.name, detail });
    };
    if (e.kind === 'route') {
      const dev = snap.devices[e.device];
      const fib = dev?.fib[e.prefix];
      const paths = dev?.bgp[e.prefix] ?? [];
      const best = paths.find((p) => p.best);
      if (e.absent) {
        if (fib || best)
          fail(
            `${e.device} has ${e.prefix} (fib ${fib?.nextHops.join(',') ?? '-'}, bgp best ${best ? best.from : '-'})`,
          );
        continue;
      }
      if (!fib && !best) {
        fail(`${e.device} has no route to ${e.prefix}`);
        continue;
      }
      if (e.nextHopDevices) {
        const got = [...(fib?.nextHops ?? [])].sort().join(',');
        const want = [...e.nextHopDevices].sort().join(',');
        if (got !== want)
          fail(`${e.device} ${e.prefix} FIB next hops ${got || '(none)'}, expected ${want}`);
      }
      if (e.nextHopCount !== undefined && (fib?.nextHops.length ?? 0) !== e.nextHopCount)
        fail(
          `${e.device} ${e.prefix} has ${fib?.nextHops.length ?? 0} FIB next hops, expected ${e.nextHopCount}`,
        );
      if (e.asPath && best?.asPath.join(' ') !== e.asPath.join(' '))
        fail(
          `${e.device} ${e.prefix} best AS_PATH [${best?.asPath.join(' ') ?? '-'}], expected [${e.asPath.join(' ')}]`,
        );
      if (e.bestFrom && best?.from !== e.bestFrom)
        fail(`${e.device} ${e.prefix} best from ${best?.from ?? '-'}, expected ${e.bestFrom}`);
    } else if (e.kind === 'session') {
      const s = snap.devices[e.a]?.sessions[e.b];
      const up = s === 'Established';
      if (up !== (e.state === 'established')) fail(`${e.a}→${e.b} is ${s ?? 'not configured'}`);
    } else if (e.kind === 'reach') {
      const to = traceTarget(lab, e.to);
      const t = snap.traces.find((x) => x.from === e.from && x.to === to);
      if (!t) {
        fail(`no trace ${e.from} → ${to}`);
        continue;
      }
      if (t.reached === !!e.not) fail(`${e.from} → ${to} ${t.reached ? 'reached' : 'not reached'}`);
      if (e.via) {
        const devs = t.hops.map((h) => h.device ?? '*');
        let i = 0;
        for (const d of devs) if (d === e.via[i]) i++;
        if (i < e.via.length)
          fail(`${e.from} → ${to} via ${devs.join(' ')}, expected through ${e.via.join(' ')}`);
      }
    }
  }
  return out;
}
