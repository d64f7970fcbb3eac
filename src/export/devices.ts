/**
 * What each device becomes in the bundle: which daemon config it gets and where it is bound.
 * Shared by containerlab.ts (binds), bundle.ts (files) and scripts.ts (how to query it).
 */
import { nodeBgp, routerIdOf } from '../model';
import type { BgpConfig, Daemon } from '../model';
import type { DevicePlan, ExportPlan } from './plan';
import { BIRD_LOCAL_IMAGE, devicePlans } from './plan';

export interface DeviceRole {
  /** The daemon whose config the bundle writes, if any. */
  daemon?: Daemon;
  bgp?: BgpConfig;
  routerId?: string;
  /**
   * `run`: the container runs the daemon from the bound config; `reference`: the CNI runs it
   * (Cilium's GoBGP, Calico's BIRD) and the file shows what it would run.
   */
  mode: 'run' | 'reference' | 'none';
}

export function deviceRole(plan: ExportPlan, dp: DevicePlan): DeviceRole {
  const d = dp.device;
  if (d.kind === 'router') {
    return { daemon: d.daemon, bgp: d.bgp, routerId: routerIdOf(d, d.bgp), mode: 'run' };
  }
  if (d.kind === 'k8s-node') {
    const nb = nodeBgp(plan.lab, d);
    if (!nb) return { mode: 'none' };
    const own = d.bgp !== undefined;
    return {
      daemon: nb.daemon,
      bgp: nb.bgp,
      routerId: routerIdOf(d, nb.bgp),
      mode: own ? 'run' : 'reference',
    };
  }
  return { mode: 'none' };
}

/** Bundle paths of a device's config files. */
export const configDir = (dp: DevicePlan): string => `configs/${dp.node}`;

/** The bundle ships (and deploy.sh builds) the BIRD image: some BIRD node runs the default one. */
export function runsLocalBirdImage(plan: ExportPlan): boolean {
  if (plan.options.birdImage !== BIRD_LOCAL_IMAGE) return false;
  return devicePlans(plan).some((dp) => {
    const role = deviceRole(plan, dp);
    return role.daemon === 'bird' && role.mode === 'run';
  });
}
