/**
 * Viewport geometry for the canvas (pure): the lab's bounds, what a viewport shows, hit tests for
 * the overview, and where a timeline step's UPDATE travels. Positions are flow coordinates of a
 * device's top-left corner; devices are NODE_W × NODE_H (flow.ts).
 */
import type { Position } from '../../model/types';
import { NODE_H, NODE_W } from './flow';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** React Flow's viewport transform: translate x, y, then zoom. */
export type Transform = readonly [number, number, number];

/** The box around every device, undefined for an empty lab. */
export function labBounds(positions: Readonly<Record<string, Position>>): Rect | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of Object.values(positions)) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + NODE_W);
    y1 = Math.max(y1, p.y + NODE_H);
  }
  return x0 === Infinity ? undefined : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The flow-coordinate area a viewport of `width` × `height` screen pixels shows. */
export function visibleRect(t: Transform, width: number, height: number): Rect {
  const [tx, ty, k] = t;
  return { x: -tx / k, y: -ty / k, w: width / k, h: height / k };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether `outer` holds all of `inner`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/** `r` grown by `f` of its size on every side. */
export function expand(r: Rect, f: number): Rect {
  return { x: r.x - r.w * f, y: r.y - r.h * f, w: r.w * (1 + 2 * f), h: r.h * (1 + 2 * f) };
}

/**
 * The part of a big lab React Flow holds while zoomed in: the visible area with a margin, kept
 * while the view stays inside it, so panning moves a CSS transform instead of mounting nodes
 * every frame. A new window when the view leaves it or is far smaller (zoomed in).
 */
export function nextWindow(win: Rect | undefined, view: Rect, margin = 0.3): Rect {
  if (win && contains(win, view) && win.w < view.w * (1 + 2 * margin) * 2) return win;
  return expand(view, margin);
}

/** The device drawn at flow point `p` (the last one drawn wins, as on screen). */
export function deviceAt(
  positions: Readonly<Record<string, Position>>,
  p: Position,
): string | undefined {
  let hit: string | undefined;
  for (const [name, q] of Object.entries(positions))
    if (p.x >= q.x && p.x <= q.x + NODE_W && p.y >= q.y && p.y <= q.y + NODE_H) hit = name;
  return hit;
}

/**
 * Where a link between two devices is drawn: from the upper device's bottom handle to the lower
 * one's top handle, as toFlowEdges/LinkEdge draw it. `from` is the end at `a`; heights are the
 * measured ones where React Flow has measured the devices.
 */
export function linkLine(
  a: Position,
  b: Position,
  heightA = NODE_H,
  heightB = NODE_H,
): { from: Position; to: Position } {
  const bottom = (p: Position, h: number) => ({ x: p.x + NODE_W / 2, y: p.y + h });
  const top = (p: Position) => ({ x: p.x + NODE_W / 2, y: p.y });
  return a.y <= b.y
    ? { from: bottom(a, heightA), to: top(b) }
    : { from: top(a), to: bottom(b, heightB) };
}
