/**
 * The whole lab's data plane: L2 segments plus one FIB per device, built once from the lab and
 * the BGP routes each daemon installs, then read by forwarding, traceroute and reachability.
 */
import type { Device, Lab } from '../../model/types';
import { buildFib, fibTable } from './fib';
import { buildL2, type L2 } from './l2';
import type { LpmTable } from './lpm';
import type { Fib, FibRoute, InstalledBgpRoute } from './types';

export interface Dataplane {
  lab: Lab;
  l2: L2;
  fibs: Record<string, Fib>;
  device(name: string): Device | undefined;
  /** Selected routes of a device, for longest-prefix match. */
  table(device: string): LpmTable<FibRoute>;
}

export function buildDataplane(
  lab: Lab,
  bgpRoutes: (device: string) => readonly InstalledBgpRoute[] = () => [],
): Dataplane {
  const l2 = buildL2(lab);
  const devices = new Map(lab.devices.map((d) => [d.name, d]));
  const fibs: Record<string, Fib> = {};
  const tables = new Map<string, LpmTable<FibRoute>>();
  for (const d of lab.devices) {
    if (d.kind === 'bridge') continue;
    fibs[d.name] = buildFib(lab, d.name, d.down ? [] : bgpRoutes(d.name), l2);
  }
  return {
    lab,
    l2,
    fibs,
    device: (name) => devices.get(name),
    table: (name) => {
      let t = tables.get(name);
      if (!t) {
        t = fibTable(fibs[name] ?? { device: name, routes: [] });
        tables.set(name, t);
      }
      return t;
    },
  };
}
