/** "Why?" for a device and a prefix: the engine's explanation, walked back hop by hop. */
import { useEffect, useState } from 'react';
import { query } from '../sim';
import type { ExplanationView } from '../../worker/views';

export function Explain({ device, prefix }: { device: string; prefix?: string }) {
  const [text, setText] = useState(prefix ?? '');
  const [answer, setAnswer] = useState<ExplanationView | { error: string } | undefined>();
  useEffect(() => {
    setText(prefix ?? '');
    setAnswer(undefined);
  }, [prefix, device]);
  const run = async () => {
    const r = await query<ExplanationView | { error: string }>((api, rev) =>
      api.explain(rev, device, text.trim()),
    );
    if (r) setAnswer(r);
  };
  return (
    <div style={{ marginTop: 8 }}>
      <div className="panel-bar">
        <input
          className="mono"
          aria-label="Prefix to explain"
          data-testid="explain-prefix"
          placeholder="prefix or address, e.g. 10.244.2.0/24"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void run()}
          style={{ width: 220 }}
        />
        <button data-testid="explain-run" disabled={!text.trim()} onClick={() => void run()}>
          Why?
        </button>
      </div>
      {answer &&
        ('error' in answer ? (
          <div className="state-Idle">{answer.error}</div>
        ) : (
          <div data-testid="explanation">
            <div style={{ fontWeight: 600, marginBottom: 4 }}>{answer.summary}</div>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {answer.findings.map((f, i) => (
                <li key={i}>
                  <span className="mono muted">{f.device}</span> {f.text}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}
