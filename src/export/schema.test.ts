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

// Keyed by `apiVersion kind`: Cilium 1.18+ documents (cilium.io/v2) are checked against the v2
// version of the vendored v2 CRDs, which no longer has e.g. `peerConfigRef.group/kind`.
const VALIDATORS: Record<string, ValidateFunction> = {
  'cilium.io/v2alpha1 CiliumBGPPeeringPolicy': crdValidator(
    'cilium/v2alpha1_ciliumbgppeeringpolicies.yaml',
    'v2alpha1',
  ),
  'cilium.io/v2alpha1 CiliumBGPClusterConfig': crdValidator(
    'cilium/v2alpha1_ciliumbgpclusterconfigs.yaml',
    'v2alpha1',
  ),
  'cilium.io/v2alpha1 CiliumBGPPeerConfig': crdValidator(
    'cilium/v2alpha1_ciliumbgppeerconfigs.yaml',
    'v2alpha1',
  ),
  'cilium.io/v2alpha1 CiliumBGPAdvertisement': crdValidator(
    'cilium/v2alpha1_ciliumbgpadvertisements.yaml',
    'v2alpha1',
  ),
  'cilium.io/v2 CiliumBGPClusterConfig': crdValidator(
    'cilium/v2_ciliumbgpclusterconfigs.yaml',
    'v2',
  ),
  'cilium.io/v2 CiliumBGPPeerConfig': crdValidator('cilium/v2_ciliumbgppeerconfigs.yaml', 'v2'),
  'cilium.io/v2 CiliumBGPAdvertisement': crdValidator(
    'cilium/v2_ciliumbgpadvertisements.yaml',
    'v2',
  ),
  // LB-IPAM pools as 1.15+ writes them (`blocks`): v2 and v2alpha1 are the same schema (PR #39090).
  'cilium.io/v2 CiliumLoadBalancerIPPool': crdValidator(
    'cilium/v2_ciliumloadbalancerippools.yaml',
    'v2',
  ),
  'cilium.io/v2alpha1 CiliumLoadBalancerIPPool': crdValidator(
    'cilium/v2_ciliumloadbalancerippools.yaml',
    'v2alpha1',
  ),
  'projectcalico.org/v3 BGPConfiguration': crdValidator(
    'calico/projectcalico.org_v3_bgpconfigurations.yaml',
    'v3',
  ),
  'projectcalico.org/v3 BGPPeer': crdValidator('calico/projectcalico.org_v3_bgppeers.yaml', 'v3'),
  'projectcalico.org/v3 IPPool': crdValidator('calico/projectcalico.org_v3_ippools.yaml', 'v3'),
};
const keyOf = (doc: Record<string, unknown>): string =>
  `${String(doc.apiVersion)} ${String(doc.kind)}`;
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
      VALIDATORS['cilium.io/v2alpha1 CiliumBGPPeeringPolicy']?.({
        spec: { virtualRouters: [{ localASN: 'x' }] },
      }),
    ).toBe(false);
    expect(VALIDATORS['projectcalico.org/v3 BGPPeer']?.({ spec: { asNumber: 'sixty' } })).toBe(
      false,
    );
    expect(VALIDATORS['projectcalico.org/v3 BGPPeer']?.({ spec: { peerIp: '10.0.0.1' } })).toBe(
      false,
    );
    // peerConfigRef.group/kind exist in v2alpha1 only (cilium/cilium PR #37765).
    const withGroup = {
      metadata: {},
      spec: {
        bgpInstances: [
          {
            name: 'i',
            localASN: 65000,
            peers: [
              {
                name: 'p',
                peerAddress: '10.0.0.1',
                peerConfigRef: { name: 'x', group: 'cilium.io' },
              },
            ],
          },
        ],
      },
    };
    expect(VALIDATORS['cilium.io/v2alpha1 CiliumBGPClusterConfig']?.(withGroup)).toBe(true);
    expect(VALIDATORS['cilium.io/v2 CiliumBGPClusterConfig']?.(withGroup)).toBe(false);
    expect(clab({ name: 'x', topology: { nodes: { a: { kind: 'no-such-kind' } } } })).toBe(false);
  });

  it('every CRD kind routelab writes is covered', () => {
    const kinds = new Set(docs.map((d) => keyOf(d.doc)));
    for (const k of Object.keys(VALIDATORS)) expect(kinds.has(k), k).toBe(true);
  });

  it.each(docs.filter((d) => d.path.endsWith('.clab.yml')))(
    '$id is a valid containerlab topology',
    ({ doc }) => {
      expect(clab(doc), JSON.stringify(clab.errors)).toBe(true);
    },
  );

  // The vendored pool CRD is the 1.16+ one; 1.13–1.14 pools (`cidrs`) have no schema here.
  const preBlocks = (doc: Record<string, unknown>): boolean =>
    doc.kind === 'CiliumLoadBalancerIPPool' && 'cidrs' in (doc.spec as object);

  it('the pool schema rejects the removed `cidrs` field (so the check is real)', () => {
    const v = VALIDATORS['cilium.io/v2alpha1 CiliumLoadBalancerIPPool'];
    expect(v?.({ metadata: {}, spec: { cidrs: [{ cidr: '192.0.2.0/24' }] } })).toBe(false);
    expect(v?.({ metadata: {}, spec: { blocks: [{ cidr: '192.0.2.0/24' }] } })).toBe(true);
  });

  it.each(docs.filter((d) => keyOf(d.doc) in VALIDATORS && !preBlocks(d.doc)))(
    '$id ($doc.apiVersion $doc.kind) validates against its CRD',
    ({ doc }) => {
      const v = VALIDATORS[keyOf(doc)];
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
