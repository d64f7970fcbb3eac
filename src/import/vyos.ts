/**
 * VyOS configuration — `set …` commands or the curly-brace config.boot — into a device fragment.
 * Both forms are first flattened to config paths (`protocols bgp neighbor 10.0.0.1 remote-as
 * 65000`), then one interpreter reads the paths. Paths it does not model are kept as unmodelled
 * lines in `set` form, so an exporter can write them back into either form.
 *
 * VyOS renders FRR config with `frr defaults traditional` and `no bgp ebgp-requires-policy`
 * unless `parameters ebgp-requires-policy` is set (the spine/leaf write-up, seed 001, exchanges
 * routes over eBGP with no policy at all: spine01's table shows 10.0.5.0/24 via 10.0.101.2).
 */
import { isCidr, isIp, isIpv4, networkOf } from '../model';
import type { BgpConfig, NeighborSettings, RemoteAs } from '../model';
import type { DeviceFragment } from './fragment';
import { addAddress, addStaticRoute, emptyFragment, ensureBgp, ensureInterface } from './fragment';
import type { FragmentImport } from './frr';
import { summariseKept } from './frr';
import { asnOf, intIn } from './lines';
import { Problems } from './problem';
import { shellWords } from './shell';
import { fitFragment } from './limits';

export interface VyosPath {
  path: string[];
  line: number;
  column: number;
}

/** `set a b 'c'` lines → paths. `delete`, `commit`, `save`, comments and prompts are skipped. */
export function setCommandPaths(text: string, file: string, problems: Problems): VyosPath[] {
  const out: VyosPath[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/^\s*(vyos@\S*[#$]|vyos\$|vyos#)\s*/, '');
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    const { words, error } = shellWords(trimmed);
    const column = raw.length - raw.trimStart().length + 1;
    if (error) problems.error(error, { file, line: i + 1, column });
    const w = words.map((x) => x.text);
    if (w[0] === 'set' && w.length > 1) out.push({ path: w.slice(1), line: i + 1, column });
    else if (
      !['configure', 'commit', 'save', 'exit', 'delete', 'run', 'compare', 'show'].includes(
        w[0] ?? '',
      )
    ) {
      problems.warn(`not a \`set\` command: ${trimmed}`, { file, line: i + 1, column });
    }
  });
  return out;
}

/** config.boot → paths: `node value {` opens, `}` closes, `leaf value` is a path end. */
export function configBootPaths(text: string, file: string, problems: Problems): VyosPath[] {
  const out: VyosPath[] = [];
  const stack: { path: string[]; line: number; column: number; leaves: number }[] = [];
  let inComment = false;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    let line = raw;
    if (inComment) {
      const end = line.indexOf('*/');
      if (end < 0) return;
      line = line.slice(end + 2);
      inComment = false;
    }
    line = line.replace(/\/\*.*?\*\//g, '');
    const open = line.indexOf('/*');
    if (open >= 0) {
      inComment = true;
      line = line.slice(0, open);
    }
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('//') || trimmed.startsWith('#')) return;
    const column = line.length - line.trimStart().length + 1;
    const at = { file, line: i + 1, column };
    if (trimmed === '}') {
      const closed = stack.pop();
      if (!closed) problems.error('unexpected }', at);
      else if (closed.leaves === 0)
        out.push({ path: closed.path, line: closed.line, column: closed.column });
      return;
    }
    const opens = trimmed.endsWith('{');
    const body = opens ? trimmed.slice(0, -1).trim() : trimmed;
    const { words, error } = shellWords(body);
    if (error) problems.error(error, at);
    const parent = stack[stack.length - 1];
    const path = [...(parent?.path ?? []), ...words.map((x) => x.text)];
    if (parent) parent.leaves++;
    if (opens) stack.push({ path, line: i + 1, column, leaves: 0 });
    else out.push({ path, line: i + 1, column });
  });
  if (stack.length > 0) {
    const last = stack[stack.length - 1];
    problems.error(`missing } (${stack.length} block(s) left open)`, {
      file,
      line: last?.line ?? 1,
      column: last?.column ?? 1,
    });
  }
  return out;
}

