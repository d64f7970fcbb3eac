/**
 * The deterministic event queue. Invariants: messages to one receiving peer (one session
 * direction) are delivered in the order they were sent; FIFO delivers globally in send order;
 * `random` picks a random pending session (seeded mulberry32) and delivers its oldest message.
 */
import type { EngineState, Message } from './state';

/** mulberry32: returns [value in [0,1), next state]. */
export function nextRandom(state: number): [number, number] {
  const s = (state + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, s];
}

export interface QueueCursor {
  head: number;
}

export function enqueue(st: EngineState, msgs: readonly Message[]): void {
  for (const m of msgs) st.queue.push(m);
}

/** Takes the next message to deliver, or undefined when the queue is empty. */
export function dequeue(st: EngineState, cur: QueueCursor): Message | undefined {
  if (cur.head >= st.queue.length) {
    st.queue.length = 0;
    cur.head = 0;
    return undefined;
  }
  if (st.options.order === 'fifo') {
    const m = st.queue[cur.head];
    st.queue[cur.head++] = undefined as unknown as Message;
    if (cur.head > 4096 && cur.head * 2 > st.queue.length) {
      st.queue.splice(0, cur.head);
      cur.head = 0;
    }
    return m;
  }
  const [r, next] = nextRandom(st.rng);
  st.rng = next;
  const pick = cur.head + Math.floor(r * (st.queue.length - cur.head));
  const to = (st.queue[pick] as Message).to;
  // The oldest pending message of that session direction keeps per-session order.
  let i = cur.head;
  while ((st.queue[i] as Message).to !== to) i++;
  const [m] = st.queue.splice(i, 1);
  return m;
}
