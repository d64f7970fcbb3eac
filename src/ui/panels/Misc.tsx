/** Problems, the failure diff, generated configs and the lab as editable YAML. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { sim } from '../sim';
import { useLab } from '../store/labStore';
import { select, toast, useUi } from '../store/uiStore';
import { MonacoView, languageOf } from '../monaco/MonacoView';
import type { BundleFile, DiffView, ProblemView, RouteChange } from '../../worker/views';
import { CopyButton, DataTable, Filter, Unavailable } from './common';
import type { Column } from './common';

const NONE: never[] = [];

/**
 * Opens the element a problem is about: its device (the inspector then opens the section and
 * item the path names, e.g. a route-map entry), its link, or its cluster.
 */
function jumpTo(p: ProblemView): void {
  const cluster = /^clusters\/([^/]+)/.exec(p.path ?? '')?.[1];
  if (p.device) select([p.device]);
  else if (p.link) select([], [p.link]);
  else if (cluster) select([]);
  else return;
  useUi.setState({
    inspectPath: p.path,
    inspectCluster: cluster,
    inspectorTab: 'inspect',
  });
}

export function ProblemsPanel() {
  const problems = useUi((s) => s.summary?.problems) ?? NONE;
  if (problems.length === 0) return <Unavailable>No problems: the lab validates.</Unavailable>;
  return (
    <div data-testid="problems">
      {problems.map((p, i) => (
        <div
          key={i}
          className="problem"
          role="button"
          tabIndex={0}
          data-testid="problem"
          data-path={p.path ?? ''}
          onClick={() => jumpTo(p)}
          onKeyDown={(e) => e.key === 'Enter' && jumpTo(p)}
        >
          <span className={`sev-${p.severity}`}>{p.severity}</span>
          <span>{p.message}</span>
          <span className="muted mono">{p.device ?? p.link ?? p.path ?? ''}</span>
        </div>
      ))}
    </div>
  );
}

function diffText(d: DiffView, routes: readonly RouteChange[]): string {
  const lines = d.sessions.map((x) => `session ${x.device} ${x.peer}: ${x.before} -> ${x.after}`);
  for (const r of routes)
    lines.push(
      `${r.change.padEnd(8)}${r.device.padEnd(16)}${r.prefix.padEnd(20)}${r.before ?? '-'} -> ${r.after ?? '-'}`,
    );
  return lines.join('\n');
}

/** Module constants: a new columns array each render would re-filter every route change. */
const routeColumns: Column<RouteChange>[] = [
  {
    key: 'c',
    label: 'Change',
    value: (r) => r.change,
    render: (r) => (
      <span
        className={
          r.change === 'lost' ? 'state-Idle' : r.change === 'gained' ? 'state-Established' : ''
        }
      >
        {r.change}
      </span>
    ),
  },
  { key: 'd', label: 'Device', value: (r) => r.device },
  { key: 'p', label: 'Prefix', value: (r) => r.prefix },
  { key: 'b', label: 'Next hops before', value: (r) => r.before ?? '' },
  { key: 'a', label: 'Next hops after', value: (r) => r.after ?? '' },
];

const sessionColumns: Column<DiffView['sessions'][number]>[] = [
  { key: 'd', label: 'Device', value: (s) => s.device },
  { key: 'p', label: 'Neighbor', value: (s) => s.peer },
  { key: 'b', label: 'Before', value: (s) => s.before },
  { key: 'a', label: 'After', value: (s) => s.after },
];

export function DiffPanel() {
  const diff = useUi((s) => s.summary?.diff);
  const [filter, setFilter] = useState('');
  const shown = useRef<RouteChange[] | undefined>(undefined);
  if (!diff)
    return (
      <Unavailable>
        Fail a link or a device (Fail mode, or the inspector) to see what changes.
      </Unavailable>
    );
  if (diff.routes.length === 0 && diff.sessions.length === 0)
    return <Unavailable>The last change moved no route and no session.</Unavailable>;
  const lost = diff.routes.filter((r) => r.change === 'lost').length;
  const gained = diff.routes.filter((r) => r.change === 'gained').length;
  const changed = diff.routes.filter((r) => r.change === 'changed').length;
  return (
    <div data-testid="diff">
      <div className="panel-bar mono" data-testid="diff-summary">
        <span className="chip bad">{lost} lost</span>
        <span className="chip ok">{gained} gained</span>
        <span className="chip warn">{changed} changed</span>
        <span className="chip">{diff.sessions.length} session change(s)</span>
        <Filter value={filter} onChange={setFilter} />
        <CopyButton testid="copy-diff" text={() => diffText(diff, shown.current ?? diff.routes)} />
      </div>
      {diff.sessions.length > 0 && (
        <DataTable
          rows={diff.sessions}
          filter=""
          rowKey={(s) => `${s.device}|${s.peer}`}
          columns={sessionColumns}
        />
      )}
      <div style={{ height: 8 }} />
      <DataTable
        testid="diff-routes"
        rows={diff.routes}
        filter={filter}
        shownRef={shown}
        rowKey={(r) => `${r.device}|${r.prefix}`}
        rowProps={(r) => ({ 'data-change': r.change })}
        columns={routeColumns}
      />
    </div>
  );
}

