import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../engine/types';
import { emptyLab } from '../../model/lab';
import { addDevice, connect } from '../store/ops';
import { groupBoxes, linkState, sessionsOver, toFlowEdges, toFlowNodes, traceHops } from './flow';

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
