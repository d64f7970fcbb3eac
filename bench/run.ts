/**
 * `npm run bench [-- S M L XL real browser]`: the benchmarks of issue 9. Each workload runs in its
 * own child process (`--expose-gc`) so heap numbers and JIT state do not leak between workloads;
 * the parent prints one table and rewrites the generated part of bench/RESULTS.md.
 *
 * Per workload: wall and CPU time to convergence (simulate as the worker calls it: views off,
 * log kept), events, Adj-RIB-In and Loc-RIB entries, ns and retained heap bytes per Adj-RIB-In
 * entry, peak RSS. On L also one spine–leaf link failure and its restore through `apply`.
 * `real`: routelab's time on the corpus labs against the real daemons' last recorded run.
 * `browser`: a fresh `vite build`, then bench/browser.ts on L in Debian chromium (long tasks,
 * first paint, canvas fps, initial JS), which rewrites bench/RESULTS-browser.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { apply, simulate } from '../src/engine';
import type { SimResult } from '../src/engine';

import { pathAt } from '../src/engine/dest';
import type { EngineState } from '../src/engine/state';
import type { Lab } from '../src/model';
import { buildFabric, workloads } from './fabric';

type Workload = keyof typeof workloads;

interface Step {
  wallMs: number;
  cpuMs: number;
  events: number;
}

interface Row extends Step {
  workload: string;
  converged: boolean;
  adjIn: number;
  locRib: number;
  prefixes: number;
  retainedBytes: number;
  peakRssBytes: number;
  failure?: Step & { locRib: number };
  restore?: Step & { locRib: number; sameAsBefore: boolean; sameInstalled: boolean };
  /** Medians of further failure + restore pairs from the same converged state (warm). */
  repeated?: { runs: number; failure: Step; restore: Step };
}

/** Failure + restore pairs timed after the first (warm JIT, the bench's own garbage collected). */
const REPEATS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface RealRow {
  lab: string;
  devices: number;
  routelabMs: number;
  realMs: number;
}

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

function timed<T>(f: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [v, wall, (c.user + c.system) / 1000];
}

/** JS heap plus ArrayBuffer backing stores (the typed-array Adj-RIBs live outside the heap). */
function heldBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function counts(r: SimResult): { adjIn: number; locRib: number } {
  const st = r.state as EngineState;
  let adjIn = 0;
  let locRib = 0;
  for (const p of st.peers) adjIn += p.adjIn.size;
  for (const sp of st.speakers) locRib += sp.locRib.size;
  return { adjIn, locRib };
}

/** A spine–leaf link of the first pod: the failure the issue names. */
function spineLeafLink(lab: Lab): string {
  const l = lab.links.find((x) => x.a.device === 'p1-leaf1' && x.b.device.startsWith('p1-spine'));
  if (!l) throw new Error('no spine–leaf link');
  return l.id;
}

/**
 * Every Loc-RIB's selected path per prefix (by the neighbour it came from, since peer ids are
 * renumbered when a session comes back, and its attribute set), to check a restore returns there.
 */
function fingerprint(r: SimResult): string {
  const st = r.state as EngineState;
  const parts: string[] = [];
  for (const sp of st.speakers)
    for (const [pid, d] of sp.locRib) {
      const b = pathAt(sp, pid, d, d.best);
      const from = b && b.src >= 0 ? st.peers[b.src]?.remoteAddress : 'local';
      parts.push(`${sp.info.name} ${pid} ${from ?? '-'} ${b ? b.attr : -1}`);
    }
  return parts.sort().join('\n');
}

/** Every Loc-RIB's best + multipath set (what is installed) by the neighbours they came from. */
function installedFingerprint(r: SimResult): string {
  const st = r.state as EngineState;
  const parts: string[] = [];
  for (const sp of st.speakers)
    for (const [pid, d] of sp.locRib) {
      if (d.best < 0) continue;
      const from = [d.best, ...d.multipath].map((i) => {
        const p = pathAt(sp, pid, d, i);
        return p && p.src >= 0 ? (st.peers[p.src]?.remoteAddress ?? '-') : 'local';
      });
      parts.push(`${sp.info.name} ${pid} ${from.sort().join(',')}`);
    }
  return parts.sort().join('\n');
}

