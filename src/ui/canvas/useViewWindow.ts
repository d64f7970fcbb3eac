import { useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { nextWindow, visibleRect } from './view';
import type { Rect } from './view';

/**
 * The flow-coordinate window of a big lab that React Flow holds while zoomed in (see
 * nextWindow); undefined when inactive. Follows the viewport without re-rendering on pans that
 * stay inside the window.
 */
export function useViewWindow(active: boolean): Rect | undefined {
  const store = useStoreApi();
  const [win, setWin] = useState<Rect>();
  useEffect(() => {
    if (!active) {
      setWin(undefined);
      return;
    }
    const check = () => {
      const { transform, width, height } = store.getState();
      if (width > 0 && height > 0)
        setWin((w) => nextWindow(w, visibleRect(transform, width, height)));
    };
    check();
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height)
        check();
    });
  }, [active, store]);
  return active ? win : undefined;
}

/** A wheel or pinch zoom is taken as over after this long without a zoom change. */
const ZOOM_SETTLE_MS = 150;

/**
 * Whether the view's zoom changed in the last ZOOM_SETTLE_MS (a stable function, read when
 * needed: no re-render per zoom step); always false when inactive.
 */
export function useZooming(active: boolean): () => boolean {
  const store = useStoreApi();
  const zoomedAt = useRef(-Infinity);
  useEffect(() => {
    if (!active) return;
    return store.subscribe((s, prev) => {
      if (s.transform[2] !== prev.transform[2]) zoomedAt.current = performance.now();
    });
  }, [active, store]);
  return useCallback(() => performance.now() - zoomedAt.current < ZOOM_SETTLE_MS, []);
}
