import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ExampleInfo } from '../../worker/views';
import {
  autoLayout,
  copyShareLink,
  exportPng,
  exportSvg,
  exportZip,
  fit,
  importContainerlab,
  newLab,
  openExample,
  openLabFile,
  saveLabFile,
} from '../actions';
import { abortRun, resimulate, sim } from '../sim';
import { redo, undo, useLab } from '../store/labStore';
import { setLabName } from '../store/ops';
import { toast, useUi } from '../store/uiStore';
import { useStepResults } from './stepResults';

function SimStatus() {
  const status = useUi((s) => s.status);
  const summary = useUi((s) => s.summary);
  const error = useUi((s) => s.simError);
  const text =
    status === 'converged'
      ? `converged · ${summary?.convergence?.events ?? 0} events · ${Math.round(summary?.elapsedMs ?? 0)} ms`
      : status === 'running'
        ? 'simulating…'
        : status === 'not-converging'
          ? 'not converging'
          : status === 'error'
            ? 'simulation unavailable'
            : 'idle';
  const dot =
    status === 'converged' ? 'ok' : status === 'running' ? 'run' : status === 'idle' ? '' : 'bad';
  return (
    <span className="status" data-testid="sim-status" data-status={status} title={error ?? text}>
      <span className={`dot ${dot}`} />
      {text}
      {status === 'running' && (
        <button
          style={{ padding: '0 6px', fontSize: 11 }}
          onClick={abortRun}
          title="Abort this run"
        >
          abort
        </button>
      )}
      {status === 'error' && (
        <button style={{ padding: '0 6px', fontSize: 11 }} onClick={resimulate}>
          re-run
        </button>
      )}
    </span>
  );
}

