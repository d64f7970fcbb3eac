/**
 * The BGP table panel reads a device one RIB at a time (engine/views.ts lazyViewOf); what it
 * reads must be what the whole DeviceBgpView holds, RIB for RIB, on every speaker of a lab.
 */
import { describe, expect, it } from 'vitest';
import { deviceView } from '../engine';
import { lazyViewOf } from '../engine/views';
import { api } from './api';
import { runSimulation } from './adapters';

describe('lazy device view', () => {
  it('holds the same Loc-RIB and Adj-RIBs as the whole view', () => {
    const lab = api.example('cilium-frr-tor');
    if (!lab) throw new Error('no example');
    const result = runSimulation(lab);
    let speakers = 0;
    for (const d of lab.devices) {
      const whole = deviceView(result, d.name);
      const lazy = lazyViewOf(result, d.name);
      expect(lazy === undefined).toBe(whole === undefined);
      if (!whole || !lazy) continue;
      speakers++;
      expect([lazy.device, lazy.asn, lazy.routerId]).toEqual([
        whole.device,
        whole.asn,
        whole.routerId,
      ]);
      expect(lazy.locRib()).toEqual(whole.locRib);
      expect(lazy.peers()).toEqual(Object.keys(whole.adjRibIn));
      for (const p of lazy.peers()) {
        expect(lazy.adjRibIn(p)).toEqual(whole.adjRibIn[p]);
        expect(lazy.adjRibOut(p)).toEqual(whole.adjRibOut[p]);
      }
    }
    expect(speakers).toBeGreaterThan(2);
  });
});
