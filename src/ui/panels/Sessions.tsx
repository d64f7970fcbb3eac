/** `show bgp summary` style: one row per configured peer with state, reason and prefix counts. */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import type { SessionView } from '../../engine/types';
import { useUi } from '../store/uiStore';
import { CopyButton, DataTable, DevicePicker, Filter, Unavailable, useViewDevice } from './common';
import { sessionsText } from './frrText';
import type { Column } from './common';

const NONE: SessionView[] = [];

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
/** One device's view leaves its own name out. */
const peerColumns = columns.filter((c) => c.key !== 'device');

export function SessionsPanel() {
  const [device, setDevice] = useViewDevice();
  const [all, setAll] = useState(false);
  const [filter, setFilter] = useState('');
  // Deferred: a new run's rows are rendered after the canvas and the status bar have shown it,
  // in a render of their own (on L the two together made one 60–90 ms task).
  const summary = useDeferredValue(useUi((s) => s.summary));
  const error = useUi((s) => s.simError);
  const shown = useRef<SessionView[] | undefined>(undefined);
  const sessions = summary?.ok ? summary.sessions : NONE;
  const every = all || device === undefined;
  // Memoised: a new array each render would re-filter and re-sort thousands of rows.
  const rows = useMemo(
    () => (every ? sessions : sessions.filter((s) => s.device === device)),
    [sessions, every, device],
  );
  const up = useMemo(() => rows.filter((s) => s.state === 'Established').length, [rows]);
  if (!summary?.ok) return <Unavailable>{error ?? 'No simulation result yet.'}</Unavailable>;
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
        <CopyButton
          testid="copy-sessions"
          text={() => {
            const one = !all && device !== undefined;
            const me = one ? summary.sessions.find((x) => x.device === device) : undefined;
            return sessionsText(shown.current ?? rows, me ? { asn: me.localAs } : undefined);
          }}
        />
      </div>
      <DataTable
        testid="sessions-table"
        caption="BGP sessions"
        rows={rows}
        columns={every ? columns : peerColumns}
        filter={filter}
        shownRef={shown}
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
