/**
 * Update packing in the event queue. RFC 4271 §9.2: a speaker advertises what its Adj-RIB-Out
 * holds when it next sends, so changes to a session whose UPDATE has not gone out yet travel in
 * that UPDATE, and of several changes to one prefix only the last is sent (§9.2.1.1).
 */
import { describe, expect, it } from 'vitest';
import { newState } from './engine';
import { dequeue, enqueue } from './queue';
import type { QueueCursor } from './queue';
import { frrTorCiliumLab } from './testing/labs';

const msg = (to: number, prefixes: number[], attrs: number[]) => ({
  to,
  prefixes: Int32Array.from(prefixes),
  attrs: Int32Array.from(attrs),
});

describe('update packing', () => {
  it('joins changes to a session direction whose UPDATE is still queued; the last change wins', () => {
    const st = newState(frrTorCiliumLab());
    const cur: QueueCursor = { head: 0, open: new Map() };
    enqueue(st, [msg(1, [10, 11], [5, 5]), msg(2, [10], [7])], cur);
    enqueue(st, [msg(1, [11, 12], [-1, 6])], cur);
    expect(st.queue).toHaveLength(2);
    expect(dequeue(st, cur)).toEqual(msg(1, [10, 11, 12], [5, -1, 6]));
    // Once delivered, a new change to that direction is a new UPDATE behind the pending ones.
    enqueue(st, [msg(1, [10], [-1])], cur);
    expect(dequeue(st, cur)).toEqual(msg(2, [10], [7]));
    expect(dequeue(st, cur)).toEqual(msg(1, [10], [-1]));
    expect(dequeue(st, cur)).toBeUndefined();
  });

  it('a prefix changed twice in one batch keeps its first place and its last change', () => {
    const st = newState(frrTorCiliumLab());
    const cur: QueueCursor = { head: 0, open: new Map() };
    enqueue(st, [msg(1, [10], [5])], cur);
    enqueue(st, [msg(1, [12, 11, 12, 10], [6, 7, 8, 9])], cur);
    expect(dequeue(st, cur)).toEqual(msg(1, [10, 12, 11], [9, 8, 7]));
  });

  it('without a cursor every batch is its own UPDATE', () => {
    const st = newState(frrTorCiliumLab());
    enqueue(st, [msg(1, [10], [5])]);
    enqueue(st, [msg(1, [10], [6])]);
    expect(st.queue).toHaveLength(2);
  });
});
