/**
 * FRR configuration (frr.conf, or the lines of `vtysh -c '…' -c '…'`) into a device fragment.
 *
 * Context handling follows vtysh: a line is tried in the current node and, when that node does
 * not know it, in the parent nodes (FRR's `config_from_file` falls back the same way), so hand
 * written files without `exit` still land in the right place. Lines it does not model are kept
 * verbatim as UnmodelledLine with the section they stood in (`router bgp 65000 > address-family
 * ipv6 unicast`), so export can write them back.
 */
import { isCidr, isIpv4, isIp, networkOf } from '../model';
import type { BgpConfig, NeighborSettings, Neighbor, RouteMapEntry } from '../model';
import type { DeviceFragment } from './fragment';
import { addAddress, addStaticRoute, emptyFragment, ensureBgp, ensureInterface } from './fragment';
import { asnOf, intIn, linesOf, tokens } from './lines';
import type { ConfigLine, Tok } from './lines';
import {
  asPathListLine,
  communityListLine,
  prefixListLine,
  routeMapEntry,
  routeMapLine,
} from './frrpolicy';
import type { Result } from './frrpolicy';
import { neighborSetting, remoteAsOf } from './frrneighbor';
import { Problems } from './problem';
import type { Problem } from './problem';
import { fitFragment } from './limits';

type Frame =
  | { kind: 'top' }
  | { kind: 'interface'; header: string; name: string }
  | { kind: 'bgp'; header: string }
  | { kind: 'af'; header: string }
  | { kind: 'route-map'; header: string; entry: RouteMapEntry }
  /** A section routelab does not model: every line in it is kept as unmodelled. */
  | { kind: 'opaque'; header: string; inBgp: boolean };

/** Words that start a top-level command; they leave an opaque section (vtysh falls back too). */
const TOP_WORDS = new Set([
  'interface',
  'router',
  'ip',
  'ipv6',
  'route-map',
  'hostname',
  'frr',
  'log',
  'line',
  'bgp',
  'end',
  'access-list',
  'vrf',
  'debug',
  'service',
  'password',
  'enable',
  'agentx',
  'segment-routing',
  'key',
  'bfd',
]);

/** vtysh session commands that configure nothing. */
const SESSION_COMMANDS = [
  /^conf(igure)?(\s+t(erminal)?)?$/,
  /^(write|wr)(\s+\S+)?$/,
  /^copy\s+running-config\s+startup-config$/,
  /^do\s/,
  // Every integrated frr.conf has it, and the exporter writes it itself.
  /^service integrated-vtysh-config$/,
];

/** Reads FRR config into one fragment; `read` may be called once per file / vtysh invocation. */
export class FrrParser {
  private stack: Frame[] = [{ kind: 'top' }];
  private line: ConfigLine = { text: '', file: '', line: 0, column: 1 };
  /** `no bgp default ipv4-unicast`: neighbours need an explicit `activate`. */
  private noDefaultIpv4 = false;
  private readonly activated = new Set<string>();
  /** Source file and line of every line kept as unmodelled (for the "not simulated" note). */
  readonly kept: { file: string; line: number }[] = [];

  constructor(
    readonly frag: DeviceFragment,
    readonly problems: Problems,
  ) {}

  read(lines: ConfigLine[]): void {
    this.stack = [{ kind: 'top' }];
    for (const l of lines) this.readLine(l);
  }

  /** Applies settings that depend on the whole config; call once after the last `read`. */
  finish(): void {
    const bgp = this.frag.bgp;
    if (!bgp) return;
    if (bgp.asn === 0) {
      this.problems.warn('policy or BGP lines without a `router bgp <asn>` section: ignored');
      delete this.frag.bgp;
      return;
    }
    if (this.frag.bgpProfile) bgp.profile ??= this.frag.bgpProfile;
    // Settings equal to the profile's default are dropped, as FRR's running-config drops them
    // (checked: FRR 8.4.4 under `frr defaults datacenter` shows neither `no bgp
    // ebgp-requires-policy` nor `bgp deterministic-med`), so a lab reads the same however the
    // file spelled it.
    const dc = bgp.profile === 'datacenter';
    if (bgp.ebgpRequiresPolicy === !dc) delete bgp.ebgpRequiresPolicy;
    if (bgp.bestpath?.deterministicMed === dc) delete bgp.bestpath.deterministicMed;
    if (this.noDefaultIpv4) {
      for (const n of bgp.neighbors) if (!this.activated.has(n.peer)) n.activate ??= false;
    }
  }

