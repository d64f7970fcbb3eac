/**
 * A containerlab topology (`*.clab.yml` / `*.clab.yaml`) with the configs its nodes bind or
 * exec, into a lab. Pure: files come through `readFile`, paths relative to the topology.
 *
 * Node kinds (containerlab `kind`, then the image name):
 * - `bridge`, `ovs-bridge` → bridge device;
 * - `network-mode: container:<kind node>`, `ext-container` → k8s-node of the kind cluster;
 *   `k8s-kind` → the cluster itself (no device);
 * - `vyosnetworks_vyos`, or an image named *vyos* → VyOS router;
 * - `linux` with an FRR / BIRD / GoBGP image (or binding frr.conf / bird.conf / config.boot) →
 *   router running that daemon; other `linux` nodes → hosts.
 * Settings inherit defaults → kinds → groups → node, as containerlab does (exec and binds
 * concatenate, labels merge; other keys: the most specific wins).
 */
import { emptyLab, LIMITS, linkId } from '../model';
import type {
  Cluster,
  Daemon,
  Device,
  Endpoint,
  Group,
  K8sNode,
  Lab,
  Link,
  Position,
  Role,
} from '../model';
import { readBird } from './bird';
import { ExecReader } from './exec';
import type { DeviceFragment } from './fragment';
import { addAddress, emptyFragment, ensureInterface, markUnnumbered } from './fragment';
import { FrrParser, summariseKept } from './frr';
import { linesOf } from './lines';
import { fitFragment } from './limits';
import type { Source } from './limits';
import { basename, dirname, resolvePath } from './paths';
import { Problems } from './problem';
import type { Problem } from './problem';
import { readVyos } from './vyos';
import type { YNode, YamlSource } from './yamlnav';
import { entries, get, items, parseYaml, posAt, posOf, str, stringMap } from './yamlnav';

export type ReadFile = (path: string) => string | undefined;

export interface ClabImport {
  lab: Lab;
  problems: Problem[];
}

type NodeClass =
  | { device: 'router'; daemon: Daemon }
  | { device: 'k8s-node'; container?: string }
  | { device: 'k8s-cluster' }
  | { device: 'bridge' }
  | { device: 'host' };

interface ClabNode {
  name: string;
  node: YNode;
  layers: YNode[];
  kind: string;
  image: string;
  cls: NodeClass;
  labels: Record<string, string>;
}

const LAYOUT_LABELS = new Set([
  'graph-posX',
  'graph-posY',
  'graph-level',
  'graph-icon',
  'graph-group',
]);

export function importContainerlab(topologyPath: string, readFile: ReadFile): ClabImport {
  return new ClabReader(topologyPath, readFile).run();
}

class ClabReader {
  private readonly problems: Problems;
  private readonly dir: string;
  private src!: YamlSource;
  private lab: Lab = emptyLab('imported');
  private readonly frags = new Map<string, DeviceFragment>();

  constructor(
    private readonly path: string,
    private readonly readFile: ReadFile,
  ) {
    this.problems = new Problems(basename(path));
    this.dir = dirname(path);
  }

  run(): ClabImport {
    const text = this.read(this.path);
    if (text === undefined) {
      this.problems.error(`cannot read topology ${this.path}`, { file: this.path });
      return { lab: this.lab, problems: this.problems.list };
    }
    this.src = parseYaml(text, basename(this.path), this.problems);
    const root = this.src.doc.contents as YNode;
    const name = str(get(this.src, root, 'name'));
    this.lab = emptyLab(name ?? basename(this.path).replace(/\.clab\.ya?ml$|\.ya?ml$/, ''));
    if (!name) this.problems.warn('topology has no `name`', this.at(root));
    const topo = get(this.src, root, 'topology');
    if (!topo) {
      this.problems.error('no `topology:` section', this.at(root));
      return { lab: this.lab, problems: this.problems.list };
    }
    const nodes = this.nodes(topo);
    for (const n of nodes) this.device(n);
    this.links(topo, nodes);
    this.clusters(nodes);
    this.finishDevices(nodes);
    this.layout(nodes);
    return { lab: this.lab, problems: this.problems.list };
  }

