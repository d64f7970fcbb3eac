/**
 * Round trip with the FRR exporter (src/export/frr.ts): import → export → import gives the same
 * BGP model, interfaces and static routes, and every unmodelled line comes back in its section.
 * The exported text of the frr-features fixture was also loaded with `vtysh -C` (FRR 8.4.4):
 * accepted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderFrrConf } from '../export/frr';
import { planExport } from '../export/plan';
import { emptyLab } from '../model';
import type { Lab, Router, UnmodelledLine } from '../model';
import { importContainerlab, importFrr } from './index';
import type { DeviceFragment } from './index';

const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const disk = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

function exportFrr(lab: Lab, name: string): string {
  const dp = planExport(lab).devices.get(name);
  if (!dp) throw new Error(`no plan for ${name}`);
  return renderFrrConf(dp, (dp.device as Router).bgp);
}

function routerFrom(frag: DeviceFragment, name: string): Router {
  const r: Router = {
    name,
    kind: 'router',
    daemon: 'frr',
    interfaces: frag.interfaces,
    staticRoutes: frag.staticRoutes,
    labels: {},
    unmodelled: frag.unmodelled,
  };
  if (frag.bgp) r.bgp = frag.bgp;
  return r;
}

const sections = (u: UnmodelledLine[] = []): string[] =>
  u.map((x) => `${x.context ?? ''} | ${x.text}`).sort();

describe('round trip: import → FRR export → import', () => {
  it('frr-features: every modelled command and the unmodelled lines', () => {
    const first = importFrr(readFileSync(`${FIX}frr-features/frr.conf`, 'utf8'), 'frr.conf');
    const lab = emptyLab('rt');
    lab.devices.push(routerFrom(first.fragment, 'r1'));
    const text = exportFrr(lab, 'r1');
    const again = importFrr(text, 'frr.conf');
    expect(again.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    expect(again.fragment.bgp).toEqual(first.fragment.bgp);
    expect(again.fragment.interfaces).toEqual(first.fragment.interfaces);
    expect(again.fragment.staticRoutes).toEqual(first.fragment.staticRoutes);
    expect(sections(again.fragment.unmodelled)).toEqual(sections(first.fragment.unmodelled));
    // A second trip changes nothing more.
    const lab2 = emptyLab('rt');
    lab2.devices.push(routerFrom(again.fragment, 'r1'));
    expect(exportFrr(lab2, 'r1')).toBe(text);
  });

  it('the seed labs: every FRR router survives the trip', () => {
    for (const topo of ['frr-tor-cilium/topo.clab.yml', 'frr-bird-nodes/frr-bird.clab.yml']) {
      const { lab } = importContainerlab(`${FIX}${topo}`, disk);
      const routers = lab.devices.filter(
        (d): d is Router => d.kind === 'router' && d.daemon === 'frr',
      );
      expect(routers.length).toBeGreaterThan(0);
      for (const r of routers) {
        const again = importFrr(exportFrr(lab, r.name), 'frr.conf').fragment;
        // No `frr defaults` line means FRR's built-in profile, traditional; export writes it out.
        const bgp = r.bgp && { ...r.bgp, profile: r.bgp.profile ?? 'traditional' };
        expect(again.bgp, `${topo} ${r.name}`).toEqual(bgp);
        expect(again.staticRoutes).toEqual(r.staticRoutes);
        const frrLines = (r.unmodelled ?? []).filter((u) => u.file === 'frr.conf');
        expect(sections(again.unmodelled)).toEqual(sections(frrLines));
      }
    }
  });
});
