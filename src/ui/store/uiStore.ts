/** View state: selection, panels, theme, simulation status. Never part of undo. */
import { create } from 'zustand';
import type { Position } from '../../model/types';
import type { TimelineEntry } from '../../worker/timeline';
import type { SimSummary, TraceView } from '../../worker/views';

export type BottomTab =
  'problems' | 'sessions' | 'bgp' | 'fib' | 'trace' | 'timeline' | 'diff' | 'config' | 'yaml';

export type SimStatus = 'idle' | 'running' | 'converged' | 'not-converging' | 'error';

export interface UiState {
  selection: { devices: string[]; links: string[] };
  /** The device whose router views the bottom panel shows (last device clicked). */
  focus?: string;
  theme: 'light' | 'dark';
  tab: BottomTab;
  panelOpen: boolean;
  panelHeight: number;
  revision: number;
  status: SimStatus;
  summary?: SimSummary;
  simError?: string;
  trace?: TraceView;
  /** Devices drawn like a trace's: those a failed expectation names when the user asks why. */
  highlight?: string[];
  /** Positions while a drag is under way; committed to the lab as one step on drag stop. */
  dragging: Record<string, Position>;
  /** The event log, prefix lists cut short by the worker (see worker/timeline.ts). */
  timeline: TimelineEntry[];
  /** Step shown by the timeline (index into `timeline`), undefined = the end state. */
  step?: number;
  /** Timeline row under the pointer (index into `timeline`): the canvas marks its ends. */
  hoverStep?: number;
  toast?: { text: string; kind: 'error' | 'info' };
  help: boolean;
  /** The new-fabric wizard is open. */
  wizard: boolean;
  saved: boolean;
  /** Failure mode: clicking a link or device fails/restores it. */
  failMode: boolean;
  hoverLink?: string;
  /** The built-in lab (and its step) the current lab was opened from; cleared by other opens. */
  example?: ExampleRef;
  /** The cluster the inspector shows when no device or link is selected (clusters have no node). */
  inspectCluster?: string;
  /** The element path a problem was opened from, so the inspector opens and shows that item. */
  inspectPath?: string;
  /** The inspector's tab: the selection's forms, or the expectations (reachable at any time). */
  inspectorTab?: 'inspect' | 'expectations';
}

export interface ExampleRef {
  id: string;
  step: string;
}

export const useUi = create<UiState>()(() => ({
  selection: { devices: [], links: [] },
  theme: 'light',
  tab: 'sessions',
  panelOpen: true,
  panelHeight: 260,
  revision: 0,
  status: 'idle',
  dragging: {},
  timeline: [],
  help: false,
  wizard: false,
  saved: true,
  failMode: false,
}));

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(text: string, kind: 'error' | 'info' = 'info'): void {
  useUi.setState({ toast: { text, kind } });
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => useUi.setState({ toast: undefined }), 4000);
}

export function select(devices: string[], links: string[] = []): void {
  useUi.setState((s) => ({
    selection: { devices, links },
    focus: devices.length > 0 ? devices[devices.length - 1] : s.focus,
    // A problem's jump target holds for the selection it made, not for the next one.
    inspectPath: undefined,
  }));
}