function child(w: Workload): Row {
  const lab = buildFabric(workloads[w]);
  gc();
  const h0 = heldBytes();
  const [r, wallMs, cpuMs] = timed(() => simulate(lab, { views: false, keepLog: true }));
  gc();
  const retainedBytes = heldBytes() - h0;
  const { adjIn, locRib } = counts(r);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const row: Row = {
    workload: w,
    converged: r.convergence.converged,
    wallMs,
    cpuMs,
    events: r.convergence.events,
    adjIn,
    locRib,
    prefixes: (r.state as EngineState).prefixes.names.length,
    retainedBytes,
    peakRssBytes,
  };
  if (w === 'L') {
    const link = spineLeafLink(lab);
    const before = fingerprint(r);
    const beforeInstalled = installedFingerprint(r);
    // The fingerprints' garbage is the bench's, not apply's.
    gc();
    const [down, dw, dc] = timed(() => apply(r, { kind: 'link-down', link }));
    row.failure = {
      wallMs: dw,
      cpuMs: dc,
      events: down.convergence.events - r.convergence.events,
      locRib: counts(down).locRib,
    };
    gc();
    const [up, uw, uc] = timed(() => apply(down, { kind: 'link-up', link }));
    row.restore = {
      wallMs: uw,
      cpuMs: uc,
      events: up.convergence.events - down.convergence.events,
      locRib: counts(up).locRib,
      sameAsBefore: fingerprint(up) === before,
      sameInstalled: installedFingerprint(up) === beforeInstalled,
    };
    const downs: Step[] = [];
    const ups: Step[] = [];
    for (let i = 0; i < REPEATS; i++) {
      gc();
      const [d, dWall, dCpu] = timed(() => apply(r, { kind: 'link-down', link }));
      downs.push({
        wallMs: dWall,
        cpuMs: dCpu,
        events: d.convergence.events - r.convergence.events,
      });
      gc();
      const [u2, uWall, uCpu] = timed(() => apply(d, { kind: 'link-up', link }));
      ups.push({
        wallMs: uWall,
        cpuMs: uCpu,
        events: u2.convergence.events - d.convergence.events,
      });
    }
    const med = (xs: Step[]): Step => ({
      wallMs: median(xs.map((x) => x.wallMs)),
      cpuMs: median(xs.map((x) => x.cpuMs)),
      events: median(xs.map((x) => x.events)),
    });
    row.repeated = { runs: REPEATS, failure: med(downs), restore: med(ups) };
  }
  return row;
}

/** The real daemons' wall time per corpus lab: first to last line of its last runner log. */
function realSeconds(id: string): number | undefined {
  const f = here(`../tests/real/logs/${id}/runner.log`);
  if (!existsSync(f)) return undefined;
  const stamps = readFileSync(f, 'utf8')
    .split('\n')
    .map((l) => Date.parse(l.slice(0, 24)))
    .filter((t) => !Number.isNaN(t));
  if (stamps.length < 2) return undefined;
  return (stamps[stamps.length - 1] as number) - (stamps[0] as number);
}

async function realChild(): Promise<RealRow[]> {
  const { corpusLabs } = await import('../tests/real/corpus');
  const rows: RealRow[] = [];
  for (const c of corpusLabs()) {
    const realMs = realSeconds(c.id);
    if (realMs === undefined) continue;
    for (let i = 0; i < 5; i++) simulate(c.lab, { views: false }); // warm the JIT
    // The median of single runs: the machine is shared, a mean would carry others' load spikes.
    const runs = Array.from(
      { length: 31 },
      () => timed(() => simulate(c.lab, { views: false }))[1],
    );
    runs.sort((a, b) => a - b);
    const routelabMs = runs[15] as number;
    rows.push({ lab: c.id, devices: c.lab.devices.length, routelabMs, realMs });
  }
  return rows;
}

function runChild(arg: string): unknown {
  // The machine is shared: cap the heap of the big workloads below the free memory.
  const heapMb = Math.min(7168, Math.floor((freemem() / 2 ** 20) * 0.6));
  const big = arg === 'XL' || arg === 'L';
  const res = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      ...(big ? [`--max-old-space-size=${heapMb}`] : []),
      '--import',
      'tsx',
      here('./run.ts'),
      '--child',
      arg,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: (arg === 'XL' ? 12 : 30) * 60_000,
    },
  );
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || (!line.startsWith('{') && !line.startsWith('[')))
    return { error: `exit ${String(res.status ?? res.signal)}` };
  return JSON.parse(line) as unknown;
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mb = (x: number): string => (x / 2 ** 20).toFixed(0);
const k = (x: number): string => x.toLocaleString('en-US');

