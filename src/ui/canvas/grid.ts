/**
 * Where devices without a saved position are drawn: a 6-wide grid. Devices in lab order made a
 * big fabric's racks useless: a generated lab lists spines, leaves and bridges, then every node,
 * so each rack's area (its bridge at the top, its nodes far below) stretched the whole column
 * and 64 racks' tints stacked into one saturated block. Here each rack is a block of its own (the
 * routers serving it, then its members, 6 wide), blocks side by side in a square-ish grid below
 * the devices in no rack (spines on top), so rack areas never overlap. A lab without racks
 * keeps the plain 6-wide grid in lab order.
 */
import type { Lab, Position } from '../../model/types';

const COLS = 6;
const CELL_W = 190;
const CELL_H = 120;
const ORIGIN = 40;

const cache = new WeakMap<Lab, Map<string, Position>>();

/** The grid cell of every device without a saved position (once per lab). */
export function fallbackGrid(lab: Lab): Map<string, Position> {
  let grid = cache.get(lab);
  if (!grid) {
    grid = layOut(lab);
    cache.set(lab, grid);
  }
  return grid;
}

/**
 * Rack name → the devices drawn in its area: the devices labelled with it, the device of that
 * name (a leaf, or the rack's bridge) and the routers linked to that device and to no other rack
 * (the leaf serving a bridge). Once per lab.
 */
export function racksOf(lab: Lab): Map<string, string[]> {
  let racks = rackCache.get(lab);
  if (!racks) {
    racks = findRacks(lab);
    rackCache.set(lab, racks);
  }
  return racks;
}

const rackCache = new WeakMap<Lab, Map<string, string[]>>();

function findRacks(lab: Lab): Map<string, string[]> {
  const racks = new Map<string, string[]>();
  for (const d of lab.devices) {
    const rack = d.labels.rack;
    if (!rack) continue;
    const members = racks.get(rack);
    if (members) members.push(d.name);
    else racks.set(rack, [d.name]);
  }
  const names = new Set(lab.devices.map((d) => d.name));
  for (const [rack, members] of racks)
    if (names.has(rack) && !members.includes(rack)) members.unshift(rack);
  const inRack = new Set([...racks.values()].flat());
  const routers = new Set(
    lab.devices.filter((d) => d.kind === 'router' && !inRack.has(d.name)).map((d) => d.name),
  );
  const serving = new Map<string, string[]>();
  const claimed = new Set<string>();
  for (const l of lab.links)
    for (const [rackSide, other] of [
      [l.a.device, l.b.device],
      [l.b.device, l.a.device],
    ] as const) {
      if (!racks.has(rackSide) || !routers.has(other) || claimed.has(other)) continue;
      claimed.add(other);
      serving.set(rackSide, [...(serving.get(rackSide) ?? []), other]);
    }
  for (const [rack, routersOf] of serving)
    racks.set(rack, [...routersOf, ...(racks.get(rack) ?? [])]);
  return racks;
}

/** Space between two racks' blocks. */
const GAP = 100;

function layOut(lab: Lab): Map<string, Position> {
  const unplaced = lab.devices.filter((d) => !lab.layout.positions[d.name]);
  const out = new Map<string, Position>();
  if (unplaced.length === 0) return out;
  const racks = racksOf(lab);
  const inRack = new Set([...racks.values()].flat());
  const pending = new Set(unplaced.map((d) => d.name));
  const blocks = [...racks.values()]
    .map((members) => members.filter((n) => pending.delete(n)))
    .filter((b) => b.length > 0);
  // Racks side by side, about as many across as down: a fabric's spine links fan out to its
  // leaves instead of running down one tall column.
  const across = Math.max(1, Math.ceil(Math.sqrt(blocks.length)));
  const blockW = COLS * CELL_W + GAP;
  const perRow = Math.max(COLS, Math.floor((across * blockW - GAP) / CELL_W));
  const rest = unplaced.filter((d) => !inRack.has(d.name));
  rest.forEach((d, i) =>
    out.set(d.name, {
      x: ORIGIN + (i % perRow) * CELL_W,
      y: ORIGIN + Math.floor(i / perRow) * CELL_H,
    }),
  );
  const top = ORIGIN + Math.ceil(rest.length / perRow) * CELL_H + (rest.length > 0 ? GAP : 0);
  const blockRows = Math.max(0, ...blocks.map((b) => Math.ceil(b.length / COLS)));
  const blockH = blockRows * CELL_H + GAP;
  blocks.forEach((block, r) => {
    const x0 = ORIGIN + (r % across) * blockW;
    const y0 = top + Math.floor(r / across) * blockH;
    block.forEach((name, i) =>
      out.set(name, { x: x0 + (i % COLS) * CELL_W, y: y0 + Math.floor(i / COLS) * CELL_H }),
    );
  });
  return out;
}
