/** The reachability matrix: every pod, node and client against every other, one pass. */
import { useState } from 'react';
import { query } from '../sim';
import { useUi } from '../store/uiStore';
import type { ReachView } from '../../worker/views';

const mark = { reachable: '✓', partial: '½', unreachable: '✗' } as const;
const cls = {
  reachable: 'state-Established',
  partial: 'chip warn',
  unreachable: 'state-Idle',
} as const;

export function ReachMatrix() {
  const revision = useUi((s) => s.revision);
  const [m, setM] = useState<{ rev: number; v: ReachView | { error: string } } | undefined>();
  const load = async () => {
    const v = await query<ReachView | { error: string }>((api, rev) => api.reach(rev));
    if (v) setM({ rev: revision, v });
  };
  if (!m || m.rev !== revision)
    return (
      <button data-testid="reach-run" onClick={() => void load()}>
        Reachability matrix
      </button>
    );
  if ('error' in m.v) return <div className="state-Idle">{m.v.error}</div>;
  const { endpoints, status, failures } = m.v;
  return (
    <div>
      <div className="muted" style={{ marginBottom: 4 }}>
        Rows reach columns: ✓ reachable · ½ some ECMP branches fail · ✗ unreachable. Hover a cell
        for how the failing paths end.
      </div>
      <table className="grid" data-testid="reach-matrix" style={{ width: 'auto' }}>
        <thead>
          <tr>
            <th>#</th>
            <th>from</th>
            <th>address</th>
            {endpoints.map((e, j) => (
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
          {endpoints.map((from, i) => (
            <tr key={from.id}>
              <td className="num">{i + 1}</td>
              <td>{from.id}</td>
              <td className="muted">{from.address}</td>
              {endpoints.map((to, j) => {
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
    </div>
  );
}
