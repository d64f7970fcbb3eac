import { useRef } from 'react';
import type { ReactNode } from 'react';
import { BgpPanel } from '../panels/BgpTable';
import { FibPanel } from '../panels/Fib';
import { ConfigPanel, DiffPanel, ProblemsPanel, YamlPanel } from '../panels/Misc';
import { SessionsPanel } from '../panels/Sessions';
import { TimelinePanel } from '../panels/Timeline';
import { TracePanel } from '../panels/Trace';
import { useUi } from '../store/uiStore';
import type { BottomTab } from '../store/uiStore';

const NONE: never[] = [];

const tabs: { id: BottomTab; label: string; body: () => ReactNode }[] = [
  { id: 'problems', label: 'Problems', body: () => <ProblemsPanel /> },
  { id: 'sessions', label: 'Sessions', body: () => <SessionsPanel /> },
  { id: 'bgp', label: 'BGP table', body: () => <BgpPanel /> },
  { id: 'fib', label: 'FIB', body: () => <FibPanel /> },
  { id: 'trace', label: 'Trace', body: () => <TracePanel /> },
  { id: 'timeline', label: 'Timeline', body: () => <TimelinePanel /> },
  { id: 'diff', label: 'Diff', body: () => <DiffPanel /> },
  { id: 'config', label: 'Config', body: () => <ConfigPanel /> },
  { id: 'yaml', label: 'Lab YAML', body: () => <YamlPanel /> },
];

function Count({ id }: { id: BottomTab }) {
  const problems = useUi((s) => s.summary?.problems) ?? NONE;
  const sessions = useUi((s) => s.summary?.sessions) ?? NONE;
  const log = useUi((s) => s.timeline.length);
  const diff = useUi((s) => s.summary?.diff?.routes.length ?? 0);
  if (id === 'problems' && problems.length) {
    const bad = problems.some((p) => p.severity === 'error');
    return <span className={`count ${bad ? 'bad' : ''}`}>{problems.length}</span>;
  }
  if (id === 'sessions' && sessions.length) {
    const up = sessions.filter((s) => s.state === 'Established').length;
    return (
      <span className="count">
        {up}/{sessions.length}
      </span>
    );
  }
  if (id === 'timeline' && log) return <span className="count">{log}</span>;
  if (id === 'diff' && diff) return <span className="count">{diff}</span>;
  return null;
}

export function BottomPanel() {
  const tab = useUi((s) => s.tab);
  const open = useUi((s) => s.panelOpen);
  const height = useUi((s) => s.panelHeight);
  const drag = useRef<{ y: number; h: number } | undefined>(undefined);
  const current = tabs.find((t) => t.id === tab) ?? tabs[1];
  return (
    <section className="bottom" aria-label="Views" style={{ height: open ? height : undefined }}>
      {open && (
        <div
          className="resizer"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the panel"
          onPointerDown={(e) => {
            drag.current = { y: e.clientY, h: height };
            (e.target as HTMLElement).setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            if (!drag.current) return;
            const h = Math.max(
              120,
              Math.min(window.innerHeight - 200, drag.current.h + drag.current.y - e.clientY),
            );
            useUi.setState({ panelHeight: h });
          }}
          onPointerUp={() => (drag.current = undefined)}
        />
      )}
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            className="tab"
            data-testid={`tab-${t.id}`}
            aria-selected={open && tab === t.id}
            onClick={() => useUi.setState({ tab: t.id, panelOpen: true })}
          >
            {t.label}
            <Count id={t.id} />
          </button>
        ))}
        <span className="spacer" />
        <button
          className="tab"
          aria-label={open ? 'Collapse the panel' : 'Expand the panel'}
          data-testid="panel-toggle"
          onClick={() => useUi.setState({ panelOpen: !open })}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && current && (
        <div className="panel-body" role="tabpanel" data-testid={`panel-${current.id}`}>
          {current.body()}
        </div>
      )}
    </section>
  );
}
