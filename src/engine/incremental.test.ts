/**
 * `apply` re-converges from a converged state, deriving only what a link failure touches
 * (topology, FIBs, sessions, decisions). For every link of every real-daemon corpus lab, the
 * failure and the restore must read like a fresh `simulate` of the same lab: same sessions, same
 * Loc-RIB best + multipath sets, same installed routes. The reference is `simulate` itself (whose
 * results the real-daemon suite checks against FRR, BIRD and GoBGP in tests/real).
 */
import { describe, expect, it } from 'vitest';
import { corpusLabs } from '../../tests/real/corpus';
import type { Lab } from '../model';
import { apply, deviceView, installedRoutes, simulate } from './index';
import type { SimResult } from './types';

/** What a user reads per device, without the path age (`learnedAt`: steps differ by design). */
function reading(r: SimResult, lab: Lab): unknown {
  const out: Record<string, unknown> = {};
  for (const d of lab.devices) {
    const v = deviceView(r, d.name);
    if (!v) continue;
    out[d.name] = {
      sessions: v.sessions
        .map((s) => `${s.peer} ${s.state} ${s.peerDevice ?? ''} ${s.reason ?? ''}`)
        .sort(),
      // Best + multipath as a set: among equal paths FRR keeps the older one (`older` reason),
      // which depends on the order paths were learned, not on the final topology.
      locRib: v.locRib
        .map((e) => {
          const sel = e.paths
            .filter((p) => p.best || p.multipath)
            .map((p) => `${p.fromDevice ?? 'local'}:${p.nextHop}:${p.asPath.join(' ')}`)
            .sort();
          return `${e.prefix} ${sel.join(',')}`;
        })
        .sort(),
      // Next hops as a set: the best path's comes first (see above).
      installed: installedRoutes(r, d.name)
        .map((x) => {
          const hops = x.nextHops.map((h) => JSON.stringify(h)).sort();
          return JSON.stringify({ ...x, nextHops: hops });
        })
        .sort(),
    };
  }
  return out;
}

function olderPathDecides(r: SimResult, lab: Lab): boolean {
  return lab.devices.some((d) =>
    deviceView(r, d.name)?.locRib.some((e) => e.paths.some((p) => p.reason === 'Older Path')),
  );
}

/** Sessions and, per device, the prefixes in its Loc-RIB and kernel. */
function reachability(r: SimResult, lab: Lab): unknown {
  const out: Record<string, unknown> = {};
  for (const d of lab.devices) {
    const v = deviceView(r, d.name);
    if (!v) continue;
    out[d.name] = {
      sessions: v.sessions.map((s) => `${s.peer} ${s.state} ${s.peerDevice ?? ''}`).sort(),
      locRib: v.locRib.map((e) => e.prefix).sort(),
      installed: installedRoutes(r, d.name)
        .map((x) => x.prefix)
        .sort(),
    };
  }
  return out;
}

function withLink(lab: Lab, id: string, down: boolean): Lab {
  return { ...lab, links: lab.links.map((l) => (l.id === id ? { ...l, down } : l)) };
}

describe('apply(link-down) and apply(link-up) read like a fresh simulate', () => {
  for (const c of corpusLabs()) {
    it(c.lab.name, () => {
      const base = simulate(c.lab, { views: false });
      const fresh = reading(base, c.lab);
      for (const l of c.lab.links) {
        const downLab = withLink(c.lab, l.id, true);
        const down = apply(base, { kind: 'link-down', link: l.id });
        expect(reading(down, downLab), `${l.id} down`).toEqual(
          reading(simulate(downLab, { views: false }), downLab),
        );
        const up = apply(down, { kind: 'link-up', link: l.id });
        // After a restore FRR keeps the surviving path where the returning one only ties it
        // (`Older Path`, bgp_path_info_cmp), so a fresh run may pick the other; and downstream
        // speakers then hear that choice. There only sessions and reachable prefixes must match.
        if (olderPathDecides(up, c.lab) || olderPathDecides(base, c.lab))
          expect(reachability(up, c.lab), `${l.id} restored`).toEqual(reachability(base, c.lab));
        else expect(reading(up, c.lab), `${l.id} restored`).toEqual(fresh);
      }
    });
  }
});
