/**
 * The canvas: React Flow over nodes derived from the lab. Gestures become model operations
 * (connect, move as one undo step on drag stop, drop from the palette, fail/restore in fail mode).
 * A big lab zoomed out is drawn as an overview on one <canvas> instead (Overview.tsx); the
 * timeline's current step is animated over either (StepOverlay.tsx).
 */
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import type { Connection, Edge, EdgeChange, Node, NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { findDevice } from '../../model/lab';
import type { Position } from '../../model/types';
import { useLab } from '../store/labStore';
import { addDevice, connect, moveDevices, setDeviceDown, setLinkDown } from '../store/ops';
import type { PaletteKind } from '../store/templates';
import { select, toast, useUi } from '../store/uiStore';
import './canvas.css';
import { AreaNode, DeviceNode } from './DeviceNode';
import { BIG_LAB, fitLab } from './fit';
import { NODE_H, NODE_W, groupBoxes, toFlowEdges, toFlowNodes } from './flow';
import type { DeviceData } from './flow';
import { LinkEdge } from './LinkEdge';
import { Overview } from './Overview';
import { overviewScene } from './scene';
import { StepOverlay } from './StepOverlay';
import { useViewWindow, useZooming } from './useViewWindow';
import { useChunkedMount } from './useChunkedMount';
import { deviceAt, overlaps } from './view';
import type { Rect } from './view';

const nodeTypes = { device: DeviceNode, area: AreaNode };
const edgeTypes = { link: LinkEdge };

/** Below this zoom devices are drawn as plain boxes. */
const FAR_ZOOM = 0.45;
/**
 * Below this zoom a big lab (more than BIG_LAB devices) is drawn as the overview, which names
 * devices from zoom 0.4 on: above it a screen holds ~100 devices to mount, not ~180 (the cost of
 * crossing over, bench/RESULTS-browser.md). A big lab has no minimap.
 */
const OVERVIEW_ZOOM = 0.6;
const NO_NODES: Node[] = [];
const NO_EDGES: Edge[] = [];
const NO_HEIGHTS: Record<string, number> = {};
const NO_IDS: string[] = [];
// Props React Flow copies into its store when they change identity: each copy runs every
// mounted node's, edge's and handle's store selector, so they are kept stable.
const MULTI_SELECT_KEYS = ['Meta', 'Control'];
const SNAP_GRID: [number, number] = [10, 10];
const FIT_OPTIONS = { padding: 0.2, maxZoom: 1.2 };
const PRO_OPTIONS = { hideAttribution: true };
const onEdgeMouseEnter = (_e: unknown, edge: Edge) => useUi.setState({ hoverLink: edge.id });
const onEdgeMouseLeave = () => useUi.setState({ hoverLink: undefined });
/** Device and area nodes mounted per frame when a big lab's window moves (useChunkedMount). */
const MOUNT_CHUNK = 12;

/**
 * The nodes a window holds, the selection first (React Flow must know what is selected), then
 * from the window's centre outwards, so the middle of the screen is mounted first.
 */
function windowIds(nodes: readonly Node[], win: Rect): string[] {
  const cx = win.x + win.w / 2;
  const cy = win.y + win.h / 2;
  const hits: [string, number][] = [];
  for (const n of nodes) {
    const w = n.width ?? NODE_W;
    const h = n.height ?? NODE_H;
    if (!n.selected && !overlaps({ x: n.position.x, y: n.position.y, w, h }, win)) continue;
    const d = n.selected ? -1 : Math.hypot(n.position.x + w / 2 - cx, n.position.y + h / 2 - cy);
    hits.push([n.id, d]);
  }
  return hits.sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

export const PALETTE_MIME = 'application/x-routelab-palette';

export function Canvas() {
  const lab = useLab((s) => s.lab);
  const apply = useLab((s) => s.apply);
  const selection = useUi((s) => s.selection);
  const failMode = useUi((s) => s.failMode);
  const theme = useUi((s) => s.theme);
  const health = useUi((s) => s.summary?.health);
  const trace = useUi((s) => s.trace);
  const rf = useReactFlow();
  // Zoomed far out, device text is unreadable anyway: drop it (and shadows) from painting.
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const distant = useStore((s) => s.transform[2] < OVERVIEW_ZOOM);
  const selDevices = useMemo(() => new Set(selection.devices), [selection.devices]);
  const selLinks = useMemo(() => new Set(selection.links), [selection.links]);
  // Derived in the first render, not in an effect: on a big lab the effect re-rendered the
  // whole canvas (areas, edges, overview) a second time in the task that mounts the app.
  const [nodes, setNodes] = useState(() => toFlowNodes(lab, selDevices));
  const derivedFrom = useRef({ lab, selDevices });

  const big = lab.devices.length > BIG_LAB;
  // React Flow fits a small lab itself once its nodes are measured; a big one starts as the
  // overview (nothing to measure) and is fitted to its positions as soon as the pane has a size.
  const [startedBig] = useState(big);
  const [fitted, setFitted] = useState(!big);
  const sized = useStore((s) => s.width > 0 && s.height > 0);
  useEffect(() => {
    if (fitted || !sized) return;
    // In a frame of its own, not in the task of the app's first effects (each 15–25 ms of
    // main thread on L, bench/RESULTS-browser.md); nothing is drawn before it.
    const frame = requestAnimationFrame(() => {
      fitLab(rf, lab);
      setFitted(true);
    });
    return () => cancelAnimationFrame(frame);
  }, [fitted, sized, rf, lab]);
  const overview = big && (distant || !fitted);

  // Re-derive from the lab; keep what React Flow measured so nodes do not flicker.
  useEffect(() => {
    const from = derivedFrom.current;
    if (from.lab === lab && from.selDevices === selDevices) return;
    derivedFrom.current = { lab, selDevices };
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      return toFlowNodes(lab, selDevices).map((n) => {
        const o = old.get(n.id);
        return o?.measured ? { ...n, measured: o.measured } : n;
      });
    });
  }, [lab, selDevices]);

  // Kept while no device moved: React Flow's measurements (dimension changes) would otherwise
  // re-derive areas, edges and the overview on every node mounted.
  const lastPositions = useRef<Record<string, Position>>({});
  const positions = useMemo(() => {
    const prev = lastPositions.current;
    const same =
      Object.keys(prev).length === nodes.length && nodes.every((n) => prev[n.id] === n.position);
    if (same) return prev;
    const out: Record<string, Position> = {};
    for (const n of nodes) out[n.id] = n.position;
    lastPositions.current = out;
    return out;
  }, [nodes]);

  const boxes = useMemo(() => groupBoxes(lab, positions), [lab, positions]);
  const areas = useMemo<Node[]>(
    () =>
      boxes.map((g) => ({
        id: g.id,
        type: 'area',
        position: { x: g.x, y: g.y },
        data: { label: g.label },
        style: { width: g.w, height: g.h },
        width: g.w,
        height: g.h,
        selectable: false,
        draggable: false,
        focusable: false,
        connectable: false,
        zIndex: -1,
      })),
    [boxes],
  );
  const allNodes = useMemo(() => [...areas, ...nodes], [areas, nodes]);
  const edges = useMemo<Edge[]>(
    () => toFlowEdges(lab, positions, selLinks),
    [lab, positions, selLinks],
  );
  // A big lab zoomed in: React Flow holds only the devices in a window around the view (and the
  // selection), and the links between them; the layer below draws the links running off it.
  const win = useViewWindow(big && !overview);
  // Kept when unchanged: measurements re-derive allNodes, and a new list would add a chunk.
  const lastWanted = useRef<string[]>(NO_IDS);
  const wanted = useMemo(() => {
    const ids = win ? windowIds(allNodes, win) : NO_IDS;
    const prev = lastWanted.current;
    if (ids.length === prev.length && ids.every((id, i) => prev[i] === id)) return prev;
    lastWanted.current = ids;
    return ids;
  }, [allNodes, win]);
  const zooming = useZooming(big);
  const chunked = useChunkedMount(wanted, MOUNT_CHUNK, zooming);
  // Never all of a big lab: before the first window is known, nothing is mounted.
  const mounted = big && !overview ? chunked : undefined;
  const shownNodes = useMemo(
    () => (mounted ? allNodes.filter((n) => mounted.has(n.id)) : allNodes),
    [allNodes, mounted],
  );
  const shownEdges = useMemo(
    () => (mounted ? edges.filter((e) => mounted.has(e.source) && mounted.has(e.target)) : edges),
    [mounted, edges],
  );
  const scene = useMemo(
    () =>
      fitted && (overview || mounted)
        ? overviewScene({
            lab,
            positions,
            areas: boxes,
            health,
            trace,
            selectedDevices: selDevices,
            selectedLinks: selLinks,
            ...(mounted && !overview ? { flow: { mounted } } : {}),
          })
        : undefined,
    [fitted, overview, mounted, lab, positions, boxes, health, trace, selDevices, selLinks],
  );
  // Measured heights place the step animation on the handles; the overview draws NODE_H boxes.
  const heights = useMemo(() => {
    if (overview) return NO_HEIGHTS;
    const out: Record<string, number> = {};
    for (const n of nodes) if (n.measured?.height) out[n.id] = n.measured.height;
    return out;
  }, [overview, nodes]);

  const paneState = useRef({ overview, positions });
  paneState.current = { overview, positions };
  const onPaneClick = useCallback(
    (e: { clientX: number; clientY: number }) => {
      // The overview has no DOM nodes: a click picks the device drawn under the pointer.
      const { overview: far, positions: at } = paneState.current;
      const hit = far
        ? deviceAt(at, rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }))
        : undefined;
      select(hit ? [hit] : [], []);
      const d = hit && failMode ? findDevice(useLab.getState().lab, hit) : undefined;
      if (d) apply((l) => setDeviceDown(l, d.name, !d.down));
    },
    [rf, failMode, apply],
  );

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const mine = changes.filter(
      (c) =>
        c.type !== 'remove' &&
        !('id' in c && (c.id.startsWith('rack:') || c.id.startsWith('group:'))),
    ) as NodeChange<Node<DeviceData>>[];
    // Area boxes report their sizes too; a no-op setNodes would re-derive the areas, React Flow
    // would measure them again, and the canvas would re-render forever.
    if (mine.length === 0) return;
    setNodes((nds) => applyNodeChanges(mine, nds));
    const picks = mine.filter((c) => c.type === 'select');
    if (picks.length > 0) {
      const cur = useUi.getState().selection;
      const devices = new Set(cur.devices);
      for (const c of picks) {
        if (c.selected) devices.add(c.id);
        else devices.delete(c.id);
      }
      const next = [...devices];
      if (next.join() !== cur.devices.join())
        select(next, picks.some((c) => c.selected) ? [] : cur.links);
    }
  }, []);

  // Selection is view state in uiStore; React Flow reports it as `select` changes.
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const picks = changes.filter((c) => c.type === 'select');
    if (picks.length === 0) return;
    const cur = useUi.getState().selection;
    const links = new Set(cur.links);
    for (const c of picks) {
      if (c.selected) links.add(c.id);
      else links.delete(c.id);
    }
    const next = [...links];
    if (next.join() !== cur.links.join())
      select(picks.some((c) => c.selected) ? [] : cur.devices, next);
  }, []);

  const onConnect = useCallback(
    (c: Connection) => {
      const err = apply((l) => connect(l, c.source, c.target).lab);
      if (err) toast(err, 'error');
    },
    [apply],
  );

  const onNodeDragStop = useCallback(
    (_e: unknown, _n: Node, dragged: Node[]) => {
      const moved = Object.fromEntries(
        dragged.filter((n) => n.type === 'device').map((n) => [n.id, n.position]),
      );
      apply((l) => moveDevices(l, moved));
    },
    [apply],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME) as PaletteKind;
      if (!kind) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      let name = '';
      const err = apply((l) => {
        const r = addDevice(l, kind, { x: p.x - 75, y: p.y - 25 });
        name = r.name;
        return r.lab;
      });
      if (err) toast(err, 'error');
      else select([name]);
    },
    [apply, rf],
  );

  const onNodeClick = useCallback(
    (_e: unknown, n: Node) => {
      if (!failMode || n.type !== 'device') return;
      const d = findDevice(useLab.getState().lab, n.id);
      if (d) apply((l) => setDeviceDown(l, n.id, !d.down));
    },
    [apply, failMode],
  );
  const onEdgeClick = useCallback(
    (_e: unknown, e: Edge) => {
      if (!failMode) return;
      const l0 = useLab.getState().lab.links.find((l) => l.id === e.id);
      if (l0) apply((l) => setLinkDown(l, e.id, !l0.down));
    },
    [apply, failMode],
  );

  return (
    <div
      className={far ? 'canvas far' : 'canvas'}
      data-testid="canvas"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(PALETTE_MIME)) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={overview ? NO_NODES : shownNodes}
        edges={overview ? NO_EDGES : shownEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onEdgeMouseEnter={onEdgeMouseEnter}
        onEdgeMouseLeave={onEdgeMouseLeave}
        onPaneClick={onPaneClick}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        snapToGrid
        snapGrid={SNAP_GRID}
        fitView={!startedBig}
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.1}
        maxZoom={2.5}
        colorMode={theme}
        proOptions={PRO_OPTIONS}
        // A big lab is windowed above: React Flow's own culling re-mounts nodes every pan frame.
        onlyRenderVisibleElements={false}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--grid)" />
        {scene && <Overview scene={scene} theme={theme} />}
        <StepOverlay lab={lab} overview={overview} positions={positions} heights={heights} />
        <Controls showInteractive={false} position="bottom-left" />
        {!big && (
          <MiniMap
            pannable
            zoomable
            position="bottom-right"
            nodeStrokeWidth={2}
            style={{ width: 120, height: 80 }}
            nodeColor={(n) => (n.type === 'area' ? 'transparent' : 'var(--accent)')}
            maskColor="rgb(128 128 128 / 0.12)"
          />
        )}
      </ReactFlow>
      {lab.devices.length === 0 && (
        <div className="empty-hint">
          <div>
            <div style={{ fontSize: 15, marginBottom: 6 }}>Empty lab</div>
            Drag devices from the palette, or open a built-in lab from File → Examples.
            <br />
            Link two devices by dragging from one handle to another.
          </div>
        </div>
      )}
    </div>
  );
}
