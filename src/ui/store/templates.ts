/** What the palette offers and the device each entry creates (pure: no React, no store). */
import type { Role } from '../../model/types';

export type PaletteKind =
  | 'spine'
  | 'leaf'
  | 'router'
  | 'route-reflector'
  | 'cilium-node'
  | 'calico-node'
  | 'client'
  | 'bridge';

export interface PaletteEntry {
  kind: PaletteKind;
  label: string;
  /** Name stem: spine → spine1, spine2… */
  stem: string;
  role: Role;
  hint: string;
}

export const palette: PaletteEntry[] = [
  {
    kind: 'spine',
    label: 'Spine',
    stem: 'spine',
    role: 'spine',
    hint: 'FRR, AS 65000 shared by spines',
  },
  {
    kind: 'leaf',
    label: 'Leaf',
    stem: 'leaf',
    role: 'leaf',
    hint: 'FRR, own AS per leaf (65001…)',
  },
  { kind: 'router', label: 'Router', stem: 'router', role: 'router', hint: 'FRR, own AS (65100…)' },
  {
    kind: 'route-reflector',
    label: 'Route reflector',
    stem: 'rr',
    role: 'route-reflector',
    hint: 'FRR, reflects to its iBGP clients',
  },
  {
    kind: 'cilium-node',
    label: 'Cilium node',
    stem: 'node',
    role: 'node',
    hint: 'Kubernetes node, Cilium BGP control plane',
  },
  {
    kind: 'calico-node',
    label: 'Calico node',
    stem: 'cnode',
    role: 'node',
    hint: 'Kubernetes node, Calico (BIRD)',
  },
  { kind: 'client', label: 'Client', stem: 'client', role: 'client', hint: 'Linux host' },
  { kind: 'bridge', label: 'L2 bridge', stem: 'br', role: 'bridge', hint: 'Shared L2 segment' },
];

export function paletteEntry(kind: PaletteKind): PaletteEntry {
  const e = palette.find((p) => p.kind === kind);
  if (!e) throw new Error(`unknown palette kind ${kind}`);
  return e;
}

/** Address pools new devices and links draw from (kept apart from pod and service pools). */
export const pools = {
  loopback: '10.255.0.0/16',
  fabric: '10.0.0.0/16',
  edge: '10.1.0.0/16',
  segment: '192.168.0.0/16',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
} as const;

/** AS ranges per role: spines share one AS (so leaves get ECMP across them), leaves one each. */
export const asPlan = {
  spine: 65000,
  'route-reflector': 65000,
  leaf: 65001,
  router: 65100,
  calico: 64512,
} as const;
