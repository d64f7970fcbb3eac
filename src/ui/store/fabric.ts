/**
 * The "new fabric" wizard's builder: spines × leaves × nodes per leaf, every leaf linked to every
 * spine and its nodes linked to it, through the same operations a user performs on the canvas.
 */
import { hostOf } from '../../model/addressing';
import { emptyLab } from '../../model/lab';
import type { CiliumBgpApi, Lab } from '../../model/types';
import { OpError, addDevice, connect } from './ops';
import { asPlan } from './templates';

/**
 * How the fabric's ASes are laid out:
 * - `ebgp`: spines share one AS, every leaf has its own (RFC 7938); nodes peer their leaf.
 * - `ibgp-rr`: one AS for the whole fabric (RFC 4456 hierarchy): spines reflect for the leaves,
 *   and each leaf reflects for its rack's nodes; every reflector sets `next-hop-self force` so
 *   next hops stay on connected links (there is no IGP).
 * - `calico-downward-default`: Calico's "downward default" model for IP fabrics (Calico docs,
 *   "Calico over IP fabrics" / l3-interconnect-fabric): every Calico node in one AS (64512), the
 *   node-to-node mesh off, each node peering eBGP with its ToR only, and the ToR sending its nodes
 *   nothing but a default route (`default-originate` + a prefix-list that lets only 0.0.0.0/0
 *   out). The nodes therefore never receive a route carrying their own shared AS back (no AS-loop
 *   rejections, RFC 4271 9.1.2) and keep tiny tables; spines and leaves as in `ebgp`.
 */
export type AsScheme = 'ebgp' | 'ibgp-rr' | 'calico-downward-default';

/** The prefix-list a downward-default ToR applies towards its nodes. */
export const DEFAULT_ONLY = 'DEFAULT-ONLY';

export interface FabricSpec {
  name: string;
  spines: number;
  leaves: number;
  nodesPerLeaf: number;
  /** Absent: `ebgp`. */
  scheme?: AsScheme;
  /** `calico-downward-default` always builds Calico nodes. */
  cni: 'cilium' | 'calico';
  /** Cilium version written into the cluster. */
  ciliumVersion?: string;
  /** The Cilium BGP API the cluster's resources use. */
  ciliumBgpApi?: Extract<CiliumBgpApi, 'peering-policy' | 'bgpv2'>;
}

export const FABRIC_LIMITS = { spines: 16, leaves: 32, nodesPerLeaf: 32 } as const;
/** Each link is one canvas operation (a lab copy); past this the wizard would stall the page. */
export const FABRIC_MAX_DEVICES = 400;

/** Throws OpError with the reason when the wizard's numbers cannot be built. */
export function checkFabric(spec: FabricSpec): void {
  for (const k of ['spines', 'leaves', 'nodesPerLeaf'] as const) {
    const v = spec[k];
    if (!Number.isInteger(v) || v < (k === 'nodesPerLeaf' ? 0 : 1) || v > FABRIC_LIMITS[k])
      throw new OpError(`${k} must be a whole number up to ${FABRIC_LIMITS[k]}`);
  }
  if (cniOf(spec) === 'cilium') {
    const v = /^(\d+)\.(\d+)(\.\d+)?$/.exec(spec.ciliumVersion?.trim() ?? '1.16.5');
    if (!v) throw new OpError('Cilium version is major.minor[.patch], e.g. 1.16.5');
    // The BGPv2 resources (CiliumBGPClusterConfig & co.) arrived in Cilium 1.16.
    if (spec.ciliumBgpApi === 'bgpv2' && (Number(v[1]) < 1 || (v[1] === '1' && Number(v[2]) < 16)))
      throw new OpError('the BGPv2 API needs Cilium 1.16 or later');
  }
  if (spec.spines + spec.leaves * (1 + spec.nodesPerLeaf) > FABRIC_MAX_DEVICES)
    throw new OpError(`at most ${FABRIC_MAX_DEVICES} devices; import bigger fabrics from a file`);
}

/** The CNI the fabric's nodes run: the Calico scheme forces Calico. */
export function cniOf(spec: FabricSpec): FabricSpec['cni'] {
  return spec.scheme === 'calico-downward-default' ? 'calico' : spec.cni;
}