class VyosReader {
  private asnSeen?: number;
  /** Rule numbers seen per community/as-path list, in order (the model keeps only the order). */
  private readonly listRules = new Map<string, number[]>();

  constructor(
    private readonly frag: DeviceFragment,
    private readonly problems: Problems,
    private readonly file: string,
  ) {}

  read(paths: VyosPath[]): void {
    for (const p of paths) {
      if (!this.path(p)) {
        const text = `set ${quote(p.path)}`;
        this.frag.unmodelled.push({ file: 'config.boot', line: p.line, text });
      }
    }
    const bgp = this.frag.bgp;
    if (bgp && bgp.asn === 0) {
      this.problems.error('BGP configured without `protocols bgp system-as`', { file: this.file });
      delete this.frag.bgp;
    }
  }

  private bad(p: VyosPath, message: string): boolean {
    this.problems.error(`${message}: \`set ${quote(p.path)}\``, {
      file: this.file,
      line: p.line,
      column: p.column,
    });
    return true;
  }

  private path(p: VyosPath): boolean {
    const x = p.path;
    if (x[0] === 'interfaces') return this.iface(p, x.slice(1));
    if (x[0] === 'protocols' && x[1] === 'static') return this.staticRoute(p, x.slice(2));
    if (x[0] === 'protocols' && x[1] === 'bgp') {
      let rest = x.slice(2);
      const legacy = asnOf(rest[0]);
      if (legacy !== undefined && rest[0] !== undefined && /^\d/.test(rest[0])) {
        this.setAsn(p, legacy);
        rest = rest.slice(1); // VyOS ≤1.3: `protocols bgp 65000 …`
      }
      return this.bgp(p, rest);
    }
    if (x[0] === 'policy') return this.policy(p, x.slice(1));
    if (x[0] === 'system' && x[1] === 'host-name' && x[2]) {
      this.frag.hostname = x[2];
      return true;
    }
    return false;
  }

  private iface(p: VyosPath, x: string[]): boolean {
    const [type, name, key, value] = x;
    if (!type || !name) return false;
    if (!['ethernet', 'loopback', 'dummy', 'bonding', 'bridge'].includes(type)) return false;
    if (key === undefined) {
      const i = ensureInterface(this.frag, name);
      if (type !== 'ethernet') i.loopback = type === 'loopback' || type === 'dummy' || undefined;
      if (i.loopback === undefined) delete i.loopback;
      return true;
    }
    if (key === 'address' && value !== undefined && x.length === 4) {
      if (value === 'dhcp' || value === 'dhcpv6') return false;
      if (!isCidr(value)) return this.bad(p, `\`${value}\` is not an address with prefix length`);
      addAddress(this.frag, name, value);
      if (type === 'loopback' || type === 'dummy') ensureInterface(this.frag, name).loopback = true;
      return true;
    }
    if (key === 'description' && value !== undefined) {
      ensureInterface(this.frag, name).description = x.slice(3).join(' ');
      return true;
    }
    return false;
  }

  private staticRoute(p: VyosPath, x: string[]): boolean {
    if (x[0] !== 'route' || !x[1]) return false;
    const prefix = x[1];
    if (!isCidr(prefix) || !isIpv4(prefix.split('/')[0] ?? '')) {
      return this.bad(p, 'static route needs an IPv4 prefix');
    }
    const net = networkOf(prefix);
    if (x[2] === 'blackhole' && x.length <= 3) {
      addStaticRoute(this.frag, { prefix: net, blackhole: true });
      return true;
    }
    if (x[2] === 'next-hop' && x[3] && x.length === 4) {
      if (!isIp(x[3])) return this.bad(p, 'next-hop must be an address');
      addStaticRoute(this.frag, { prefix: net, via: x[3] });
      return true;
    }
    if (x[2] === 'interface' && x[3] && x.length === 4) {
      addStaticRoute(this.frag, { prefix: net, interface: x[3] });
      return true;
    }
    return false;
  }

