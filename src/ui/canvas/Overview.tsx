/**
 * The overview layer: one <canvas> under React Flow's pane, redrawn on every viewport change
 * without a React render (the transform is read from React Flow's store in a frame callback).
 */
import { useStore, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { drawOverview } from './overview';
import type { OverviewScene, Palette } from './overview';

function paletteOf(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    node: v('--node', '#fff'),
    border: v('--border', '#d9dde3'),
    muted: v('--muted', '#5d6877'),
    ok: v('--ok', '#15803d'),
    warn: v('--warn', '#b45309'),
    bad: v('--bad', '#c62828'),
    accent: v('--accent', '#2563eb'),
    trace: v('--trace', '#7c3aed'),
    text: v('--text', '#1c2430'),
  };
}

export function Overview({ scene, theme }: { scene: OverviewScene; theme: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);

  // Per theme: reading computed styles forces a style recalculation of the whole page.
  const palette = useRef<{ theme: string; colours: Palette }>(undefined);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || width === 0 || height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    // Resizing clears and reallocates the bitmap: only when the size changed.
    if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
    if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
    let frame = 0;
    const draw = () => {
      frame = 0;
      // Read in the frame callback: the theme's variables are set by a parent effect after ours.
      if (palette.current?.theme !== theme) palette.current = { theme, colours: paletteOf(canvas) };
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawOverview(ctx, scene, store.getState().transform, width, height, palette.current.colours);
      canvas.dataset.drawn = String(scene.devices.length);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    schedule();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.transform !== prev.transform) schedule();
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scene, width, height, theme, store]);

  return (
    <canvas
      ref={ref}
      className="overview"
      data-testid="overview"
      style={{ width, height }}
      aria-hidden={scene.devices.length === 0}
      aria-label={
        scene.devices.length > 0
          ? `Overview of ${scene.devices.length} devices; zoom in to edit them`
          : undefined
      }
    />
  );
}
