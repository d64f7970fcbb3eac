/**
 * The simulation worker's API (comlink). The worker keeps the latest run; every call carries the
 * lab revision it is about so the client can drop answers that arrive for an older lab. A run is
 * synchronous inside the worker, so aborting means terminating the worker (see client.ts).
 */
import type { Dataplane } from '../engine/dataplane';
import { lazyViewOf } from '../engine/views';
import type { LazyDeviceView } from '../engine/views';
import type { DeviceBgpView, RouteEntryView, SimResult } from '../engine/types';
import type { Lab } from '../model/types';
import * as adapters from './adapters';
import { BgpTables } from './bgpTable';
import type { BgpTablePage, BgpTableQuery } from './bgpTable';
import { NO_HEALTH, sessionHealth } from './health';
import { joinLab } from './labParts';
import type { LabPart, PartField } from './labParts';
import { timelineOf } from './timeline';
import type { TimelineEntry } from './timeline';
import type {
  BundleFile,
  ExampleInfo,
  ExplanationView,
  FibRouteView,
  ImportResult,
  ProblemView,
  ReachView,
  SimSummary,
  TraceView,
} from './views';

interface Run {
  revision: number;
  lab: Lab;
  result: SimResult;
  /** Device views built on first use: a big fabric never pays for every device's Adj-RIBs. */
  views: Record<string, DeviceBgpView>;
  /** Devices' RIBs, each built when the BGP table panel first shows it. */
  lazy: Map<string, LazyDeviceView | undefined>;
  /** The BGP table panel's rows, filtered and sorted here and sent a page at a time. */
  tables?: BgpTables;
  /** Loc-RIBs and sessions of every speaker, built when a diff needs them. */
  digest?: adapters.Digest;
  /** Built on first use (FIB, trace): a run that nobody traces never pays for it. */
  dataplane?: Dataplane;
}

function viewOf(run: Run, device: string): DeviceBgpView | undefined {
  const v = run.views[device] ?? adapters.bgpView(run.result, device);
  if (v) run.views[device] = v;
  return v;
}

function lazyView(run: Run, device: string): LazyDeviceView | undefined {
  if (!run.lazy.has(device)) run.lazy.set(device, lazyViewOf(run.result, device));
  return run.lazy.get(device);
}

function tables(run: Run): BgpTables {
  run.tables ??= new BgpTables((d) => lazyView(run, d));
  return run.tables;
}

function dataplane(run: Run): Dataplane {
  run.dataplane ??= adapters.dataplaneOf(run.lab, run.result);
  return run.dataplane;
}

let current: Run | undefined;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A diff only means something between two states of the same fabric (not after Open). */
function sameDevices(a: Lab, b: Lab): boolean {
  if (a.devices.length !== b.devices.length) return false;
  const names = new Set(a.devices.map((d) => d.name));
  return b.devices.every((d) => names.has(d.name));
}

function digest(run: Run): adapters.Digest {
  run.digest ??= adapters.digestOf(run.result);
  return run.digest;
}

function runFor(revision: number): Run | undefined {
  return current && current.revision === revision ? current : undefined;
}

/** Parts of the next lab to simulate (labParts.ts), by the client's run id. */
let staged: { run: number; parts: LabPart[] } | undefined;

