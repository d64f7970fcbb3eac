import { useEffect, useState } from 'react';
import type { Lab } from '../../model/types';
import { useLab } from '../store/labStore';
import { OpError } from '../store/ops';

/**
 * A text field that validates as you type by dry-running the model operation: an invalid value
 * shows why and is never applied; a valid one is applied (one undo step) on Enter or blur.
 */
export function OpField(props: {
  label: string;
  value: string;
  op: (lab: Lab, text: string) => Lab;
  testid?: string;
  placeholder?: string;
  mono?: boolean;
}) {
  const { label, value, op, testid, placeholder, mono } = props;
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
    if (draft === value) return;
    if (error) return;
    useLab.getState().apply((l) => op(l, draft));
  };
  return (
    <div className="field">
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
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(value);
        }}
      />
      {error && (
        <div className="err" role="alert" data-testid={testid ? `${testid}-error` : undefined}>
          {error}
        </div>
      )}
    </div>
  );
}
