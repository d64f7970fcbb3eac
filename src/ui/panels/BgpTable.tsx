/**
 * `show bgp ipv4 unicast` style table; click a prefix for every candidate path and why. The rows
 * stay in the worker, filtered and sorted there, and come a page at a time (worker/bgpTable.ts):
 * a leaf of a big fabric has ~50,000 paths.
 */
import { useCallback, useMemo, useState } from 'react';
import type { PathView, RouteEntryView } from '../../engine/types';
import type { BgpColumn, BgpRowView, BgpTablePage, BgpTableQuery } from '../../worker/bgpTable';
import {
  CopyButton,
  DevicePicker,
  Filter,
  GridTable,
  Unavailable,
  nextSort,
  useViewDevice,
  useWorkerView,
} from './common';
import type { Column, SortState } from './common';
import { Explain } from './Explain';
import { decidedBy, detailText, pathText, statusCode } from './frrText';
import { usePagedRows } from './usePagedRows';
import { query } from '../sim';
import { addExpectation, routeFromPaths, uniqueExpectationName } from '../store/expectOps';
import { useLab } from '../store/labStore';
import { toast, useUi } from '../store/uiStore';

/** One click from a Loc-RIB row to a `route` claim: this device keeps these next hops. */
async function expectRoute(device: string, prefix: string): Promise<void> {
  const entry = await query((api, rev) => api.bgpRoute(rev, device, prefix));
  if (!entry) return;
  expectPaths(device, prefix, entry.paths);
}

function expectPaths(device: string, prefix: string, paths: readonly PathView[]): void {
  const { lab, apply } = useLab.getState();
  const name = uniqueExpectationName(lab, `${device} has ${prefix}`);
  const err = apply((l) => addExpectation(l, routeFromPaths(device, prefix, paths), name));
  toast(err ?? `expectation added: ${name}`, err ? 'error' : 'info');
}

type Row = BgpRowView;

/** The table's columns; the Expect button names the device shown. */
const columnsFor = (device: string): Column<Row>[] => [
  {
    key: 'st',
    label: 'St',
    value: (r) => statusCode(r.path),
    render: (r) => <span style={{ whiteSpace: 'pre' }}>{statusCode(r.path)}</span>,
  },
  {
    key: 'net',
    label: 'Network',
    value: (r) => r.path.prefix,
    render: (r) => (r.first ? r.path.prefix : ''),
  },
  {
    key: 'nh',
    label: 'Next Hop',
    value: (r) => r.path.nextHop,
    render: (r) => (
      <>
        {r.path.nextHop}
        {r.path.nextHopDevice ? <span className="muted"> ({r.path.nextHopDevice})</span> : null}
      </>
    ),
  },
  { key: 'med', label: 'Metric', num: true, value: (r) => r.path.med ?? '' },
  { key: 'lp', label: 'LocPrf', num: true, value: (r) => r.path.localPref ?? '' },
  { key: 'w', label: 'Weight', num: true, value: (r) => r.path.weight },
  { key: 'path', label: 'Path', value: (r) => pathText(r.path) },
  {
    key: 'why',
    label: 'Decided by',
    value: (r) => decidedBy(r.path),
  },
  {
    key: 'expect',
    label: '',
    value: () => '',
    render: (r) =>
      r.expectable ? (
        <button
          data-testid="bgp-expect"
          className="icon"
          title="Expect this route: add an expectation that this device keeps this prefix through these next-hop devices"
          onClick={(ev) => {
            ev.stopPropagation();
            void expectRoute(device, r.path.prefix);
          }}
        >
          Expect
        </button>
      ) : null,
  },
];

const BGP_COLUMNS: readonly string[] = ['st', 'net', 'nh', 'med', 'lp', 'w', 'path', 'why'];

/** The worker's query for what the panel shows (a sort by the Expect column sorts nothing). */
function tableQuery(
  rib: BgpTableQuery['rib'],
  peer: string,
  filter: string,
  sort: SortState,
): BgpTableQuery {
  return {
    rib,
    ...(peer ? { peer } : {}),
    filter,
    ...(sort && BGP_COLUMNS.includes(sort.key)
      ? { sort: { key: sort.key as BgpColumn, dir: sort.dir } }
      : {}),
  };
}