  private readLine(l: ConfigLine): void {
    this.line = l;
    let toks = tokens(l);
    const first = toks[0];
    if (!first || first.text.startsWith('!') || first.text.startsWith('#')) return;
    toks = this.stripInlineComment(toks);
    const text = toks.map((t) => t.text).join(' ');
    if (SESSION_COMMANDS.some((re) => re.test(text))) return;
    const word = first.text;
    if (word === 'end') {
      this.stack = [{ kind: 'top' }];
      return;
    }
    if (word === 'exit' || word === 'quit') {
      if (this.stack.length > 1) this.stack.pop();
      return;
    }
    if (word === 'exit-address-family' || word === 'exit-vrf' || word === 'exit-vnc') {
      const top = this.stack[this.stack.length - 1];
      if (top && (top.kind === 'af' || top.kind === 'opaque') && this.stack.length > 1) {
        this.stack.pop();
      }
      return;
    }
    for (let depth = this.stack.length - 1; depth >= 0; depth--) {
      const frame = this.stack[depth];
      if (!frame) continue;
      const saved = this.stack;
      this.stack = saved.slice(0, depth + 1);
      if (this.handle(frame, toks) === 'handled') return;
      this.stack = saved;
    }
    this.keep(l);
  }

  /** FRR 8.4 rejects `cmd # note` (checked with `vtysh -C`); read the command, warn. */
  private stripInlineComment(toks: Tok[]): Tok[] {
    if (toks[0]?.text === 'description' || toks[1]?.text === 'description') return toks;
    if (toks[2]?.text === 'description') return toks;
    const hash = toks.findIndex((t, i) => i > 0 && t.text.startsWith('#'));
    if (hash < 0) return toks;
    this.problems.warn(
      'inline comment: FRR rejects this whole line ("Unknown command"); read without the comment',
      this.at(toks[hash]),
    );
    return toks.slice(0, hash);
  }

  /**
   * Kept lines name the daemon file they belong in (`frr.conf`, whether they came from a bound
   * file or a vtysh -c sequence) and the innermost modelled section (`router bgp 65000`,
   * `address-family ipv4 unicast`, `interface eth1`, `route-map RM permit 10`), which is what
   * the FRR exporter keys on. Lines of a section routelab does not model (`router ospf`,
   * `address-family ipv6 unicast`) follow their header line in the enclosing section, in
   * order, and vtysh's fall-back-to-parent reading puts them back where they were.
   */
  private keep(l: ConfigLine): void {
    const context = this.context();
    const u = { file: 'frr.conf', line: l.line, text: l.text.trim() };
    this.frag.unmodelled.push(context ? { ...u, context } : u);
    this.kept.push({ file: l.file, line: l.line });
  }

