// Expected values are worked out by hand from the geometry in each comment (rows of height h
// stacked from y = 0; a row i covers [i*h, (i+1)*h)); no daemon is involved in UI arithmetic.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameWindow, scrollToRow, visibleRows } from './windowing';

describe('visibleRows', () => {
  it('at the top: the rows under a 200 px viewport of 20 px rows, plus overscan below', () => {
    // [0, 200) covers rows 0..9; 5 rows overscan → end 15; 1000 − 15 rows below at 20 px.
    expect(visibleRows(1000, 20, { top: 0, height: 200 }, 5)).toEqual({
      start: 0,
      end: 15,
      padTop: 0,
      padBottom: 985 * 20,
    });
  });

  it('scrolled mid-row: the partly visible rows at both edges are rendered', () => {
    // [1010, 1210) starts inside row 50 (1000..1020) and ends inside row 60 (1200..1220).
    expect(visibleRows(1000, 20, { top: 1010, height: 200 }, 0)).toEqual({
      start: 50,
      end: 61,
      padTop: 1000,
      padBottom: 939 * 20,
    });
    // Overscan of 3 on each side.
    const w = visibleRows(1000, 20, { top: 1010, height: 200 }, 3);
    expect([w.start, w.end]).toEqual([47, 64]);
  });

  it('scrolled to the bottom: clamped to the last row, no bottom spacer', () => {
    // 100 rows × 20 px = 2000 px; viewport [1800, 2000) shows rows 90..99.
    expect(visibleRows(100, 20, { top: 1800, height: 200 }, 10)).toEqual({
      start: 80,
      end: 100,
      padTop: 1600,
      padBottom: 0,
    });
  });

  it('table starting below the viewport top (negative offset) renders from row 0', () => {
    // The toolbar takes 60 px: rows occupy viewport [60, 200) → rows 0..6 (0..140 in table y).
    expect(visibleRows(1000, 20, { top: -60, height: 200 }, 0)).toMatchObject({
      start: 0,
      end: 7,
    });
  });

  it('a table entirely below or above the viewport renders nothing but its spacers', () => {
    // Below: viewport [-500, -300) ends before row 0.
    expect(visibleRows(50, 20, { top: -500, height: 200 }, 0)).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 1000,
    });
    // Above: viewport starts at 5000, past the 50 × 20 = 1000 px of rows.
    expect(visibleRows(50, 20, { top: 5000, height: 200 }, 0)).toEqual({
      start: 50,
      end: 50,
      padTop: 1000,
      padBottom: 0,
    });
  });

  it('fewer rows than fit: all of them, no spacers', () => {
    expect(visibleRows(3, 20, { top: 0, height: 600 }, 10)).toEqual({
      start: 0,
      end: 3,
      padTop: 0,
      padBottom: 0,
    });
  });

  it('empty table, zero-height viewport and a bad row height do not throw or go negative', () => {
    expect(visibleRows(0, 20, { top: 0, height: 200 }, 5)).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 0,
    });
    // A collapsed panel (height 0) at offset 100 of 20 px rows: row 5 only (ceil(100/20) = 5).
    expect(visibleRows(100, 20, { top: 100, height: 0 }, 0)).toMatchObject({ start: 5, end: 5 });
    const w = visibleRows(10, 0, { top: 3, height: 4 }, 0);
    expect(w.start).toBeGreaterThanOrEqual(0);
    expect(w.end).toBeLessThanOrEqual(10);
  });

  it('property: the window covers every visible row, stays in range, spacers add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -2_000, max: 700_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 50 }),
        (count, h, top, height, overscan) => {
          const w = visibleRows(count, h, { top, height }, overscan);
          expect(0 <= w.start && w.start <= w.end && w.end <= count).toBe(true);
          expect(w.padTop + (w.end - w.start) * h + w.padBottom).toBe(count * h);
          // Every row that intersects the viewport is rendered.
          for (let i = 0; i < count; i++) {
            const visible = i * h < top + height && (i + 1) * h > top;
            if (visible) expect(i >= w.start && i < w.end).toBe(true);
          }
          // And no more than the visible rows plus overscan (+1 for a partial row per edge).
          expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(height / h) + 1 + 2 * overscan);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('scrollToRow', () => {
  const view = { top: 1000, height: 200 };
  it('keeps the offset when the row is fully visible below the sticky header', () => {
    // Row 52 covers [1040, 1060): inside [1000 + 24, 1200).
    expect(scrollToRow(52, 20, view, 24)).toBe(1000);
  });
  it('scrolls up so a row hidden under the sticky header shows just below it', () => {
    // Row 50 covers [1000, 1020), under the 24 px header → top = 1000 − 24.
    expect(scrollToRow(50, 20, view, 24)).toBe(976);
  });
  it('scrolls down so a row below the viewport ends at its bottom edge', () => {
    // Row 60 covers [1200, 1220) → top = 1220 − 200.
    expect(scrollToRow(60, 20, view, 24)).toBe(1020);
  });
});

describe('sameWindow', () => {
  it('is true for equal windows and false when any field differs', () => {
    const a = visibleRows(100, 20, { top: 0, height: 100 }, 2);
    expect(sameWindow(a, { ...a })).toBe(true);
    expect(sameWindow(a, { ...a, end: a.end + 1 })).toBe(false);
    expect(sameWindow(a, { ...a, padBottom: 0 })).toBe(false);
  });
});