  /**
   * `policy community-list|as-path-list NAME rule N action|regex V`: the model keeps only the
   * entries' order, so each entry goes where its rule number puts it among those seen so far.
   */
  private listRule(kind: string, name: string, seq: number, key: string, v: string): boolean {
    if (key !== 'action' && key !== 'regex') return false;
    if (key === 'action' && v !== 'permit' && v !== 'deny') return false;
    const bgp = this.bgpCfg();
    const id = `${kind} ${name}`;
    const rules = this.listRules.get(id) ?? [];
    this.listRules.set(id, rules);
    const slot = <E>(entries: E[], fresh: E): E | undefined => {
      let i = rules.indexOf(seq);
      if (i < 0) {
        i = rules.filter((r) => r < seq).length;
        rules.splice(i, 0, seq);
        entries.splice(i, 0, fresh);
      }
      return entries[i];
    };
    const action = key === 'action' ? (v as 'permit' | 'deny') : undefined;
    if (kind === 'community-list') {
      let l = bgp.communityLists.find((c) => c.name === name);
      if (!l) bgp.communityLists.push((l = { name, entries: [] }));
      const e = slot(l.entries, { action: 'permit' as 'permit' | 'deny', community: '' });
      if (!e) return false;
      if (action) e.action = action;
      else e.community = v;
      return true;
    }
    let l = bgp.asPathLists.find((c) => c.name === name);
    if (!l) bgp.asPathLists.push((l = { name, entries: [] }));
    const e = slot(l.entries, { action: 'permit' as 'permit' | 'deny', regex: '' });
    if (!e) return false;
    if (action) e.action = action;
    else e.regex = v;
    return true;
  }

  /** `policy prefix-list|route-map|community-list|as-path-list NAME rule N …` (VyOS 1.4). */
  private policy(p: VyosPath, x: string[]): boolean {
    const [kind, name, rule, n, key, ...rest] = x;
    const seq = intIn(n, 1, 65535);
    if (!name || rule !== 'rule' || seq === undefined || !key) return false;
    if ((kind === 'community-list' || kind === 'as-path-list') && rest.length === 1)
      return this.listRule(kind, name, seq, key, rest[0] ?? '');
    const bgp = this.bgpCfg();
    if (kind === 'prefix-list') {
      let pl = bgp.prefixLists.find((l) => l.name === name);
      if (!pl) bgp.prefixLists.push((pl = { name, entries: [] }));
      let e = pl.entries.find((y) => y.seq === seq);
      if (!e) pl.entries.push((e = { seq, action: 'permit', prefix: '' }));
      const v = rest[0];
      if (key === 'action' && (v === 'permit' || v === 'deny')) e.action = v;
      else if (key === 'prefix' && v && isCidr(v)) e.prefix = v;
      else if ((key === 'ge' || key === 'le') && intIn(v, 0, 32) !== undefined)
        e[key] = intIn(v, 0, 32);
      else return false;
      return true;
    }
    if (kind !== 'route-map') return false;
    let rm = bgp.routeMaps.find((m) => m.name === name);
    if (!rm) bgp.routeMaps.push((rm = { name, entries: [] }));
    let e = rm.entries.find((y) => y.seq === seq);
    if (!e) rm.entries.push((e = { seq, action: 'permit', match: {}, set: {} }));
    const r = rest.join(' ');
    const last = rest[rest.length - 1] ?? '';
    const num = intIn(last, 0, 4294967295);
    if (key === 'action' && (r === 'permit' || r === 'deny')) e.action = r;
    else if (key === 'match' && rest.length === 4 && r.startsWith('ip address prefix-list '))
      e.match.prefixList = last;
    else if (key === 'match' && rest.length === 3 && r.startsWith('community community-list '))
      e.match.communityList = last;
    else if (key === 'match' && rest.length === 2 && rest[0] === 'as-path')
      e.match.asPathList = last;
    else if (
      key === 'set' &&
      rest.length === 2 &&
      rest[0] === 'local-preference' &&
      num !== undefined
    )
      e.set.localPref = num;
    else if (key === 'set' && rest.length === 2 && rest[0] === 'metric' && num !== undefined)
      e.set.med = num;
    else if (key === 'set' && rest.length === 2 && rest[0] === 'weight' && num !== undefined)
      e.set.weight = num;
    else if (key === 'set' && rest.length === 3 && r.startsWith('as-path prepend '))
      e.set.asPathPrepend = last
        .split(/\s+/)
        .map(asnOf)
        .filter((a): a is number => a !== undefined);
    else if (
      key === 'set' &&
      rest.length === 3 &&
      rest[0] === 'community' &&
      (rest[1] === 'add' || rest[1] === 'replace') &&
      /^\d+:\d+$/.test(last)
    ) {
      const c = (e.set.community ??= { values: [] });
      c.values.push(last);
      if (rest[1] === 'add') c.additive = true;
    } else return false;
    return true;
  }

