import { useEffect, useRef, useState } from 'react';

/**
 * The ids to mount out of `wanted` (in priority order): ids no longer wanted go at once, new ones
 * join `chunk` per animation frame, and none while `paused()` says so (the view is zooming:
 * every frame of a zoom re-rasters what is mounted, and a node mounted mid-zoom is re-rastered
 * at every step after). Mounting a hundred device nodes in one frame costs hundreds of
 * milliseconds in software rendering; meanwhile the overview layer draws what is not mounted.
 */
export function useChunkedMount(
  wanted: readonly string[],
  chunk: number,
  paused: () => boolean = () => false,
): ReadonlySet<string> {
  const [ids, setIds] = useState<ReadonlySet<string>>(() => new Set(wanted.slice(0, chunk)));
  const current = useRef(ids);
  current.current = ids;
  useEffect(() => {
    const want = new Set(wanted);
    let frame = 0;
    const step = () => {
      frame = 0;
      const prev = current.current;
      const next = new Set([...prev].filter((id) => want.has(id)));
      let added = 0;
      const wait = paused();
      for (const id of wait ? [] : wanted) {
        if (added >= chunk) break;
        if (!next.has(id)) {
          next.add(id);
          added++;
        }
      }
      if (added > 0 || next.size !== prev.size) setIds(next);
      if (next.size < want.size) frame = requestAnimationFrame(step);
    };
    step();
    return () => {
      if (frame) cancelAnimationFrame(frame);
    };
  }, [wanted, chunk, paused]);
  return ids;
}
