/**
 * Problems-panel jumps into inspector rows: a row that owns a model path (e.g.
 * `devices/tor0/bgp/neighbors/10.0.1.2`) opens itself when the jump lands on it or inside it,
 * and the row the path names exactly is scrolled into view and flashed.
 */
import { useEffect, useRef } from 'react';
import { useUi } from '../store/uiStore';

/**
 * `onHit` opens the row; `reveal` names what else must be seen (its settings), scrolled into view
 * before the row itself so both end up on screen.
 */
export function useJumpTarget<T extends HTMLElement>(
  path: string,
  onHit?: () => void,
  reveal?: () => HTMLElement | null,
) {
  const focus = useUi((s) => s.inspectPath);
  const ref = useRef<T>(null);
  const hit = focus !== undefined && (focus === path || focus.startsWith(`${path}/`));
  const exact = focus === path;
  const callbacks = useRef({ onHit, reveal });
  useEffect(() => {
    callbacks.current = { onHit, reveal };
  });
  useEffect(() => {
    if (!hit) return;
    callbacks.current.onHit?.();
    if (!exact) return;
    // Two frames: after the render the opening caused, so what it opened is measured.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const el = ref.current;
        if (!el) return;
        callbacks.current.reveal?.()?.scrollIntoView({ block: 'nearest' });
        el.scrollIntoView({ block: 'nearest' });
        el.classList.add('flash');
        setTimeout(() => el.classList.remove('flash'), 1500);
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [hit, exact, focus]);
  return ref;
}
