/**
 * Zoom to fit. A big lab is fitted to its devices' positions, not to React Flow's nodes: zoomed
 * out, the overview draws it and React Flow holds no device nodes to fit to.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { Lab } from '../../model/types';
import { flowPositions } from './flow';
import { labBounds } from './view';

/** Past this many devices the canvas draws the far zoom as an overview (Canvas.tsx). */
export const BIG_LAB = 200;

export function fitLab(rf: ReactFlowInstance, lab: Lab, duration = 0): void {
  if (lab.devices.length <= BIG_LAB) {
    void rf.fitView({ padding: 0.2, maxZoom: 1.2, duration });
    return;
  }
  const box = labBounds(flowPositions(lab));
  if (box)
    void rf.fitBounds(
      { x: box.x, y: box.y, width: box.w, height: box.h },
      { padding: 0.05, duration },
    );
}
