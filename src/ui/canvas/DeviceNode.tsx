import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { clusterOf } from '../../model/k8s';
import { useLab } from '../store/labStore';
import { useUi } from '../store/uiStore';
import { devicesByName, nodeBgpOf } from './cache';
import type { DeviceData } from './flow';
import { Glyph } from './Glyph';

const daemonLabel: Record<string, string> = {
  frr: 'FRR',
  bird: 'BIRD',
  vyos: 'VyOS',
  gobgp: 'GoBGP',
};

function DeviceNodeView({ data, selected }: NodeProps<Node<DeviceData>>) {
  const name = data.name;
  const lab = useLab((s) => s.lab);
  const device = devicesByName(lab).get(name);
  // Only this device's counts: a new run re-renders the nodes whose sessions changed.
  const up = useUi((s) => s.summary?.health.devices.get(name)?.[0] ?? 0);
  const all = useUi((s) => s.summary?.health.devices.get(name)?.[1] ?? 0);
  const onTrace = useUi(
    (s) =>
      (s.trace?.paths.some((p) => p.hops.some((h) => h.device === name)) ?? false) ||
      (s.highlight?.includes(name) ?? false),
  );
  const stepTo = useUi((s) => s.step !== undefined && s.timeline[s.step]?.to === name);
  if (!device) return null;
  let asn: number | undefined;
  let daemon = '';
  if (device.kind === 'router') {
    asn = device.bgp?.asn;
    daemon = daemonLabel[device.daemon] ?? device.daemon;
  } else if (device.kind === 'k8s-node') {
    const nb = nodeBgpOf(lab, device);
    asn = nb?.bgp.asn;
    const cni = clusterOf(lab, device)?.cni;
    daemon = cni === 'calico' ? 'Calico' : cni === 'cilium' ? 'Cilium' : '';
  } else daemon = device.kind === 'host' ? 'host' : 'L2';
  const health = all === 0 ? '' : up === all ? 'ok' : up === 0 ? 'bad' : 'warn';
  const cls = [
    'dev',
    selected ? 'selected' : '',
    device.down ? 'down' : '',
    onTrace ? 'on-trace' : '',
    stepTo ? 'step-to' : '',
  ].join(' ');
  return (
    <div className={cls} data-testid={`node-${name}`} title={device.description ?? name}>
      <Handle className="handle" type="source" position={Position.Top} id="top" />
      <div className="line1">
        <Glyph role={device.role} />
        <span className="name">{name}</span>
        {all > 0 && (
          <span
            className="health"
            data-testid={`health-${name}`}
            title={`${up} of ${all} BGP sessions Established`}
          >
            <span className={`dot ${health}`} />
            {up}/{all}
          </span>
        )}
      </div>
      <div className="line2">
        <span>{asn !== undefined ? `AS${asn}` : (device.role ?? device.kind)}</span>
        <span>{device.down ? 'FAILED' : daemon}</span>
      </div>
      <Handle className="handle" type="source" position={Position.Bottom} id="bottom" />
    </div>
  );
}

export const DeviceNode = memo(DeviceNodeView);

export function AreaNode({ data }: NodeProps<Node<{ label: string }>>) {
  return (
    <div className="grp">
      <span>{data.label}</span>
    </div>
  );
}
