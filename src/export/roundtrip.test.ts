/**
 * GIVEN a fixture lab, WHEN its bundle is exported and the topology re-imported with the
 * containerlab importer (src/import), THEN every router comes back with the same BGP config,
 * interface addresses and static routes (names as the bundle wrote them).
 */
import { describe, expect, it } from 'vitest';
import { importContainerlab } from '../import/index';
import { routerIdOf } from '../model';
import type { Router } from '../model';
import { exportBundle } from './bundle';
import { FIXTURE_LABS } from './fixtures';
import { birdMeaning, probesFor } from './testing/birdEquivalence';

describe.each(['spine-leaf', 'cilium-tor', 'calico-rr', 'bird-edge'])('%s', (name) => {
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
    // BIRD has no peer groups and names its own filters: BIRD routers must keep the same
    // meaning (./testing/birdEquivalence.ts: effective neighbours, policies by behaviour).
    if (r.daemon === 'bird') {
      const probes = probesFor(r.bgp, bgp);
      const kernel = (again as Router).kernel;
      expect(birdMeaning(bgp, r.interfaces, probes, kernel)).toEqual(
        birdMeaning(
          r.bgp && { ...r.bgp, routerId: routerIdOf(r, r.bgp) },
          r.interfaces,
          probes,
          r.kernel,
        ),
      );
      return;
    }
    expect(bgp?.peerGroups).toEqual(r.bgp?.peerGroups);
    expect(bgp?.routeMaps).toEqual(r.bgp?.routeMaps);
    expect(bgp?.prefixLists).toEqual(r.bgp?.prefixLists);
    expect(new Set(bgp?.networks)).toEqual(new Set(r.bgp?.networks.map((n) => n)));
  });
});