  private read(path: string): string | undefined {
    try {
      return this.readFile(path);
    } catch {
      return undefined;
    }
  }

  private at(node: YNode): { file: string; line: number; column: number } {
    const p = posOf(this.src, node);
    return { file: p.file, line: p.line, column: p.column };
  }

  // ------------------------------------------------------------ nodes

  private nodes(topo: YNode): ClabNode[] {
    const defaults = get(this.src, topo, 'defaults');
    const kinds = get(this.src, topo, 'kinds');
    const groups = get(this.src, topo, 'groups');
    const out: ClabNode[] = [];
    for (const { key: name, keyNode, value: node } of entries(
      this.src,
      get(this.src, topo, 'nodes'),
    )) {
      if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) {
        this.problems.error(
          `node name \`${name}\` is not a valid containerlab name`,
          this.at(keyNode),
        );
        continue;
      }
      if (name.length > LIMITS.nameLength) {
        this.problems.error(
          `node name \`${name.slice(0, 20)}…\` is ${name.length} characters; the limit is ${LIMITS.nameLength} (a hostname label, RFC 1123): node skipped`,
          this.at(keyNode),
        );
        continue;
      }
      const group = str(get(this.src, node, 'group'));
      const groupNode = group === undefined ? undefined : get(this.src, groups, group);
      const kind =
        str(get(this.src, node, 'kind')) ??
        str(get(this.src, groupNode, 'kind')) ??
        str(get(this.src, defaults, 'kind'));
      if (!kind) {
        this.problems.error(`node ${name} has no kind`, this.at(keyNode));
        continue;
      }
      // Most specific first.
      const layers = [node, groupNode, get(this.src, kinds, kind), defaults];
      const image = this.field(layers, 'image') ?? '';
      const labels: Record<string, string> = {};
      for (const l of [...layers].reverse())
        Object.assign(labels, stringMap(this.src, get(this.src, l, 'labels')));
      const n: ClabNode = { name, node, layers, kind, image, labels, cls: { device: 'host' } };
      n.cls = this.classify(n);
      out.push(n);
    }
    return out;
  }

  private field(layers: YNode[], key: string): string | undefined {
    for (const l of layers) {
      const v = str(get(this.src, l, key));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /**
   * List fields concatenate across layers, defaults first, then kind, group and node, as
   * containerlab's `GetNodeExec` / `GetNodeBinds` append them (clab/topology.go).
   */
  private list(layers: YNode[], key: string): YNode[] {
    const out: YNode[] = [];
    for (const l of [...layers].reverse()) {
      const v = get(this.src, l, key);
      if (v) out.push(...items(this.src, v));
    }
    return out;
  }

  private classify(n: ClabNode): NodeClass {
    const kind = n.kind;
    const img = n.image.toLowerCase();
    if (kind === 'bridge' || kind === 'ovs-bridge') return { device: 'bridge' };
    if (kind === 'k8s-kind') return { device: 'k8s-cluster' };
    const netMode = this.field(n.layers, 'network-mode');
    if (netMode?.startsWith('container:')) {
      return { device: 'k8s-node', container: netMode.slice('container:'.length) };
    }
    if (kind === 'ext-container') return { device: 'k8s-node', container: n.name };
    if (kind === 'vyosnetworks_vyos' || img.includes('vyos'))
      return { device: 'router', daemon: 'vyos' };
    if (kind !== 'linux') {
      if (kind !== 'host') {
        this.problems.warn(
          `node ${n.name}: kind \`${kind}\` is not simulated; imported as a host (interfaces and links only)`,
          this.at(get(this.src, n.node, 'kind') ?? n.node),
        );
      }
      return { device: 'host' };
    }
    if (/frr|frrouting/.test(img)) return { device: 'router', daemon: 'frr' };
    if (/bird/.test(img)) return { device: 'router', daemon: 'bird' };
    if (/gobgp/.test(img)) return { device: 'router', daemon: 'gobgp' };
    const binds = this.list(n.layers, 'binds').map((b) => str(b) ?? '');
    if (binds.some((b) => configType(b) === 'frr')) return { device: 'router', daemon: 'frr' };
    if (binds.some((b) => configType(b) === 'bird')) return { device: 'router', daemon: 'bird' };
    if (binds.some((b) => configType(b) === 'vyos')) return { device: 'router', daemon: 'vyos' };
    const exec = this.list(n.layers, 'exec').map((e) => str(e) ?? '');
    if (exec.some((e) => /(^|\s|\/)vtysh\s/.test(e))) return { device: 'router', daemon: 'frr' };
    return { device: 'host' };
  }

  /** Reads a node's bound configs and exec lines into its fragment. */
  private device(n: ClabNode): void {
    if (n.cls.device === 'k8s-cluster') return;
    const frag = emptyFragment();
    this.frags.set(n.name, frag);
    const p = new Problems(`devices/${n.name}`);
    let frr: FrrParser | undefined;
    const frrParser = (): FrrParser => (frr ??= new FrrParser(frag, p));
    const kept: { file: string; line: number }[] = [];
    const sources: Source[] = [];
    const keptIn = (file: string, from: number): void => {
      kept.push(...frag.unmodelled.slice(from).map((u) => ({ file, line: u.line })));
    };
    for (const b of this.list(n.layers, 'binds')) {
      const spec = str(b);
      if (spec === undefined) continue;
      const type = configType(spec);
      if (!type) continue;
      const host = spec.split(':')[0] ?? '';
      if (host.includes('__clab')) {
        this.problems.warn(
          `bind ${spec}: containerlab variables are not resolved; file not read`,
          this.at(b),
        );
        continue;
      }
      const file = resolvePath(this.dir, host);
      const text = this.read(file);
      if (text === undefined) {
        this.problems.warn(`node ${n.name}: bound file ${host} not found`, this.at(b));
        continue;
      }
      const name = host.replace(/^\.\//, '');
      sources.push({ file: name, text });
      const before = frag.unmodelled.length;
      if (type === 'frr') frrParser().read(linesOf(text, name));
      else if (type === 'bird') readBird(text, name, frag, p);
      else readVyos(text, name, frag, p);
      if (type !== 'frr') keptIn(name, before);
    }
    const startup = this.field(n.layers, 'startup-config');
    if (startup !== undefined && n.cls.device === 'router' && n.cls.daemon === 'vyos') {
      const file = resolvePath(this.dir, startup);
      const text = this.read(file);
      if (text === undefined) {
        this.problems.warn(`node ${n.name}: startup-config ${startup} not found`, this.at(n.node));
      } else {
        sources.push({ file: startup, text });
        const before = frag.unmodelled.length;
        readVyos(text, startup, frag, p);
        keptIn(startup, before);
      }
    }
    const exec = new ExecReader(frag, p, frrParser);
    for (const e of this.list(n.layers, 'exec')) {
      const text = str(e);
      if (text === undefined) {
        this.problems.warn(`node ${n.name}: exec entries must be strings`, this.at(e));
        continue;
      }
      const at = this.at(e);
      exec.read({ text, ...at, file: this.src.file, locate: this.locator(e) });
    }
    frr?.finish();
    fitFragment(frag, [...sources, { file: this.src.file, text: this.src.text }], p);
    const execKept = frag.unmodelled.filter((u) => u.file === 'exec');
    kept.push(
      ...(frr?.kept ?? []),
      ...execKept.map((u) => ({ file: this.src.file, line: u.line })),
    );
    summariseKept(kept, p);
    this.problems.list.push(...p.list);
  }

  /** Finds each vtysh -c argument in the YAML source, in order, for its line/column. */
  private locator(node: YNode): (needle: string) => { line: number; column: number } | undefined {
    const [start, end] = node?.range ?? [0, 0];
    let cursor = start;
    return (needle) => {
      if (!needle) return undefined;
      const i = this.src.text.indexOf(needle, cursor);
      if (i < 0 || i >= end) return undefined;
      cursor = i + needle.length;
      return posAt(this.src, i);
    };
  }

  // ------------------------------------------------------------ links

  private links(topo: YNode, nodes: ClabNode[]): void {
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const used = new Map<string, string>();
    for (const l of items(this.src, get(this.src, topo, 'links'))) {
      const type = str(get(this.src, l, 'type'));
      if (type !== undefined && type !== 'veth') {
        this.problems.info(`link of type ${type} is not simulated`, this.at(l));
        continue;
      }
      const eps = items(this.src, get(this.src, l, 'endpoints'));
      if (eps.length !== 2) {
        this.problems.error('a link needs exactly two endpoints', this.at(l));
        continue;
      }
      const parsed = eps.map((e) => this.endpoint(e, byName));
      const [a, b] = parsed;
      if (!a || !b) continue;
      if (a.special || b.special) {
        this.problems.info(
          `link to ${a.special ? a.ep.device : b.ep.device} (outside the lab) is not simulated`,
          this.at(l),
        );
        continue;
      }
      let dup = false;
      for (const x of [a, b]) {
        const key = `${x.ep.device}:${x.ep.interface}`;
        if (used.has(key)) {
          this.problems.error(`interface ${key} is used by two links`, this.at(x.node));
          dup = true;
        }
        used.set(key, key);
      }
      if (dup) continue;
      const link: Link = { id: linkId(a.ep, b.ep), a: a.ep, b: b.ep };
      this.lab.links.push(link);
      const v4 = items(this.src, get(this.src, l, 'ipv4')).map(str);
      const v6 = items(this.src, get(this.src, l, 'ipv6')).map(str);
      [a, b].forEach((x, i) => {
        const frag = this.frags.get(x.ep.device);
        if (!frag) return;
        ensureInterface(frag, x.ep.interface);
        for (const addr of [v4[i], v6[i], ...x.addrs])
          if (addr) addAddress(frag, x.ep.interface, addr);
      });
    }
  }

  private endpoint(
    e: YNode,
    byName: Map<string, ClabNode>,
  ): { ep: Endpoint; node: YNode; addrs: string[]; special?: boolean } | undefined {
    let device: string | undefined;
    let iface: string | undefined;
    const addrs: string[] = [];
    const text = str(e);
    if (text !== undefined) {
      const i = text.indexOf(':');
      if (i > 0) {
        device = text.slice(0, i);
        iface = text.slice(i + 1);
      }
    } else {
      device = str(get(this.src, e, 'node'));
      iface = str(get(this.src, e, 'interface'));
      for (const k of ['ipv4', 'ipv6']) {
        const v = get(this.src, e, k);
        const one = str(v);
        if (one) addrs.push(one);
        for (const x of items(this.src, v)) if (str(x)) addrs.push(str(x) as string);
      }
    }
    if (!device || !iface) {
      this.problems.error('endpoint must be "node:interface" or { node, interface }', this.at(e));
      return undefined;
    }
    if (iface.length > LIMITS.interfaceNameLength) {
      this.problems.error(
        `interface name \`${iface.slice(0, 40)}\` is ${iface.length} characters; Linux allows at most ${LIMITS.interfaceNameLength} (IFNAMSIZ): link skipped`,
        this.at(e),
      );
      return undefined;
    }
    if (['host', 'mgmt-net', 'macvlan'].includes(device) && !byName.has(device)) {
      return { ep: { device, interface: iface }, node: e, addrs, special: true };
    }
    const n = byName.get(device);
    if (!n) {
      this.problems.error(`link endpoint refers to unknown node \`${device}\``, this.at(e));
      return undefined;
    }
    if (n.cls.device === 'k8s-cluster') {
      this.problems.warn(
        `link to the k8s-kind cluster ${device} itself is not simulated`,
        this.at(e),
      );
      return undefined;
    }
    return { ep: { device, interface: iface }, node: e, addrs };
  }

  // ------------------------------------------------------------ clusters

  private clusterOf = new Map<string, string>();

  private clusters(nodes: ClabNode[]): void {
    const kindClusters = nodes.filter((n) => n.cls.device === 'k8s-cluster').map((n) => n.name);
    const members = new Map<string, ClabNode[]>();
    for (const n of nodes) {
      if (n.cls.device !== 'k8s-node') continue;
      const container = n.cls.container ?? n.name;
      const derived = container.replace(/-(control-plane\d*|worker\d*)$/, '');
      let cluster = kindClusters.find((c) => container.startsWith(`${c}-`));
      if (!cluster && derived !== container && derived !== '') cluster = derived;
      cluster ??= kindClusters.length === 1 ? kindClusters[0] : this.lab.name;
      cluster ??= this.lab.name;
      this.clusterOf.set(n.name, cluster);
      members.set(cluster, [...(members.get(cluster) ?? []), n]);
    }
    const names = new Set([...kindClusters, ...members.keys()]);
    for (const name of names) {
      const ms = members.get(name) ?? [];
      const cniLabel = ms.map((m) => m.labels['cni'] ?? m.labels['routelab.cni']).find((x) => x);
      const cni = cniLabel === 'calico' ? 'calico' : 'cilium';
      const c: Cluster = {
        name,
        cni,
        // kind's defaults (pkg/apis/config/v1alpha4/default.go): pod 10.244.0.0/16, service 10.96.0.0/12
        podCidr: '10.244.0.0/16',
        podCidrMaskSize: 24,
        serviceCidr: '10.96.0.0/12',
        loadBalancerPools: [],
        services: [],
      };
      if (cni === 'cilium') {
        c.cilium = {
          version: '1.16.0',
          bgpApi: 'none',
          routingMode: 'native',
          autoDirectNodeRoutes: false,
          ipamMode: 'kubernetes',
          kubeProxyReplacement: false,
          policies: [],
        };
      } else {
        c.calico = {
          asn: 64512,
          nodeToNodeMesh: true,
          blockSize: 26,
          advertise: 'blocks',
          peers: [],
          serviceClusterIps: [],
        };
      }
      this.lab.clusters.push(c);
      this.problems.info(
        `cluster ${name}: the topology does not carry the kind/CNI settings; assumed ${cni} with kind's default pod/service CIDRs — set them in the cluster`,
        { file: this.src.file },
      );
    }
  }

  // ------------------------------------------------------------ devices

  private finishDevices(nodes: ClabNode[]): void {
    for (const n of nodes) {
      const frag = this.frags.get(n.name);
      if (!frag) continue;
      markUnnumbered(frag);
      // Routes via an interface no config creates (BIRD's `via "cilium_host"`: Cilium makes it).
      for (const r of frag.staticRoutes) {
        if (r.interface === undefined || frag.interfaces.some((i) => i.name === r.interface))
          continue;
        ensureInterface(frag, r.interface).loopback = true;
        this.problems.info(
          `${n.name}: interface ${r.interface} (used by a static route) is made outside these configs; added as a stub`,
          this.at(n.node),
        );
      }
      // eth0 is containerlab's management interface: keep it only when the lab uses it.
      const inLink = (i: string): boolean =>
        this.lab.links.some(
          (l) =>
            (l.a.device === n.name && l.a.interface === i) ||
            (l.b.device === n.name && l.b.interface === i),
        );
      const interfaces = frag.interfaces.filter(
        (i) => i.name !== 'eth0' || inLink(i.name) || i.addresses.length > 0,
      );
      const labels = Object.fromEntries(
        Object.entries(n.labels).filter(([k]) => !LAYOUT_LABELS.has(k)),
      );
      const base = {
        name: n.name,
        interfaces,
        staticRoutes: frag.staticRoutes,
        labels,
        ...(frag.unmodelled.length > 0 ? { unmodelled: frag.unmodelled } : {}),
      };
      let device: Device;
      switch (n.cls.device) {
        case 'router': {
          device = { ...base, kind: 'router', daemon: n.cls.daemon, role: roleOf(n) };
          if (frag.bgp) device.bgp = frag.bgp;
          if (frag.kernel) device.kernel = frag.kernel;
          if (!frag.bgp && n.cls.daemon !== 'gobgp') {
            this.problems.info(`router ${n.name} has no BGP configuration`, this.at(n.node));
          }
          break;
        }
        case 'k8s-node': {
          const container = n.cls.container ?? n.name;
          const node: K8sNode = {
            ...base,
            kind: 'k8s-node',
            role: 'node',
            cluster: this.clusterOf.get(n.name) ?? this.lab.name,
            k8sRole: /control-plane/.test(container) ? 'control-plane' : 'worker',
          };
          if (frag.bgp) {
            node.bgp = frag.bgp;
            node.daemon = /frr/i.test(n.image) ? 'frr' : 'bird';
          }
          if (frag.kernel) node.kernel = frag.kernel;
          device = node;
          break;
        }
        case 'bridge':
          device = { ...base, kind: 'bridge', role: 'bridge' };
          break;
        default:
          device = { ...base, kind: 'host', role: 'client' };
      }
      this.lab.devices.push(device);
    }
  }

  // ------------------------------------------------------------ layout

  private layout(nodes: ClabNode[]): void {
    const positions: Record<string, Position> = {};
    const groups = new Map<string, Group>();
    const join = (g: string, member: string): void => {
      const group = groups.get(g) ?? {
        name: g,
        label: g,
        kind: /rack/i.test(g) ? 'rack' : 'other',
        members: [],
      };
      if (!group.members.includes(member)) group.members.push(member);
      groups.set(g, group);
    };
    for (const n of nodes) {
      if (n.cls.device === 'k8s-cluster') continue;
      const x = Number(n.labels['graph-posX']);
      const y = Number(n.labels['graph-posY']);
      if (n.labels['graph-posX'] !== undefined && Number.isFinite(x) && Number.isFinite(y)) {
        positions[n.name] = { x, y };
      }
      const g = str(get(this.src, n.node, 'group')) ?? n.labels['graph-group'];
      if (g) join(g, n.name);
    }
    const annFile = `${this.path}.annotations.json`;
    const ann = this.read(annFile);
    if (ann !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(ann);
      } catch (e) {
        this.problems.warn(`annotations file is not JSON (${String(e)})`, {
          file: basename(annFile),
        });
      }
      const list = (parsed as { nodeAnnotations?: unknown } | undefined)?.nodeAnnotations;
      for (const a of Array.isArray(list) ? (list as unknown[]) : []) {
        const r = a as { id?: unknown; position?: { x?: unknown; y?: unknown }; group?: unknown };
        if (typeof r.id !== 'string' || !this.frags.has(r.id)) continue;
        const x = r.position?.x;
        const y = r.position?.y;
        if (
          typeof x === 'number' &&
          typeof y === 'number' &&
          Number.isFinite(x) &&
          Number.isFinite(y)
        ) {
          positions[r.id] = { x, y };
        }
        if (typeof r.group === 'string' && r.group) join(r.group, r.id);
      }
    }
    this.lab.layout = { positions, groups: [...groups.values()] };
  }
}

/** Which daemon config a bind carries, by its container path (or host file name). */
export function configType(bind: string): 'frr' | 'bird' | 'vyos' | undefined {
  const [host = '', target = host] = bind.split(':');
  const t = target.toLowerCase();
  const h = basename(host).toLowerCase();
  if (t.endsWith('/frr.conf') || h === 'frr.conf') return 'frr';
  if (t.endsWith('config.boot') || h.endsWith('config.boot')) return 'vyos';
  if ((t.includes('bird') && t.endsWith('.conf')) || /^bird\d?\.conf$/.test(h)) return 'bird';
  return undefined;
}

function roleOf(n: ClabNode): Role {
  const hint = (
    n.labels['role'] ??
    n.labels['topoViewer-role'] ??
    n.labels['graph-icon'] ??
    ''
  ).toLowerCase();
  const roles: Role[] = ['super-spine', 'spine', 'leaf', 'route-reflector', 'router'];
  const byLabel = roles.find((r) => r === hint);
  if (byLabel) return byLabel;
  const name = n.name.toLowerCase();
  if (/super-?spine/.test(name)) return 'super-spine';
  if (/spine/.test(name)) return 'spine';
  if (/leaf|tor/.test(name)) return 'leaf';
  if (/(^|[^a-z])rr([^a-z]|$)|reflector/.test(name)) return 'route-reflector';
  return 'router';
}
