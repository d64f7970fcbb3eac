/** The forwarding table, `ip route` style. */
import { useRef, useState } from 'react';
import type { FibRouteView } from '../../worker/views';
import {
  CopyButton,
  DataTable,
  DevicePicker,
  Filter,
  Unavailable,
  useViewDevice,
  useWorkerView,
} from './common';
import type { Column } from './common';
import { fibText } from './frrText';

const hops = (r: FibRouteView): string =>
  r.blackhole
    ? 'blackhole'
    : r.nextHops
        .map((h) =>
          [
            h.via ? `via ${h.via}` : '',
            h.dev ? `dev ${h.dev}` : '',
            h.device ? `(${h.device})` : '',
          ]
            .filter(Boolean)
            .join(' '),
        )
        .join('  |  ');

const columns: Column<FibRouteView>[] = [
  { key: 'prefix', label: 'Destination', value: (r) => r.prefix },
  { key: 'proto', label: 'proto', value: (r) => r.protocol },
  { key: 'metric', label: 'metric', num: true, value: (r) => r.metric ?? '' },
  { key: 'nh', label: 'Next hops', value: hops },
  {
    key: 'n',
    label: 'ECMP',
    num: true,
    value: (r) => (r.nextHops.length > 1 ? r.nextHops.length : ''),
  },
];

export function FibPanel() {
  const [device, setDevice] = useViewDevice();
  const [filter, setFilter] = useState('');
  const fib = useWorkerView(device, (api, rev, d) => api.fib(rev, d));
  const shown = useRef<FibRouteView[] | undefined>(undefined);
  return (
    <div>
      <div className="panel-bar">
        <DevicePicker value={device} onChange={setDevice} />
        <Filter value={filter} onChange={setFilter} />
        {fib?.routes && (
          <CopyButton testid="copy-fib" text={() => fibText(shown.current ?? fib.routes ?? [])} />
        )}
      </div>
      {!device ? (
        <Unavailable>Pick a device to see its forwarding table.</Unavailable>
      ) : fib?.error ? (
        <Unavailable>{fib.error}</Unavailable>
      ) : (
        <DataTable
          testid="fib-table"
          caption={`FIB of ${device}`}
          rows={fib?.routes ?? []}
          columns={columns}
          filter={filter}
          shownRef={shown}
          rowKey={(r) => r.prefix}
          rowProps={(r) => ({ 'data-prefix': r.prefix })}
        />
      )}
    </div>
  );
}