  private context(): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      if (f && f.kind !== 'top' && f.kind !== 'opaque') return f.header;
    }
    return undefined;
  }

  private at(tok?: Tok): { file: string; line: number; column: number } {
    return { file: this.line.file, line: this.line.line, column: tok?.column ?? this.line.column };
  }

  private bad(message: string, tok?: Tok): Result {
    this.problems.error(`${message}: \`${this.line.text.trim()}\``, this.at(tok));
    return 'handled';
  }

  private handle(frame: Frame, toks: Tok[]): Result {
    const neg = toks[0]?.text === 'no';
    const t = neg ? toks.slice(1) : toks;
    switch (frame.kind) {
      case 'top':
        return this.top(t, neg);
      case 'interface':
        return this.iface(frame.name, t, neg);
      case 'bgp':
        return this.bgp(t, neg);
      case 'af':
        return this.af(t, neg);
      case 'route-map':
        return this.routeMapLine(frame.entry, t, neg);
      case 'opaque': {
        const w = toks[0]?.text ?? '';
        const leaves = TOP_WORDS.has(w) || (frame.inBgp && w.startsWith('address-family'));
        if (leaves) return 'unknown';
        this.keep(this.line);
        return 'handled';
      }
    }
  }

  private push(frame: Frame): Result {
    this.stack.push(frame);
    return 'handled';
  }

  private opaque(toks: Tok[], inBgp: boolean): Result {
    this.keep(this.line);
    return this.push({ kind: 'opaque', header: words(toks), inBgp });
  }

  // ------------------------------------------------------------ top level

  private top(t: Tok[], neg: boolean): Result {
    const [w0, w1] = [t[0]?.text, t[1]?.text];
    if (neg) return 'unknown';
    if (w0 === 'frr' && w1 === 'version') return 'handled';
    if (w0 === 'frr' && w1 === 'defaults') {
      const p = t[2]?.text;
      if (p === 'traditional' || p === 'datacenter') {
        this.frag.bgpProfile = p;
        if (this.frag.bgp) this.frag.bgp.profile = p;
        return 'handled';
      }
      return this.bad('unknown `frr defaults` profile (traditional|datacenter)', t[2]);
    }
    if (w0 === 'hostname') {
      if (!w1) return this.bad('hostname needs a name', t[0]);
      this.frag.hostname = w1;
      return 'handled';
    }
    if (w0 === 'interface') {
      if (!w1) return this.bad('interface needs a name', t[0]);
      if (t.length > 2) return this.opaque(t, false);
      ensureInterface(this.frag, w1);
      return this.push({ kind: 'interface', header: `interface ${w1}`, name: w1 });
    }
    if (w0 === 'router' && w1 === 'bgp') return this.routerBgp(t);
    if (w0 === 'router') return this.opaque(t, false);
    if (w0 === 'ip' && w1 === 'route') return this.ipRoute(t.slice(2));
    if (w0 === 'ip' && w1 === 'prefix-list') return this.prefixList(t.slice(2));
    if (w0 === 'route-map') return this.routeMap(t);
    if (w0 === 'bgp' && w1 === 'community-list') return this.communityList(t.slice(2));
    if (w0 === 'bgp' && w1 === 'as-path' && t[2]?.text === 'access-list') {
      return this.asPathList(t.slice(3));
    }
    if (w0 === 'line' || w0 === 'vrf' || w0 === 'segment-routing' || w0 === 'key') {
      return this.opaque(t, false);
    }
    return 'unknown';
  }

  private routerBgp(t: Tok[]): Result {
    const asn = asnOf(t[2]?.text);
    if (asn === undefined) return this.bad('`router bgp` needs an AS number (1-4294967295)', t[2]);
    if (t.length > 3) return this.opaque(t, false); // vrf / view instances are not modelled
    const bgp = this.frag.bgp;
    if (bgp && bgp.asn !== 0 && bgp.asn !== asn) {
      this.problems.error(
        `second \`router bgp ${asn}\` while AS ${bgp.asn} is configured; FRR allows one default instance`,
        this.at(t[2]),
      );
      return this.opaque(t, false);
    }
    const cfg = ensureBgp(this.frag, asn);
    cfg.asn = asn;
    if (this.frag.bgpProfile) cfg.profile = this.frag.bgpProfile;
    return this.push({ kind: 'bgp', header: `router bgp ${asn}` });
  }

  private ipRoute(t: Tok[]): Result {
    const prefix = t[0]?.text;
    if (!prefix || !isCidr(prefix) || !isIpv4(prefix.split('/')[0] ?? '')) {
      return this.bad('`ip route` needs an IPv4 prefix (A.B.C.D/M)', t[0]);
    }
    const nh = t[1]?.text;
    if (!nh) return this.bad('`ip route` needs a next hop, interface or blackhole', t[0]);
    const route: { prefix: string; via?: string; interface?: string; blackhole?: boolean } = {
      prefix: networkOf(prefix),
    };
    let rest = t.slice(2);
    if (nh === 'blackhole' || nh === 'Null0' || nh === 'null0' || nh === 'reject') {
      route.blackhole = true;
    } else if (isIpv4(nh)) {
      route.via = nh;
      const dev = rest[0]?.text;
      if (dev && !/^\d+$/.test(dev) && !KEYWORDS_AFTER_ROUTE.has(dev)) {
        route.interface = dev;
        rest = rest.slice(1);
      }
    } else if (/^[A-Za-z]/.test(nh) && !isIp(nh)) {
      route.interface = nh;
    } else {
      return this.bad('`ip route` next hop is not an IPv4 address or interface', t[1]);
    }
    const distance = rest.find((x) => /^\d+$/.test(x.text));
    const full = distance ? { ...route, distance: intIn(distance.text, 1, 255) ?? 1 } : route;
    if (rest.some((x) => !/^\d+$/.test(x.text))) this.keep(this.line);
    else addStaticRoute(this.frag, full);
    return 'handled';
  }

  private prefixList(t: Tok[]): Result {
    return prefixListLine(ensureBgp(this.frag), t, this.badFn);
  }

  private routeMap(t: Tok[]): Result {
    const entry = routeMapEntry(ensureBgp(this.frag), t, this.badFn);
    if (!entry) return 'handled';
    const header = `route-map ${t[1]?.text ?? ''} ${entry.action} ${entry.seq}`;
    return this.push({ kind: 'route-map', header, entry });
  }

  private routeMapLine(e: RouteMapEntry, t: Tok[], neg: boolean): Result {
    return neg ? 'unknown' : routeMapLine(e, t, this.badFn);
  }

  private communityList(t: Tok[]): Result {
    return communityListLine(ensureBgp(this.frag), t, this.badFn);
  }

  private asPathList(t: Tok[]): Result {
    return asPathListLine(ensureBgp(this.frag), t, this.badFn);
  }

  private readonly badFn = (message: string, tok?: Tok): Result => this.bad(message, tok);

  // ------------------------------------------------------------ interface

  private iface(name: string, t: Tok[], neg: boolean): Result {
    const w = t.map((x) => x.text);
    if (neg) return 'unknown';
    if ((w[0] === 'ip' || w[0] === 'ipv6') && w[1] === 'address') {
      const a = w[2];
      if (!a || !isCidr(a))
        return this.bad('`ip address` needs an address with prefix length', t[2]);
      if (w.length > 3) return 'unknown'; // `secondary`, `label` …
      addAddress(this.frag, name, a);
      return 'handled';
    }
    if (w[0] === 'description') {
      ensureInterface(this.frag, name).description = this.line.text
        .trim()
        .replace(/^description\s+/, '');
      return 'handled';
    }
    return 'unknown';
  }

  // ------------------------------------------------------------ router bgp

  private bgpCfg(): BgpConfig {
    return ensureBgp(this.frag);
  }

  private bgp(t: Tok[], neg: boolean): Result {
    const w = t.map((x) => x.text);
    const bgp = this.bgpCfg();
    if (w[0] === 'address-family') {
      if (neg) return 'unknown';
      const ipv4Unicast = w[1] === 'ipv4' && (w[2] === undefined || w[2] === 'unicast');
      if (ipv4Unicast && w.length <= 3) {
        return this.push({ kind: 'af', header: 'address-family ipv4 unicast' });
      }
      return this.opaque(t, true);
    }
    if (w[0] === 'neighbor') return this.neighbor(t, neg);
    if (w[0] === 'maximum-paths') return this.maximumPaths(t, neg);
    if (w[0] === 'timers' && w[1] === 'bgp') {
      if (neg) {
        delete bgp.timers;
        return 'handled';
      }
      const keepalive = intIn(w[2], 0, 65535);
      const hold = intIn(w[3], 0, 65535);
      if (keepalive === undefined || hold === undefined) {
        return this.bad('expected `timers bgp KEEPALIVE HOLD`', t[2]);
      }
      bgp.timers = { keepalive, hold };
      return 'handled';
    }
    if (w[0] !== 'bgp') return 'unknown';
    const rest = w.slice(1).join(' ');
    if (rest === 'ebgp-requires-policy') {
      bgp.ebgpRequiresPolicy = !neg;
      return 'handled';
    }
    if (rest === 'default ipv4-unicast') {
      this.noDefaultIpv4 = neg;
      return 'handled';
    }
    if (neg && rest !== 'deterministic-med') return 'unknown';
    if (w[1] === 'router-id' || w[1] === 'cluster-id') {
      const id = w[2];
      if (!id || !isIpv4(id)) {
        if (w[1] === 'cluster-id' && id && /^\d+$/.test(id)) return 'unknown';
        return this.bad(`\`bgp ${w[1]}\` needs an IPv4 address`, t[2]);
      }
      if (w[1] === 'router-id') bgp.routerId = id;
      else bgp.clusterId = id;
      return 'handled';
    }
    const bestpath = (): NonNullable<BgpConfig['bestpath']> => (bgp.bestpath ??= {});
    if (rest === 'bestpath as-path multipath-relax') bestpath().asPathMultipathRelax = true;
    else if (rest === 'bestpath compare-routerid') bestpath().compareRouterId = true;
    else if (rest === 'always-compare-med') bestpath().alwaysCompareMed = true;
    else if (rest === 'deterministic-med') bestpath().deterministicMed = !neg;
    else if (w[1] === 'listen' && w[2] === 'range') return this.listenRange(t);
    else return 'unknown';
    return 'handled';
  }

  private listenRange(t: Tok[]): Result {
    const range = t[3]?.text;
    if (!range || !isCidr(range)) return this.bad('`bgp listen range` needs a prefix', t[3]);
    if (t[4]?.text !== 'peer-group' || !t[5]) {
      return this.bad('`bgp listen range` needs `peer-group NAME`', t[4] ?? t[3]);
    }
    const bgp = this.bgpCfg();
    const peerGroup = t[5].text;
    if (!bgp.listenRanges.some((r) => r.range === range && r.peerGroup === peerGroup)) {
      bgp.listenRanges.push({ range: networkOf(range), peerGroup });
    }
    return 'handled';
  }

  private maximumPaths(t: Tok[], neg: boolean): Result {
    const bgp = this.bgpCfg();
    const ibgp = t[1]?.text === 'ibgp';
    const nTok = t[ibgp ? 2 : 1];
    if (neg) {
      if (ibgp) delete bgp.maximumPathsIbgp;
      else delete bgp.maximumPaths;
      return 'handled';
    }
    const n = intIn(nTok?.text, 1, 256);
    if (n === undefined) return this.bad('`maximum-paths` needs a number 1-256', nTok ?? t[0]);
    if (t.length > (ibgp ? 3 : 2)) return 'unknown'; // `equal-cluster-length`
    if (ibgp) bgp.maximumPathsIbgp = n;
    else bgp.maximumPaths = n;
    return 'handled';
  }

  private af(t: Tok[], neg: boolean): Result {
    const w = t.map((x) => x.text);
    const bgp = this.bgpCfg();
    if (w[0] === 'network') {
      const p = w[1];
      if (!p || !isCidr(p)) return this.bad('`network` needs a prefix (A.B.C.D/M)', t[1]);
      if (w.length > 2) return 'unknown'; // route-map / label-index
      const net = networkOf(p);
      if (neg) bgp.networks = bgp.networks.filter((n) => n !== net);
      else if (!bgp.networks.includes(net)) bgp.networks.push(net);
      return 'handled';
    }
    if (w[0] === 'redistribute') {
      const source = w[1];
      if (source !== 'connected' && source !== 'static' && source !== 'kernel') return 'unknown';
      bgp.redistribute = bgp.redistribute.filter((r) => r.source !== source);
      if (neg) return 'handled';
      if (w[2] === 'route-map' && w[3] && w.length === 4) {
        bgp.redistribute.push({ source, routeMap: w[3] });
      } else if (w.length === 2) {
        bgp.redistribute.push({ source });
      } else return 'unknown'; // metric …
      return 'handled';
    }
    if (w[0] === 'aggregate-address') {
      const p = w[1];
      if (!p || !isCidr(p)) return this.bad('`aggregate-address` needs a prefix', t[1]);
      const prefix = networkOf(p);
      bgp.aggregates = bgp.aggregates.filter((a) => a.prefix !== prefix);
      if (neg) return 'handled';
      const opts = w.slice(2);
      if (opts.some((o) => o !== 'summary-only')) {
        return 'unknown'; // as-set, route-map … keep the line, do not half-model it
      }
      bgp.aggregates.push(opts.length > 0 ? { prefix, summaryOnly: true } : { prefix });
      return 'handled';
    }
    if (w[0] === 'maximum-paths') return this.maximumPaths(t, neg);
    if (w[0] === 'neighbor') return this.neighbor(t, neg);
    return 'unknown';
  }

  // ------------------------------------------------------------ neighbours

  private neighbor(t: Tok[], neg: boolean): Result {
    const bgp = this.bgpCfg();
    const id = t[1]?.text;
    if (!id) return this.bad('`neighbor` needs an address, interface or peer-group', t[0]);
    const w = t.slice(2).map((x) => x.text);
    const cmd = w[0];
    if (cmd === undefined) return this.bad('`neighbor` needs a command', t[1]);

    if (cmd === 'peer-group' && w.length === 1 && !isIp(id)) {
      if (neg) {
        bgp.peerGroups = bgp.peerGroups.filter((g) => g.name !== id);
        return 'handled';
      }
      if (!bgp.peerGroups.some((g) => g.name === id)) bgp.peerGroups.push({ name: id });
      return 'handled';
    }
    if (cmd === 'interface') {
      if (neg) {
        bgp.neighbors = bgp.neighbors.filter((n) => n.peer !== id);
        return 'handled';
      }
      const n = this.neighborFor(id, true);
      n.interface = true;
      let i = 1;
      if (w[i] === 'v6only') i++;
      if (w[i] === 'peer-group' && w[i + 1]) {
        if (!this.groupExists(w[i + 1] ?? '', t[2 + i + 1])) return 'handled';
        n.peerGroup = w[i + 1];
        i += 2;
      }
      if (w[i] === 'remote-as') {
        const r = remoteAsOf(w[i + 1]);
        if (r === undefined)
          return this.bad('`remote-as` needs an AS, internal or external', t[2 + i + 1]);
        n.remoteAs = r;
        i += 2;
      }
      if (i < w.length) return this.bad('unexpected words after `neighbor … interface`', t[2 + i]);
      return 'handled';
    }
    if (cmd === 'peer-group') {
      const g = w[1];
      if (!g) return this.bad('`neighbor … peer-group` needs a group name', t[2]);
      if (neg) {
        const n = bgp.neighbors.find((x) => x.peer === id);
        if (n) delete n.peerGroup;
        return 'handled';
      }
      if (!isIp(id) && !bgp.neighbors.some((n) => n.peer === id)) {
        return this.bad('peer-group members are addresses or `neighbor IFACE interface`', t[1]);
      }
      if (!this.groupExists(g, t[3])) return 'handled';
      this.neighborFor(id, true).peerGroup = g;
      return 'handled';
    }

    const group = bgp.peerGroups.find((g) => g.name === id);
    let target: NeighborSettings | undefined = group;
    if (!target) {
      const existing = bgp.neighbors.find((n) => n.peer === id);
      if (!existing && !isIp(id)) {
        return this.bad(
          `\`${id}\` is neither a peer-group nor a neighbor (create it with \`neighbor ${id} peer-group\` or \`neighbor ${id} interface\` first)`,
          t[1],
        );
      }
      if (!existing && cmd !== 'remote-as' && !neg) {
        this.problems.warn(
          `neighbor ${id} has no remote-as yet; FRR rejects this line ("Specify remote-as or peer-group commands first")`,
          this.at(t[1]),
        );
      }
      target = existing ?? this.neighborFor(id, true);
    }
    return neighborSetting(target, t.slice(2), neg, {
      bad: this.badFn,
      lineText: this.line.text,
      activated: () => this.activated.add(id),
    });
  }

  private groupExists(name: string, tok?: Tok): boolean {
    if (this.bgpCfg().peerGroups.some((g) => g.name === name)) return true;
    this.bad(
      `peer-group ${name} does not exist (define it with \`neighbor ${name} peer-group\`)`,
      tok,
    );
    return false;
  }

  private neighborFor(peer: string, create: boolean): Neighbor {
    const bgp = this.bgpCfg();
    let n = bgp.neighbors.find((x) => x.peer === peer);
    if (!n && create) {
      n = { peer };
      bgp.neighbors.push(n);
    }
    return n as Neighbor;
  }
}

