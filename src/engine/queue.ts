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
  /**
   * The queued, not yet delivered UPDATE of each session direction (by receiving peer), with the
   * position of each prefix in it once something was merged. Changes to a direction whose UPDATE
   * still waits are packed into it, as a BGP speaker builds UPDATEs from its Adj-RIB-Out when the
   * session is next written: a later change of the same prefix replaces the earlier one.
   */
  open?: Map<number, { m: Message; at?: Map<number, number> }>;
}

export function enqueue(st: EngineState, msgs: readonly Message[], cur?: QueueCursor): void {
  for (const m of msgs) {
    const o = cur?.open?.get(m.to);
    if (!o) {
      st.queue.push(m);
      cur?.open?.set(m.to, { m });
      continue;
    }
    let at = o.at;
    if (!at) {
      at = new Map();
      for (let i = 0; i < o.m.prefixes.length; i++) at.set(o.m.prefixes[i] as number, i);
      o.at = at;
    }
    // Prefixes new to the open UPDATE go after its own, in order; `at` marks them −1 − k while
    // collected, so a prefix sent twice in `m` keeps its first place and its last attribute.
    const newPrefixes: number[] = [];
    const newAttrs: number[] = [];
    for (let i = 0; i < m.prefixes.length; i++) {
      const pid = m.prefixes[i] as number;
      const attr = m.attrs[i] as number;
      const j = at.get(pid);
      if (j === undefined) {
        at.set(pid, -1 - newPrefixes.length);
        newPrefixes.push(pid);
        newAttrs.push(attr);
      } else if (j < 0) newAttrs[-1 - j] = attr;
      else o.m.attrs[j] = attr;
    }
    if (newPrefixes.length > 0) append(o.m, newPrefixes, newAttrs, at);
  }
}

function append(open: Message, pids: number[], attrs: number[], at: Map<number, number>): void {
  const n = open.prefixes.length;
  const prefixes = new Int32Array(n + pids.length);
  const codes = new Int32Array(n + pids.length);
  prefixes.set(open.prefixes);
  codes.set(open.attrs);
  prefixes.set(pids, n);
  codes.set(attrs, n);
  for (let k = 0; k < pids.length; k++) at.set(pids[k] as number, n + k);
  open.prefixes = prefixes;
  open.attrs = codes;
}

function taken(cur: QueueCursor, m: Message | undefined): Message | undefined {
  if (m && cur.open?.get(m.to)?.m === m) cur.open.delete(m.to);
  return m;
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
    return taken(cur, m);
  }
  const [r, next] = nextRandom(st.rng);
  st.rng = next;
  const pick = cur.head + Math.floor(r * (st.queue.length - cur.head));
  const to = (st.queue[pick] as Message).to;
  // The oldest pending message of that session direction keeps per-session order.
  let i = cur.head;
  while ((st.queue[i] as Message).to !== to) i++;
  const [m] = st.queue.splice(i, 1);
  return taken(cur, m);
}
