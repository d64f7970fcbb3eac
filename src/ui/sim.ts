/**
 * Glue between the lab store and the simulation worker: every lab change bumps the revision and
 * (debounced) re-simulates; answers for an older revision are dropped. The main thread never runs
 * the engine.
 */
import type { Remote } from 'comlink';
import type { Api } from '../worker/api';
import { AbortedError, SimClient } from '../worker/client';
import type { Lab } from '../model/types';
import type { TimelineEntry } from '../worker/timeline';
import { useLab } from './store/labStore';
import { toast, useUi } from './store/uiStore';

let client: SimClient | undefined;

export function sim(): SimClient {
  if (!client) {
    client = new SimClient();
    client.onCrash((msg) => {
      useUi.setState({ status: 'error', simError: `simulation worker crashed: ${msg}` });
      toast(`Simulation crashed: ${msg}. The lab is unchanged.`, 'error');
    });
  }
  return client;
}

const DEBOUNCE_MS = 120;
/** Prefixes (and changed best paths) per timeline entry the UI receives; it shows three. */
const TIMELINE_PREFIXES = 8;
let timer: ReturnType<typeof setTimeout> | undefined;

async function run(revision: number, lab: Lab): Promise<void> {
  useUi.setState({ status: 'running' });
  try {
    const summary = await sim().simulate(revision, lab);
    if (summary.revision !== useUi.getState().revision) return;
    const status = !summary.ok
      ? 'error'
      : summary.convergence?.converged
        ? 'converged'
        : 'not-converging';
    useUi.setState({
      summary,
      status,
      simError: summary.error,
      step: undefined,
      hoverStep: undefined,
      trace: undefined,
    });
    // Asked for once the result is on screen: built while the main thread draws it, the log
    // (~0.4 s of worker on L) took the second core the result's frame was drawn on.
    if (summary.ok) await painted();
    if (revision !== useUi.getState().revision) return;
    const timeline = summary.ok ? await timelineOf(revision, summary.logLength) : [];
    if (timeline && revision === useUi.getState().revision) useUi.setState({ timeline });
  } catch (e) {
    if (e instanceof AbortedError) return;
    useUi.setState({ status: 'error', simError: e instanceof Error ? e.message : String(e) });
  }
}

/** Log entries per message: L's 10,240 entries arrived as one 30–60 ms task. */
const TIMELINE_SLICE = 2048;

/**
 * The run's log for the UI, prefix lists cut short (a big fabric's whole log blocked the main
 * thread for a second to receive), in slices of TIMELINE_SLICE entries, each received in a task
 * of its own; undefined when the lab changed meanwhile.
 */
async function timelineOf(revision: number, length: number): Promise<TimelineEntry[] | undefined> {
  const out: TimelineEntry[] = [];
  for (let start = 0; start < length; start += TIMELINE_SLICE) {
    if (revision !== useUi.getState().revision) return undefined;
    const end = start + TIMELINE_SLICE;
    out.push(...(await sim().call((api) => api.timeline(revision, TIMELINE_PREFIXES, start, end))));
  }
  return out;
}

/**
 * Resolves after the next frame has been drawn, or after 250 ms (a hidden tab draws no frames;
 * no frames at all outside a browser).
 */
function painted(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 250);
  });
}

export function resimulate(): void {
  const revision = useUi.getState().revision + 1;
  useUi.setState({ revision, status: 'running' });
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void run(revision, useLab.getState().lab), DEBOUNCE_MS);
}

/** Aborts a long run: the worker is terminated and restarted, the lab stays as it is. */
export function abortRun(): void {
  if (timer) clearTimeout(timer);
  sim().restart('aborted by the user');
  useUi.setState({
    status: 'error',
    simError: 'Simulation aborted; edit the lab or press Re-run.',
  });
}

let started = false;
export function startSimulation(): void {
  if (started) return;
  started = true;
  useLab.subscribe((s, prev) => {
    if (s.lab !== prev.lab) resimulate();
  });
  resimulate();
}

/** Calls the worker for a view of the current revision; undefined when the answer went stale. */
export async function query<T>(
  fn: (api: Remote<Api>, revision: number) => Promise<T>,
): Promise<T | undefined> {
  const revision = useUi.getState().revision;
  try {
    const v = await sim().call((api) => fn(api, revision));
    return revision === useUi.getState().revision ? v : undefined;
  } catch (e) {
    if (e instanceof AbortedError) return undefined;
    throw e;
  }
}
