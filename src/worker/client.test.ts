import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, SimClient } from './client';

// A stand-in for the browser Worker: comlink over a MessageChannel, with an API whose answers
// arrive late (a slow simulation), so we can edit "while a simulation runs".
const workers: FakeWorker[] = [];

class FakeWorker extends EventTarget {
  private readonly channel = new MessageChannel();
  terminated = false;
  constructor() {
    super();
    workers.push(this);
    const generation = workers.length;
    expose(
      {
        simulate: async (revision: number) => {
          await new Promise((r) => setTimeout(r, revision === 1 ? 200 : 10));
          return { revision, generation };
        },
      },
      this.channel.port2,
    );
  }
  postMessage(msg: unknown, transfer?: Transferable[]): void {
    this.channel.port1.postMessage(msg, transfer ?? []);
  }
  override addEventListener(type: string, l: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.channel.port1.addEventListener('message', l as EventListener);
    else super.addEventListener(type, l);
    this.channel.port1.start();
  }
  override removeEventListener(type: string, l: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.channel.port1.removeEventListener('message', l as EventListener);
    else super.removeEventListener(type, l);
  }
  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
}

vi.stubGlobal('Worker', FakeWorker);
afterEach(() => {
  for (const w of workers) if (!w.terminated) w.terminate();
  workers.length = 0;
});

type Answer = { revision: number; generation: number };
const simulate = (c: SimClient, revision: number) =>
  c.simulate(revision, { devices: [], links: [] } as never) as unknown as Promise<Answer>;

describe('SimClient', () => {
  it('a newer edit aborts the run in flight: its result never arrives, the newer one does', async () => {
    const c = new SimClient();
    const stale = simulate(c, 1);
    const fresh = simulate(c, 2);
    await expect(stale).rejects.toBeInstanceOf(AbortedError);
    await expect(fresh).resolves.toEqual({ revision: 2, generation: 2 });
    expect(workers[0]?.terminated).toBe(true);
  });

  it('a crashed worker is restarted, listeners hear why, and later calls work', async () => {
    const c = new SimClient();
    const heard: string[] = [];
    c.onCrash((m) => heard.push(m));
    const inFlight = simulate(c, 1);
    const crash = new Event('error') as Event & { message: string };
    crash.message = 'engine threw';
    workers[0]?.dispatchEvent(crash);
    await expect(inFlight).rejects.toBeInstanceOf(AbortedError);
    expect(heard).toEqual(['engine threw']);
    await expect(simulate(c, 3)).resolves.toEqual({ revision: 3, generation: 2 });
  });
});
