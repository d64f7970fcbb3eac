/**
 * GIVEN the fixture labs and every built-in example, WHEN exported, THEN every YAML document validates against the schema
 * of the tool that reads it: containerlab's clab.schema.json (v0.79), the Cilium BGP CRDs, the
 * Calico projectcalico.org/v3 CRDs (openAPIV3Schema of the served version), and kind v1alpha4
 * per the field summary in shared/schemas/kind-v1alpha4.md.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { allBundles } from './testing/bundles';

// Copied unmodified from the project's shared reference schemas (provenance: schemas/README.md).
const SCHEMAS = new URL('../../schemas', import.meta.url).pathname;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

function crdValidator(file: string, version: string): ValidateFunction {
  const crd = parse(readFileSync(`${SCHEMAS}/${file}`, 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] };
  };
  const v = crd.spec.versions.find((x) => x.name === version);
  if (!v) throw new Error(`${file} has no version ${version}`);
  return ajv.compile(closed(jsRegex(v.schema.openAPIV3Schema)));
}

/**
 * The API server prunes fields a structural schema does not declare, so a misspelt field would
 * silently vanish: close every object that declares its properties, to catch that here.
 */
function closed(schema: unknown): object {
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (
      o.properties &&
      o.additionalProperties === undefined &&
      o['x-kubernetes-preserve-unknown-fields'] !== true
    )
      o.additionalProperties = false;
    Object.values(o).forEach(walk);
  };
  walk(schema);
  return schema as object;
}

/** Go's inline `(?i)` flag is not JavaScript; Calico uses it only on fields routelab never sets. */
function jsRegex(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('(?i)', '')) as object;
}

// Cilium 1.18's cilium.io/v2 BGPv2 schema is the v2alpha1 one minus fields routelab never
// writes (shared/schemas/README.md), so v2 documents are checked against v2alpha1.
const VALIDATORS: Record<string, ValidateFunction> = {
  CiliumBGPPeeringPolicy: crdValidator('cilium/v2alpha1_ciliumbgppeeringpolicies.yaml', 'v2alpha1'),
  CiliumBGPClusterConfig: crdValidator('cilium/v2alpha1_ciliumbgpclusterconfigs.yaml', 'v2alpha1'),
  CiliumBGPPeerConfig: crdValidator('cilium/v2alpha1_ciliumbgppeerconfigs.yaml', 'v2alpha1'),
  CiliumBGPAdvertisement: crdValidator('cilium/v2alpha1_ciliumbgpadvertisements.yaml', 'v2alpha1'),
  BGPConfiguration: crdValidator('calico/projectcalico.org_v3_bgpconfigurations.yaml', 'v3'),
  BGPPeer: crdValidator('calico/projectcalico.org_v3_bgppeers.yaml', 'v3'),
  IPPool: crdValidator('calico/projectcalico.org_v3_ippools.yaml', 'v3'),
};
const clab = ajv.compile(
  JSON.parse(readFileSync(`${SCHEMAS}/containerlab/clab.schema.json`, 'utf8')) as object,
);

const bundles = allBundles();
const docs = bundles.flatMap((b) =>
  b.files
    .filter((f) => f.path.endsWith('.yaml') || f.path.endsWith('.yml'))
    .flatMap((f) =>
      parseAllDocuments(f.content).map((d, i) => ({
        id: `${b.name}/${f.path}#${i}`,
        path: f.path,
        doc: d.toJS() as Record<string, unknown>,
      })),
    ),
);

describe('YAML against schemas', () => {
  it('the validators reject a wrong document (they are real checks)', () => {
    expect(
      VALIDATORS.CiliumBGPPeeringPolicy?.({ spec: { virtualRouters: [{ localASN: 'x' }] } }),
    ).toBe(false);
    expect(VALIDATORS.BGPPeer?.({ spec: { asNumber: 'sixty' } })).toBe(false);
    expect(VALIDATORS.BGPPeer?.({ spec: { peerIp: '10.0.0.1' } })).toBe(false);
    expect(clab({ name: 'x', topology: { nodes: { a: { kind: 'no-such-kind' } } } })).toBe(false);
  });

  it('every CRD kind routelab writes is covered', () => {
    const kinds = new Set(docs.map((d) => d.doc.kind as string));
    for (const k of Object.keys(VALIDATORS)) expect(kinds.has(k), k).toBe(true);
  });

  it.each(docs.filter((d) => d.path.endsWith('.clab.yml')))(
    '$id is a valid containerlab topology',
    ({ doc }) => {
      expect(clab(doc), JSON.stringify(clab.errors)).toBe(true);
    },
  );

  it.each(docs.filter((d) => typeof d.doc.kind === 'string' && d.doc.kind in VALIDATORS))(
    '$id ($doc.kind) validates against its CRD',
    ({ doc }) => {
      const v = VALIDATORS[doc.kind as string];
      expect(v?.(doc), JSON.stringify(v?.errors)).toBe(true);
    },
  );

  it.each(docs.filter((d) => d.path.endsWith('kind.yaml')))(
    '$id is a kind v1alpha4 cluster',
    ({ doc }) => {
      // Fields and rules from shared/schemas/kind-v1alpha4.md.
      expect(doc.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
      expect(doc.kind).toBe('Cluster');
      expect(doc.name).toMatch(/^[a-z0-9.-]+$/);
      const net = doc.networking as Record<string, unknown>;
      expect(net.disableDefaultCNI).toBe(true);
      const nodes = doc.nodes as { role: string; kubeadmConfigPatches: string[] }[];
      expect(nodes[0]?.role).toBe('control-plane');
      nodes.forEach((n, i) => {
        const patch = parse(n.kubeadmConfigPatches[0] ?? '') as {
          kind: string;
          nodeRegistration: { kubeletExtraArgs: Record<string, string> };
        };
        expect(patch.kind).toBe(i === 0 ? 'InitConfiguration' : 'JoinConfiguration');
        expect(patch.nodeRegistration.kubeletExtraArgs['node-ip']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      });
    },
  );

  it('kube-proxy is off exactly when Cilium replaces it', () => {
    const kind = docs.find((d) => d.id.startsWith('cilium-tor/') && d.path.endsWith('kind.yaml'));
    expect((kind?.doc.networking as Record<string, unknown>).kubeProxyMode).toBe('none');
    const cal = docs.find((d) => d.id.startsWith('calico-rr/') && d.path.endsWith('kind.yaml'));
    expect((cal?.doc.networking as Record<string, unknown>).kubeProxyMode).toBeUndefined();
  });
});