export function BgpPanel() {
  const [device, setDevice] = useViewDevice();
  const [filter, setFilter] = useState('');
  const [prefix, setPrefix] = useState<string | undefined>();
  const [rib, setRib] = useState<'loc' | 'in' | 'out'>('loc');
  const [peer, setPeer] = useState('');
  const [sort, setSort] = useState<SortState>();
  const revision = useUi((s) => s.revision);
  const running = useUi((s) => s.status === 'running');
  const q = tableQuery(rib, peer, filter, sort);
  // A new key, a new query; nothing is asked while a run is under way (its answer would be for
  // the lab before it), and the last rows stay on screen meanwhile.
  const key =
    device && !running
      ? JSON.stringify([revision, device, rib, peer, filter.trim(), sort])
      : undefined;
  const asked = { device, q };
  const fetch = useCallback(
    (start: number, end: number) =>
      query((api, rev) =>
        api.bgpTable(rev, asked.device ?? '', asked.q, start, end).then((p) => p ?? null),
      ),
    // The key names everything the query reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const { page, fresh, missing, onWindow } = usePagedRows<BgpTablePage>(key, fetch);
  const view = page && page.device === device ? page : undefined;
  const columns = useMemo(() => columnsFor(device ?? ''), [device]);
  const entry = useWorkerView<RouteEntryView | undefined>(
    device && prefix ? `${device}\u0000${prefix}` : undefined,
    (api, rev) => api.bgpRoute(rev, device ?? '', prefix ?? ''),
  );
  if (!device)
    return (
      <div>
        <div className="panel-bar">
          <DevicePicker value={device} onChange={setDevice} speakersOnly />
        </div>
        <Unavailable>
          Click a router or node on the canvas (or pick one) to see its BGP table.
        </Unavailable>
      </div>
    );
  const peers = view?.peers ?? [];
  return (
    <div className="panel-split">
      <div style={{ overflow: 'auto' }}>
        <div className="panel-bar">
          <DevicePicker value={device} onChange={setDevice} speakersOnly />
          <select aria-label="RIB" value={rib} onChange={(e) => setRib(e.target.value as 'loc')}>
            <option value="loc">Loc-RIB</option>
            <option value="in">Adj-RIB-In</option>
            <option value="out">Adj-RIB-Out</option>
          </select>
          {rib !== 'loc' && (
            <select
              aria-label="Peer"
              value={peer || view?.peer || ''}
              onChange={(e) => setPeer(e.target.value)}
            >
              {peers.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          )}
          <Filter value={filter} onChange={setFilter} />
          {view && (
            <span className="muted mono">
              BGP router identifier {view.routerId ?? '?'}, local AS number {view.asn}
            </span>
          )}
          {view && (
            <CopyButton
              testid="copy-bgp"
              text={() => query((api, rev) => api.bgpTableText(rev, device, q))}
            />
          )}
        </div>
        {!view || missing ? (
          <Unavailable>{device} speaks no BGP, or the simulation has no result yet.</Unavailable>
        ) : (
          <GridTable
            testid="bgp-table"
            caption={`BGP table of ${device}`}
            count={view.matched}
            rowAt={(i) => view.rows[i - view.start]}
            columns={columns}
            rowKey={(r) => `${r.path.prefix}|${r.i}`}
            selectedKey={undefined}
            onRowClick={(r) => setPrefix(r.path.prefix)}
            rowProps={(r) => ({
              'data-testid': 'bgp-row',
              'data-prefix': r.path.prefix,
              'data-status': statusCode(r.path).trim(),
            })}
            sort={sort}
            onSort={(k) => setSort(nextSort(sort, k))}
            empty={view.total === 0 ? 'nothing to show' : 'no row matches the filter'}
            onWindow={onWindow}
            busy={!fresh}
          />
        )}
      </div>
      <div style={{ overflow: 'auto' }}>
        {entry ? (
          <pre className="frr" data-testid="bgp-detail">
            {detailText(entry, view?.routerId)}
          </pre>
        ) : (
          <Unavailable>
            Click a prefix to see every candidate path and the step of the decision process that
            picked the best one; ask “Why?” about any prefix, even a missing one.
          </Unavailable>
        )}
        <Explain device={device} prefix={prefix} />
      </div>
    </div>
  );
}
