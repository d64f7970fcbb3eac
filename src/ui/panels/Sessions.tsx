/** `show bgp summary` style: one row per configured peer with state, reason and prefix counts. */
import { useState } from 'react';
import type { SessionView } from '../../engine/types';
import { useUi } from '../store/uiStore';
import { DataTable, DevicePicker, Filter, Unavailable, useViewDevice } from './common';
import type { Column } from './common';

const columns: Column<SessionView>[] = [
  { key: 'device', label: 'Device', value: (s) => s.device },
  { key: 'peer', label: 'Neighbor', value: (s) => s.peer },
  { key: 'peerDevice', label: 'Peer device', value: (s) => s.peerDevice ?? '' },
  { key: 'v', label: 'V', value: () => 4 },
  { key: 'as', label: 'AS', num: true, value: (s) => s.remoteAs ?? '' },
  {
    key: 'type',
    label: 'Type',
    value: (s) =>
      `${s.type ?? ''}${s.routeReflectorClient ? ' rr-client' : ''}${s.dynamic ? ' dynamic' : ''}`,
  },
  {
    key: 'state',
    label: 'State/PfxRcd',
    value: (s) => (s.state === 'Established' ? s.prefixesReceived : s.state),
    render: (s) => (
      <span className={`state-${s.state}`}>
        {s.state === 'Established' ? s.prefixesReceived : s.state}
      </span>
    ),
  },
  {
    key: 'pfxSnt',
    label: 'PfxSnt',
    num: true,
    value: (s) => (s.state === 'Established' ? s.prefixesSent : ''),
  },
  { key: 'reason', label: 'Reason', value: (s) => s.reason ?? '' },
];

export function SessionsPanel() {
  const [device, setDevice] = useViewDevice();
  const [all, setAll] = useState(false);
  const [filter, setFilter] = useState('');
  const summary = useUi((s) => s.summary);
  const error = useUi((s) => s.simError);
  if (!summary?.ok) return <Unavailable>{error ?? 'No simulation result yet.'}</Unavailable>;
  const rows = summary.sessions.filter((s) => all || device === undefined || s.device === device);
  const up = rows.filter((s) => s.state === 'Established').length;
  return (
    <div>
      <div className="panel-bar">
        <DevicePicker
          value={device}
          onChange={(d) => {
            setDevice(d);
            setAll(false);
          }}
          speakersOnly
        />
        <label>
          <input
            type="checkbox"
            data-testid="sessions-all"
            checked={all || device === undefined}
            onChange={(e) => setAll(e.target.checked)}
          />{' '}
          all devices
        </label>
        <Filter value={filter} onChange={setFilter} />
        <span className="muted" data-testid="sessions-count">
          {up}/{rows.length} Established
        </span>
      </div>
      <DataTable
        testid="sessions-table"
        caption="BGP sessions"
        rows={rows}
        columns={all || device === undefined ? columns : columns.filter((c) => c.key !== 'device')}
        filter={filter}
        rowKey={(s) => `${s.device}|${s.peer}`}
        rowProps={(s) => ({
          'data-state': s.state,
          'data-testid': 'session-row',
          'data-device': s.device,
          'data-peer-device': s.peerDevice ?? '',
        })}
      />
    </div>
  );
}
