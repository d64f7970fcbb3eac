/**
 * Viewport geometry. React Flow's transform maps a flow point p to the screen point p·k + t
 * (xyflow `pointToRendererPoint`/`rendererPointToPoint`); devices are NODE_W × NODE_H boxes.
 */
import { describe, expect, it } from 'vitest';
import { emptyLab } from '../../model/lab';
import { addDevice, connect } from '../store/ops';
import { NODE_H, NODE_W, groupBoxes } from './flow';
import { overviewScene } from './scene';
import { deviceAt, labBounds, linkLine, nextWindow, overlaps, visibleRect } from './view';

describe('viewport geometry', () => {
  it('bounds every device box', () => {
    expect(labBounds({})).toBeUndefined();
    expect(labBounds({ a: { x: 10, y: 20 }, b: { x: -30, y: 200 } })).toEqual({
      x: -30,
      y: 20,
      w: 40 + NODE_W,
      h: 180 + NODE_H,
    });
  });

  it('maps the screen back to flow coordinates', () => {
    // Zoom 0.5 with the flow origin at screen (100, 50): screen (0, 0) is flow (-200, -100).
    expect(visibleRect([100, 50, 0.5], 800, 600)).toEqual({ x: -200, y: -100, w: 1600, h: 1200 });
    expect(overlaps({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 5, h: 5 })).toBe(false);
    expect(overlaps({ x: 0, y: 0, w: 10, h: 10 }, { x: 9, y: 9, w: 5, h: 5 })).toBe(true);
  });

  it('keeps the mounted window while the view pans inside it', () => {
    const view = { x: 0, y: 0, w: 100, h: 50 };
    const win = nextWindow(undefined, view);
    expect(win).toEqual({ x: -30, y: -15, w: 160, h: 80 });
    // Panned 20 to the right: still inside, the same window (no remount).
    expect(nextWindow(win, { ...view, x: 20 })).toBe(win);
    // Panned past the margin: a new window around the new view.
    expect(nextWindow(win, { ...view, x: 40 })).toEqual({ x: 10, y: -15, w: 160, h: 80 });
    // Zoomed far in: a smaller window, so fewer nodes stay mounted.
    expect(nextWindow(win, { x: 0, y: 0, w: 10, h: 5 })).toEqual({ x: -3, y: -1.5, w: 16, h: 8 });
  });

  it('hits the device drawn under a point, the later one on top', () => {
    const ps = { a: { x: 0, y: 0 }, b: { x: 100, y: 0 } };
    expect(deviceAt(ps, { x: 50, y: 10 })).toBe('a');
    expect(deviceAt(ps, { x: 120, y: 10 })).toBe('b');
    expect(deviceAt(ps, { x: 50, y: NODE_H + 1 })).toBeUndefined();
  });

  it('runs a link from the upper device bottom handle to the lower one top handle', () => {
    const spine = { x: 0, y: 0 };
    const leaf = { x: 300, y: 200 };
    expect(linkLine(spine, leaf, 44)).toEqual({
      from: { x: NODE_W / 2, y: 44 },
      to: { x: 300 + NODE_W / 2, y: 200 },
    });
    // From the lower end: its top handle to the upper device's bottom handle.
    expect(linkLine(leaf, spine)).toEqual({
      from: { x: 300 + NODE_W / 2, y: 200 },
      to: { x: NODE_W / 2, y: NODE_H },
    });
  });
});

describe('overview scene', () => {
  it('draws every placed device and link, marking the selection and the link state', () => {
    let lab = addDevice(emptyLab('t'), 'spine', { x: 0, y: 0 }).lab;
    lab = addDevice(lab, 'leaf', { x: 0, y: 200 }).lab;
    lab = connect(lab, 'leaf1', 'spine1').lab;
    lab = { ...lab, links: lab.links.map((l) => ({ ...l, down: true })) };
    const positions = lab.layout.positions;
    const input = {
      lab,
      positions,
      areas: groupBoxes(lab, positions),
      selectedDevices: new Set(['leaf1']),
      selectedLinks: new Set<string>(),
    };
    const scene = overviewScene(input);
    expect(scene.devices.map((d) => [d.name, d.mark, d.health])).toEqual([
      ['spine1', undefined, 'none'],
      ['leaf1', 'selected', 'none'],
    ]);
    expect(scene.links.map((l) => l.state)).toEqual(['failed']);
    // Zoomed in with both ends mounted in React Flow, the layer leaves the link to React Flow.
    const both = overviewScene({ ...input, flow: { mounted: new Set(['spine1', 'leaf1']) } });
    expect([both.devices, both.links]).toEqual([[], []]);
    // One end not mounted yet: the layer draws it and the link.
    const one = overviewScene({ ...input, flow: { mounted: new Set(['leaf1']) } });
    expect(one.devices.map((d) => d.name)).toEqual(['spine1']);
    expect(one.links).toHaveLength(1);
  });
});