export const api = {
  simulate(revision: number, lab: Lab): SimSummary {
    const start = performance.now();
    let problems: ProblemView[] = [];
    try {
      problems = adapters.validate(lab);
    } catch (e) {
      problems = [{ severity: 'warning', message: `validation failed: ${message(e)}` }];
    }
    try {
      const result = adapters.runSimulation(lab);
      const previous = current;
      const run: Run = { revision, lab, result, views: {}, lazy: new Map() };
      current = run;
      let expectations: SimSummary['expectations'] = [];
      try {
        expectations = adapters.checkExpectations(lab, result);
      } catch (e) {
        problems.push({ severity: 'warning', message: `expectations not checked: ${message(e)}` });
      }
      const sessions = adapters.allSessions(result);
      return {
        revision,
        ok: true,
        convergence: result.convergence,
        sessions,
        health: sessionHealth(lab, sessions),
        problems,
        expectations,
        logLength: result.log.length,
        ...(previous && sameDevices(previous.lab, lab)
          ? { diff: adapters.diffOf(digest(previous), digest(run)) }
          : {}),
        elapsedMs: performance.now() - start,
      };
    } catch (e) {
      return {
        revision,
        ok: false,
        error: message(e),
        sessions: [],
        health: NO_HEALTH,
        problems,
        expectations: [],
        logLength: 0,
        elapsedMs: performance.now() - start,
      };
    }
  },

  /** One part of a big lab (client.ts sends them one task at a time before simulateStaged). */
  stage(run: number, field: PartField, items: unknown[]): void {
    if (staged?.run !== run) staged = { run, parts: [] };
    staged.parts.push({ field, items });
  },

  /** Simulates the lab whose parts `stage` received for `run`, `head` holding the rest. */
  simulateStaged(revision: number, run: number, head: Lab): SimSummary {
    const parts = staged?.run === run ? staged.parts : [];
    staged = undefined;
    return api.simulate(revision, joinLab(head, parts));
  },

  deviceView(revision: number, device: string): DeviceBgpView | undefined {
    const run = runFor(revision);
    return run ? viewOf(run, device) : undefined;
  },

  /**
   * Rows [start, end) of a device's BGP table as filtered and sorted, with its totals: a leaf of
   * a big fabric has ~50,000 paths, too many to send whole (bgpTable.ts).
   */
  bgpTable(
    revision: number,
    device: string,
    q: BgpTableQuery,
    start: number,
    end: number,
  ): BgpTablePage | undefined {
    const run = runFor(revision);
    return run ? tables(run).page(device, q, start, end) : undefined;
  },

  /** The whole table as filtered and sorted, as `show bgp` text (Copy). */
  bgpTableText(revision: number, device: string, q: BgpTableQuery): string | undefined {
    const run = runFor(revision);
    return run ? tables(run).text(device, q) : undefined;
  },

  /** One prefix's Loc-RIB entry: every candidate path and why (the detail pane, Expect). */
  bgpRoute(revision: number, device: string, prefix: string): RouteEntryView | undefined {
    const run = runFor(revision);
    return run
      ? lazyView(run, device)
          ?.locRib()
          .find((e) => e.prefix === prefix)
      : undefined;
  },

  fib(revision: number, device: string): { routes: FibRouteView[]; error?: string } {
    const run = runFor(revision);
    if (!run) return { routes: [], error: 'no simulation result for this revision' };
    try {
      return { routes: adapters.fibOf(dataplane(run), device) };
    } catch (e) {
      return { routes: [], error: message(e) };
    }
  },

  trace(revision: number, from: string, to: string, single = false): TraceView {
    const run = runFor(revision);
    if (!run) return { from, to, paths: [], error: 'no simulation result for this revision' };
    try {
      return adapters.traceOf(dataplane(run), from, to, single);
    } catch (e) {
      return { from, to, paths: [], error: message(e) };
    }
  },

  reach(revision: number): ReachView | { error: string } {
    const run = runFor(revision);
    if (!run) return { error: 'no simulation result for this revision' };
    try {
      return adapters.reachOf(dataplane(run));
    } catch (e) {
      return { error: message(e) };
    }
  },

  explain(revision: number, device: string, prefix: string): ExplanationView | { error: string } {
    const run = runFor(revision);
    if (!run) return { error: 'no simulation result for this revision' };
    try {
      return adapters.explainOf(run.lab, run.result, dataplane(run), device, prefix);
    } catch (e) {
      return { error: message(e) };
    }
  },

  /**
   * The event log; with `maxPrefixes`, each entry lists at most that many prefixes and changed
   * best paths (with their counts): a big fabric's full log costs the main thread a second to
   * receive. Every entry names the Loc-RIB changes at its receiver (`bestChanged`). With
   * `start`/`end`, entries [start, end) only: the UI fetches a long log in slices, one task each.
   */
  timeline(revision: number, maxPrefixes?: number, start = 0, end = Infinity): TimelineEntry[] {
    const log = runFor(revision)?.result.log ?? [];
    return timelineOf(start === 0 && end >= log.length ? log : log.slice(start, end), maxPrefixes);
  },

  /**
   * Per log entry, the names of the expectations failing at that point (step-through); empty
   * when the lab has none or the run is too long to re-check per step.
   */
  stepFailures(revision: number): string[][] {
    const run = runFor(revision);
    if (!run) return [];
    try {
      const per = adapters.failuresPerStep(run.lab, run.result);
      if (per.size === 0) return [];
      return run.result.log.map((e) => per.get(e.step) ?? []);
    } catch {
      return [];
    }
  },

  bundle(lab: Lab): { files: BundleFile[]; error?: string } {
    try {
      return { files: adapters.bundleFiles(lab) };
    } catch (e) {
      return { files: [], error: message(e) };
    }
  },

  zip(lab: Lab): { zip?: Uint8Array; files: string[]; error?: string } {
    try {
      const files = adapters.bundleFiles(lab);
      return { zip: adapters.zipFiles(files), files: files.map((f) => f.path) };
    } catch (e) {
      return { files: [], error: message(e) };
    }
  },

  importContainerlab(files: Record<string, string>, topology: string): ImportResult {
    try {
      return adapters.importTopology(files, topology);
    } catch (e) {
      return { error: message(e) };
    }
  },

  parseLab(text: string, fileName: string): ImportResult {
    return adapters.parseLab(text, fileName);
  },

  serializeLab(lab: Lab, fmt: 'yaml' | 'json'): string {
    return adapters.serializeLab(lab, fmt);
  },

  examples(): { list: ExampleInfo[]; defaultId?: string } {
    const defaultId = adapters.defaultExample();
    return { list: adapters.listExamples(), ...(defaultId ? { defaultId } : {}) };
  },

  example(id: string): Lab | undefined {
    return adapters.exampleLab(id);
  },
};

export type Api = typeof api;
