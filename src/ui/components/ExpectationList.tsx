/**
 * The lab's expectations with their verdicts. Clicking one shows why it holds or fails (the
 * engine's reason, and for `reach` the trace it was read from) and highlights its devices on the
 * canvas the way a trace is drawn.
 */
import { useState } from 'react';
import type { Lab } from '../../model/types';
import type { ExpectationResult } from '../../worker/views';
import { useUi } from '../store/uiStore';
import { useStepResults } from './stepResults';

function show(r: ExpectationResult | undefined): void {
  useUi.setState({
    highlight: r?.devices ?? [],
    ...(r?.trace ? { trace: r.trace } : {}),
  });
}

/** The lab's expectations, with their verdicts as of the timeline step shown. */
export function ExpectationList({ lab }: { lab: Lab }) {
  const { results, event, unchecked } = useStepResults();
  const [open, setOpen] = useState<string | undefined>();
  const toggle = (name: string) => {
    const next = open === name ? undefined : name;
    setOpen(next);
    if (next) show(results.find((x) => x.name === next));
    else useUi.setState({ highlight: undefined, trace: undefined });
  };
  return (
    <>
      <div className="section-title">Expectations</div>
      {event !== undefined && (
        <div className="muted small" data-testid="expectations-step">
          {unchecked
            ? `timeline at event ${event}: not re-checked per step, showing the end state`
            : `as of timeline event ${event} — “last »” in the Timeline for the end state`}
        </div>
      )}
      {lab.expectations.length === 0 && (
        <div className="muted">
          None yet: add one from a trace (“Expect this”) or a BGP table row (“Expect this route”).
        </div>
      )}
      <table className="kv">
        <tbody>
          {lab.expectations.map((e) => {
            const r = results.find((x) => x.name === e.name);
            return [
              <tr
                key={e.name}
                data-testid="expectation-row"
                data-name={e.name}
                data-ok={r ? (r.ok ? 'yes' : 'no') : 'unknown'}
                onClick={() => toggle(e.name)}
                style={{ cursor: 'pointer' }}
                title="Show why"
              >
                <td>{e.name}</td>
                <td
                  className={r ? (r.ok ? 'state-Established' : 'state-Idle') : 'muted'}
                  title={r?.detail}
                >
                  {r ? (r.ok ? 'holds' : 'fails') : '—'}
                </td>
              </tr>,
              open === e.name && r && (
                <tr key={`${e.name}/why`}>
                  <td colSpan={2}>
                    <div data-testid="expectation-why" data-name={e.name}>
                      <div
                        className={r.ok ? 'muted' : 'state-Idle'}
                        style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
                      >
                        {r.detail ?? ''}
                      </div>
                      {r.trace?.paths.map((p, i) => (
                        <pre
                          className="frr"
                          key={i}
                          data-testid="expectation-path"
                          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                        >
                          {`path ${i + 1}: ${p.end}${p.reason && p.end !== 'delivered' ? ` — ${p.reason}` : ''}\n`}
                          {p.hops
                            .map((h) => ` ${String(h.ttl).padStart(2)}  ${h.device}`)
                            .join('\n')}
                        </pre>
                      ))}
                    </div>
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </>
  );
}
