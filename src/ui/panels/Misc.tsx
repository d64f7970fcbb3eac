/** Problems, the failure diff, generated configs and the lab as editable YAML. */
import { useEffect, useMemo, useState } from 'react';
import { sim } from '../sim';
import { useLab } from '../store/labStore';
import { select, toast, useUi } from '../store/uiStore';
import { MonacoView, languageOf } from '../monaco/MonacoView';
import type { BundleFile } from '../../worker/views';
import { DataTable, Unavailable } from './common';

const NONE: never[] = [];

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
          onClick={() =>
            p.device ? select([p.device]) : p.link ? select([], [p.link]) : undefined
          }
          onKeyDown={(e) => e.key === 'Enter' && p.device && select([p.device])}
        >
          <span className={`sev-${p.severity}`}>{p.severity}</span>
          <span>{p.message}</span>
          <span className="muted mono">{p.device ?? p.link ?? p.path ?? ''}</span>
        </div>
      ))}
    </div>
  );
}

export function DiffPanel() {
  const diff = useUi((s) => s.summary?.diff);
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
      </div>
      {diff.sessions.length > 0 && (
        <DataTable
          rows={diff.sessions}
          filter=""
          rowKey={(s) => `${s.device}|${s.peer}`}
          columns={[
            { key: 'd', label: 'Device', value: (s) => s.device },
            { key: 'p', label: 'Neighbor', value: (s) => s.peer },
            { key: 'b', label: 'Before', value: (s) => s.before },
            { key: 'a', label: 'After', value: (s) => s.after },
          ]}
        />
      )}
      <div style={{ height: 8 }} />
      <DataTable
        testid="diff-routes"
        rows={diff.routes}
        filter=""
        rowKey={(r) => `${r.device}|${r.prefix}`}
        rowProps={(r) => ({ 'data-change': r.change })}
        columns={[
          {
            key: 'c',
            label: 'Change',
            value: (r) => r.change,
            render: (r) => (
              <span
                className={
                  r.change === 'lost'
                    ? 'state-Idle'
                    : r.change === 'gained'
                      ? 'state-Established'
                      : ''
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
        ]}
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