  private setAsn(p: VyosPath, asn: number): void {
    if (this.asnSeen !== undefined && this.asnSeen !== asn) {
      this.bad(p, `second BGP AS ${asn} (already ${this.asnSeen})`);
      return;
    }
    this.asnSeen = asn;
    this.bgpCfg().asn = asn;
  }

  private bgpCfg(): BgpConfig {
    const b = ensureBgp(this.frag);
    b.profile ??= 'traditional';
    b.ebgpRequiresPolicy ??= false;
    return b;
  }

  private bgp(p: VyosPath, x: string[]): boolean {
    const bgp = this.bgpCfg();
    const [k, a, b, c] = x;
    if (k === undefined) return true;
    if (k === 'system-as' || k === 'local-as') {
      const asn = asnOf(a);
      if (asn === undefined) return this.bad(p, 'system-as needs an AS number');
      this.setAsn(p, asn);
      return true;
    }
    if (k === 'parameters') return this.parameters(p, x.slice(1), bgp);
    if (k === 'neighbor' || k === 'peer-group') {
      if (!a) return this.bad(p, `${k} needs a name`);
      return this.neighbor(p, k, a, x.slice(2));
    }
    if ((k === 'listen' && a === 'range') || k === 'listen-range') {
      const range = k === 'listen' ? b : a;
      const rest = k === 'listen' ? x.slice(3) : x.slice(2);
      if (!range || !isCidr(range)) return this.bad(p, 'listen range needs a prefix');
      if (rest[0] !== 'peer-group' || !rest[1])
        return this.bad(p, 'listen range needs a peer-group');
      bgp.listenRanges.push({ range: networkOf(range), peerGroup: rest[1] });
      return true;
    }
    if (k === 'address-family' && a === 'ipv4-unicast') return this.af(p, x.slice(2), bgp);
    if (k === 'timers' && (a === 'keepalive' || a === 'holdtime')) {
      const n = intIn(b, 0, 65535);
      if (n === undefined) return this.bad(p, 'timer needs a number');
      const t = (bgp.timers ??= { keepalive: 60, hold: 180 });
      if (a === 'keepalive') t.keepalive = n;
      else t.hold = n;
      return true;
    }
    if (k === 'maximum-paths' || (k === 'parameters' && a === 'multipath')) {
      return this.maximumPaths(p, x, bgp);
    }
    void c;
    return false;
  }

