/**
 * The wizard's fabrics, run through the engine: every scheme must validate, bring every session
 * up and carry pod-to-pod traffic between every pair of nodes. Expectations are the scheme's
 * intent (RFC 7938 eBGP per leaf, RFC 4456 reflection, Calico's documented "downward default"
 * model for IP fabrics), not numbers taken from the engine.
 */
import { describe, expect, it } from 'vitest';
import { deviceView, simulate } from '../../src/engine';
import { dataplaneFromSim } from '../../src/engine/dataplane/fromSim';
import { traceroute } from '../../src/engine/dataplane/traceroute';
import { nodePods } from '../../src/model/k8s';
import type { K8sNode } from '../../src/model/types';
import { validateLab } from '../../src/model/validate';
import { buildFabric } from '../../src/ui/store/fabric';
import type { FabricSpec } from '../../src/ui/store/fabric';

const base = { name: 'w', spines: 2, leaves: 3, nodesPerLeaf: 2 };
const specs: FabricSpec[] = [
  { ...base, scheme: 'ebgp', cni: 'cilium', ciliumBgpApi: 'peering-policy' },
  { ...base, scheme: 'ebgp', cni: 'calico' },
  { ...base, scheme: 'ibgp-rr', cni: 'cilium', ciliumVersion: '1.16.5', ciliumBgpApi: 'bgpv2' },
  { ...base, scheme: 'ibgp-rr', cni: 'calico' },
  { ...base, scheme: 'calico-downward-default', cni: 'calico' },
];

describe.each(specs)('wizard fabric $scheme / $cni', (spec) => {
  const lab = buildFabric(spec);

  it('validates with no errors', () => {
    expect(validateLab(lab).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('converges, every session Established, every pod reachable from every other node', () => {
    const result = simulate(lab);
    expect(result.convergence.converged).toBe(true);
    const down = lab.devices.flatMap((d) =>
      (deviceView(result, d.name)?.sessions ?? [])
        .filter((s) => s.state !== 'Established')
        .map((s) => `${d.name}→${s.peer}: ${s.state} ${s.reason ?? ''}`),
    );
    expect(down).toEqual([]);
    const dp = dataplaneFromSim(lab, result);
    const nodes = lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node');
    const failures: string[] = [];
    for (const a of nodes)
      for (const b of nodes) {
        if (a === b) continue;
        const src = nodePods(lab, a)[0];
        const dst = nodePods(lab, b)[0];
        if (!src || !dst) throw new Error('node without a pod');
        const t = traceroute(dp, `${a.name}/${src.name}`, dst.address);
        for (const p of t.paths)
          if (p.end.kind !== 'delivered')
            failures.push(`${src.name}→${dst.address}: ${p.end.kind} ${JSON.stringify(p.end)}`);
        if (t.paths.length === 0) failures.push(`${src.name}→${dst.address}: no path`);
      }
    expect(failures).toEqual([]);
  });
});

describe('Calico downward default', () => {
  const lab = buildFabric({ ...base, scheme: 'calico-downward-default', cni: 'calico' });
  const result = simulate(lab);
  const nodes = lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node');

  it('gives each node only its ToR default route besides its own blocks', () => {
    // Calico docs, "Calico over IP fabrics", downward default model: the ToR advertises only a
    // default route to its nodes. Checked on real FRR 8.4.4 + BIRD 2.0.12 here (2026-11-23): a
    // leaf with a static and a loopback in BGP, `neighbor N default-originate` and `prefix-list
    // DEFAULT-ONLY out` (seq 5 permit 0.0.0.0/0): the BIRD node's table held only
    // `0.0.0.0/0 via 10.1.0.1 [AS65001i]` besides its own block; advertised-routes listed
    // nothing but "Originating default network 0.0.0.0/0".
    for (const n of nodes) {
      const view = deviceView(result, n.name);
      const learned = (view?.locRib ?? [])
        .flatMap((e) => e.paths)
        .filter((p) => !p.local)
        .map((p) => `${p.prefix} ${p.asPath.join(' ')}`);
      expect(learned).toHaveLength(1);
      expect(learned[0]).toMatch(/^0\.0\.0\.0\/0 6500\d$/);
    }
  });

  it('each ToR advertises its nodes 0.0.0.0/0 and nothing else (Adj-RIB-Out)', () => {
    // The same source: nothing that carries the nodes' shared AS 64512 is sent back down, so no
    // node has to refuse a path for an AS loop (RFC 4271 9.1.2).
    const nodeAddrs = new Set(nodes.map((n) => n.interfaces[0]?.addresses[0]?.split('/')[0]));
    const leaves = lab.devices.filter((d) => d.role === 'leaf');
    let checked = 0;
    for (const leaf of leaves) {
      const out = deviceView(result, leaf.name)?.adjRibOut ?? {};
      for (const [peer, paths] of Object.entries(out)) {
        if (!nodeAddrs.has(peer)) continue;
        checked++;
        expect(paths.map((p) => p.prefix)).toEqual(['0.0.0.0/0']);
      }
    }
    expect(checked).toBe(nodes.length);
  });
});
