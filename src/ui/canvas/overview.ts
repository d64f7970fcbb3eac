/**
 * The far-zoom overview of a big lab, drawn on one <canvas> (pure drawing over plain data).
 * Zoomed out on a thousand devices, React Flow's DOM nodes and SVG edges cost 60–300 ms a frame
 * in software rendering and their labels are unreadable anyway; rectangles and one path per link
 * colour cost a few milliseconds (bench/RESULTS-browser.md).
 */
import type { Position } from '../../model/types';
import { NODE_H, NODE_W } from './flow';
import type { GroupBox, LinkState } from './flow';
import { overlaps, visibleRect } from './view';
import type { Transform } from './view';

export type Health = 'ok' | 'warn' | 'bad' | 'none';

export interface OverviewDevice {
  name: string;
  at: Position;
  health: Health;
  down: boolean;
  /** Selected, on a trace or the current step's receiver: drawn with a thick outline. */
  mark?: 'selected' | 'trace';
}

export interface OverviewLink {
  a: Position;
  b: Position;
  state: LinkState;
  mark?: 'selected' | 'trace';
}

export interface OverviewScene {
  devices: OverviewDevice[];
  links: OverviewLink[];
  areas: GroupBox[];
}

/** Colours read from the theme's CSS variables. */
export interface Palette {
  node: string;
  border: string;
  muted: string;
  ok: string;
  warn: string;
  bad: string;
  accent: string;
  trace: string;
  text: string;
}

/** Device names are drawn once a box is this wide on screen (zoom 0.4). */
const NAMES_FROM_PX = 60;

const linkColour = (p: Palette, l: OverviewLink): string =>
  l.state === 'failed'
    ? p.bad
    : l.mark === 'trace'
      ? p.trace
      : l.mark === 'selected'
        ? p.accent
        : l.state === 'up'
          ? p.ok
          : l.state === 'down'
            ? p.warn
            : p.muted;

const healthColour = (p: Palette, d: OverviewDevice): string =>
  d.down || d.health === 'bad'
    ? p.bad
    : d.health === 'ok'
      ? p.ok
      : d.health === 'warn'
        ? p.warn
        : p.border;

/** Draws the scene for viewport transform `t` on a canvas of `width` × `height` CSS pixels. */
export function drawOverview(
  ctx: CanvasRenderingContext2D,
  scene: OverviewScene,
  t: Transform,
  width: number,
  height: number,
  p: Palette,
): void {
  const [tx, ty, k] = t;
  ctx.clearRect(0, 0, width, height);
  const view = visibleRect(t, width, height);
  const sx = (x: number) => tx + x * k;
  const sy = (y: number) => ty + y * k;

  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1;
  ctx.strokeStyle = p.border;
  ctx.fillStyle = p.muted;
  ctx.font = '600 11px system-ui, sans-serif';
  for (const g of scene.areas) {
    if (!overlaps(g, view)) continue;
    ctx.strokeRect(sx(g.x), sy(g.y), g.w * k, g.h * k);
    // A rack's label only where it fits, at a readable screen size.
    if (g.w * k > 70) ctx.fillText(g.label, sx(g.x) + 6, sy(g.y) + 13);
  }
  ctx.setLineDash([]);

  // One path per colour: a thousand links are a handful of stroke calls.
  const paths = new Map<string, Path2D>();
  const dashed = new Path2D();
  // No objects per link and frame: at 2,600 links they were a third of a zoom frame (GC).
  const vx1 = view.x + view.w;
  const vy1 = view.y + view.h;
  for (const l of scene.links) {
    // As linkLine draws it: from the upper device's bottom centre to the lower one's top centre.
    const down = l.a.y <= l.b.y;
    const x0 = l.a.x + NODE_W / 2;
    const y0 = down ? l.a.y + NODE_H : l.a.y;
    const x1 = l.b.x + NODE_W / 2;
    const y1 = down ? l.b.y : l.b.y + NODE_H;
    if (
      Math.max(x0, x1) + 1 <= view.x ||
      Math.min(x0, x1) >= vx1 ||
      Math.max(y0, y1) + 1 <= view.y ||
      Math.min(y0, y1) >= vy1
    )
      continue;
    const path = l.state === 'failed' ? dashed : pathFor(paths, linkColour(p, l));
    path.moveTo(sx(x0), sy(y0));
    path.lineTo(sx(x1), sy(y1));
  }
  ctx.lineWidth = Math.max(0.75, 1.8 * k);
  for (const [colour, path] of paths) {
    ctx.strokeStyle = colour;
    ctx.stroke(path);
  }
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = p.bad;
  ctx.stroke(dashed);
  ctx.setLineDash([]);

  const w = NODE_W * k;
  const h = NODE_H * k;
  const seen = scene.devices.filter(
    (d) => d.at.x < vx1 && d.at.x + NODE_W > view.x && d.at.y < vy1 && d.at.y + NODE_H > view.y,
  );
  ctx.fillStyle = p.node;
  for (const d of seen) ctx.fillRect(sx(d.at.x), sy(d.at.y), w, h);
  ctx.lineWidth = 1;
  const borders = new Map<string, Path2D>();
  for (const d of seen) pathFor(borders, healthColour(p, d)).rect(sx(d.at.x), sy(d.at.y), w, h);
  for (const [colour, path] of borders) {
    ctx.strokeStyle = colour;
    ctx.stroke(path);
  }
  ctx.lineWidth = 2.5;
  for (const d of seen) {
    if (!d.mark) continue;
    ctx.strokeStyle = d.mark === 'trace' ? p.trace : p.accent;
    ctx.strokeRect(sx(d.at.x) - 2, sy(d.at.y) - 2, w + 4, h + 4);
  }
  if (w >= NAMES_FROM_PX) {
    // About 6 px a character at 10 px: cut rather than measure each name.
    const chars = Math.floor((w - 8) / 6);
    ctx.fillStyle = p.text;
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const d of seen) {
      const name = d.name.length > chars ? `${d.name.slice(0, chars - 1)}…` : d.name;
      ctx.fillText(name, sx(d.at.x) + 4, sy(d.at.y) + h / 2);
    }
    ctx.textBaseline = 'alphabetic';
  }
}

function pathFor(paths: Map<string, Path2D>, colour: string): Path2D {
  let path = paths.get(colour);
  if (!path) {
    path = new Path2D();
    paths.set(colour, path);
  }
  return path;
}
