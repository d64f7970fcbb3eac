import { useStoreApi } from '@xyflow/react';
import { useEffect, useState } from 'react';
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
