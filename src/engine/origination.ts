/**
 * What a speaker originates by itself: `network` statements (FRR import-check: only while the
 * exact prefix is in the routing table; GoBGP and BIRD announce unconditionally), `redistribute
 * connected|static` through an optional route-map, and for CNI speakers the prefixes `nodeBgp`
 * put in `networks`. Aggregates depend on the Loc-RIB and are handled by the RIB code.
 */
import { familyOf, formatPrefix4, networkOf, parsePrefix4 } from '../model';
import type { PathAttrs } from './attrs';
import type { LocalKind } from './state';
import type { SpeakerInfo } from './sessions';
import { applyRouteMap } from './policy';
import type { Topology } from './topology';

export interface LocalRoute {
  prefix: string;
  attrs: PathAttrs;
  kind: LocalKind;
  invalid?: string;
}

/** FRR gives locally originated routes weight 32768 and MED 0 (seen on FRR 8.4, notes). */
function localAttrs(sp: SpeakerInfo, origin: PathAttrs['origin']): PathAttrs {
  const frr = sp.defaults.frrSteps;
  return {
    origin,
    asPath: [],
    nextHop: '0.0.0.0',
    ...(frr ? { med: 0 } : {}),
    communities: [],
    clusterList: [],
    weight: frr ? 32768 : 0,
  };
}

export function localRoutes(topo: Topology, sp: SpeakerInfo): LocalRoute[] {
  const dev = topo.devices[sp.device];
  if (!dev || dev.down) return [];
  const out = new Map<string, LocalRoute>();
  const base = topo.baseFib[sp.device] ?? [];
  const inTable = new Set(base.map((r) => formatPrefix4(r.prefix)));
  for (const n of sp.bgp.networks) {
    if (familyOf(n) !== 4) continue;
    const p = networkOf(n);
    const attrs = localAttrs(sp, 'i');
    const missing = sp.defaults.importCheck && !inTable.has(p);
    out.set(p, {
      prefix: p,
      attrs,
      kind: 'network',
      ...(missing
        ? { invalid: 'network import-check: no matching route in the routing table' }
        : {}),
    });
  }
  for (const r of sp.bgp.redistribute) {
    const prefixes =
      r.source === 'connected'
        ? (topo.connected[sp.device] ?? []).map((c) => formatPrefix4(c.prefix))
        : base.filter((f) => f.distance > 0).map((f) => formatPrefix4(f.prefix));
    for (const p of new Set(prefixes)) {
      if (out.has(p)) continue;
      let attrs = localAttrs(sp, '?');
      if (r.routeMap) {
        const res = applyRouteMap(sp.bgp, r.routeMap, parsePrefix4(p), attrs);
        if (!res.permit) continue;
        attrs = res.attrs;
      }
      out.set(p, { prefix: p, attrs, kind: 'redistribute' });
    }
  }
  return [...out.values()];
}
