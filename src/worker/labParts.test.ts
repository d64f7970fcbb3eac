import { describe, expect, it } from 'vitest';
import { api } from './api';
import { joinLab, splitLab } from './labParts';

describe('a lab sent in parts', () => {
  const lab = api.example('cilium-frr-tor');
  if (!lab) throw new Error('no example');

  it('comes back whole, devices and links in their order', () => {
    const { head, parts } = splitLab(lab, 2);
    expect(head.devices).toEqual([]);
    expect(parts.every((p) => p.items.length <= 2)).toBe(true);
    expect(parts.filter((p) => p.field === 'devices')).toHaveLength(
      Math.ceil(lab.devices.length / 2),
    );
    expect(joinLab(head, parts)).toEqual(lab);
  });

  it('a small lab is sent whole', () => {
    expect(splitLab(lab).parts).toEqual([]);
    expect(splitLab(lab).head).toBe(lab);
  });

  it('the worker simulates the staged parts as it would the whole lab', () => {
    const { head, parts } = splitLab(lab, 3);
    for (const p of parts) api.stage(41, p.field, p.items);
    const staged = api.simulateStaged(8, 41, head);
    const whole = api.simulate(9, lab);
    expect(staged.ok).toBe(true);
    expect(staged.sessions).toEqual(whole.sessions);
    expect(staged.health).toEqual(whole.health);
  });
});
