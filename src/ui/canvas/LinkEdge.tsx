import { BaseEdge, EdgeLabelRenderer, getStraightPath } from '@xyflow/react';
import type { Edge, EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useLab } from '../store/labStore';
import { useUi } from '../store/uiStore';
import { devicesByName, linksById, linkStates, traceHopsOf } from './cache';
import type { LinkData } from './flow';

const stroke: Record<string, string> = {
  up: 'var(--ok)',
  down: 'var(--warn)',
  failed: 'var(--bad)',
  plain: 'var(--muted)',
};

function LinkEdgeView(props: EdgeProps<Edge<LinkData>>) {
  const { id, sourceX, sourceY, targetX, targetY, selected, source, target } = props;
  const lab = useLab((s) => s.lab);
  const link = linksById(lab).get(id);
  const health = useUi((s) => s.summary?.health);
  const hovered = useUi((s) => s.hoverLink === id);
  const trace = useUi((s) => s.trace);
  // The current timeline step's message runs over this link: its kind colours the edge.
  const stepping = useUi((s) => {
    if (s.step === undefined) return undefined;
    const e = s.timeline[s.step];
    return e && ((e.from === source && e.to === target) || (e.from === target && e.to === source))
      ? e.kind
      : undefined;
  });
  if (!link) return null;
  const state = linkStates(lab, health).get(id) ?? 'plain';
  const hop = traceHopsOf(trace).get(`${source}|${target}`);
  const [path, lx, ly] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const addr = (dev: string, ifn: string): string => {
    const i = devicesByName(lab)
      .get(dev)
      ?.interfaces.find((x) => x.name === ifn);
    return `${dev} ${ifn}${i?.addresses[0] ? ` ${i.addresses[0]}` : ''}`;
  };
  const color =
    state === 'failed'
      ? stroke.failed
      : hop !== undefined
        ? 'var(--trace)'
        : selected
          ? 'var(--accent)'
          : stroke[state];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={16}
        className={stepping ? `stepping ${stepping}` : undefined}
        style={{
          stroke: color,
          strokeWidth: hop !== undefined || selected ? 3 : 1.8,
          strokeDasharray: state === 'failed' ? '5 4' : undefined,
        }}
      />
      <EdgeLabelRenderer>
        <span
          data-testid={`link-${id}`}
          data-state={state}
          data-trace={hop !== undefined ? 'yes' : 'no'}
          style={{ display: 'none' }}
        />
        {(hovered || selected) && (
          <div
            className="edge-label"
            style={{ transform: `translate(-50%, -50%) translate(${lx}px,${ly}px)` }}
          >
            {addr(link.a.device, link.a.interface)}
            <br />
            {addr(link.b.device, link.b.interface)}
            <br />
            {state === 'plain'
              ? 'no BGP session'
              : state === 'up'
                ? 'BGP up'
                : state === 'down'
                  ? 'BGP down'
                  : 'link failed'}
          </div>
        )}
        {hop && !hovered && !selected && (
          <div
            className="edge-label trace"
            style={{ transform: `translate(-50%, -50%) translate(${lx}px,${ly}px)` }}
          >
            {hop}
          </div>
        )}
      </EdgeLabelRenderer>
    </>
  );
}

export const LinkEdge = memo(LinkEdgeView);
