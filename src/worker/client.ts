/**
 * Main-thread handle on the simulation worker. The engine runs synchronously inside the worker,
 * so the only way to abort a run is to terminate the worker and start a fresh one; pending calls
 * then reject with `AbortedError` and the caller simply re-issues what it still needs.
 */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { Lab } from '../model/types';
import type { Api } from './api';
import { splitLab } from './labParts';
import type { SimSummary } from './views';

/** Lets the event loop run (input, frames) before the next part of a lab is posted. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class AbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AbortedError';
  }
}

type Listener = (message: string) => void;

export class SimClient {
  private worker!: Worker;
  private remote!: Remote<Api>;
  private pending = new Set<(e: Error) => void>();
  /** Id of the run in flight, 0 when idle. */
  private simulating = 0;
  private runs = 0;
  private crashListeners = new Set<Listener>();

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./entry.ts', import.meta.url), {
      type: 'module',
      name: 'routelab-sim',
    });
    this.worker.addEventListener('error', (ev) => {
      const msg = ev.message || 'the simulation worker crashed';
      this.restart(msg);
      for (const l of this.crashListeners) l(msg);
    });
    this.remote = wrap<Api>(this.worker);
  }

  onCrash(l: Listener): () => void {
    this.crashListeners.add(l);
    return () => this.crashListeners.delete(l);
  }

  /** Terminates the worker (aborting whatever runs in it) and starts a new one. */
  restart(reason = 'aborted'): void {
    this.worker.terminate();
    const rejects = [...this.pending];
    this.pending.clear();
    this.simulating = 0;
    for (const r of rejects) r(new AbortedError(reason));
    this.start();
  }

  get busy(): boolean {
    return this.simulating > 0;
  }

  /** Runs `fn` against the worker; rejects with AbortedError if the worker is restarted first. */
  call<T>(fn: (api: Remote<Api>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const abort = (e: Error): void => reject(e);
      this.pending.add(abort);
      fn(this.remote).then(
        (v) => {
          this.pending.delete(abort);
          resolve(v);
        },
        (e: unknown) => {
          this.pending.delete(abort);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /**
   * A new run aborts the one in flight: its answer would be for an older lab anyway. A big lab
   * is posted in parts, one task each (labParts.ts), so the main thread never spends one long
   * task cloning it.
   */
  async simulate(revision: number, lab: Lab): Promise<SimSummary> {
    if (this.simulating > 0) this.restart('superseded by a newer edit');
    const run = ++this.runs;
    this.simulating = run;
    try {
      const { head, parts } = splitLab(lab);
      if (parts.length === 0) return await this.call((api) => api.simulate(revision, lab));
      for (const part of parts) {
        await nextTask();
        if (this.simulating !== run) throw new AbortedError('superseded by a newer edit');
        // Answered when the worker has it; a restart rejects it, and the run with it.
        this.call((api) => api.stage(run, part.field, part.items)).catch(() => undefined);
      }
      await nextTask();
      if (this.simulating !== run) throw new AbortedError('superseded by a newer edit');
      return await this.call((api) => api.simulateStaged(revision, run, head));
    } finally {
      if (this.simulating === run) this.simulating = 0;
    }
  }
}
