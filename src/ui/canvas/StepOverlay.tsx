/**
 * Teaching mode on the canvas: the timeline's current UPDATE or WITHDRAW travels from sender to
 * receiver, then the receiver shows what changed in its Loc-RIB; the row under the pointer in
 * the Timeline marks its sender, receiver and the link between them. Reads the step from uiStore
 * (the Timeline panel writes `step` and `hoverStep`).
 */
import { ViewportPortal } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';
import type { Lab, Position } from '../../model/types';
import type { TimelineEntry } from '../../worker/timeline';
import { useUi } from '../store/uiStore';
import { linksByEnds } from './cache';
import { NODE_H, NODE_W } from './flow';
import { linkLine } from './view';

/** Travel time of one message; playback advances every 500 ms (Timeline.tsx). */
export const TRAVEL_MS = 420;

export interface Geometry {
  lab: Lab;
  /** The overview draws the lab: no React Flow edges to animate. */
  overview: boolean;
  positions: Readonly<Record<string, Position>>;
  /** Measured device heights (React Flow), where known. */
  heights: Readonly<Record<string, number>>;
}

/**
 * The sender's and receiver's boxes and the line a message travels: along the link between
 * them, drawn as React Flow draws it (from the link's upper end, see toFlowEdges), else straight
 * (a multihop session, e.g. to a route reflector).
 */
function ends(entry: TimelineEntry, g: Geometry) {
  const a = entry.from ? g.positions[entry.from] : undefined;
  const b = entry.to ? g.positions[entry.to] : undefined;
  if (!a || !b || !entry.from || !entry.to) return undefined;
  const link = linksByEnds(g.lab).get(`${entry.from}|${entry.to}`);
  const edge = !!link && !g.overview;
  const ha = g.heights[entry.from];
  const hb = g.heights[entry.to];
  if (link) {
    const pa = g.positions[link.a.device];
    const pb = g.positions[link.b.device];
    const source = !pa || !pb || pa.y <= pb.y ? link.a.device : link.b.device;
    if (source !== entry.from) {
      // Drawn from the receiver: travel that line backwards.
      const { from, to } = linkLine(b, a, hb, ha);
      return { a, b, edge, from: to, to: from };
    }
  }
  return { a, b, edge, ...linkLine(a, b, ha, hb) };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the receiver's Loc-RIB did, as the badge says it. */
export function locRibText(e: TimelineEntry): string {
  const n = e.bestChangedCount ?? 0;
  if (n === 0) return 'Loc-RIB unchanged';
  const shown = (e.bestChanged ?? []).slice(0, 2).join(', ');
  return `Loc-RIB: ${plural(n, 'best path', 'best paths')} changed — ${shown}${n > 2 ? ', …' : ''}`;
}

function reducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function Travel({ entry, g }: { entry: TimelineEntry; g: Geometry }) {
  const packet = useRef<HTMLDivElement>(null);
  const after = useRef<HTMLDivElement>(null);
  const line = ends(entry, g);
  const withdraw = entry.kind === 'withdraw';
  useLayoutEffect(() => {
    if (!line) return;
    const ms = reducedMotion() ? 0 : TRAVEL_MS;
    const at = (p: Position) => `translate(${p.x}px, ${p.y}px) translate(-50%, -50%)`;
    const a = packet.current?.animate([{ transform: at(line.from) }, { transform: at(line.to) }], {
      duration: ms,
      easing: 'ease-in-out',
      fill: 'forwards',
    });
    const b = after.current?.animate([{ opacity: 0 }, { opacity: 1 }], {
      duration: 150,
      delay: ms,
      fill: 'both',
    });
    return () => {
      a?.cancel();
      b?.cancel();
    };
    // Re-run per step only: the overlay is keyed by step, geometry changes mid-flight are moot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (!line || !entry.to) return null;
  const count = entry.prefixCount ?? entry.prefixes.length;
  const changed = (entry.bestChangedCount ?? 0) > 0;
  const rh = g.heights[entry.to] ?? NODE_H;
  return (
    <>
      {/* A link's edge animates itself (LinkEdge); a multihop session gets a line here. */}
      <svg className="step-svg" aria-hidden="true" style={line.edge ? { display: 'none' } : {}}>
        <line
          className={`step-path ${entry.kind}`}
          x1={line.from.x}
          y1={line.from.y}
          x2={line.to.x}
          y2={line.to.y}
        />
      </svg>
      <div
        ref={packet}
        className={`step-packet ${entry.kind}`}
        data-testid="step-packet"
        data-kind={entry.kind}
        data-from={entry.from}
        data-to={entry.to}
        style={{ transform: `translate(${line.from.x}px, ${line.from.y}px) translate(-50%, -50%)` }}
      >
        <span className="shape">{withdraw ? '×' : ''}</span>
        <span className="label">
          {withdraw ? 'WITHDRAW' : 'UPDATE'} {count > 0 ? count : ''}
        </span>
      </div>
      <div ref={after} className="step-after">
        <div
          className={`step-ring ${changed ? 'changed' : ''}`}
          style={{ left: line.b.x - 5, top: line.b.y - 5, width: NODE_W + 10, height: rh + 10 }}
        />
        <div
          className={`locrib-badge ${changed ? 'changed' : ''} ${line.b.y < line.a.y ? 'above' : 'below'}`}
          data-testid="locrib-change"
          data-device={entry.to}
          data-changed={changed ? 'yes' : 'no'}
          style={{
            left: line.b.x + NODE_W / 2,
            top: line.b.y < line.a.y ? line.b.y - 10 : line.b.y + rh + 10,
          }}
        >
          {entry.to}: {locRibText(entry)}
        </div>
      </div>
    </>
  );
}

function HoverMarks({ entry, g }: { entry: TimelineEntry; g: Geometry }) {
  const line = ends(entry, g);
  const ring = (device: string | undefined, role: 'from' | 'to') => {
    const p = device ? g.positions[device] : undefined;
    if (!p || !device) return null;
    const h = g.heights[device] ?? NODE_H;
    return (
      <div
        className={`hover-ring ${role}`}
        data-testid={`hover-${role}`}
        data-device={device}
        style={{ left: p.x - 6, top: p.y - 6, width: NODE_W + 12, height: h + 12 }}
      />
    );
  };
  return (
    <>
      {line && (
        <svg className="step-svg" aria-hidden="true">
          <line
            className="hover-line"
            data-testid="hover-line"
            x1={line.from.x}
            y1={line.from.y}
            x2={line.to.x}
            y2={line.to.y}
          />
        </svg>
      )}
      {ring(entry.from, 'from')}
      {ring(entry.to, 'to')}
    </>
  );
}

export function StepOverlay(g: Geometry) {
  const step = useUi((s) => s.step);
  const entry = useUi((s) => (s.step !== undefined ? s.timeline[s.step] : undefined));
  const hover = useUi((s) =>
    s.hoverStep !== undefined && s.tab === 'timeline' && s.panelOpen
      ? s.timeline[s.hoverStep]
      : undefined,
  );
  const moving = entry && (entry.kind === 'update' || entry.kind === 'withdraw');
  if (!moving && !hover) return null;
  return (
    <ViewportPortal>
      {hover && <HoverMarks entry={hover} g={g} />}
      {moving && <Travel key={step} entry={entry} g={g} />}
    </ViewportPortal>
  );
}
