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
});
