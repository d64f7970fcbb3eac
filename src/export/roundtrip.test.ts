/**
 * GIVEN a fixture lab, WHEN its bundle is exported and the topology re-imported with the
 * containerlab importer (src/import), THEN every router comes back with the same BGP config,
 * interface addresses and static routes (names as the bundle wrote them).
 */
import { describe, expect, it } from 'vitest';
import { importContainerlab } from '../import/index';
import type { Router } from '../model';
import { exportBundle } from './bundle';
import { FIXTURE_LABS } from './fixtures';

describe.each(['spine-leaf', 'cilium-tor', 'calico-rr'])('%s', (name) => {
  const lab = FIXTURE_LABS[name]?.();
  if (!lab) throw new Error(`no fixture ${name}`);
  const files = new Map(exportBundle(lab).map((f) => [`/b/${f.path}`, f.content]));
  const topo = [...files.keys()].find((p) => p.endsWith('.clab.yml')) ?? '';
  const back = importContainerlab(topo, (p) => files.get(p));

  it('imports without errors', () => {
    expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  const routers = lab.devices.filter((d): d is Router => d.kind === 'router');
  it.each(routers.map((r) => [r.name, r] as const))('%s keeps its BGP config', (rname, r) => {
    const again = back.lab.devices.find((d) => d.name === rname);
    expect(again?.kind).toBe('router');
    const bgp = (again as Router).bgp;
    expect(bgp?.asn).toBe(r.bgp?.asn);
    expect(bgp?.neighbors.map((n) => n.peer).sort()).toEqual(
      r.bgp?.neighbors.map((n) => n.peer).sort(),
    );
    // BIRD has no peer groups and its filters are compiled route-maps: for BIRD routers only the
    // sessions must survive (peer groups flattened into each protocol).
    if (r.daemon === 'bird') return;
    expect(bgp?.peerGroups).toEqual(r.bgp?.peerGroups);
    expect(bgp?.routeMaps).toEqual(r.bgp?.routeMaps);
    expect(bgp?.prefixLists).toEqual(r.bgp?.prefixLists);
    expect(new Set(bgp?.networks)).toEqual(new Set(r.bgp?.networks.map((n) => n)));
  });
});
