/**
 * The canvas: React Flow over nodes derived from the lab. Gestures become model operations
 * (connect, move as one undo step on drag stop, drop from the palette, fail/restore in fail mode).
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
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import { findDevice } from '../../model/lab';
import type { Position } from '../../model/types';
import { useLab } from '../store/labStore';
import { addDevice, connect, moveDevices, setDeviceDown, setLinkDown } from '../store/ops';
import type { PaletteKind } from '../store/templates';
import { select, toast, useUi } from '../store/uiStore';
import { AreaNode, DeviceNode } from './DeviceNode';
import { groupBoxes, toFlowEdges, toFlowNodes } from './flow';
import type { DeviceData } from './flow';
import { LinkEdge } from './LinkEdge';

const nodeTypes = { device: DeviceNode, area: AreaNode };
const edgeTypes = { link: LinkEdge };

/** Below this zoom devices are drawn as plain boxes. */
const FAR_ZOOM = 0.45;
/** Past this many devices only what is on screen is rendered, and the minimap is left out. */
const BIG_LAB = 200;

export const PALETTE_MIME = 'application/x-routelab-palette';

export function Canvas() {
  const lab = useLab((s) => s.lab);
  const apply = useLab((s) => s.apply);
  const selection = useUi((s) => s.selection);
  const failMode = useUi((s) => s.failMode);
  const theme = useUi((s) => s.theme);
  const rf = useReactFlow();
  // Zoomed far out, device text is unreadable anyway: drop it (and shadows) from painting.
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const [nodes, setNodes] = useState<Node<DeviceData>[]>([]);

  const big = lab.devices.length > BIG_LAB;
  const selDevices = useMemo(() => new Set(selection.devices), [selection.devices]);
  const selLinks = useMemo(() => new Set(selection.links), [selection.links]);

  // Re-derive from the lab; keep what React Flow measured so nodes do not flicker.
  useEffect(() => {
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      return toFlowNodes(lab, selDevices).map((n) => {
        const o = old.get(n.id);
        return o?.measured ? { ...n, measured: o.measured } : n;
      });
    });
  }, [lab, selDevices]);

  const positions = useMemo(() => {
    const out: Record<string, Position> = {};
    for (const n of nodes) out[n.id] = n.position;
    return out;
  }, [nodes]);

  const areas = useMemo<Node[]>(
    () =>
      groupBoxes(lab, positions).map((g) => ({
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
    [lab, positions],
  );
  const allNodes = useMemo(() => [...areas, ...nodes], [areas, nodes]);
  const edges = useMemo<Edge[]>(
    () => toFlowEdges(lab, positions, selLinks),
    [lab, positions, selLinks],
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
        nodes={allNodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onEdgeMouseEnter={(_e, edge) => useUi.setState({ hoverLink: edge.id })}
        onEdgeMouseLeave={() => useUi.setState({ hoverLink: undefined })}
        onPaneClick={() => select([], [])}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        snapToGrid
        snapGrid={[10, 10]}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        minZoom={0.1}
        maxZoom={2.5}
        colorMode={theme}
        proOptions={{ hideAttribution: true }}
        // Measured (bench/browser.ts): culling pays even zoomed out, where paint dominates.
        onlyRenderVisibleElements={big}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--grid)" />
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
