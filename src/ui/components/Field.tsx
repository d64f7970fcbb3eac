import { useCallback, useEffect, useState } from 'react';
import type { Lab } from '../../model/types';
import { useLab } from '../store/labStore';
import { OpError } from '../store/ops';
import { toast } from '../store/uiStore';

/** Applies a model operation as one undo step; a refusal is shown as a toast with the reason. */
export function applyOrToast(op: (l: Lab) => Lab): void {
  const err = useLab.getState().apply(op);
  if (err) toast(err, 'error');
}

/**
 * A draft that validates as you type by dry-running the model operation on the current lab: an
 * invalid value yields the reason and is never applied; `commit` applies a valid one.
 */
function useOpDraft(value: string, op: (lab: Lab, text: string) => Lab) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  let error: string | undefined;
  if (draft !== value) {
    try {
      op(useLab.getState().lab, draft);
    } catch (e) {
      error = e instanceof OpError ? e.message : String(e);
    }
  }
  const commit = () => {
    if (draft === value || error) return;
    useLab.getState().apply((l) => op(l, draft));
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') setDraft(value);
  };
  return { draft, setDraft, error, commit, keys };
}

const STACKED = { gridTemplateColumns: 'minmax(0, 1fr)', gap: 2 } as const;

/** A labelled text field that is applied (one undo step) on Enter or blur when valid. */
export function OpField(props: {
  label: string;
  value: string;
  op: (lab: Lab, text: string) => Lab;
  testid?: string;
  placeholder?: string;
  mono?: boolean;
  title?: string;
  /** Label above a full-width input, for long values (label selectors). */
  stacked?: boolean;
}) {
  const { label, value, op, testid, placeholder, mono, title, stacked } = props;
  const { draft, setDraft, error, commit, keys } = useOpDraft(value, op);
  return (
    <div className="field" title={title} style={stacked ? STACKED : undefined}>
      <label>{label}</label>
      <input
        className={`${error ? 'invalid' : ''} ${mono ? 'mono' : ''}`}
        value={draft}
        placeholder={placeholder}
        data-testid={testid}
        aria-invalid={!!error}
        aria-label={label}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={keys}
      />
      {error && (
        <div
          className="err"
          role="alert"
          style={stacked ? { gridColumn: 1, marginTop: 0 } : undefined}
          data-testid={testid ? `${testid}-error` : undefined}
        >
          {error}
        </div>
      )}
    </div>
  );
}

/**
 * The same, unlabelled, for a cell of an entry row (prefix-list or route-map line). The reason
 * for an invalid value is reported through `onError` so the row can show it on its own line.
 */
export function OpInput(props: {
  label: string;
  value: string;
  op: (lab: Lab, text: string) => Lab;
  testid?: string;
  placeholder?: string;
  onError: (key: string, error: string | undefined) => void;
}) {
  const { label, value, op, testid, placeholder, onError } = props;
  const { draft, setDraft, error, commit, keys } = useOpDraft(value, op);
  useEffect(() => onError(label, error), [label, error, onError]);
  return (
    <input
      className={`mono ${error ? 'invalid' : ''}`}
      value={draft}
      placeholder={placeholder}
      data-testid={testid}
      aria-invalid={!!error}
      aria-label={label}
      title={error ?? label}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={keys}
    />
  );
}

/** Collected reasons of a row's invalid cells, keyed by cell label, for `RowErrors`. */
export function useRowErrors(): [string[], (key: string, e: string | undefined) => void] {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const report = useCallback((key: string, e: string | undefined) => {
    setErrors((prev) => {
      if (prev[key] === e) return prev;
      const next = { ...prev };
      if (e === undefined) delete next[key];
      else next[key] = e;
      return next;
    });
  }, []);
  return [Object.entries(errors).map(([k, v]) => `${k}: ${v}`), report];
}

export function RowErrors({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="err" role="alert">
      {errors.join('; ')}
    </div>
  );
}
