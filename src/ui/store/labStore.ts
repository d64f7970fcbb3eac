/**
 * The lab store: the lab model is the single source of truth and the only state under undo.
 * Selection, viewport and simulation results live in uiStore and are never captured by undo.
 */
import { temporal } from 'zundo';
import { create } from 'zustand';
import { emptyLab } from '../../model/lab';
import type { Lab } from '../../model/types';
import { OpError } from './ops';

export interface LabState {
  lab: Lab;
  /** Applies a model operation as one undo step; returns the error message when it is refused. */
  apply: (op: (lab: Lab) => Lab) => string | undefined;
  /** Replaces the lab (open, import, example): an undo step too, so a mistaken open is undone. */
  replace: (lab: Lab) => void;
}

export const useLab = create<LabState>()(
  temporal(
    (set, get) => ({
      lab: emptyLab('untitled'),
      apply: (op) => {
        try {
          const next = op(get().lab);
          if (next !== get().lab) set({ lab: next });
          return undefined;
        } catch (e) {
          if (e instanceof OpError) return e.message;
          throw e;
        }
      },
      replace: (lab) => set({ lab }),
    }),
    {
      partialize: (s): { lab: Lab } => ({ lab: s.lab }),
      equality: (a, b) => a.lab === b.lab,
      limit: 200,
    },
  ),
);

export const undo = (): void => useLab.temporal.getState().undo();
export const redo = (): void => useLab.temporal.getState().redo();
/** Loading a lab at start-up is not something the user can undo. */
export function loadInitial(lab: Lab): void {
  useLab.setState({ lab });
  useLab.temporal.getState().clear();
}
