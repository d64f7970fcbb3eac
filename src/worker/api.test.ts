/**
 * The worker API's contract with the UI: revisions, on-demand views, stale answers, diffs. The
 * routing results themselves are the engine's and are tested there against FRR; here only the
 * plumbing is checked, on a built-in lab.
 */
import { describe, expect, it } from 'vitest';
import { api } from './api';

describe('worker api', () => {
  const lab = api.example('cilium-frr-tor');

  it('opens built-in labs by id, example/step and default', () => {
    expect(lab?.devices.length).toBeGreaterThan(0);
    const { list, defaultId } = api.examples();
    expect(list.map((e) => e.id)).toContain(defaultId);
    const first = list[0];
    const step = first?.steps?.[0];
    expect(step && api.example(`${first.id}/${step.id}`)?.name).toBeTruthy();
    expect(api.example('no-such-lab')).toBeUndefined();
  });

  it('simulates, and answers views only for the revision it ran', () => {
    if (!lab) throw new Error('no example');
    const s = api.simulate(7, lab);
    expect(s.ok).toBe(true);
    expect(s.revision).toBe(7);
    expect(s.sessions.length).toBeGreaterThan(0);
    const speaker = s.sessions[0]?.device ?? '';
    expect(api.deviceView(7, speaker)?.device).toBe(speaker);
    expect(api.deviceView(6, speaker)).toBeUndefined();
    expect(api.fib(7, speaker).routes.length).toBeGreaterThan(0);
    expect(api.fib(6, speaker).error).toMatch(/revision/);
    // The example's expectations restate what the field write-up shows at this step.
    expect(s.expectations.length).toBe(lab.expectations.length);
    expect(s.expectations.filter((x) => !x.ok)).toEqual([]);
  });

  it('a failed reach expectation carries its trace and the devices to highlight', () => {
    if (!lab) throw new Error('no example');
    const broken = {
      ...lab,
      links: lab.links.map((l) =>
        l.a.device === 'router0' && l.b.device === 'tor1' ? { ...l, down: true } : l,
      ),
      expectations: [
        {
          name: 'pod to pod',
          kind: 'reach' as const,
          from: 'server1/nettool-1',
          to: 'server3/nettool-2',
        },
      ],
    };
    const r = api.simulate(11, broken).expectations[0];
    expect(r?.ok).toBe(false);
    // The UI shows the trace under the user's own endpoint names, not resolved addresses.
    expect(r?.trace?.from).toBe('server1/nettool-1');
    expect(r?.trace?.to).toBe('server3/nettool-2');
    expect(r?.trace?.paths.every((p) => p.end !== 'delivered')).toBe(true);
    expect(r?.devices?.length).toBeGreaterThan(0);
  });

  it('reports what a failure changed against the previous run', () => {
    if (!lab) throw new Error('no example');
    api.simulate(1, lab);
    const failed = { ...lab, links: lab.links.map((l, i) => (i === 0 ? { ...l, down: true } : l)) };
    const s = api.simulate(2, failed);
    expect(
      s.diff?.sessions.some((x) => x.before === 'Established' && x.after !== 'Established'),
    ).toBe(true);
  });

  it('never throws on a broken lab: the error comes back as data', () => {
    if (!lab) throw new Error('no example');
    const s = api.simulate(3, { ...lab, devices: null as never });
    expect(s.ok).toBe(false);
    expect(s.error).toBeTruthy();
  });

  it('round-trips the lab file and zips the bundle', () => {
    if (!lab) throw new Error('no example');
    const text = api.serializeLab(lab, 'yaml');
    expect(api.parseLab(text, 'lab.yaml').lab?.name).toBe(lab.name);
    expect(api.parseLab('devices: [', 'bad.yaml').error).toBeTruthy();
    const z = api.zip(lab);
    expect(z.zip?.length).toBeGreaterThan(0);
    expect(z.files.some((f) => f.endsWith('frr.conf'))).toBe(true);
  });

  it('hands the log over in slices that add up to the whole', () => {
    if (!lab) throw new Error('no example');
    const s = api.simulate(21, lab);
    const whole = api.timeline(21, 8);
    expect(whole).toHaveLength(s.logLength);
    const slices = [0, 5, 10, 15, 20].map((at) => api.timeline(21, 8, at, at + 5));
    expect(slices.flat()).toEqual(whole.slice(0, 25));
    expect(api.timeline(21, 8, s.logLength, s.logLength + 5)).toEqual([]);
  });

  it('serves the BGP table a page at a time, with the whole table for Copy', () => {
    if (!lab) throw new Error('no example');
    const s = api.simulate(22, lab);
    const speaker = s.sessions[0]?.device ?? '';
    const view = api.deviceView(22, speaker);
    const paths = view?.locRib.flatMap((e) => e.paths) ?? [];
    const page = api.bgpTable(22, speaker, { rib: 'loc', filter: '' }, 1, 3);
    expect(page?.total).toBe(paths.length);
    expect(page?.rows.map((r) => r.path)).toEqual(paths.slice(1, 3));
    expect(api.bgpTable(21, speaker, { rib: 'loc', filter: '' }, 0, 3)).toBeUndefined();
    const text = api.bgpTableText(22, speaker, { rib: 'loc', filter: '' }) ?? '';
    expect(text).toContain(`${paths.length} total paths`);
    const prefix = paths[0]?.prefix ?? '';
    expect(api.bgpRoute(22, speaker, prefix)?.paths).toEqual(
      paths.filter((p) => p.prefix === prefix),
    );
  });
});
