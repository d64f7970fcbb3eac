/** The reachability matrix: every pod, node and client against every other, one pass. */
import { useMemo, useState } from 'react';
import { query } from '../sim';
import { useUi } from '../store/uiStore';
import type { ReachView } from '../../worker/views';
import { CopyButton, DataTable, Filter } from './common';
import type { Column } from './common';
import { reachText } from './frrText';

const mark = { reachable: '✓', partial: '½', unreachable: '✗' } as const;
const cls = {
  reachable: 'state-Established',
  partial: 'chip warn',
  unreachable: 'state-Idle',
} as const;

/**
 * Above this many endpoints (after the filter) the grid is not drawn: 150² is 22,500 cells
 * already, and an M fabric's ~1,000 endpoints would be a million <td>s. The failing pairs are
 * listed instead (a windowed table); the filter brings the grid back for a subset.
 */
const MATRIX_MAX = 150;
/** Pairs listed at most: a lab where nothing reaches anything needs no million-row list. */
const PAIRS_MAX = 20_000;

interface Pair {
  from: string;
  to: string;
  status: 'partial' | 'unreachable';
  why: string;
}

const pairColumns: Column<Pair>[] = [
  { key: 'from', label: 'From', value: (p) => p.from },
  { key: 'to', label: 'To', value: (p) => p.to },
  {
    key: 'st',
    label: 'Reach',
    value: (p) => p.status,
    render: (p) => (
      <span className={cls[p.status]}>
        {mark[p.status]} {p.status}
      </span>
    ),
  },
  { key: 'why', label: 'Where the failing paths end', value: (p) => p.why },
];

/** The not-fully-reachable pairs among `shown`, at most PAIRS_MAX. */
function failingPairs(view: ReachView, shown: readonly { i: number }[]): Pair[] {
  const out: Pair[] = [];
  for (const { i } of shown)
    for (const { i: j } of shown) {
      const st = view.status[i]?.[j] ?? 'unreachable';
      if (i === j || st === 'reachable') continue;
      out.push({
        from: view.endpoints[i]?.id ?? '',
        to: view.endpoints[j]?.id ?? '',
        status: st,
        why: (view.failures[`${i},${j}`] ?? []).join(', '),
      });
      if (out.length >= PAIRS_MAX) return out;
    }
  return out;
}

export function ReachMatrix() {
  const revision = useUi((s) => s.revision);
  const [m, setM] = useState<{ rev: number; v: ReachView | { error: string } } | undefined>();
  const [filter, setFilter] = useState('');
  const load = async () => {
    const v = await query<ReachView | { error: string }>((api, rev) => api.reach(rev));
    if (v) setM({ rev: revision, v });
  };
  const view = m && m.rev === revision && !('error' in m.v) ? m.v : undefined;
  // The filter keeps endpoints whose name or address contains it, as rows and as columns.
  const f = filter.trim().toLowerCase();
  const shown = useMemo(
    () =>
      (view?.endpoints ?? [])
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => !f || e.id.toLowerCase().includes(f) || e.address.includes(f)),
    [view, f],
  );
  const grid = shown.length <= MATRIX_MAX;
  const pairs = useMemo(
    () => (view && !grid ? failingPairs(view, shown) : []),
    [view, grid, shown],
  );
  const broken = useMemo(
    () =>
      !view
        ? 0
        : shown.reduce(
            (n, a) =>
              n +
              shown.filter((b) => a.i !== b.i && view.status[a.i]?.[b.i] !== 'reachable').length,
            0,
          ),
    [view, shown],
  );
  if (!m || m.rev !== revision)
    return (
      <button data-testid="reach-run" onClick={() => void load()}>
        Reachability matrix
      </button>
    );
  if ('error' in m.v) return <div className="state-Idle">{m.v.error}</div>;
  if (!view) return null;
  const { status, failures } = view;
  return (
    <div>
      <div className="panel-bar">
        <Filter value={filter} onChange={setFilter} />
        <span className="muted" data-testid="reach-summary">
          {shown.length} endpoints, {broken} pair(s) not fully reachable
        </span>
        <CopyButton
          testid="copy-reach"
          text={() =>
            grid
              ? reachText(
                  view,
                  shown.map((x) => x.i),
                )
              : pairs
                  .map((p) => `${p.from} -> ${p.to}: ${p.status}${p.why ? ` (${p.why})` : ''}`)
                  .join('\n')
          }
        />
      </div>
      {!grid && (
        <div data-testid="reach-pairs">
          <div className="muted" style={{ marginBottom: 4 }}>
            {shown.length} endpoints are too many for a grid ({shown.length ** 2} cells): the pairs
            not fully reachable are listed
            {pairs.length >= PAIRS_MAX ? ` (the first ${PAIRS_MAX})` : ''}. Filter to {MATRIX_MAX}{' '}
            endpoints or fewer for the grid.
          </div>
          <DataTable
            testid="reach-pair-table"
            rows={pairs}
            columns={pairColumns}
            filter=""
            rowKey={(p) => `${p.from}|${p.to}`}
          />
        </div>
      )}
      {grid && (
        <>
          <div className="muted" style={{ marginBottom: 4 }}>
            Rows reach columns: ✓ reachable · ½ some ECMP branches fail · ✗ unreachable. Hover a
            cell for how the failing paths end.
          </div>
          <table className="grid" data-testid="reach-matrix" style={{ width: 'auto' }}>
            <thead>
              <tr>
                <th>#</th>
                <th>from</th>
                <th>address</th>
                {shown.map(({ e, i: j }) => (
                  <th
                    key={e.id}
                    title={`${e.id} ${e.address}`}
                    className="num"
                    style={{ minWidth: 22 }}
                  >
                    {j + 1}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map(({ e: from, i }) => (
                <tr key={from.id}>
                  <td className="num">{i + 1}</td>
                  <td>{from.id}</td>
                  <td className="muted">{from.address}</td>
                  {shown.map(({ e: to, i: j }) => {
                    const st = status[i]?.[j] ?? 'unreachable';
                    const why = failures[`${i},${j}`];
                    return (
                      <td
                        key={to.id}
                        className={i === j ? 'muted' : cls[st]}
                        title={`${from.id} → ${to.id}: ${st}${why ? ` (${why.join(', ')})` : ''}`}
                        style={{ textAlign: 'center' }}
                      >
                        {i === j ? '·' : mark[st]}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
