/**
 * GIVEN the Cilium field lab (control plane server0 at 10.0.1.2 on the fabric, nodes labelled
 * rack=rack0|rack1), WHEN its kind config is built, THEN every node carries its fabric node-ip and
 * labels, and the API server certificate is extended with the control plane's fabric address
 * while keeping kind's own SANs `localhost` and the default apiServerAddress 127.0.0.1
 * (kubernetes-sigs/kind pkg/cluster/internal/kubeadm/config.go: `certSANs: [localhost,
 * "{{.APIServerAddress}}"]`; kind-v1alpha4.md: apiServerAddress defaults to 127.0.0.1).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ciliumTorLab } from './fixtures';
import { buildKindConfig } from './kind';
import { planExport } from './plan';

function kindOf(lab = ciliumTorLab()): Record<string, unknown> {
  const plan = planExport(lab);
  const cp = plan.clusters[0];
  if (!cp) throw new Error('no cluster');
  return buildKindConfig(plan, cp);
}

interface Patch {
  kind: string;
  apiServer?: { certSANs: string[] };
  nodeRegistration?: { kubeletExtraArgs: Record<string, string> };
}
const patches = (o: unknown): Patch[] =>
  ((o as { kubeadmConfigPatches?: string[] }).kubeadmConfigPatches ?? []).map(
    (p) => parse(p) as Patch,
  );

describe('kind config', () => {
  it('writes each node’s fabric node-ip and its labels, in kind’s node order', () => {
    const nodes = (kindOf().nodes as unknown[]).map((n) => patches(n)[0]?.nodeRegistration);
    // Addresses and labels as drawn in the fixture (server0..3 behind tor0/tor1).
    expect(nodes.map((n) => n?.kubeletExtraArgs['node-ip'])).toEqual([
      '10.0.1.2',
      '10.0.2.2',
      '10.0.3.2',
      '10.0.4.2',
    ]);
    expect(nodes.map((n) => n?.kubeletExtraArgs['node-labels'])).toEqual([
      'rack=rack0',
      'rack=rack0',
      'rack=rack1',
      'rack=rack1',
    ]);
  });

  it('adds the control plane’s fabric address to the API server certificate', () => {
    const [cluster] = patches(kindOf());
    expect(cluster?.kind).toBe('ClusterConfiguration');
    expect(cluster?.apiServer?.certSANs).toEqual(['localhost', '127.0.0.1', '10.0.1.2']);
  });

  it('adds no certificate patch when no control plane sits on the fabric', () => {
    const lab = ciliumTorLab();
    lab.devices = lab.devices.map((d) =>
      d.kind === 'k8s-node' && d.k8sRole === 'control-plane' ? { ...d, interfaces: [] } : d,
    );
    expect(kindOf(lab).kubeadmConfigPatches).toBeUndefined();
  });
});
