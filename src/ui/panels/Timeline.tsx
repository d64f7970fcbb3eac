/** Step through the event log: play, pause, step forward and back; the canvas follows. */
import { useEffect, useRef, useState } from 'react';
import { useStepFailures } from '../components/stepResults';
import { useUi } from '../store/uiStore';
import { CopyButton, Unavailable, WINDOW_MIN, useRowWindow } from './common';
import { timelineText } from './frrText';

export function TimelinePanel() {
  const log = useUi((s) => s.timeline);
  const step = useUi((s) => s.step);
  const [playing, setPlaying] = useState(false);
  const [stopAtFailure, setStopAtFailure] = useState(false);
  const failures = useStepFailures();
  const list = useRef<HTMLDivElement>(null);
  const at = step ?? log.length - 1;
  const go = (n: number) => useUi.setState({ step: Math.max(0, Math.min(log.length - 1, n)) });
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      const s = useUi.getState();
      const cur = s.step ?? -1;
      if (cur >= s.timeline.length - 1) setPlaying(false);
      else {
        useUi.setState({ step: cur + 1 });
        if (stopAtFailure && (failures[cur + 1]?.length ?? 0) > 0) setPlaying(false);
      }
    }, 500);
    return () => clearInterval(t);
  }, [playing, stopAtFailure, failures]);
  // A converged L fabric logs ~10,000 events: rendering every one took 2.3 s of main thread.
  const windowed = log.length > WINDOW_MIN;
  const { body, win, reveal } = useRowWindow(log.length, windowed);
  useEffect(() => {
    if (windowed) reveal(at);
    else list.current?.querySelector('.sel')?.scrollIntoView({ block: 'nearest' });
    // reveal reads live geometry; keying on it would scroll back on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [at, windowed]);
  if (log.length === 0)
    return <Unavailable>No events yet: the timeline fills when the simulation runs.</Unavailable>;
  const cur = log[at];
  const failing = failures[at];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <div className="panel-bar">
        <button aria-label="First event" onClick={() => go(0)}>
          « first
        </button>
        <button
          aria-label="Step back"
          data-testid="step-back"
          onClick={() => go(at - 1)}
          disabled={at <= 0}
        >
          ◀ step
        </button>
        <button
          aria-label={playing ? 'Pause' : 'Play'}
          data-testid="play"
          onClick={() => {
            if (!playing && at >= log.length - 1) go(0);
            setPlaying(!playing);
          }}
        >
          {playing ? '❚❚ pause' : '▶ play'}
        </button>
        <label title="Pause playback on the first step where an expectation fails">
          <input
            type="checkbox"
            data-testid="stop-at-failure"
            checked={stopAtFailure}
            onChange={(e) => setStopAtFailure(e.target.checked)}
          />{' '}
          stop at first failure
        </label>
        <button
          aria-label="Step forward"
          data-testid="step-fwd"
          onClick={() => go(at + 1)}
          disabled={at >= log.length - 1}
        >
          step ▶
        </button>
        <button aria-label="Last event" onClick={() => useUi.setState({ step: undefined })}>
          last »
        </button>
        <input
          type="range"
          aria-label="Event"
          min={0}
          max={log.length - 1}
          value={at}
          onChange={(e) => go(Number(e.target.value))}
          style={{ width: 240 }}
        />
        <span className="mono" data-testid="timeline-position">
          event {at + 1} / {log.length}
        </span>
        {cur && (
          <span className="mono muted" data-testid="timeline-current">
            {cur.kind} {cur.from ?? ''}
            {cur.to ? ` → ${cur.to}` : ''} {cur.prefixes.slice(0, 3).join(' ')}
          </span>
        )}
        <CopyButton testid="copy-timeline" text={() => timelineText(log)} />
      </div>
      {failing && (
        <div className="panel-bar" data-testid="step-expectations">
          {failing.length === 0 ? (
            <span className="ok">all expectations hold at this step</span>
          ) : (
            <span className="bad" title={failing.join('\n')}>
              {failing.length} expectation(s) fail at this step: {failing.join('; ')}
            </span>
          )}
        </div>
      )}
      <div ref={list} style={{ overflow: 'auto', flex: 1 }}>
        <table
          className={`grid${windowed ? ' windowed' : ''}`}
          data-testid="timeline-table"
          data-rows={log.length}
        >
          <thead>
            <tr>
              <th className="num">#</th>
              <th>event</th>
              <th>from</th>
              <th>to</th>
              <th>prefixes</th>
              <th>what happened</th>
            </tr>
          </thead>
          <tbody ref={body}>
            {win.padTop > 0 && (
              <tr className="spacer" aria-hidden="true" style={{ height: win.padTop }}>
                <td colSpan={6} />
              </tr>
            )}
            {log.slice(win.start, win.end).map((e, j) => {
              const i = win.start + j;
              return (
                <tr
                  key={i}
                  data-index={i}
                  className={`clickable ${i === at ? 'sel' : ''}`}
                  onClick={() => go(i)}
                  onMouseEnter={() => useUi.setState({ hoverStep: i })}
                  onMouseLeave={() => useUi.setState({ hoverStep: undefined })}
                  style={{ opacity: i > at ? 0.45 : 1 }}
                >
                  <td className="num" title={`engine step ${e.step}`}>
                    {i + 1}
                  </td>
                  <td>{e.kind}</td>
                  <td>{e.from ?? ''}</td>
                  <td>{e.to ?? ''}</td>
                  <td>
                    {(e.prefixCount ?? e.prefixes.length) > 3
                      ? `${e.prefixes.slice(0, 3).join(' ')} +${(e.prefixCount ?? e.prefixes.length) - 3}`
                      : e.prefixes.join(' ')}
                  </td>
                  <td>{e.detail}</td>
                </tr>
              );
            })}
            {win.padBottom > 0 && (
              <tr className="spacer" aria-hidden="true" style={{ height: win.padBottom }}>
                <td colSpan={6} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