export function ConfigPanel() {
  const lab = useLab((s) => s.lab);
  const focus = useUi((s) => s.focus);
  const [files, setFiles] = useState<BundleFile[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [path, setPath] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void sim()
        .call((api) => api.bundle(lab))
        .then((r) => {
          if (!live) return;
          setFiles(r.files);
          setError(r.error);
        })
        .catch(() => undefined);
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [lab]);
  const sorted = useMemo(() => {
    const list = files ?? [];
    // The focused device's own files first, its routing daemon's config before the rest.
    const main = /(frr\.conf|bird\.conf|gobgpd\.toml|config\.boot)$/;
    const rank = (f: BundleFile): number =>
      (focus && f.path.split('/').includes(focus) ? 0 : 2) + (main.test(f.path) ? 0 : 1);
    return [...list].sort((a, b) => rank(a) - rank(b));
  }, [files, focus]);
  const current = sorted.find((f) => f.path === path) ?? sorted[0];
  if (error) return <Unavailable>{error}</Unavailable>;
  if (!files) return <Unavailable>Generating the bundle…</Unavailable>;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '260px 1fr', gap: 8, height: '100%' }}>
      <div style={{ overflow: 'auto' }} data-testid="bundle-files">
        {sorted.map((f) => (
          <div
            key={f.path}
            title={f.path}
            className="problem mono file"
            style={{ background: f.path === current?.path ? 'var(--accent-soft)' : undefined }}
            onClick={() => setPath(f.path)}
          >
            {f.path.split('/').slice(1).join('/') || f.path}
          </div>
        ))}
      </div>
      {current ? (
        <MonacoView
          value={current.content}
          language={languageOf(current.path)}
          readOnly
          testid="config-editor"
        />
      ) : (
        <Unavailable>No files.</Unavailable>
      )}
    </div>
  );
}

export function YamlPanel() {
  const lab = useLab((s) => s.lab);
  const [text, setText] = useState<string | undefined>();
  const [draft, setDraft] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    void sim()
      .call((api) => api.serializeLab(lab, 'yaml'))
      .then((t) => {
        if (!live) return;
        setText(t);
        setDraft(undefined);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [lab]);
  const dirty = draft !== undefined && draft !== text;
  const apply = async () => {
    if (draft === undefined) return;
    const r = await sim().call((api) => api.parseLab(draft, 'lab.yaml'));
    if (!r.lab) {
      setError(r.error ?? 'invalid lab');
      return;
    }
    setError(undefined);
    useLab.getState().replace(r.lab);
    toast('Lab updated from YAML');
  };
  if (text === undefined) return <Unavailable>Loading…</Unavailable>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 4 }}>
      <div className="panel-bar" style={{ marginBottom: 0 }}>
        <button
          className="primary"
          disabled={!dirty}
          onClick={() => void apply()}
          data-testid="yaml-apply"
        >
          Apply
        </button>
        <button
          disabled={!dirty}
          onClick={() => {
            setDraft(undefined);
            setError(undefined);
          }}
        >
          Revert
        </button>
        {error ? (
          <span className="state-Idle" role="alert">
            {error}
          </span>
        ) : (
          <span className="muted">
            {dirty ? 'edited: Apply validates and replaces the lab (undoable)' : 'the lab as YAML'}
          </span>
        )}
      </div>
      <div style={{ flex: 1, minHeight: 0 }}>
        <MonacoView
          value={draft ?? text}
          language="yaml"
          onChange={setDraft}
          testid="yaml-editor"
        />
      </div>
    </div>
  );
}
