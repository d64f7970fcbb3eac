import { describe, expect, it } from 'vitest';
import { examples } from '../model/examples/index';
import { predict } from './predictions';

describe('predict: expectations for verify.sh', () => {
  const ex = examples.find((e) => e.id === 'cilium-frr-tor');
  const lab = ex?.steps.find((s) => s.id === 'after-policies')?.lab;

  it('checks a node↔ToR session from the FRR end, where vtysh runs', () => {
    if (!lab) throw new Error('example changed');
    const s = predict(lab).expectations?.find((e) => e.name === 'server0 ↔ tor0 established');
    // server0 runs Cilium (GoBGP), tor0 FRR: verify.sh must ask tor0 about its peer server0.
    expect(s).toMatchObject({ kind: 'session', device: 'tor0', state: 'established' });
  });

  it('keeps route expectations by name with next hops as devices', () => {
    if (!lab) throw new Error('example changed');
    const r = predict(lab).expectations?.find((e) => e.name === 'router0 has 10.1.0.0/24 via tor0');
    expect(r).toEqual({
      kind: 'route',
      name: 'router0 has 10.1.0.0/24 via tor0',
      device: 'router0',
      prefix: '10.1.0.0/24',
      nextHopDevices: ['tor0'],
    });
  });

  it('leaves expectations out when the lab has none', () => {
    if (!lab) throw new Error('example changed');
    expect(predict({ ...lab, expectations: [] }).expectations).toBeUndefined();
  });

  it('keeps a pod-to-pod reach with its via devices and the pods it names', () => {
    if (!lab) throw new Error('example changed');
    const name = 'server1/nettool-1 reaches server3/nettool-2 via tor0, router0, tor1';
    const r = predict(lab).expectations?.find((e) => e.name === name);
    // The example's claim (src/model/examples/ciliumFrrTor.ts): probes leave from the pod on
    // server1 and must cross tor0, router0, tor1 in that order to server3's pod.
    expect(r).toMatchObject({
      kind: 'reach',
      from: 'server1/nettool-1',
      via: ['tor0', 'router0', 'tor1'],
      label: 'server3/nettool-2',
      toDevice: 'server3',
      toPod: 'server3/nettool-2',
    });
  });

  it('lists every single link failure of a survives claim with both ends', () => {
    if (!lab) throw new Error('example changed');
    const withSurvives = {
      ...lab,
      expectations: [
        ...lab.expectations,
        { kind: 'survives' as const, name: 'any link', failures: { links: true as const } },
      ],
    };
    const s = predict(withSurvives).expectations?.find((e) => e.name === 'any link');
    if (s?.kind !== 'survives') throw new Error('no survives prediction');
    // As routelab check walks them: one failure per link that is up, named `link ID down`.
    expect(s.failures.map((f) => f.name)).toEqual(lab.links.map((l) => `link ${l.id} down`));
    expect(s.failures[0]?.ends).toEqual([lab.links[0]?.a, lab.links[0]?.b]);
    expect(s.expectations).toEqual(lab.expectations.map((e) => e.name));
  });
});
