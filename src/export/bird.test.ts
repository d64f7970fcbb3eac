/**
 * What the exported bird.conf programs into the kernel. Checked on real BIRD 2.0.12 in the
 * tests/real corpus (2026-11-23):
 * - ex-calico-bird-rr-per-pod-routes: with per-pod /32s announced, BIRD installed no blackhole for
 *   the node's block; real Calico keeps one for every affine block (seed 004 shows `blackhole …
 *   proto bird`, Calico's bird.cfg has `route <block> blackhole` and a kernel filter for pool
 *   routes) — now each node has it and BGP still carries only the /32s.
 * - ex-calico-bird-rr-service-cluster-ips: `export all` installed `blackhole 10.43.0.0/16` on
 *   every node; the service CIDR is now announced to BGP only.
 * - every BIRD lab: `export all` copied direct routes and statics into the kernel (metric 32).
 */
import { describe, expect, it } from 'vitest';
import { getExample } from '../model/examples';
import type { BgpConfig, Lab } from '../model';
import { birdEdgeLab } from './fixtures';
import { requireTool, run, tempFile } from './testing/tools';
import { calicoBlocks, renderBirdConf } from './bird';
import { nodeBgp } from '../model';
import { planExport } from './plan';
import type { DevicePlan } from './plan';

function stepLab(id: string): Lab {
  const lab = getExample('calico-bird-rr')?.steps.find((s) => s.id === id)?.lab;
  if (!lab) throw new Error(`no step ${id}`);
  return lab;
}

function birdConf(lab: Lab, name: string): string {
  const dp = planExport(lab).devices.get(name);
  if (!dp) throw new Error(`no device ${name}`);
  const d = dp.device;
  const bgp =
    d.kind === 'k8s-node' ? nodeBgp(lab, d)?.bgp : d.kind === 'router' ? d.bgp : undefined;
  return renderBirdConf(dp, bgp, undefined, [], calicoBlocks(lab, d));
}

function kernelFilter(conf: string): string {
  return conf.slice(conf.indexOf('filter kernel_export'), conf.indexOf('protocol kernel'));
}

describe('BIRD kernel export', () => {
  it('per-pod mode: the block blackhole goes to the kernel, BGP announces only the /32s', () => {
    const conf = birdConf(stepLab('per-pod-routes'), 'rke-node4');
    expect(conf).toContain('route 10.41.57.192/26 blackhole;');
    expect(kernelFilter(conf)).toContain('net ~ [ 10.41.57.192/26 ]');
    expect(conf).toContain('export filter kernel_export;');
    const table = conf.slice(conf.indexOf('function bgp_table()'), conf.indexOf('protocol device'));
    expect(table).toContain('10.41.57.199/32');
    expect(table).not.toContain('10.41.57.192/26');
  });

  it('the service CIDR is announced to BGP but never blackholed in the kernel', () => {
    const conf = birdConf(stepLab('service-cluster-ips'), 'rke-node4');
    expect(conf).toContain('route 10.43.0.0/16 blackhole;');
    expect(conf).toMatch(/function bgp_table\(\)[^}]*10\.43\.0\.0\/16/);
    expect(kernelFilter(conf)).not.toContain('10.43.0.0/16');
  });

  it('exports only BGP routes (and the installed statics), never direct routes', () => {
    const filter = kernelFilter(birdConf(stepLab('per-pod-routes'), 'rke-node4'));
    expect(filter).toContain('if source = RTS_BGP then accept;');
    expect(filter).not.toContain('RTS_DEVICE');
    // the node's own static (its OS installs it) is not copied by BIRD
    expect(filter).not.toContain('192.168.2.0/24');
    expect(filter).toMatch(/ {2}reject;\n\}/);
  });
});

describe('FRR features BIRD rebuilds (parsed by the real `bird -p`)', () => {
  const edge = (): { dp: DevicePlan; bgp: BgpConfig } => {
    const dp = planExport(birdEdgeLab()).devices.get('edge');
    if (!dp || dp.device.kind !== 'router' || !dp.device.bgp) throw new Error('fixture changed');
    return { dp, bgp: structuredClone(dp.device.bgp) };
  };

  it('renders the bird-edge router without "not translated" warnings', () => {
    const { dp, bgp } = edge();
    const warnings: string[] = [];
    renderBirdConf(dp, bgp, bgp.routerId, warnings);
    expect(warnings).toEqual([]);
  });

  it('an unnumbered iBGP peer is declared directly connected (BIRD refuses multihop on an interface)', () => {
    const { dp, bgp } = edge();
    bgp.neighbors = [{ peer: 'eth1', interface: true, remoteAs: 'internal' }];
    const conf = renderBirdConf(dp, bgp, bgp.routerId);
    expect(conf).toContain('  neighbor range fe80::/10 internal;\n  direct;');
    if (!requireTool('bird')) return;
    const { path } = tempFile('bird.conf', conf);
    // Without `direct;` BIRD 2.0.12 says "Multihop BGP cannot be bound to interface".
    expect(run('bird', ['-p', '-c', path])).toEqual({ status: 0, out: '' });
    const { path: bad } = tempFile('bird.conf', conf.replace('  direct;\n', ''));
    expect(run('bird', ['-p', '-c', bad]).out).toMatch(/Multihop BGP cannot be bound to interface/);
  });

  it('keeps an untranslatable as-path regex out, with a warning, and the config still parses', () => {
    const { dp, bgp } = edge();
    const list = bgp.asPathLists[0];
    if (!list) throw new Error('fixture changed');
    list.entries.push({ action: 'permit', regex: '^6500[01]_' });
    const warnings: string[] = [];
    const conf = renderBirdConf(dp, bgp, bgp.routerId, warnings);
    expect(warnings).toEqual(['as-path list CORE-ORIGIN: a regex BIRD path masks cannot express']);
    expect(conf).not.toContain('function al_CORE_ORIGIN()');
    expect(conf).toContain('# as-path list al_CORE_ORIGIN: not translated');
    if (!requireTool('bird')) return;
    const { path } = tempFile('bird.conf', conf);
    expect(run('bird', ['-p', '-c', path])).toEqual({ status: 0, out: '' });
  });
});
