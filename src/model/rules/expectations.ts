/** Rules about expectations and layout: every name they mention must exist. */
import { isCidr, isIp } from '../addressing';
import { nodePods } from '../k8s';
import type { Problem } from '../problems';
import { error, warning } from '../problems';
import type { Context } from './context';

export function expectationRules(ctx: Context, out: Problem[], podsKnown: boolean): void {
  const names = new Set<string>();
  const all = new Set(ctx.lab.expectations.map((e) => e.name));
  const device = (n: string, at: string, role: string): void => {
    if (!ctx.devices.has(n)) out.push(error(at, `${role} ${n} is not a device of this lab`));
  };
  /** `device`, `device/pod`, or (for destinations) an address. */
  const endpoint = (ref: string, at: string, role: string, addressOk: boolean): void => {
    if (addressOk && isIp(ref)) return;
    const [dev = '', pod, ...rest] = ref.split('/');
    const d = ctx.devices.get(dev);
    if (!d || rest.length > 0) {
      out.push(
        error(
          at,
          `${role} ${ref} is not a device${addressOk ? ', pod or address' : ' or pod'} of this lab`,
        ),
      );
      return;
    }
    if (pod === undefined) return;
    if (d.kind !== 'k8s-node') {
      out.push(error(at, `${role} ${ref}: ${dev} is not a Kubernetes node`));
      return;
    }
    if (podsKnown && !nodePods(ctx.lab, d).some((p) => p.name === pod))
      out.push(error(at, `${role} ${ref}: ${dev} has no pod ${pod}`));
  };
  for (const e of ctx.lab.expectations) {
    const at = `expectations/${e.name}`;
    if (names.has(e.name)) out.push(error(at, `expectation name ${e.name} is used twice`));
    names.add(e.name);
    switch (e.kind) {
      case 'reach':
        endpoint(e.from, at, 'from', false);
        endpoint(e.to, at, 'to', true);
        for (const v of e.via ?? []) device(v, at, 'via');
        break;
      case 'route':
        device(e.device, at, 'device');
        if (!isCidr(e.prefix)) out.push(error(at, `prefix ${e.prefix} is not a prefix`));
        for (const n of e.nextHopDevices ?? []) device(n, at, 'next-hop device');
        if (e.bestFrom !== undefined) device(e.bestFrom, at, 'bestFrom');
        break;
      case 'session':
        device(e.a, at, 'a');
        device(e.b, at, 'b');
        break;
      case 'survives':
        for (const n of e.expectations ?? []) {
          if (!all.has(n)) out.push(error(at, `expectation ${n} does not exist`));
          if (n === e.name) out.push(error(at, `expectation ${n} refers to itself`));
        }
        break;
    }
  }
}

export function layoutRules(ctx: Context, out: Problem[]): void {
  for (const name of Object.keys(ctx.lab.layout.positions)) {
    if (!ctx.devices.has(name))
      out.push(warning(`layout/positions/${name}`, `position for ${name}, which is not a device`));
  }
  for (const g of ctx.lab.layout.groups) {
    for (const m of g.members) {
      if (!ctx.devices.has(m))
        out.push(
          warning(`layout/groups/${g.name}`, `group ${g.name} lists ${m}, which is not a device`),
        );
    }
  }
}
