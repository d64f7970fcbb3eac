/**
 * The "new fabric" wizard's builder: spines × leaves × nodes per leaf, every leaf linked to every
 * spine and its nodes linked to it, through the same operations a user performs on the canvas.
 */
import { emptyLab } from '../../model/lab';
import type { Lab } from '../../model/types';
import { OpError, addDevice, connect } from './ops';

export interface FabricSpec {
  name: string;
  spines: number;
  leaves: number;
  nodesPerLeaf: number;
  cni: 'cilium' | 'calico';
  /** Cilium version written into the cluster (exporters pick the matching BGP API). */
  ciliumVersion?: string;
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
  if (spec.spines + spec.leaves * (1 + spec.nodesPerLeaf) > FABRIC_MAX_DEVICES)
    throw new OpError(`at most ${FABRIC_MAX_DEVICES} devices; import bigger fabrics from a file`);
}

export function buildFabric(spec: FabricSpec): Lab {
  checkFabric(spec);
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
      const node = add(spec.cni === 'cilium' ? 'cilium-node' : 'calico-node', x0 + n * gap, 400);
      lab = connect(lab, node, leaf).lab;
    }
  }
  if (spec.ciliumVersion && spec.cni === 'cilium') {
    lab = {
      ...lab,
      clusters: lab.clusters.map((c) =>
        c.cilium
          ? { ...c, cilium: { ...c.cilium, version: spec.ciliumVersion ?? c.cilium.version } }
          : c,
      ),
    };
  }
  return lab;
}
