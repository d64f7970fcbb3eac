/** Traceroute between endpoints; paths are drawn on the canvas and listed traceroute-style. */
import { useMemo, useState } from 'react';
import type { Lab } from '../../model';
import { nodePods } from '../../model/k8s';
import { query } from '../sim';
import { useLab } from '../store/labStore';
import {
  addExpectation,
  reachFromTrace,
  reachStem,
  uniqueExpectationName,
} from '../store/expectOps';
import { toast, useUi } from '../store/uiStore';
import type { TraceView } from '../../worker/views';
import { CopyButton, Unavailable, useLazyOptions } from './common';
import { traceHeader, tracePathText, traceText } from './frrText';
import { ReachMatrix } from './Reach';

/** One click from a trace result to a claim the lab keeps checking (issue 12). */
function expectThis(trace: TraceView): void {
  const { lab, apply } = useLab.getState();
  const name = uniqueExpectationName(lab, reachStem(trace));
  const err = apply((l) => addExpectation(l, reachFromTrace(trace), name));
  toast(err ?? `expectation added: ${name}`, err ? 'error' : 'info');
}

function useEndpoints(): { value: string; label: string }[] {
  const lab = useLab((s) => s.lab);
  // Once per lab, not per render: an L fabric has ~2,000 nodes, each with its pods.
  return useMemo(() => endpointsOf(lab), [lab]);
}

function endpointsOf(lab: Lab): { value: string; label: string }[] {
  return lab.devices.flatMap((d) => {
    if (d.kind === 'bridge') return [];
    const pods =
      d.kind === 'k8s-node'
        ? nodePods(lab, d).map((p) => ({
            value: `${d.name}/${p.name}`,
            label: `${d.name}/${p.name} (${p.address})`,
          }))
        : [];
    return [{ value: d.name, label: d.name }, ...pods];
  });
}

/** Suggestions a big lab's source and destination boxes offer at once. */
const SUGGEST = 200;

type Endpoint = { value: string; label: string };

/**
 * The options a combobox offers for what is typed: all of a small list, else at most SUGGEST
 * matches. The browser shows only suggestions matching the text anyway; a big lab's list holds
 * just those, not ~6,000 options (one task of 225 ms to create and lay out on focus at L).
 */
function useSuggestions(all: readonly Endpoint[], text: string): readonly Endpoint[] {
  const typed = text.trim().toLowerCase();
  return useMemo(
    () =>
      all.length <= SUGGEST
        ? all
        : all
            .filter(
              (e) => e.value.toLowerCase().includes(typed) || e.label.toLowerCase().includes(typed),
            )
            .slice(0, SUGGEST),
    [all, typed],
  );
}

/** A combobox's suggestions (`<input list={id}>`). */
function Suggestions(props: { id: string; items: readonly Endpoint[] }) {
  return (
    <datalist id={props.id}>
      {props.items.map((e) => (
        <option key={e.value} value={e.value}>
          {e.label}
        </option>
      ))}
    </datalist>
  );
}

export function TracePanel() {
  const endpoints = useEndpoints();
  const clusters = useLab((s) => s.lab.clusters);
  const services = useMemo(
    () =>
      clusters.flatMap((c) =>
        c.services
          .filter((x) => x.ip)
          .map((x) => ({ value: x.ip ?? '', label: `${x.name} (${x.ip})` })),
      ),
    [clusters],
  );
  const trace = useUi((s) => s.trace);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Thousands of endpoints in a big lab: the source is then typed, with matching suggestions,
  // like the destination (a <select> of them all cost a 225 ms task on first focus).
  const bigSources = endpoints.length > SUGGEST;
  const sources = useLazyOptions(endpoints, (e) => e.value === from);
  const sourceHints = useSuggestions(bigSources ? endpoints : [], from);
  const known = useMemo(() => new Set(endpoints.map((e) => e.value)), [endpoints]);
  const allTargets = useMemo(() => [...endpoints, ...services], [endpoints, services]);
  const suggestions = useSuggestions(allTargets, to);
  const [busy, setBusy] = useState(false);
  const [single, setSingle] = useState(false);
  const run = async () => {
    if (!from || !to || !known.has(from)) return;
    setBusy(true);
    const r = await query((api, rev) => api.trace(rev, from, to, single));
    setBusy(false);
    if (r) useUi.setState({ trace: r, highlight: undefined });
  };
  return (
    <div>
      <div className="panel-bar">
        <label>from</label>
        {bigSources ? (
          <>
            <input
              list="trace-sources"
              aria-label="Trace source"
              data-testid="trace-from"
              className="mono"
              placeholder="device or pod"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={from !== '' && !known.has(from) ? true : undefined}
              style={{ width: 200 }}
            />
            <Suggestions id="trace-sources" items={sourceHints} />
          </>
        ) : (
          <select
            aria-label="Trace source"
            data-testid="trace-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            onFocus={sources.open}
            onPointerDown={sources.open}
          >
            <option value="">source…</option>
            {sources.options.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        )}
        <label>to</label>
        <input
          list="trace-targets"
          aria-label="Trace destination"
          data-testid="trace-to"
          className="mono"
          placeholder="device, pod or address"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          style={{ width: 220 }}
        />
        <Suggestions id="trace-targets" items={suggestions} />
        <label title="One flow, as one traceroute run takes one ECMP branch per hop">
          <input
            type="checkbox"
            data-testid="trace-single"
            checked={single}
            onChange={(e) => setSingle(e.target.checked)}
          />{' '}
          single flow
        </label>
        <button
          className="primary"
          data-testid="trace-run"
          disabled={!known.has(from) || !to || busy}
          onClick={() => void run()}
        >
          Trace
        </button>
        {trace && !trace.error && trace.paths.length > 0 && (
          <button
            data-testid="trace-expect"
            title="Add this result to the lab's expectations, checked after every change"
            onClick={() => expectThis(trace)}
          >
            Expect this
          </button>
        )}
        {trace && <CopyButton testid="copy-trace" text={() => traceText(trace)} />}
        {trace && (
          <button onClick={() => useUi.setState({ trace: undefined, highlight: undefined })}>
            Clear
          </button>
        )}
      </div>
      {!trace ? (
        <>
          <Unavailable>
            Pick a source and a destination; every ECMP branch is drawn on the canvas.
          </Unavailable>
          <ReachMatrix />
        </>
      ) : trace.error ? (
        <Unavailable>{trace.error}</Unavailable>
      ) : (
        <div data-testid="trace-result">
          <pre className="frr" style={{ marginBottom: 6 }}>
            {traceHeader(trace)}
          </pre>
          {trace.paths.map((p, i) => (
            <pre
              className="frr"
              key={i}
              data-testid="trace-path"
              data-end={p.end}
              style={{ marginBottom: 6 }}
            >
              {tracePathText(p, i)}
            </pre>
          ))}
        </div>
      )}
    </div>
  );
}