function table(rows: Row[], real: RealRow[], errors: string[]): string {
  const out: string[] = [];
  out.push(
    '| workload | converged | wall ms | CPU ms | events | prefixes | Adj-RIB-In | Loc-RIB | ns/Adj-In (CPU) | retained heap MB | bytes/Adj-In | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of rows)
    out.push(
      `| ${r.workload} | ${r.converged ? 'yes' : 'NO'} | ${ms(r.wallMs)} | ${ms(r.cpuMs)} | ${k(r.events)} | ${k(r.prefixes)} | ${k(r.adjIn)} | ${k(r.locRib)} | ${((r.cpuMs * 1e6) / r.adjIn).toFixed(0)} | ${mb(r.retainedBytes)} | ${(r.retainedBytes / r.adjIn).toFixed(0)} | ${mb(r.peakRssBytes)} |`,
    );
  for (const e of errors) out.push(`| ${e} | | | | | | | | | | | |`);
  const fl = rows.filter((r) => r.failure);
  if (fl.length) {
    out.push(
      '',
      '| L incremental (`apply`) | wall ms | CPU ms | events | Loc-RIB after | same best paths as before the failure | same best + multipath sets (installed) |',
      '|---|---:|---:|---:|---:|---|---|',
    );
    for (const r of fl) {
      const f = r.failure as NonNullable<Row['failure']>;
      const u = r.restore as NonNullable<Row['restore']>;
      out.push(
        `| link p1-leaf1–spine down | ${ms(f.wallMs)} | ${ms(f.cpuMs)} | ${k(f.events)} | ${k(f.locRib)} | | |`,
      );
      out.push(
        `| link restored | ${ms(u.wallMs)} | ${ms(u.cpuMs)} | ${k(u.events)} | ${k(u.locRib)} | ${u.sameAsBefore ? 'yes' : 'no (older-path rule, see below)'} | ${u.sameInstalled ? 'yes' : 'NO'} |`,
      );
      const rep = r.repeated;
      if (rep) {
        out.push(
          `| link down again (median of ${rep.runs}) | ${ms(rep.failure.wallMs)} | ${ms(rep.failure.cpuMs)} | ${k(rep.failure.events)} | | | |`,
        );
        out.push(
          `| link restored again (median of ${rep.runs}) | ${ms(rep.restore.wallMs)} | ${ms(rep.restore.cpuMs)} | ${k(rep.restore.events)} | | | |`,
        );
      }
    }
  }
  if (rows.length > 1) {
    const per = rows.map((r) => `${r.workload} ${((r.cpuMs * 1e6) / r.adjIn).toFixed(0)}`);
    out.push('', `Scaling: CPU ns per Adj-RIB-In entry ${per.join(', ')}.`);
  }
  if (real.length) {
    out.push(
      '',
      '| corpus lab | devices | routelab ms (median of 31) | real daemons ms (last run, build→teardown) | ratio |',
      '|---|---:|---:|---:|---:|',
    );
    for (const r of real)
      out.push(
        `| ${r.lab} | ${r.devices} | ${r.routelabMs.toFixed(2)} | ${k(Math.round(r.realMs))} | ${k(Math.round(r.realMs / r.routelabMs))}× |`,
      );
  }
  return out.join('\n');
}

function machine(): string {
  let model = cpus()[0]?.model ?? '?';
  try {
    model =
      execFileSync('lscpu', { encoding: 'utf8' })
        .split('\n')
        .find((l) => l.startsWith('Model name'))
        ?.split(':')[1]
        ?.trim() ?? model;
  } catch {
    // lscpu is optional: os.cpus() names the model too.
  }
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  return `${new Date().toISOString().slice(0, 16)}Z · ${cpus().length} CPUs (${model}) · node ${process.version} · load average at the end ${load}`;
}

const BEGIN = '<!-- bench:begin (written by `npm run bench`) -->';
const END = '<!-- bench:end -->';

async function writeResults(text: string): Promise<void> {
  const f = here('./RESULTS.md');
  const block = `${BEGIN}\n${text}\n${END}`;
  const old = existsSync(f) ? readFileSync(f, 'utf8') : `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  const i = old.indexOf(BEGIN);
  const j = old.indexOf(END);
  const next =
    i >= 0 && j > i ? old.slice(0, i) + block + old.slice(j + END.length) : `${old}\n${block}\n`;
  // Keep the file as `prettier --check .` wants it.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(f)) ?? {};
  writeFileSync(f, await prettier.format(next, { ...options, filepath: f }));
}

/** The browser part: always on a fresh build (a stale dist/ would measure old code). */
async function runBrowser(): Promise<string> {
  process.stderr.write('bench browser (vite build, then L in chromium)…\n');
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: here('..'),
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('vite build failed');
  const { runBrowserBench, browserTable } = await import('./browser');
  return browserTable(await runBrowserBench('L'));
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--child') {
    const w = argv[1] ?? '';
    const v = w === 'real' ? await realChild() : child(w as Workload);
    process.stdout.write(`${JSON.stringify(v)}\n`);
    return 0;
  }
  const wanted = argv.length ? argv : ['S', 'M', 'L', 'XL', 'real', 'browser'];
  const rows: Row[] = [];
  const errors: string[] = [];
  let real: RealRow[] = [];
  let browserText: string | undefined;
  for (const w of wanted) {
    if (w === 'browser') {
      browserText = await runBrowser().catch((e: unknown) => {
        errors.push(`browser: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      continue;
    }
    if (w !== 'real' && !(w in workloads)) throw new Error(`unknown workload ${w}`);
    process.stderr.write(`bench ${w}…\n`);
    const v = runChild(w);
    if (v && typeof v === 'object' && 'error' in v) errors.push(`${w}: ${String(v.error)}`);
    else if (w === 'real') real = v as RealRow[];
    else rows.push(v as Row);
  }
  const text = `${machine()}\n\n${table(rows, real, errors)}\n\nbrowser (longtask, first paint, canvas fps, initial JS gzip): ${existsSync(here('./RESULTS-browser.md')) ? 'see bench/RESULTS-browser.md (bench/browser.ts)' : 'not measured'}.`;
  const engineRan = wanted.some((w) => w !== 'browser');
  if (engineRan) console.log(text);
  if (browserText) console.log(`${engineRan ? '\n' : ''}${browserText}`);
  if (wanted.filter((w) => w !== 'browser').length >= 4 || process.env.BENCH_WRITE)
    await writeResults(text);
  return errors.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
