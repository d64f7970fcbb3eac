/**
 * The built-in lab's guide: what the write-up is about, a switcher between its steps/variants
 * (each a complete lab), and what the user should see at this step. The lab's expectations check
 * the same claims; their verdicts sit next to it in the inspector and the top bar.
 */
import { useEffect, useState } from 'react';
import type { ExampleInfo } from '../../worker/views';
import { openExample } from '../actions';
import { sim } from '../sim';
import { toast, useUi } from '../store/uiStore';

let cached: ExampleInfo[] | undefined;

function useExamples(): ExampleInfo[] {
  const [list, setList] = useState<ExampleInfo[]>(cached ?? []);
  useEffect(() => {
    if (cached) return;
    void sim()
      .call((api) => api.examples())
      .then((r) => {
        cached = r.list;
        setList(r.list);
      })
      .catch(() => setList([]));
  }, []);
  return list;
}

export function ExampleGuide() {
  const ref = useUi((s) => s.example);
  const list = useExamples();
  const ex = ref && list.find((e) => e.id === ref.id);
  if (!ref || !ex) return null;
  const steps = ex.steps ?? [];
  const step = steps.find((s) => s.id === ref.step);
  return (
    <section className="guide" data-testid="example-guide" data-example={ex.id}>
      <div className="section-title">Built-in lab</div>
      <h2 data-testid="example-title">{ex.title}</h2>
      <p className="muted" data-testid="example-description">
        {ex.description}
      </p>
      {steps.length > 1 && (
        <label className="guide-step">
          <span>{steps.length > 2 ? 'step / variant' : 'step'}</span>
          <select
            data-testid="example-step"
            aria-label="Step of the built-in lab"
            value={ref.step}
            onChange={(e) =>
              void openExample(`${ex.id}/${e.target.value}`).catch((err: unknown) =>
                toast(String(err), 'error'),
              )
            }
          >
            {steps.map((s, i) => (
              <option key={s.id} value={s.id}>
                {i + 1}. {s.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {step && (
        <>
          {steps.length <= 1 && <div className="guide-steptitle">{step.title}</div>}
          {step.description && (
            <p className="muted" data-testid="example-step-description">
              {step.description}
            </p>
          )}
          {(step.whatYouShouldSee?.length ?? 0) > 0 && (
            <>
              <div className="section-title">What you should see</div>
              <ul className="guide-see" data-testid="example-see">
                {step.whatYouShouldSee?.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
