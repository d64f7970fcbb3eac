/**
 * Every built-in example is a well-formed lab: valid, serialisable, self-consistent references.
 * Seed-specific values are checked in seedValues.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { findDevice } from '../lab';
import { nodePods } from '../k8s';
import type { Expectation, Lab } from '../types';
import { validateLab } from '../validate';
import { defaultExampleId, examples, getExample } from './index';

const steps = examples.flatMap((e) => e.steps.map((s) => ({ example: e.id, step: s })));

/** Device names (and `device/pod` pods) an expectation refers to. */
function references(x: Expectation): string[] {
  switch (x.kind) {
    case 'reach':
      return [x.from, ...(x.to.match(/^\d/) ? [] : [x.to]), ...(x.via ?? [])];
    case 'route':
      return [x.device, ...(x.nextHopDevices ?? []), ...(x.bestFrom ? [x.bestFrom] : [])];
    case 'session':
      return [x.a, x.b];
    case 'survives':
      return [];
  }
}

function resolves(lab: Lab, ref: string): boolean {
  const [name, pod] = ref.split('/');
  const d = name === undefined ? undefined : findDevice(lab, name);
  if (!d) return false;
  if (pod === undefined) return true;
  return d.kind === 'k8s-node' && nodePods(lab, d).some((p) => p.name === pod);
}

describe('the example catalogue', () => {
  it('has the five field labs, unique ids, the default first', () => {
    expect(examples.map((e) => e.id)).toEqual([
      'cilium-frr-tor',
      'vyos-spine-leaf-rr',
      'cilium-bird-nodes',
      'cilium-legacy-bgp',
      'calico-bird-rr',
    ]);
    expect(defaultExampleId).toBe('cilium-frr-tor');
    expect(getExample(defaultExampleId)?.id).toBe(defaultExampleId);
    expect(getExample('no-such-lab')).toBeUndefined();
  });

  it('names each step with a unique id and ships at least one expectation per step', () => {
    for (const e of examples) {
      const ids = e.steps.map((s) => s.id);
      expect(new Set(ids).size, e.id).toBe(ids.length);
      for (const s of e.steps) {
        expect(s.lab.name).toBe(e.id);
        expect(s.whatYouShouldSee.length, `${e.id}/${s.id}`).toBeGreaterThan(0);
        expect(s.lab.expectations.length, `${e.id}/${s.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('has the steps the write-ups describe', () => {
    const stepIds = (id: string): string[] => getExample(id)?.steps.map((s) => s.id) ?? [];
    expect(stepIds('cilium-frr-tor')).toEqual(['before-policies', 'after-policies']);
    expect(stepIds('vyos-spine-leaf-rr')).toEqual([
      'before-policies',
      'after-policies',
      'multipath-relax',
    ]);
    expect(stepIds('cilium-bird-nodes')).toEqual(['no-bird', 'bird', 'metallb-ecmp']);
    expect(stepIds('calico-bird-rr')).toEqual([
      'route-reflector',
      'aggregate',
      'per-pod-routes',
      'service-cluster-ips',
    ]);
  });
});

describe.each(steps)('$example / $step.id', ({ step }) => {
  it('passes validateLab with no errors', () => {
    const errors = validateLab(step.lab).filter((p) => p.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(step.lab))).toEqual(step.lab);
  });

  it('refers only to devices and pods that exist', () => {
    for (const x of step.lab.expectations) {
      for (const ref of references(x))
        expect(resolves(step.lab, ref), `${x.name}: ${ref}`).toBe(true);
    }
  });

  it('gives every device a position and groups only existing devices', () => {
    const names = step.lab.devices.map((d) => d.name);
    expect(Object.keys(step.lab.layout.positions).sort()).toEqual([...names].sort());
    for (const g of step.lab.layout.groups)
      for (const m of g.members) expect(names, g.name).toContain(m);
  });

  it('names expectations uniquely', () => {
    const names = step.lab.expectations.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
