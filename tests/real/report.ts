/** Human-readable tables of a collected snapshot and the verdict of one lab run. */
import type { Lab } from '../../src/model';
import type { Comparison } from './compare';
import { formatDiffs } from './compare';
import type { EngineSide } from './engine';
import { engineSide } from './engine';
import { compareRuns } from './compare';
import type { Failure } from './expect';
import { checkExpectations } from './expect';
import type { NTrace, Snapshot } from './normal';
import { sortPaths } from './normal';
import type { RealRun } from './runner';
import { labTraces } from './runner';
import type { CorpusLab } from './corpus/build';

export function formatSnapshot(s: Snapshot): string {
  const out: string[] = [];
  for (const d of Object.values(s.devices).sort((a, b) => a.device.localeCompare(b.device))) {
    out.push(`== ${d.device} (${d.daemon})`);
    const sess = Object.entries(d.sessions).map(([p, st]) => `${p}:${st}`);
    if (sess.length) out.push(`  sessions: ${sess.join('  ')}`);
    for (const [prefix, paths] of Object.entries(d.bgp).sort()) {
      for (const p of sortPaths(paths)) {
        const flag = `${p.valid ? '*' : ' '}${p.best ? '>' : p.multipath ? '=' : ' '}`;
        out.push(
          `  ${flag} ${prefix.padEnd(18)} from ${p.from.padEnd(8)} nh ${p.nextHop.padEnd(8)} [${p.asPath.join(' ')}]`,
        );
      }
    }
    for (const [prefix, f] of Object.entries(d.fib).sort()) {
      if (f.protocol === 'connected') continue;
      out.push(`  fib ${prefix.padEnd(18)} ${f.protocol.padEnd(9)} ${f.nextHops.join(',')}`);
    }
  }
  for (const t of s.traces)
    out.push(`trace ${t.from} → ${t.to}: ${fmtTrace(t)}${t.reached ? '' : '  (not reached)'}`);
  return out.join('\n');
}

function fmtTrace(t: NTrace): string {
  return t.hops.map((h) => (h.address ? `${h.device}(${h.address})` : '*')).join(' → ');
}

export interface PhaseVerdict {
  label: string;
  converged: boolean;
  expectationFailures: Failure[];
  /** Undefined when the BGP engine (src/engine/index.ts) is not there yet. */
  comparison?: Comparison;
  engine?: EngineSide;
}

export function verdict(c: CorpusLab, run: RealRun): PhaseVerdict[] {
  const traces = labTraces(c);
  return run.phases.map((p, i) => {
    // After a link failure only the lab's `survives`-style expectations still apply: the corpus
    // names them in `options.afterFailure`; the initial phase checks all.
    const before = new Set(c.options.failureOnly ?? []);
    const only =
      i === 0
        ? new Set(p.lab.expectations.map((e) => e.name).filter((n) => !before.has(n)))
        : new Set(c.options.afterFailure ?? []);
    const v: PhaseVerdict = {
      label: p.label,
      converged: p.converged,
      expectationFailures: checkExpectations(p.lab, p.snapshot, only),
    };
    v.engine = engineSide(p.lab, traces);
    v.comparison = compareRuns(v.engine, p.snapshot);
    return v;
  });
}

export function formatVerdict(c: CorpusLab, run: RealRun, vs: PhaseVerdict[]): string {
  const out: string[] = [`lab ${c.id}: ${c.lab.description ?? ''} (${run.totalMs} ms)`];
  for (const n of c.options.notes ?? []) out.push(`  note: ${n}`);
  for (const v of vs) {
    out.push(`-- ${v.label}: ${v.converged ? 'converged' : 'NOT CONVERGED'}`);
    for (const f of v.expectationFailures) out.push(`  expectation ${f.expectation}: ${f.detail}`);
    if (v.comparison) {
      for (const r of v.comparison.relaxed) out.push(`  relaxed: ${r}`);
      out.push(
        v.comparison.diffs.length === 0
          ? '  routelab matches the daemons'
          : `  DIFF routelab vs daemons:\n${formatDiffs(v.comparison.diffs)}`,
      );
    }
  }
  return out.join('\n');
}

export function passed(vs: PhaseVerdict[]): boolean {
  return vs.every(
    (v) =>
      v.converged && v.expectationFailures.length === 0 && (v.comparison?.diffs.length ?? 0) === 0,
  );
}

export type { Lab };
