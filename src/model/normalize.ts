/**
 * Fills the fields a lab file may leave out (empty lists and maps), so hand-written and older
 * files load. Only missing fields are filled: a field of the wrong type is left for validation
 * to report. Pure and idempotent: a complete lab comes back unchanged.
 */
type Doc = Record<string, unknown>;

const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function fill(o: unknown, lists: string[], maps: string[] = []): void {
  if (!isObj(o)) return;
  for (const k of lists) if (o[k] === undefined) o[k] = [];
  for (const k of maps) if (o[k] === undefined) o[k] = {};
}

const each = (v: unknown, f: (x: unknown) => void): void => {
  if (Array.isArray(v)) v.forEach(f);
};

const BGP_LISTS = [
  'peerGroups',
  'neighbors',
  'listenRanges',
  'networks',
  'redistribute',
  'aggregates',
  'prefixLists',
  'routeMaps',
  'communityLists',
  'asPathLists',
];

function bgp(b: unknown): void {
  fill(b, BGP_LISTS);
  if (!isObj(b)) return;
  each(b.prefixLists, (p) => fill(p, ['entries']));
  each(b.communityLists, (p) => fill(p, ['entries']));
  each(b.asPathLists, (p) => fill(p, ['entries']));
  each(b.routeMaps, (rm) => {
    fill(rm, ['entries']);
    if (isObj(rm)) each(rm.entries, (e) => fill(e, [], ['match', 'set']));
  });
}

/** Returns a normalised deep copy of a parsed document (the input is not modified). */
export function normalizeLabDoc(input: Doc, fallbackName: string): Doc {
  const doc = structuredClone(input);
  if (doc.name === undefined) doc.name = fallbackName;
  fill(doc, ['devices', 'links', 'clusters', 'expectations']);
  if (doc.layout === undefined) doc.layout = { positions: {}, groups: [] };
  fill(doc.layout, ['groups'], ['positions']);
  each(doc.devices, (d) => {
    fill(d, ['interfaces', 'staticRoutes'], ['labels']);
    if (!isObj(d)) return;
    each(d.interfaces, (i) => fill(i, ['addresses']));
    if (d.bgp !== undefined) bgp(d.bgp);
  });
  each(doc.clusters, (c) => {
    fill(c, ['loadBalancerPools', 'services']);
    if (!isObj(c)) return;
    fill(c.cilium, ['policies']);
    if (isObj(c.cilium)) each(c.cilium.policies, (p) => fill(p, ['neighbors'], ['nodeSelector']));
    fill(c.calico, ['peers', 'serviceClusterIps']);
    if (isObj(c.calico)) each(c.calico.peers, (p) => fill(p, [], ['nodeSelector']));
  });
  each(doc.layout && isObj(doc.layout) ? doc.layout.groups : undefined, (g) =>
    fill(g, ['members']),
  );
  return doc;
}