  private parameters(p: VyosPath, x: string[], bgp: BgpConfig): boolean {
    const [k, a, b] = x;
    const bestpath = (): NonNullable<BgpConfig['bestpath']> => (bgp.bestpath ??= {});
    if (k === 'router-id' || k === 'cluster-id') {
      if (!a || !isIpv4(a)) return this.bad(p, `${k} needs an IPv4 address`);
      if (k === 'router-id') bgp.routerId = a;
      else bgp.clusterId = a;
      return true;
    }
    if (k === 'bestpath' && a === 'as-path' && b === 'multipath-relax') {
      bestpath().asPathMultipathRelax = true;
      return true;
    }
    if (k === 'bestpath' && a === 'compare-routerid') {
      bestpath().compareRouterId = true;
      return true;
    }
    if (k === 'always-compare-med') {
      bestpath().alwaysCompareMed = true;
      return true;
    }
    if (k === 'deterministic-med') {
      bestpath().deterministicMed = true;
      return true;
    }
    if (k === 'ebgp-requires-policy') {
      bgp.ebgpRequiresPolicy = true;
      return true;
    }
    if (k === 'multipath' || k === 'maximum-paths') return this.maximumPaths(p, x, bgp);
    return false;
  }

  /** `address-family ipv4-unicast maximum-paths ebgp|ibgp N` and the older spellings. */
  private maximumPaths(p: VyosPath, x: string[], bgp: BgpConfig): boolean {
    const n = x.map((s) => intIn(s, 1, 256)).find((v) => v !== undefined);
    if (n === undefined) return this.bad(p, 'maximum-paths needs a number 1-256');
    if (x.includes('ibgp')) bgp.maximumPathsIbgp = n;
    else bgp.maximumPaths = n;
    return true;
  }

  private af(p: VyosPath, x: string[], bgp: BgpConfig): boolean {
    const [k, a, b, c] = x;
    if (k === 'network' && a) {
      if (!isCidr(a)) return this.bad(p, 'network needs a prefix');
      if (x.length > 2) return false;
      const net = networkOf(a);
      if (!bgp.networks.includes(net)) bgp.networks.push(net);
      return true;
    }
    if (k === 'redistribute' && (a === 'connected' || a === 'static' || a === 'kernel')) {
      const r = bgp.redistribute.find((e) => e.source === a) ?? { source: a };
      if (!bgp.redistribute.includes(r)) bgp.redistribute.push(r);
      if (b === 'route-map' && c) r.routeMap = c;
      else if (b !== undefined) return false;
      return true;
    }
    if (k === 'aggregate-address' && a) {
      if (!isCidr(a)) return this.bad(p, 'aggregate-address needs a prefix');
      const prefix = networkOf(a);
      const agg = bgp.aggregates.find((g) => g.prefix === prefix) ?? { prefix };
      if (!bgp.aggregates.includes(agg)) bgp.aggregates.push(agg);
      if (b === 'summary-only') agg.summaryOnly = true;
      else if (b !== undefined) return false;
      return true;
    }
    if (k === 'maximum-paths') return this.maximumPaths(p, x, bgp);
    return false;
  }