export function buildFabric(spec: FabricSpec): Lab {
  checkFabric(spec);
  const scheme = spec.scheme ?? 'ebgp';
  const cni = cniOf(spec);
  let lab = emptyLab(spec.name.trim() || 'fabric');
  const gap = 190;
  const width = Math.max(spec.leaves * Math.max(1, spec.nodesPerLeaf), spec.spines) * gap;
  const add = (kind: Parameters<typeof addDevice>[1], x: number, y: number): string => {
    const r = addDevice(lab, kind, { x, y });
    lab = r.lab;
    return r.name;
  };
  const spines = Array.from({ length: spec.spines }, (_, i) =>
    add('spine', (width - spec.spines * gap) / 2 + i * gap, 40),
  );
  const rackWidth = Math.max(1, spec.nodesPerLeaf) * gap;
  for (let l = 0; l < spec.leaves; l++) {
    const x0 = l * rackWidth;
    const leaf = add('leaf', x0 + (rackWidth - gap) / 2, 220);
    for (const s of spines) lab = connect(lab, leaf, s).lab;
    for (let n = 0; n < spec.nodesPerLeaf; n++) {
      const node = add(cni === 'cilium' ? 'cilium-node' : 'calico-node', x0 + n * gap, 400);
      lab = connect(lab, node, leaf).lab;
    }
  }
  lab = {
    ...lab,
    clusters: lab.clusters.map((c) => {
      if (c.cilium)
        return {
          ...c,
          cilium: {
            ...c.cilium,
            version: spec.ciliumVersion?.trim() || c.cilium.version,
            bgpApi: spec.ciliumBgpApi ?? c.cilium.bgpApi,
          },
        };
      // Peering the ToR replaces the full mesh (Calico docs: disable the mesh for ToR peering).
      if (c.calico) return { ...c, calico: { ...c.calico, nodeToNodeMesh: false } };
      return c;
    }),
  };
  if (scheme === 'ibgp-rr') lab = oneAsWithReflectors(lab, asPlan.spine);
  if (scheme === 'calico-downward-default') lab = downwardDefault(lab);
  return lab;
}

/** Puts every router and node in `asn`; spines reflect for leaves, leaves for their nodes. */
function oneAsWithReflectors(input: Lab, asn: number): Lab {
  const lab = structuredClone(input);
  const roleOf = new Map<string, string>();
  for (const d of lab.devices)
    for (const i of d.interfaces)
      for (const a of i.addresses)
        roleOf.set(hostOf(a), d.kind === 'k8s-node' ? 'node' : (d.role ?? d.kind));
  for (const d of lab.devices) {
    if (d.kind !== 'router' || !d.bgp) continue;
    d.bgp.asn = asn;
    for (const n of d.bgp.neighbors) {
      const peer = roleOf.get(n.peer);
      n.remoteAs = 'internal';
      const client =
        (d.role === 'spine' && peer === 'leaf') || (d.role === 'leaf' && peer === 'node');
      if (client) n.routeReflectorClient = true;
      // The reflected next hop would be a link the receiver does not have.
      n.nextHopSelf = 'force';
    }
  }
  for (const c of lab.clusters) {
    for (const p of c.cilium?.policies ?? []) {
      p.localAsn = asn;
      for (const n of p.neighbors) n.peerAsn = asn;
    }
    if (c.calico) {
      c.calico.asn = asn;
      for (const p of c.calico.peers) p.asNumber = asn;
    }
  }
  return lab;
}

/**
 * Each leaf sends its nodes only a default route: `neighbor N default-originate` plus
 * `prefix-list DEFAULT-ONLY out` (`permit 0.0.0.0/0`), FRR's usual way to say "downward default".
 */
function downwardDefault(input: Lab): Lab {
  const lab = structuredClone(input);
  const nodeAddrs = new Set(
    lab.devices
      .filter((d) => d.kind === 'k8s-node')
      .flatMap((d) => d.interfaces.flatMap((i) => i.addresses.map(hostOf))),
  );
  for (const d of lab.devices) {
    if (d.kind !== 'router' || !d.bgp) continue;
    const toNodes = d.bgp.neighbors.filter((n) => nodeAddrs.has(n.peer));
    if (toNodes.length === 0) continue;
    for (const n of toNodes) {
      n.defaultOriginate = true;
      n.prefixListOut = DEFAULT_ONLY;
    }
    if (!d.bgp.prefixLists.some((p) => p.name === DEFAULT_ONLY))
      d.bgp.prefixLists.push({
        name: DEFAULT_ONLY,
        entries: [{ seq: 5, action: 'permit', prefix: '0.0.0.0/0' }],
      });
  }
  return lab;
}
