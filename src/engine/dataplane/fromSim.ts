/**
 * Wiring to the BGP engine: a `BgpProvider` reading a `SimResult` through the engine's public
 * API, and the data plane built from it. Everything else in this folder takes installed routes
 * as plain input, so it is tested without running the engine.
 */
import type { Lab } from '../../model/types';
import { deviceView, installedRoutes } from '../index';
import type { SimResult } from '../types';
import { buildDataplane, type Dataplane } from './dataplane';
import type { BgpProvider, InstalledBgpRoute } from './types';

export function providerFromSim(result: SimResult): BgpProvider {
  const cache = new Map<string, InstalledBgpRoute[]>();
  return {
    installedRoutes: (device) => {
      let routes = cache.get(device);
      if (!routes) {
        routes = installedRoutes(result, device).map((r) => ({
          prefix: r.prefix,
          nextHops: r.blackhole ? [] : r.nextHops,
          ...(r.distance !== undefined ? { distance: r.distance, ibgp: r.distance === 200 } : {}),
        }));
        cache.set(device, routes);
      }
      return routes;
    },
    view: (device) => deviceView(result, device),
  };
}

export function dataplaneOf(lab: Lab, provider: BgpProvider): Dataplane {
  return buildDataplane(lab, (d) => provider.installedRoutes(d));
}

export function dataplaneFromSim(lab: Lab, result: SimResult): Dataplane {
  return dataplaneOf(lab, providerFromSim(result));
}
