import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../engine/types';
import { emptyLab } from '../../model/lab';
import { addDevice, connect } from '../store/ops';
import {
  flowPositions,
  groupBoxes,
  linkState,
  sessionsOver,
  toFlowEdges,
  toFlowNodes,
  traceHops,
} from './flow';
import type { GroupBox } from './flow';
import type { Lab } from '../../model/types';

function lab2() {
  let lab = addDevice(emptyLab('t'), 'leaf', { x: 100, y: 200 }).lab;
  lab = addDevice(lab, 'spine', { x: 100, y: 0 }).lab;
  lab = addDevice(lab, 'cilium-node', { x: 100, y: 400 }).lab;
  lab = connect(lab, 'leaf1', 'spine1').lab;
  return connect(lab, 'node1', 'leaf1').lab;
}

const session = (device: string, peerDevice: string, state: SessionView['state']): SessionView => ({
  device,
  peer: 'x',
  peerDevice,
  localAs: 1,
  state,
  routeReflectorClient: false,
  prefixesReceived: 0,
  prefixesSent: 0,
});

describe('flow derivation', () => {
  it('carries only the device name in node data', () => {
    const nodes = toFlowNodes(lab2(), new Set(['leaf1']));
    expect(nodes.map((n) => n.data)).toEqual([
      { name: 'leaf1' },
      { name: 'spine1' },
      { name: 'node1' },
    ]);
    expect(nodes.find((n) => n.id === 'leaf1')?.selected).toBe(true);
  });

  it('draws edges from the upper device down', () => {
    const lab = lab2();
    const edges = toFlowEdges(lab, lab.layout.positions, new Set());
    expect(edges.map((e) => [e.source, e.target])).toEqual([
      ['spine1', 'leaf1'],
      ['leaf1', 'node1'],
    ]);
  });

  it('colours a link by the sessions over it, failure first', () => {
    const lab = lab2();
    const link = lab.links[0];
    if (!link) throw new Error('no link');
    const state = (ss: SessionView[], down = new Set<string>(), l = link) =>
      linkState(sessionsOver(lab, l, ss), l, down);
    expect(state([])).toBe('plain');
    expect(state([session('leaf1', 'spine1', 'Established')])).toBe('up');
    expect(state([session('leaf1', 'spine1', 'Active')])).toBe('down');
    expect(state([], new Set(), { ...link, down: true })).toBe('failed');
    expect(state([], new Set(['spine1']))).toBe('failed');
  });

  it('finds a down session over a link by the far end address', () => {
    const lab = lab2();
    const link = lab.links[0];
    if (!link) throw new Error('no link');
    const down = { ...session('leaf1', '', 'Active'), peerDevice: undefined, peer: '10.0.0.1' };
    expect(sessionsOver(lab, link, [down])).toHaveLength(1);
    expect(sessionsOver(lab, link, [{ ...down, peer: '10.9.9.9' }])).toHaveLength(0);
  });

  it('draws a rack around a leaf and its nodes', () => {
    const lab = lab2();
    const boxes = groupBoxes(lab, lab.layout.positions);
    expect(boxes.map((b) => b.label)).toEqual(['rack leaf1']);
    expect(boxes[0]?.y).toBeLessThan(200);
  });

  it('lays racks of a lab without positions out as areas that do not overlap', () => {
    // As a generated fabric lists them: spines, then leaves, then every node.
    let lab: Lab = emptyLab('t');
    for (let i = 0; i < 2; i++) lab = addDevice(lab, 'spine', { x: 0, y: 0 }).lab;
    for (let i = 0; i < 3; i++) lab = addDevice(lab, 'leaf', { x: 0, y: 0 }).lab;
    for (let i = 0; i < 12; i++) lab = addDevice(lab, 'cilium-node', { x: 0, y: 0 }).lab;
    for (let i = 1; i <= 12; i++) lab = connect(lab, `node${i}`, `leaf${Math.ceil(i / 4)}`).lab;
    lab = { ...lab, layout: { ...lab.layout, positions: {} } };
    const positions = flowPositions(lab);
    const boxes = groupBoxes(lab, positions);
    expect(boxes.map((b) => b.label)).toEqual(['rack leaf1', 'rack leaf2', 'rack leaf3']);
    const overlap = (a: GroupBox, b: GroupBox) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(overlap(a, b)).toBe(false);
    // Every device still has a cell of its own.
    const cells = new Set(Object.values(positions).map((p) => `${p.x},${p.y}`));
    expect(cells.size).toBe(lab.devices.length);
  });

  it('draws a leaf with the rack of the bridge it serves', () => {
    let lab: Lab = emptyLab('t');
    lab = addDevice(lab, 'spine', { x: 0, y: 0 }).lab;
    for (let i = 0; i < 2; i++) lab = addDevice(lab, 'leaf', { x: 0, y: 0 }).lab;
    for (let i = 0; i < 2; i++) lab = addDevice(lab, 'bridge', { x: 0, y: 0 }).lab;
    for (let i = 0; i < 4; i++) lab = addDevice(lab, 'cilium-node', { x: 0, y: 0 }).lab;
    lab = connect(lab, 'leaf1', 'br1').lab;
    lab = connect(lab, 'leaf2', 'br2').lab;
    lab = {
      ...lab,
      devices: lab.devices.map((d) =>
        d.kind === 'k8s-node'
          ? { ...d, labels: { ...d.labels, rack: d.name < 'node3' ? 'br1' : 'br2' } }
          : d,
      ),
      layout: { ...lab.layout, positions: {} },
    };
    const positions = flowPositions(lab);
    const [rack1, rack2] = groupBoxes(lab, positions);
    const inside = (b: GroupBox | undefined, name: string) => {
      const p = positions[name];
      return !!b && !!p && p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;
    };
    expect(inside(rack1, 'leaf1') && inside(rack2, 'leaf2')).toBe(true);
    expect(inside(rack1, 'spine1') || inside(rack2, 'spine1')).toBe(false);
  });

  it('maps trace hops to device pairs both ways', () => {
    const hops = traceHops({
      from: 'a',
      to: 'c',
      paths: [
        {
          hops: [
            { ttl: 0, device: 'a' },
            { ttl: 1, device: 'b', address: '10.0.0.1' },
          ],
          end: 'delivered',
        },
      ],
    });
    expect(hops.get('a|b')).toBe('10.0.0.1');
    expect(hops.get('b|a')).toBe('10.0.0.1');
  });
});
