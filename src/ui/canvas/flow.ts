/**
 * Derives React Flow nodes and edges from the lab (pure). `node.data` carries only the device
 * name; components look the device up in the store, so the lab stays the single source of truth.
 */
import type { Edge, Node } from '@xyflow/react';
import type { SessionView } from '../../engine/types';
import type { Lab, Link, Position } from '../../model/types';
import { endAddresses as hostAddresses } from '../../worker/health';
import { fallbackGrid, racksOf } from './grid';
import type { TraceView } from '../../worker/views';

export interface DeviceData extends Record<string, unknown> {
  name: string;
}
export interface GroupData extends Record<string, unknown> {
  label: string;
}
export interface LinkData extends Record<string, unknown> {
  id: string;
}

export const NODE_W = 150;
export const NODE_H = 50;

/** Where a device is drawn: its saved position, else its cell of the fallback grid (grid.ts). */
function positionOf(lab: Lab, name: string): Position {
  return lab.layout.positions[name] ?? fallbackGrid(lab).get(name) ?? { x: 40, y: 40 };
}

export function toFlowNodes(lab: Lab, selected: ReadonlySet<string>): Node<DeviceData>[] {
  return lab.devices.map((d) => ({
    id: d.name,
    type: 'device',
    position: positionOf(lab, d.name),
    data: { name: d.name },
    selected: selected.has(d.name),
  }));
}

/** Every device's position as toFlowNodes places it. */
export function flowPositions(lab: Lab): Record<string, Position> {
  const out: Record<string, Position> = {};
  for (const d of lab.devices) out[d.name] = positionOf(lab, d.name);
  return out;
}

export interface GroupBox {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Labelled areas: explicit layout groups, else one per rack label (a leaf and the nodes whose
 * `rack` label names it, as the palette sets when a node is linked to a leaf; or a bridge, its
 * nodes and the leaf serving it: grid.ts racksOf).
 */
export function groupBoxes(lab: Lab, positions: Record<string, Position>): GroupBox[] {
  const groups: { id: string; label: string; members: string[] }[] = lab.layout.groups.map((g) => ({
    id: `group:${g.name}`,
    label: g.label,
    members: g.members,
  }));
  if (groups.length === 0)
    for (const [rack, members] of racksOf(lab))
      groups.push({ id: `rack:${rack}`, label: `rack ${rack}`, members });
  const pad = 16;
  return groups.flatMap((g) => {
    const ps = g.members.flatMap((m) => (positions[m] ? [positions[m]] : []));
    if (ps.length === 0) return [];
    const x0 = Math.min(...ps.map((p) => p.x)) - pad;
    const y0 = Math.min(...ps.map((p) => p.y)) - pad - 14;
    const x1 = Math.max(...ps.map((p) => p.x)) + NODE_W + pad;
    const y1 = Math.max(...ps.map((p) => p.y)) + NODE_H + pad;
    return [{ id: g.id, label: g.label, x: x0, y: y0, w: x1 - x0, h: y1 - y0 }];
  });
}

export type LinkState = 'failed' | 'up' | 'down' | 'plain';

const byName = new WeakMap<Lab, Map<string, Lab['devices'][number]>>();

/** Host addresses of the interface at one end of a link. */
export function endAddresses(lab: Lab, device: string, iface: string): string[] {
  // A lookup per lab, not a scan per link: every link of a 1,000-device lab asks (O(n²) before).
  let names = byName.get(lab);
  if (!names) {
    names = new Map(lab.devices.map((x) => [x.name, x]));
    byName.set(lab, names);
  }
  return hostAddresses(names, device, iface);
}

/**
 * The BGP sessions that run over a link: those whose ends are the link's devices, or whose
 * configured peer is the far end's address on it (a session that is down has no peer device).
 */
export function sessionsOver(
  lab: Lab,
  link: Link,
  sessions: readonly SessionView[],
): SessionView[] {
  const aAddrs = endAddresses(lab, link.a.device, link.a.interface);
  const bAddrs = endAddresses(lab, link.b.device, link.b.interface);
  return sessions.filter(
    (s) =>
      (s.device === link.a.device &&
        (s.peerDevice === link.b.device ||
          bAddrs.includes(s.peer) ||
          s.peer === link.a.interface)) ||
      (s.device === link.b.device &&
        (s.peerDevice === link.a.device || aAddrs.includes(s.peer) || s.peer === link.b.interface)),
  );
}

/** A link's colour: failed by the user, else the state of the BGP sessions that run over it. */
export function linkState(
  over: readonly SessionView[],
  link: Link,
  devicesDown: ReadonlySet<string>,
): LinkState {
  if (link.down || devicesDown.has(link.a.device) || devicesDown.has(link.b.device))
    return 'failed';
  if (over.length === 0) return 'plain';
  return over.every((s) => s.state === 'Established') ? 'up' : 'down';
}

/** Device pairs a trace crosses, as "a|b" keys in both directions, with the hop label. */
export function traceHops(trace: TraceView | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of trace?.paths ?? []) {
    for (let i = 1; i < p.hops.length; i++) {
      const a = p.hops[i - 1];
      const b = p.hops[i];
      if (!a || !b || a.device === b.device) continue;
      out.set(`${a.device}|${b.device}`, b.address ?? '');
      out.set(`${b.device}|${a.device}`, b.address ?? '');
    }
  }
  return out;
}

export function toFlowEdges(
  lab: Lab,
  positions: Record<string, Position>,
  selected: ReadonlySet<string>,
): Edge<LinkData>[] {
  return lab.links.map((l) => {
    const pa = positions[l.a.device];
    const pb = positions[l.b.device];
    // Draw from the upper device's bottom handle to the lower one's top handle.
    const aUpper = !pa || !pb || pa.y <= pb.y;
    return {
      id: l.id,
      type: 'link',
      source: aUpper ? l.a.device : l.b.device,
      target: aUpper ? l.b.device : l.a.device,
      sourceHandle: 'bottom',
      targetHandle: 'top',
      data: { id: l.id },
      selected: selected.has(l.id),
    };
  });
}
