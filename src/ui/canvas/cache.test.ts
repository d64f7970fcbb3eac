/**
 * Link states from the worker's session health (worker/health.ts, cache.ts) must say what the
 * per-link scan says (flow.ts sessionsOver + linkState): a link is up when every BGP session
 * over it is Established, down when one is not, plain without sessions, failed when the user
 * failed it or an end.
 */
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../engine/types';
import { emptyLab } from '../../model/lab';
import { sessionHealth } from '../../worker/health';
import { addDevice, connect } from '../store/ops';
import { linkStates } from './cache';
import { linkState, sessionsOver } from './flow';

function lab3() {
  let lab = addDevice(emptyLab('t'), 'spine', { x: 0, y: 0 }).lab;
  lab = addDevice(lab, 'spine', { x: 300, y: 0 }).lab;
  lab = addDevice(lab, 'leaf', { x: 0, y: 200 }).lab;
  lab = addDevice(lab, 'cilium-node', { x: 0, y: 400 }).lab;
  lab = connect(lab, 'leaf1', 'spine1').lab;
  lab = connect(lab, 'leaf1', 'spine2').lab;
  return connect(lab, 'node1', 'leaf1').lab;
}

const s = (
  device: string,
  peer: string,
  state: SessionView['state'],
  peerDevice?: string,
): SessionView => ({
  device,
  peer,
  ...(peerDevice ? { peerDevice } : {}),
  localAs: 1,
  state,
  routeReflectorClient: false,
  prefixesReceived: 0,
  prefixesSent: 0,
});

describe('link states by index', () => {
  it('agree with the per-link scan, matching by peer device, address or interface', () => {
    const lab = lab3();
    const addr = (dev: string, other: string) => {
      const link = lab.links.find(
        (l) =>
          (l.a.device === dev && l.b.device === other) ||
          (l.b.device === dev && l.a.device === other),
      );
      const end = link?.a.device === dev ? link.a : link?.b;
      const d = lab.devices.find((x) => x.name === dev);
      return (d?.interfaces.find((i) => i.name === end?.interface)?.addresses[0] ?? '').split(
        '/',
      )[0];
    };
    const sessions = [
      // leaf1–spine1: one side Established, the other configured to the address and still Active.
      s('leaf1', addr('spine1', 'leaf1') ?? '', 'Established', 'spine1'),
      s('spine1', addr('leaf1', 'spine1') ?? '', 'Active'),
      // leaf1–spine2: both Established.
      s('leaf1', addr('spine2', 'leaf1') ?? '', 'Established', 'spine2'),
      s('spine2', addr('leaf1', 'spine2') ?? '', 'Established', 'leaf1'),
    ];
    const health = sessionHealth(lab, sessions);
    const states = linkStates(lab, health);
    const scan = new Map(
      lab.links.map((l) => [l.id, linkState(sessionsOver(lab, l, sessions), l, new Set())]),
    );
    expect(states).toEqual(scan);
    const byEnds = (a: string, b: string) =>
      states.get(
        lab.links.find((l) => [l.a.device, l.b.device].sort().join() === [a, b].sort().join())
          ?.id ?? '',
      );
    expect(byEnds('leaf1', 'spine1')).toBe('down');
    expect(byEnds('leaf1', 'spine2')).toBe('up');
    expect(byEnds('node1', 'leaf1')).toBe('plain');
    // Node health counts each device's sessions: leaf1 has two, both Established.
    expect(Object.fromEntries(health.devices)).toEqual({
      leaf1: [2, 2],
      spine1: [0, 1],
      spine2: [1, 1],
    });
  });

  it('a failed end fails the link whatever its sessions say', () => {
    const lab = lab3();
    const down = { ...lab, devices: lab.devices.map((d) => ({ ...d, down: d.name === 'spine2' })) };
    const states = linkStates(down, sessionHealth(down, []));
    expect([...states.values()].filter((x) => x === 'failed')).toHaveLength(1);
  });
});
