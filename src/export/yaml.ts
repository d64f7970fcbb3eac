/** YAML at the edge: one stringify for every document the bundle writes. */
import { stringify } from 'yaml';

/**
 * Quoting follows YAML 1.1, because Kubernetes (go-yaml v2) reads a plain `Yes`, `on` or `no` as a
 * boolean; no anchors/aliases (shared objects are written out each time); no line folding.
 */
export function toYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
}
