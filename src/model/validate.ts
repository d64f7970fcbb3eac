/**
 * `validateLab(input)`: every problem in a lab, as data. Structural checks run first; the
 * semantic rules only run on a value that has the shape of a `Lab`, so they can trust types.
 * Nothing here throws on bad input: a rule that fails unexpectedly becomes an error problem too.
 */
import { nodeBgp } from './k8s';
import type { Problem } from './problems';
import { error, hasErrors, sortProblems } from './problems';
import { duplicateAddressRule, overlapRule } from './rules/addresses';
import { bgpConfigRules, routerIdRules } from './rules/bgp';
import { buildContext } from './rules/context';
import type { Context } from './rules/context';
import { expectationRules, layoutRules } from './rules/expectations';
import { clusterRules } from './rules/k8s';
import { labShape } from './rules/labShape';
import { check } from './rules/shape';
import { deviceRules, linkRules } from './rules/topology';
import type { BgpConfig, Device, Lab } from './types';

export type { Problem, Severity } from './problems';

/** Structural problems only: does `input` have the shape of a Lab? */
export function checkShape(input: unknown): Problem[] {
  const out: Problem[] = [];
  check(labShape, input, '', out);
  return out.map((p) => (p.path === '' ? { ...p, path: '/' } : p));
}

function guarded(name: string, out: Problem[], rule: () => void): void {
  try {
    rule();
  } catch (e) {
    out.push(
      error('/', `internal: rule ${name} failed (${e instanceof Error ? e.message : String(e)})`),
    );
  }
}

function speakers(ctx: Context, clustersSound: boolean): { device: Device; bgp: BgpConfig }[] {
  const out: { device: Device; bgp: BgpConfig }[] = [];
  for (const d of ctx.devices.values()) {
    if (d.kind === 'router' && d.bgp) out.push({ device: d, bgp: d.bgp });
    if (d.kind === 'k8s-node') {
      if (d.bgp) out.push({ device: d, bgp: d.bgp });
      else if (clustersSound) {
        const nb = nodeBgp(ctx.lab, d);
        if (nb) out.push({ device: d, bgp: nb.bgp });
      }
    }
  }
  return out;
}

export function validateLab(input: unknown): Problem[] {
  const shape = checkShape(input);
  if (hasErrors(shape)) return sortProblems(shape);
  const lab = input as Lab;
  const out: Problem[] = [...shape];
  const ctx = buildContext(lab);
  guarded('devices', out, () => deviceRulesAll(ctx, out));
  const before = out.length;
  guarded('clusters', out, () => clusterRules(ctx, out));
  const clustersSound = !out.slice(before).some((p) => p.severity === 'error');
  guarded('bgp', out, () => {
    for (const d of ctx.devices.values()) {
      if ((d.kind === 'router' || d.kind === 'k8s-node') && d.bgp)
        bgpConfigRules(ctx, d, d.bgp, out);
    }
    routerIdRules(speakers(ctx, clustersSound), out);
  });
  guarded('expectations', out, () => expectationRules(ctx, out, clustersSound));
  guarded('layout', out, () => layoutRules(ctx, out));
  return sortProblems(out);
}

function deviceRulesAll(ctx: Context, out: Problem[]): void {
  deviceRules(ctx, out);
  linkRules(ctx, out);
  duplicateAddressRule(ctx, out);
  overlapRule(ctx, out);
}
