/**
 * Plain data the worker hands to the UI. The engine's own result types (src/engine/types.ts) are
 * re-used where they exist; the shapes here cover modules that the UI reads through adapters
 * (validation, data plane, export, import) so the UI never depends on their internals.
 */
import type { Convergence, LogEntry, SessionView } from '../engine/types';
import type { Lab } from '../model/types';
import type { SessionHealth } from './health';

export type Severity = 'error' | 'warning' | 'info';

export interface ProblemView {
  severity: Severity;
  message: string;
  /** Element the problem is about, so the Problems panel can jump to it. */
  device?: string;
  link?: string;
  /** Path inside the lab, e.g. `devices.leaf1.bgp.neighbors[0].peer`. */
  path?: string;
}

/** One FIB entry, `ip route` style. */
export interface FibRouteView {
  prefix: string;
  /** connected | static | bgp | kernel | blackhole | cni … as the data plane names it. */
  protocol: string;
  nextHops: { via?: string; dev?: string; device?: string }[];
  blackhole?: boolean;
  metric?: number;
}

export interface TraceHopView {
  ttl: number;
  device: string;
  pod?: string;
  /** The address that would answer at this hop. */
  address?: string;
  interface?: string;
}

export interface TracePathView {
  hops: TraceHopView[];
  /** delivered | no-route | blackhole | loop | unreachable-next-hop | … */
  end: string;
  reason?: string;
}

export interface TraceView {
  from: string;
  to: string;
  /** Resolved destination address. */
  address?: string;
  paths: TracePathView[];
  error?: string;
}

export interface RouteChange {
  device: string;
  prefix: string;
  change: 'lost' | 'gained' | 'changed';
  before?: string;
  after?: string;
}

export interface DiffView {
  routes: RouteChange[];
  sessions: { device: string; peer: string; before: string; after: string }[];
}

export interface BundleFile {
  path: string;
  content: string;
}

export interface ExampleInfo {
  id: string;
  title: string;
  description?: string;
  steps?: { id: string; title: string; description?: string; whatYouShouldSee?: string[] }[];
}

export interface ExpectationResult {
  name: string;
  ok: boolean;
  detail?: string;
  /** Devices to highlight when the user asks why (the engine's verdict). */
  devices?: string[];
  /** For `reach`: the trace the verdict was read from. */
  trace?: TraceView;
}

/** What every re-simulation returns; views of single devices are fetched on demand. */
export interface SimSummary {
  revision: number;
  ok: boolean;
  error?: string;
  convergence?: Convergence;
  /** Every session of every speaker (the Sessions panel, the inspector). */
  sessions: SessionView[];
  /** Per link and device, how its sessions stand: edge colours and node health on the canvas. */
  health: SessionHealth;
  problems: ProblemView[];
  expectations: ExpectationResult[];
  logLength: number;
  /** What changed against the previous run (failures, edits). */
  diff?: DiffView;
  elapsedMs: number;
}

export interface TimelineView {
  log: LogEntry[];
}

export interface ImportResult {
  lab?: Lab;
  error?: string;
  warnings?: string[];
}

export interface ReachView {
  endpoints: { id: string; kind: string; address: string }[];
  /** status[i][j] from endpoints[i] to endpoints[j]. */
  status: ('reachable' | 'partial' | 'unreachable')[][];
  failures: Record<string, string[]>;
}

export interface ExplanationView {
  device: string;
  prefix: string;
  summary: string;
  findings: { device: string; peer?: string; text: string; kind: string }[];
}