const KEYWORDS_AFTER_ROUTE = new Set([
  'tag',
  'label',
  'table',
  'nexthop-vrf',
  'vrf',
  'onlink',
  'color',
]);

function words(t: Tok[]): string {
  return t.map((x) => x.text).join(' ');
}

/** The result of importing one daemon config on its own. */
export interface FragmentImport {
  fragment: DeviceFragment;
  problems: Problem[];
}

/** Parses a whole frr.conf. */
export function importFrr(text: string, fileName: string): FragmentImport {
  const problems = new Problems(fileName);
  const fragment = emptyFragment();
  const parser = new FrrParser(fragment, problems);
  parser.read(linesOf(text, fileName));
  parser.finish();
  fitFragment(fragment, [{ file: fileName, text }], problems);
  summariseKept(parser.kept, problems);
  return { fragment, problems: problems.list };
}

/** One info problem per source file saying where the lines routelab does not simulate are. */
export function summariseKept(kept: { file: string; line: number }[], problems: Problems): void {
  const files = [...new Set(kept.map((k) => k.file))];
  for (const file of files) {
    const lines = kept.filter((k) => k.file === file).map((k) => k.line);
    const first = lines[0];
    if (first === undefined) continue;
    const where = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '');
    problems.info(`${lines.length} line(s) kept but not simulated (line ${where})`, {
      file,
      line: first,
      column: 1,
    });
  }
}
