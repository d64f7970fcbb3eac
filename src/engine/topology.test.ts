/**
 * `deriveTopology` patches the earlier topology for one link's state (overlay.ts `patchMap`):
 * after any sequence of link failures and restores, each derived from the one before, it must
 * read like `buildTopology` of the same lab: interface states, address owners, which interfaces
 * share a segment, connected and static routes.
 */
import { describe, expect, it } from 'vitest';
import { corpusLabs } from '../../tests/real/corpus';
import type { Lab } from '../model';
import type { Topology } from './topology';
import { buildTopology, deriveTopology } from './topology';

function reading(t: Topology): unknown {
  const ifaces = t.devices.flatMap((d) => d.interfaces.map((i) => `${d.name}\0${i.name}`));
  const addrs = [...new Set(t.connected.flat().map((c) => c.addr))].sort((a, b) => a - b);
  // Segment ids only need to be equal within a segment: compared as a partition.
  const seg = ifaces.map((k) => t.segment.get(k));
  return {
    up: ifaces.map((k) => t.up.get(k) === true),
    segments: ifaces.map((_, i) => seg.map((s, j) => s !== undefined && s === seg[i] && i !== j)),
    fresh: seg.every((s) => s === undefined || s < t.nextSegment),
    owners: addrs.map((a) => t.owners.get(a)),
    connected: t.connected,
    baseFib: t.baseFib,
  };
}

describe('deriveTopology', () => {
  for (const c of corpusLabs().slice(0, 12))
    it(c.lab.name, () => {
      let lab: Lab = c.lab;
      let topo = buildTopology(lab);
      // Each link down, then back up in reverse: chains past the patch depth that flattens.
      const order = [...c.lab.links, ...[...c.lab.links].reverse()];
      for (const [n, l] of order.entries()) {
        const down = n < c.lab.links.length;
        lab = { ...lab, links: lab.links.map((x) => (x.id === l.id ? { ...x, down } : x)) };
        topo = deriveTopology(topo, lab, l.id);
        expect(reading(topo), `${l.id} ${down ? 'down' : 'up'}`).toEqual(
          reading(buildTopology(lab)),
        );
      }
    });
});