  private neighbor(p: VyosPath, kind: 'neighbor' | 'peer-group', id: string, x: string[]): boolean {
    const bgp = this.bgpCfg();
    let s: NeighborSettings;
    if (kind === 'peer-group') {
      let g = bgp.peerGroups.find((e) => e.name === id);
      if (!g) {
        g = { name: id };
        bgp.peerGroups.push(g);
      }
      s = g;
    } else {
      let n = bgp.neighbors.find((e) => e.peer === id);
      if (!n) {
        n = { peer: id };
        bgp.neighbors.push(n);
      }
      if (!isIp(id)) n.interface = true;
      if (x[0] === 'interface') {
        // `neighbor eth1 interface remote-as external` / `interface peer-group G`
        n.interface = true;
        x = x.slice(1);
        if (x[0] === 'v6only') x = x.slice(1);
      }
      if (x[0] === 'peer-group') {
        if (!x[1]) return this.bad(p, 'peer-group needs a name');
        n.peerGroup = x[1];
        return true;
      }
      s = n;
    }
    const [k, a, b, c] = x;
    if (k === undefined) return true;
    switch (k) {
      case 'remote-as': {
        const r: RemoteAs | undefined = a === 'internal' || a === 'external' ? a : asnOf(a);
        if (r === undefined) return this.bad(p, 'remote-as needs an AS, internal or external');
        s.remoteAs = r;
        return true;
      }
      case 'description':
        s.description = x.slice(1).join(' ');
        return true;
      case 'update-source':
        if (!a) return this.bad(p, 'update-source needs a value');
        s.updateSource = a;
        return true;
      case 'ebgp-multihop': {
        const n = intIn(a, 1, 255);
        if (n === undefined) return this.bad(p, 'ebgp-multihop needs a hop count');
        s.ebgpMultihop = n;
        return true;
      }
      case 'disable-connected-check':
        s.disableConnectedCheck = true;
        return true;
      case 'shutdown':
        s.shutdown = true;
        return true;
      case 'passive':
        s.passive = true;
        return true;
      case 'timers': {
        const n = intIn(b, 0, 65535);
        if ((a !== 'keepalive' && a !== 'holdtime') || n === undefined) return false;
        const t = (s.timers ??= { keepalive: 60, hold: 180 });
        if (a === 'keepalive') t.keepalive = n;
        else t.hold = n;
        return true;
      }
      case 'address-family':
        if (a !== 'ipv4-unicast') return false;
        s.activate = true;
        return this.neighborAf(p, s, x.slice(2), b, c);
      default:
        return false;
    }
  }

  private neighborAf(
    p: VyosPath,
    s: NeighborSettings,
    x: string[],
    k: string | undefined,
    a: string | undefined,
  ): boolean {
    if (k === undefined) return true;
    switch (k) {
      case 'route-reflector-client':
        s.routeReflectorClient = true;
        return true;
      case 'nexthop-self':
        s.nextHopSelf = a === 'force' ? 'force' : true;
        return true;
      case 'default-originate':
        s.defaultOriginate = true;
        return true;
      case 'allowas-in': {
        const n = x[1] === 'number' ? intIn(x[2], 1, 10) : 3;
        if (n === undefined) return this.bad(p, 'allowas-in number needs 1-10');
        s.allowasIn = n;
        return true;
      }
      case 'route-map':
      case 'prefix-list': {
        const name = x[2];
        if ((a !== 'import' && a !== 'export') || !name) return false;
        if (k === 'route-map') s[a === 'import' ? 'routeMapIn' : 'routeMapOut'] = name;
        else s[a === 'import' ? 'prefixListIn' : 'prefixListOut'] = name;
        return true;
      }
      default:
        return false;
    }
  }
}

function quote(path: string[]): string {
  return path.map((s) => (/^[\w./:-]+$/.test(s) ? s : `'${s.replace(/'/g, '')}'`)).join(' ');
}

/** Reads VyOS config (either form) into `frag`. */
export function readVyos(
  text: string,
  file: string,
  frag: DeviceFragment,
  problems: Problems,
): void {
  // A route-map rule's `set {` node is config.boot, not a set command.
  const isBoot = /^\s*[\w-]+(\s+[^\s{}]+)?\s*\{\s*$/m.test(text) && !/^\s*set\s+[^\s{]/m.test(text);
  const paths = isBoot
    ? configBootPaths(text, file, problems)
    : setCommandPaths(text, file, problems);
  new VyosReader(frag, problems, file).read(paths);
}

/** Parses VyOS `set` commands or a config.boot. */
export function importVyos(text: string, fileName: string): FragmentImport {
  const problems = new Problems(fileName);
  const fragment = emptyFragment();
  readVyos(text, fileName, fragment, problems);
  fitFragment(fragment, [{ file: fileName, text }], problems);
  summariseKept(
    fragment.unmodelled.map((u) => ({ file: fileName, line: u.line })),
    problems,
  );
  return { fragment, problems: problems.list };
}
