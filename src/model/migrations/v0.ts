/**
 * v0 → v1. v0 was the first draft of the lab file (before `schemaVersion` existed):
 * - the device list was called `nodes`, and a device's kind was `type`;
 * - a link was `{ id?, endpoints: [{ device, interface }, { device, interface }] }`;
 * - there were no `expectations` and no `clusters`; layout was `positions` at the top level.
 * A file without `schemaVersion` that has `nodes` is read as v0.
 */
import type { Migration } from './types';

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function device(v: unknown): unknown {
  if (!isObj(v) || v.kind !== undefined || v.type === undefined) return v;
  const { type, ...rest } = v;
  return { ...rest, kind: type };
}

function link(v: unknown, i: number): unknown {
  if (!isObj(v) || !Array.isArray(v.endpoints)) return v;
  const { endpoints, ...rest } = v;
  const [a, b] = endpoints as unknown[];
  const name = (e: unknown): string =>
    isObj(e) ? `${String(e.device)}:${String(e.interface)}` : `end${i}`;
  return { id: rest.id ?? `${name(a)}--${name(b)}`, ...rest, a, b };
}

export const v0ToV1: Migration = {
  from: 0,
  describe: 'v0 → v1: nodes → devices, device type → kind, link endpoints → a/b, add expectations',
  up(doc: Doc): Doc {
    const { nodes, positions, ...rest } = doc;
    const out: Doc = { ...rest, schemaVersion: 1 };
    out.devices = Array.isArray(nodes) ? nodes.map(device) : (rest.devices ?? []);
    if (Array.isArray(rest.links)) out.links = rest.links.map(link);
    out.clusters = rest.clusters ?? [];
    out.expectations = rest.expectations ?? [];
    if (out.layout === undefined)
      out.layout = { positions: isObj(positions) ? positions : {}, groups: [] };
    return out;
  },
};