function Expectations() {
  const { results, event, unchecked } = useStepResults();
  const defined = useLab((s) => s.lab.expectations.length);
  if (defined === 0) return null;
  const ok = results.filter((r) => r.ok).length;
  const all = results.length;
  const cls = all === 0 ? '' : ok === all ? 'ok' : 'bad';
  return (
    <span
      className={`chip ${cls}`}
      data-testid="expectations"
      data-event={event ?? ''}
      role="button"
      tabIndex={0}
      onClick={() => useUi.setState({ inspectorTab: 'expectations' })}
      title={[
        ...(event !== undefined
          ? [unchecked ? `event ${event}: not re-checked, end state shown` : `at event ${event}`]
          : []),
        ...results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail ?? 'fails'}`),
      ].join('\n')}
    >
      expectations {all === 0 ? `${defined} defined` : `${ok}/${all} hold`}
      {event !== undefined && !unchecked ? ` @${event}` : ''}
    </span>
  );
}

function FileMenu() {
  const [open, setOpen] = useState(false);
  const [examples, setExamples] = useState<ExampleInfo[]>([]);
  const openInput = useRef<HTMLInputElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!open) return;
    void sim()
      .call((api) => api.examples())
      .then((r) => setExamples(r.list))
      .catch(() => setExamples([]));
    const close = (e: MouseEvent) => {
      if (!(e.target as HTMLElement).closest('.menu')) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const item = (
    label: string,
    fn: () => void | Promise<unknown>,
    kbd?: string,
    testid?: string,
  ) => (
    <button
      data-testid={testid}
      onClick={() => {
        setOpen(false);
        void Promise.resolve(fn()).catch((e: unknown) => toast(String(e), 'error'));
      }}
    >
      <span>{label}</span>
      {kbd && <span className="kbd">{kbd}</span>}
    </button>
  );
  return (
    <div className="menu">
      <button data-testid="file-menu" onClick={() => setOpen(!open)} aria-expanded={open}>
        File ▾
      </button>
      <input
        ref={openInput}
        type="file"
        hidden
        accept=".yaml,.yml,.json"
        data-testid="open-input"
        onChange={(e) => e.target.files && void openLabFile(e.target.files)}
      />
      <input
        ref={importInput}
        type="file"
        hidden
        multiple
        data-testid="import-input"
        onChange={(e) => e.target.files && void importContainerlab(e.target.files)}
      />
      {open && (
        <div className="menu-list" role="menu">
          {item('New lab', newLab, undefined, 'menu-new')}
          {item('New fabric…', () => useUi.setState({ wizard: true }), undefined, 'menu-wizard')}
          {item('Open lab file…', () => openInput.current?.click())}
          {item('Save lab file', saveLabFile, 'Ctrl+S')}
          <hr />
          {item(
            'Import containerlab topology…',
            () => importInput.current?.click(),
            undefined,
            'menu-import',
          )}
          {item('Export bundle (zip)', exportZip, undefined, 'menu-export-zip')}
          {item('Export diagram SVG', exportSvg)}
          {item('Export diagram PNG', exportPng)}
          {item('Copy share link', copyShareLink, undefined, 'menu-share')}
          <hr />
          {item('Auto-layout', autoLayout)}
          <div className="menu-label">Built-in labs</div>
          {examples.length === 0 && <div className="menu-label">none available</div>}
          {examples.map((e) => (
            <div key={e.id} title={e.description}>
              {item(e.title, () => openExample(e.id), undefined, `example-${e.id}`)}
              {(e.steps?.length ?? 0) > 1 &&
                e.steps?.map((st) => (
                  <div key={st.id} title={st.description} style={{ paddingLeft: 14, fontSize: 12 }}>
                    {item(
                      `↳ ${st.title}`,
                      () => openExample(`${e.id}/${st.id}`),
                      undefined,
                      `example-${e.id}/${st.id}`,
                    )}
                  </div>
                ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export function TopBar() {
  const name = useLab((s) => s.lab.name);
  const apply = useLab((s) => s.apply);
  const canUndo = useStore(useLab.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useLab.temporal, (s) => s.futureStates.length > 0);
  const theme = useUi((s) => s.theme);
  const saved = useUi((s) => s.saved);
  const failMode = useUi((s) => s.failMode);
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  return (
    <header className="topbar">
      <span className="brand">
        <img src="/favicon.svg" alt="" />
        routelab
      </span>
      <input
        className="labname"
        aria-label="Lab name"
        data-testid="lab-name"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          const err = apply((l) => setLabName(l, draft));
          if (err) {
            toast(err, 'error');
            setDraft(name);
          }
        }}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <FileMenu />
      <span className="sep" />
      <button onClick={undo} disabled={!canUndo} data-testid="undo" title="Undo (Ctrl+Z)">
        ↶ Undo
      </button>
      <button onClick={redo} disabled={!canRedo} data-testid="redo" title="Redo (Ctrl+Shift+Z)">
        ↷ Redo
      </button>
      <span className="sep" />
      <button onClick={fit} title="Zoom to fit (F)">
        Fit
      </button>
      <button
        onClick={() => void autoLayout()}
        title="Layered auto-layout (spines → leaves → nodes)"
      >
        Layout
      </button>
      <button
        className={failMode ? 'on' : ''}
        data-testid="fail-mode"
        aria-pressed={failMode}
        onClick={() => useUi.setState({ failMode: !failMode })}
        title="Fail mode: click a link or device to fail or restore it"
      >
        ⚡ Fail mode
      </button>
      <button onClick={() => void exportZip()} title="Export the containerlab + kind bundle">
        Export
      </button>
      <span className="spacer" />
      <Expectations />
      <SimStatus />
      <span
        className="muted"
        data-testid="save-state"
        data-saved={saved ? 'yes' : 'no'}
        style={{ fontSize: 11, width: 48 }}
      >
        {saved ? 'saved' : 'saving…'}
      </span>
      <button
        onClick={() => useUi.setState({ theme: theme === 'light' ? 'dark' : 'light' })}
        title="Light/dark theme"
        aria-label="Toggle theme"
      >
        {theme === 'light' ? '☾' : '☀'}
      </button>
      <button
        onClick={() => useUi.setState({ help: true })}
        title="Keyboard shortcuts (?)"
        aria-label="Help"
      >
        ?
      </button>
    </header>
  );
}
