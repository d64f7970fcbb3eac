/** `show bgp ipv4 unicast` style table; click a prefix for every candidate path and why. */
import { useMemo, useRef, useState } from 'react';
import type { DeviceBgpView, PathView } from '../../engine/types';
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
import { Explain } from './Explain';
import { bgpTableText, detailText, pathText, statusCode } from './frrText';
import { addExpectation, routeFromPaths, uniqueExpectationName } from '../store/expectOps';
import { useLab } from '../store/labStore';
import { toast } from '../store/uiStore';

/** One click from a Loc-RIB row to a `route` claim: this device keeps these next hops. */
function expectRoute(device: string, prefix: string, paths: readonly PathView[]): void {
  const { lab, apply } = useLab.getState();
  const name = uniqueExpectationName(lab, `${device} has ${prefix}`);
  const err = apply((l) => addExpectation(l, routeFromPaths(device, prefix, paths), name));
  toast(err ?? `expectation added: ${name}`, err ? 'error' : 'info');
}

interface Row {
  path: PathView;
  first: boolean;
  i: number;
  /** Set on the first Loc-RIB row of a prefix with a best path. */
  expect?: () => void;
}

const columns: Column<Row>[] = [
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
    value: (r) =>
      r.path.best
        ? (r.path.reason ?? '')
        : r.path.valid
          ? r.path.reason
            ? `lost: ${r.path.reason}`
            : ''
          : (r.path.invalidReason ?? 'invalid'),
  },
  {
    key: 'expect',
    label: '',
    value: () => '',
    render: (r) =>
      r.expect ? (
        <button
          data-testid="bgp-expect"
          className="icon"
          title="Expect this route: add an expectation that this device keeps this prefix through these next-hop devices"
          onClick={(ev) => {
            ev.stopPropagation();
            r.expect?.();
          }}
        >
          Expect
        </button>
      ) : null,
  },
];

/** The rows of one RIB: a Loc-RIB's paths grouped by prefix, or one peer's Adj-RIB-In/Out. */
function ribRows(device: string, view: DeviceBgpView, rib: 'loc' | 'in' | 'out', peer: string) {
  const paths: PathView[] =
    rib === 'loc'
      ? view.locRib.flatMap((e) => e.paths)
      : ((rib === 'in' ? view.adjRibIn : view.adjRibOut)[peer] ?? []);
  // A set, not a scan of every path per row: a leaf of the L fabric holds ~6,000 paths.
  const withBest = new Set(paths.filter((p) => p.best).map((p) => p.prefix));
  return paths.map((p, i): Row => {
    const first = i === 0 || paths[i - 1]?.prefix !== p.prefix;
    return {
      path: p,
      first,
      i,
      ...(rib === 'loc' && first && withBest.has(p.prefix)
        ? { expect: () => expectRoute(device, p.prefix, paths) }
        : {}),
    };
  });
}

export function BgpPanel() {
  const [device, setDevice] = useViewDevice();
  const [filter, setFilter] = useState('');
  const [prefix, setPrefix] = useState<string | undefined>();
  const [rib, setRib] = useState<'loc' | 'in' | 'out'>('loc');
  const [peer, setPeer] = useState('');
  const shown = useRef<Row[] | undefined>(undefined);
  const view = useWorkerView<DeviceBgpView | undefined>(device, (api, rev, d) =>
    api.deviceView(rev, d),
  );
  const peers = view ? Object.keys(rib === 'in' ? view.adjRibIn : view.adjRibOut) : [];
  const peerShown = peer || peers[0] || '';
  const rows = useMemo(
    () => (device && view ? ribRows(device, view, rib, peerShown) : []),
    [device, view, rib, peerShown],
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
  const entry = view?.locRib.find((e) => e.prefix === prefix);
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
              value={peer || peers[0] || ''}
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
              text={() => {
                const p = peer || peers[0] || '';
                const title =
                  rib === 'loc'
                    ? undefined
                    : `show bgp ipv4 unicast neighbors ${p} ${rib === 'in' ? 'received-routes' : 'advertised-routes'}`;
                return bgpTableText(
                  (shown.current ?? rows).map((r) => r.path),
                  { routerId: view.routerId, asn: view.asn },
                  title,
                );
              }}
            />
          )}
        </div>
        {!view ? (
          <Unavailable>{device} speaks no BGP, or the simulation has no result yet.</Unavailable>
        ) : (
          <DataTable
            testid="bgp-table"
            caption={`BGP table of ${device}`}
            rows={rows}
            columns={columns}
            filter={filter}
            shownRef={shown}
            rowKey={(r) => `${r.path.prefix}|${r.i}`}
            selectedKey={undefined}
            onRowClick={(r) => setPrefix(r.path.prefix)}
            rowProps={(r) => ({
              'data-testid': 'bgp-row',
              'data-prefix': r.path.prefix,
              'data-status': statusCode(r.path).trim(),
            })}
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
