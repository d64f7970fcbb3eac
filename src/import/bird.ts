/**
 * BIRD 2 configuration into a device fragment.
 *
 * Mapping (BIRD word → model):
 * - `template bgp T` → peer group T; `protocol bgp P from T` → neighbour in peer group T;
 *   `local [ADDR] as N` → the device AS (and update-source); `neighbor A as N` → peer.
 * - `protocol static` routes → static routes + `network` statements for them; an enabled
 *   `protocol direct` → `redistribute connected`; `protocol kernel { learn; }` → `redistribute kernel`
 *   (BIRD exports whatever its table holds; the per-peer export filter does the choosing).
 * - filters → route-maps (+ prefix lists for `net ~ …` tests); `import/export all` → no map,
 *   `none` → the deny-all map `BIRD_NONE`, `filter { … }` inline → map `<protocol>_<dir>`.
 * - `protocol kernel` export filter and `merge paths` → `kernel`.
 * - routelab's own renderings of FRR features BIRD lacks (src/export/bird.ts) read back as those
 *   features: `interface "X"; neighbor range fe80::/10 …` → unnumbered neighbour X (its
 *   `protocol radv unnumbered` and `extended next hop` are implied); `protocol static
 *   default_originate` plus `export where proto = "default_originate" || (…)` → `default-originate`.
 * BIRD 1.x style (import/export directly in the protocol, as Calico's templates write) is read
 * as the ipv4 channel, with a warning.
 */
import { emptyBgp, isCidr, isIp, isIpv4, networkOf } from '../model';
import type { BgpConfig, NeighborSettings, Neighbor } from '../model';
import type { BirdStmt, BirdTok } from './birdsyntax';
import { birdStatements } from './birdsyntax';
import { filterToRouteMap } from './birdfilter';
import type { BgpTableGuard } from './birdfunction';
import {
  BGP_TABLE_GUARD,
  DEFAULT_ORIGINATE_PROTO,
  functionsToPolicy,
  isDefaultKernelExport,
} from './birdfunction';
import type { DeviceFragment } from './fragment';
import { addStaticRoute, emptyFragment } from './fragment';
import { asnOf, intIn } from './lines';
import type { FragmentImport } from './frr';
import { summariseKept } from './frr';
import { Problems } from './problem';
import { fitFragment } from './limits';

export const BIRD_DENY_ALL = 'BIRD_NONE';

/** Options that change timing or logging only; not worth a "not simulated" note. */
const QUIET = new Set([
  'debug',
  'description',
  'connect',
  'error',
  'graceful',
  'add',
  'gateway',
  'scan',
  'persist',
  'interface',
  'igp',
  'table',
  'hold',
  'keepalive',
  'startup',
  'check',
  'enable',
  'direct',
  'ipv6',
]);

interface BgpSpec {
  name: string;
  /** Where the protocol starts, for problems about it as a whole. */
  line: number;
  column: number;
  /** Explicit `import` / `export` seen (BIRD 2 demands both for eBGP). */
  hasImport?: boolean;
  hasExport?: boolean;
  template?: string;
  settings: NeighborSettings;
  localAs?: number;
  neighbor?: string;
  range?: string;
  /** `interface "X"`: with a link-local range, routelab's rendering of an unnumbered peer. */
  iface?: string;
}

/** The link-local range the exporter gives an unnumbered peer (any peer on the interface). */
const UNNUMBERED_RANGE = 'fe80::/10';

class BirdReader {
  private readonly bgp: BgpConfig = emptyBgp(0);
  private readonly filters = new Map<string, BirdStmt[]>();
  /** Filters defined above the current statement: BIRD 2 resolves names in one pass. */
  private readonly definedSoFar = new Set<string>();
  /** Functions read as policy objects (see birdfunction.ts); others are kept unmodelled. */
  private functions = new Set<string>();
  /** routelab's `bgp_table()` guard: when present it, not the protocols, says what BGP carries. */
  private guard?: BgpTableGuard;
  private readonly templates = new Map<string, BgpSpec>();
  private routerId?: string;
  /** Prefixes of `protocol static`: BIRD's table holds these, not the kernel's other routes. */
  private readonly staticPrefixes: string[] = [];
  private directOn = false;
  private kernelLearn = false;
  private hasBgp = false;
  private sawKernel = false;
  /** `protocol radv` statements, judged once the unnumbered neighbours are known. */
  private readonly radv: BirdStmt[] = [];

  constructor(
    private readonly frag: DeviceFragment,
    private readonly problems: Problems,
    private readonly file: string,
    private readonly src: string,
  ) {}

  read(): void {
    const { stmts, issues } = birdStatements(this.src);
    for (const i of issues) this.problems.error(i.message, { file: this.file, ...pos(i) });
    // Filters may be used before they are defined textually; collect them first.
    for (const s of stmts) {
      if (w(s, 0) === 'filter' && s.block) {
        const name = w(s, 1);
        if (name) this.filters.set(name, s.block);
      }
    }
    const fns = stmts.flatMap((s): [string, BirdStmt[]][] =>
      w(s, 0) === 'function' && w(s, 2) === '(' && w(s, 3) === ')' && s.block
        ? [[w(s, 1) as string, s.block]]
        : [],
    );
    const policy = functionsToPolicy(fns, this.bgp);
    this.functions = policy.done;
    this.guard = policy.guard;
    for (const s of stmts) this.top(s);
    this.finish();
  }

  private at(s: { line: number; column: number }): { file: string; line: number; column: number } {
    return { file: this.file, line: s.line, column: s.column };
  }

  private keep(s: BirdStmt, context?: string): void {
    const text = this.src.slice(s.start, Math.max(s.start, s.end)).trim();
    // Named after the daemon file it belongs in, whatever the bound file was called.
    const u = { file: 'bird.conf', line: s.line, text };
    this.frag.unmodelled.push(context ? { ...u, context } : u);
  }

  private top(s: BirdStmt): void {
    const k = w(s, 0);
    if (k === 'router' && w(s, 1) === 'id') {
      const id = w(s, 2);
      if (id && isIpv4(id)) this.routerId = id;
      else this.problems.error('`router id` needs an IPv4 address', this.at(s));
      return;
    }
    if (k === 'filter') {
      const name = w(s, 1);
      if (!name || !s.block) this.problems.error('`filter NAME { … }` expected', this.at(s));
      else if (isDefaultKernelExport(name, s.block)) this.definedSoFar.add(name);
      else {
        this.definedSoFar.add(name);
        this.routeMapFromFilter(name, s.block);
      }
      return;
    }
    if (k === 'include') {
      this.problems.warn('`include` is not followed: the included file is ignored', this.at(s));
      this.keep(s);
      return;
    }
    if (k === 'template' && w(s, 1) === 'bgp') {
      const name = w(s, 2);
      if (!name || !s.block) {
        this.problems.error('`template bgp NAME { … }` expected', this.at(s));
        return;
      }
      this.templates.set(name, this.bgpSpec(s, name));
      return;
    }
    if (k === 'protocol') {
      this.protocol(s);
      return;
    }
    if (k === 'function' && this.functions.has(w(s, 1) ?? '')) return;
    this.keep(s);
  }

  private protocol(s: BirdStmt): void {
    const type = w(s, 1);
    const block = s.block ?? [];
    if (!s.block) this.problems.warn(`protocol ${type ?? ''} has no { … } body`, this.at(s));
    switch (type) {
      case 'device':
        return;
      case 'direct':
        this.directOn = !block.some((b) => w(b, 0) === 'disabled' && w(b, 1) !== 'no');
        return;
      case 'kernel':
        this.sawKernel = true;
        this.needsChannel(s, 'kernel');
        return this.kernel(block);
      case 'static':
        if (w(s, 2) === DEFAULT_ORIGINATE_PROTO && isDefaultOriginateStatic(block)) return;
        this.needsChannel(s, 'static');
        return this.staticProto(block);
      case 'radv':
        this.radv.push(s);
        return;
      case 'bgp': {
        const name = w(s, 2);
        if (!name || name === 'from') {
          this.problems.error('`protocol bgp NAME { … }` needs a name', this.at(s));
          return;
        }
        this.hasBgp = true;
        this.neighborFrom(this.bgpSpec(s, name));
        return;
      }
      default:
        this.keep(s);
    }
  }

  /** BIRD 2 refuses kernel/static protocols without a channel (`bird -p`: "Channel not specified"). */
  private needsChannel(s: BirdStmt, type: string): void {
    if ((s.block ?? []).some((b) => w(b, 0) === 'ipv4')) return;
    this.problems.warn(
      `protocol ${type} has no \`ipv4\` channel: BIRD 2 refuses it ("Channel not specified"); read as ipv4`,
      this.at(s),
    );
  }

  private kernel(block: BirdStmt[]): void {
    const kernel = (this.frag.kernel ??= {});
    for (const b of this.channelAware(block, 'kernel')) {
      const k = w(b, 0);
      if (k === 'merge' && w(b, 1) === 'paths') {
        kernel.mergePaths = !['off', 'no'].includes(w(b, 2) ?? 'on');
      } else if (k === 'learn') {
        this.kernelLearn = !['off', 'no'].includes(w(b, 1) ?? 'on');
      } else if (k === 'export') {
        const named = w(b, 1) === 'filter' ? this.filters.get(w(b, 2) ?? '') : undefined;
        const map =
          named && isDefaultKernelExport(w(b, 2) ?? '', named)
            ? undefined
            : this.filterSpec(b, 'kernel_export');
        if (map === null) continue;
        if (map === undefined) delete kernel.exportFilter;
        else kernel.exportFilter = map;
      } else if (k === 'import') {
        if (w(b, 1) === 'none') this.kernelLearn = false;
      } else if (!QUIET.has(k ?? '') && k !== 'ipv4' && k !== 'learn') {
        this.keep(b, 'protocol kernel');
      }
    }
  }

  private staticProto(block: BirdStmt[]): void {
    for (const b of this.channelAware(block, 'static')) {
      if (w(b, 0) !== 'route') {
        if (!QUIET.has(w(b, 0) ?? '') && w(b, 0) !== 'ipv4') this.keep(b, 'protocol static');
        continue;
      }
      const p = w(b, 1);
      if (!p || !isCidr(p) || !isIpv4(p.split('/')[0] ?? '')) {
        this.problems.error('static `route` needs an IPv4 prefix', this.at(b));
        continue;
      }
      const prefix = networkOf(p);
      const kind = w(b, 2);
      if (
        kind === 'blackhole' ||
        kind === 'unreachable' ||
        kind === 'prohibit' ||
        kind === 'drop'
      ) {
        addStaticRoute(this.frag, { prefix, blackhole: true });
      } else if (kind === 'via') {
        // `via A`, `via "iface"`, or multipath `via A via B`
        for (let i = 2; i < b.words.length; i++) {
          if (b.words[i]?.text !== 'via') continue;
          const nh = b.words[i + 1];
          if (!nh) continue;
          if (nh.kind === 'string') addStaticRoute(this.frag, { prefix, interface: nh.text });
          else if (isIp(nh.text)) addStaticRoute(this.frag, { prefix, via: nh.text });
          else this.problems.error(`\`${nh.text}\` is not a next-hop address`, this.at(nh));
        }
      } else {
        this.problems.error('static `route P via A|"iface"|blackhole` expected', this.at(b));
        continue;
      }
      if (!this.staticPrefixes.includes(prefix)) this.staticPrefixes.push(prefix);
    }
  }

  /**
   * Statements of a protocol with the `ipv4 { … }` channel flattened in; BIRD 1.x style
   * import/export outside a channel is accepted with a warning.
   */
  private channelAware(block: BirdStmt[], proto: string): BirdStmt[] {
    const out: BirdStmt[] = [];
    for (const b of block) {
      if (w(b, 0) === 'ipv4' && b.block) out.push(...b.block);
      else if (w(b, 0) === 'ipv6' && b.block) this.keep(b, `protocol ${proto}`);
      else {
        if ((w(b, 0) === 'import' || w(b, 0) === 'export') && w(b, 1) !== 'limit') {
          this.problems.warn(
            `\`${w(b, 0)}\` outside an \`ipv4 { }\` channel is BIRD 1.x syntax (BIRD 2 rejects it); read as the ipv4 channel`,
            this.at(b),
          );
        }
        out.push(b);
      }
    }
    return out;
  }

  private bgpSpec(s: BirdStmt, name: string): BgpSpec {
    const fromIdx = s.words.findIndex((t) => t.text === 'from');
    const template = fromIdx >= 0 ? s.words[fromIdx + 1]?.text : undefined;
    const spec: BgpSpec = { name, settings: {}, line: s.line, column: s.column };
    if (template !== undefined) {
      if (this.templates.has(template)) spec.template = template;
      else this.problems.error(`template ${template} is not defined (before use)`, this.at(s));
    }
    const st = spec.settings;
    for (const b of this.channelAware(s.block ?? [], `bgp ${name}`)) {
      const k = w(b, 0);
      const rest = b.words.slice(1);
      switch (k) {
        case 'local': {
          const asIdx = rest.findIndex((t) => t.text === 'as');
          if (asIdx > 0 && rest[0] && isIp(rest[0].text)) st.updateSource = rest[0].text;
          if (asIdx >= 0) {
            const asn = asnOf(rest[asIdx + 1]?.text);
            if (asn === undefined) this.problems.error('`local as` needs an AS number', this.at(b));
            else spec.localAs = asn;
          }
          break;
        }
        case 'interface':
          if (b.words[1]?.kind === 'string') spec.iface = b.words[1].text;
          break;
        case 'extended':
          // RFC 8950 next hops: implied by an unnumbered (link-local) session, nothing to model.
          if (w(b, 1) !== 'next' || w(b, 2) !== 'hop') this.keep(b, `protocol bgp ${name}`);
          break;
        case 'neighbor': {
          const a = rest[0]?.text;
          if (a === 'range') {
            const r = rest[1]?.text;
            if (r === UNNUMBERED_RANGE) spec.range = r;
            else if (r && isCidr(r)) spec.range = networkOf(r);
            else this.problems.error('`neighbor range` needs a prefix', this.at(b));
          } else if (a && isIp(a)) {
            spec.neighbor = a;
          } else if (a !== 'as' && a !== 'internal' && a !== 'external') {
            this.problems.error('`neighbor` needs an address', this.at(b));
          }
          const asIdx = rest.findIndex((t) => t.text === 'as');
          if (asIdx >= 0) {
            const asn = asnOf(rest[asIdx + 1]?.text);
            if (asn === undefined)
              this.problems.error('`neighbor … as` needs an AS number', this.at(b));
            else st.remoteAs = asn;
          }
          if (rest.some((t) => t.text === 'internal')) st.remoteAs = 'internal';
          if (rest.some((t) => t.text === 'external')) st.remoteAs = 'external';
          break;
        }
        case 'source':
          if (w(b, 1) === 'address' && isIp(w(b, 2) ?? '')) st.updateSource = w(b, 2);
          else this.problems.error('`source address` needs an address', this.at(b));
          break;
        case 'multihop': {
          const n = w(b, 1);
          const hops = n === undefined ? 64 : intIn(n, 1, 255); // BIRD's default TTL is 64
          if (hops === undefined) this.problems.error('`multihop` takes a hop count', this.at(b));
          else st.ebgpMultihop = hops;
          break;
        }
        case 'rr':
          if (w(b, 1) === 'client') st.routeReflectorClient = true;
          else if (w(b, 1) === 'cluster' && w(b, 2) === 'id' && isIpv4(w(b, 3) ?? '')) {
            this.bgp.clusterId = w(b, 3);
          } else this.problems.error('`rr client` or `rr cluster id A.B.C.D` expected', this.at(b));
          break;
        case 'next':
          if (w(b, 1) === 'hop' && w(b, 2) === 'self') st.nextHopSelf = true;
          else this.keep(b, `protocol bgp ${name}`);
          break;
        case 'allow': {
          // `allow local as N` (BIRD 2 manual) is FRR's `allowas-in N`; the bare form is kept.
          const n = intIn(w(b, 3), 1, 10);
          if (w(b, 1) === 'local' && w(b, 2) === 'as' && n !== undefined) st.allowasIn = n;
          else this.keep(b, `protocol bgp ${name}`);
          break;
        }
        case 'passive':
          st.passive = !['off', 'no'].includes(w(b, 1) ?? 'on');
          break;
        case 'disabled':
          st.shutdown = !['off', 'no'].includes(w(b, 1) ?? 'on');
          break;
        case 'description':
          if (b.words[1]?.kind === 'string') st.description = b.words[1].text;
          break;
        case 'import':
        case 'export': {
          if (k === 'import') spec.hasImport = true;
          else spec.hasExport = true;
          const own = k === 'export' ? withoutDefaultOriginate(b) : undefined;
          if (own) st.defaultOriginate = true;
          const map = this.filterSpec(own?.rest ?? b, `${name}_${k}`, (pl) => {
            if (k === 'import') st.prefixListIn = pl;
            else st.prefixListOut = pl;
          });
          if (map === null) break;
          if (k === 'import') st.routeMapIn = map;
          else st.routeMapOut = map;
          break;
        }
        case 'hold':
        case 'keepalive': {
          const n = intIn(w(b, 2), 0, 65535);
          if (w(b, 1) !== 'time' || n === undefined) break;
          const t = (st.timers ??= { keepalive: 60, hold: 180 });
          if (k === 'hold') t.hold = n;
          else t.keepalive = n;
          break;
        }
        default:
          if (!QUIET.has(k ?? '')) this.keep(b, `protocol bgp ${name}`);
      }
    }
    return spec;
  }

  private neighborFrom(spec: BgpSpec): void {
    const localAs = spec.localAs ?? this.templateChain(spec).find((t) => t.localAs)?.localAs;
    if (localAs !== undefined) {
      if (this.bgp.asn !== 0 && this.bgp.asn !== localAs) {
        this.problems.warn(
          `protocol ${spec.name} uses local AS ${localAs}, the device already has AS ${this.bgp.asn}: routelab models one AS per device`,
          { file: this.file },
        );
      } else this.bgp.asn = localAs;
    }
    if (spec.template) this.ensurePeerGroup(spec.template);
    if (spec.range === UNNUMBERED_RANGE && spec.iface !== undefined) {
      // routelab's unnumbered peer: any link-local neighbour on that interface.
      spec.neighbor = spec.iface;
      delete spec.range;
    }
    if (spec.range !== undefined) {
      // A dynamic (`neighbor range`) protocol is a peer group with a listen range.
      this.bgp.peerGroups.push({ name: spec.name, ...this.inherited(spec) });
      this.bgp.listenRanges.push({ range: spec.range, peerGroup: spec.name });
      return;
    }
    if (spec.neighbor === undefined) {
      this.problems.error(`protocol bgp ${spec.name} has no neighbor address`, { file: this.file });
      return;
    }
    const chain = [spec, ...this.templateChain(spec)];
    const remote = chain.find((c) => c.settings.remoteAs !== undefined)?.settings.remoteAs;
    const ebgp = remote === 'external' || (typeof remote === 'number' && remote !== localAs);
    for (const dir of ['import', 'export'] as const) {
      const has = chain.some((c) => (dir === 'import' ? c.hasImport : c.hasExport));
      if (ebgp && !has) {
        this.problems.warn(
          `protocol ${spec.name}: BIRD 2 refuses eBGP without an explicit ${dir} policy ("EBGP requires explicit ${dir} policy")`,
          this.at(spec),
        );
      }
    }
    const n: Neighbor = { peer: spec.neighbor, ...spec.settings };
    if (spec.iface !== undefined && spec.neighbor === spec.iface) n.interface = true;
    // The protocol name labels the neighbour, unless it is the exporter's own `peer_<address>`.
    const generated = `peer_${spec.neighbor.replace(/[^A-Za-z0-9_]+/g, '_')}`;
    if (spec.name !== generated) n.description ??= spec.name;
    if (spec.template) n.peerGroup = spec.template;
    if (this.bgp.neighbors.some((x) => x.peer === n.peer)) {
      this.problems.warn(`two protocols peer with ${n.peer}; the later one is kept`, {
        file: this.file,
      });
      this.bgp.neighbors = this.bgp.neighbors.filter((x) => x.peer !== n.peer);
    }
    this.bgp.neighbors.push(n);
  }

  private templateChain(spec: BgpSpec): BgpSpec[] {
    const out: BgpSpec[] = [];
    let t = spec.template;
    const seen = new Set<string>();
    while (t !== undefined && !seen.has(t)) {
      seen.add(t);
      const tpl = this.templates.get(t);
      if (!tpl) break;
      out.push(tpl);
      t = tpl.template;
    }
    return out;
  }

  /** Settings of a template including the templates it is built `from`. */
  private inherited(spec: BgpSpec): NeighborSettings {
    const chain = [spec, ...this.templateChain(spec)].reverse();
    return Object.assign({}, ...chain.map((c) => c.settings)) as NeighborSettings;
  }

  private ensurePeerGroup(name: string): void {
    if (this.bgp.peerGroups.some((g) => g.name === name)) return;
    const tpl = this.templates.get(name);
    if (!tpl) return;
    this.bgp.peerGroups.push({ name, ...this.inherited(tpl) });
  }

  /**
   * `import|export all|none|filter NAME|filter { … }|where COND` → route-map name; undefined
   * = accept everything; null = not understood (kept).
   */
  private filterSpec(
    b: BirdStmt,
    inlineName: string,
    onPrefixList?: (name: string) => void,
  ): string | undefined | null {
    const arg = w(b, 1);
    if (arg === 'all') return undefined;
    if (arg === 'none') return this.denyAll();
    if (arg === 'filter' && b.block) {
      this.routeMapFromFilter(inlineName, b.block);
      return inlineName;
    }
    if (arg === 'filter' && w(b, 2)) {
      const name = w(b, 2) as string;
      if (!this.filters.has(name)) {
        this.problems.error(`filter ${name} is not defined`, this.at(b));
        return null;
      }
      if (!this.definedSoFar.has(name)) {
        this.problems.warn(
          `filter ${name} is used before its definition: BIRD 2 refuses that ("syntax error, unexpected CF_SYM_UNDEFINED")`,
          this.at(b.words[2] ?? b),
        );
      }
      return name;
    }
    const parts = this.guardedParts(b.words.slice(2).map((t) => t.text));
    if (arg === 'where' && parts !== null && (parts.pl === undefined || onPrefixList)) {
      if (parts.pl !== undefined) onPrefixList?.(parts.pl);
      return parts.map;
    }
    if (arg === 'where') {
      const cond = b.words.slice(2);
      const fake: BirdStmt = { ...b, words: [tok('if'), ...cond, tok('then'), tok('accept')] };
      this.routeMapFromFilter(inlineName, [fake]);
      return inlineName;
    }
    this.problems.warn(`\`${w(b, 0)} …\` form not understood; treated as all`, this.at(b));
    this.keep(b);
    return null;
  }

  /**
   * `bgp_table()` / `bgp_table() && F()` / `F()`, F a function read as a route-map: the
   * exporter's form. The guard adds nothing the model lacks → F, or undefined for all; null when
   * the condition is something else.
   */
  private guardedCall(cond: string[]): string | undefined | null {
    const parts = this.guardedParts(cond);
    return parts === null || parts.pl !== undefined ? null : parts.map;
  }

  /**
   * The exporter's channel condition: `[bgp_table() &&] [P() &&] [F()]`, P a function read as a
   * prefix-list (the neighbour's `prefix-list in|out`), F one read as a route-map; the order is
   * FRR's (prefix-list before route-map), so nothing else is accepted. null when not that form.
   */
  private guardedParts(cond: string[]): { map?: string; pl?: string } | null {
    const parts = cond.join(' ').split(' && ');
    let map: string | undefined;
    let pl: string | undefined;
    for (const p of parts) {
      const f = /^(\w+) \( \)$/.exec(p)?.[1];
      if (f === BGP_TABLE_GUARD) continue;
      if (!f || map || !this.functions.has(f)) return null;
      if (!pl && this.bgp.prefixLists.some((l) => l.name === f)) pl = f;
      else if (this.bgp.routeMaps.some((m) => m.name === f)) map = f;
      else return null;
    }
    return { map, pl };
  }

  private denyAll(): string {
    if (!this.bgp.routeMaps.some((m) => m.name === BIRD_DENY_ALL)) {
      this.bgp.routeMaps.push({
        name: BIRD_DENY_ALL,
        entries: [{ seq: 10, action: 'deny', match: {}, set: {} }],
      });
    }
    return BIRD_DENY_ALL;
  }

  /** A BIRD filter as a route-map (see birdfilter.ts), once per name. */
  private routeMapFromFilter(name: string, body: BirdStmt[]): void {
    if (this.bgp.routeMaps.some((m) => m.name === name)) return;
    // `filter F { if rm() then accept; reject; }`: the exporter's wrapper of a route-map function.
    const [first, second] = body;
    const x = first?.words.map((t) => t.text) ?? [];
    const call = x[0] === 'if' && x.slice(-2).join(' ') === 'then accept' ? x.slice(1, -2) : [];
    const wrapped = body.length === 2 && w(second, 0) === 'reject' && second?.words.length === 1;
    const inner = wrapped && call.length ? this.guardedCall(call) : null;
    const rm = inner ? this.bgp.routeMaps.find((m) => m.name === inner) : undefined;
    if (rm) {
      this.bgp.routeMaps.push({ name, entries: rm.entries.map((e) => ({ ...e })) });
      return;
    }
    filterToRouteMap(name, body, {
      bgp: this.bgp,
      warn: (message, at) => this.problems.warn(message, this.at(at)),
      keep: (st, context) => this.keep(st, context),
    });
  }

  /** A radv protocol only on unnumbered peers' interfaces is implied by them; others are kept. */
  private radvDone(): void {
    const unnumbered = new Set(this.bgp.neighbors.filter((n) => n.interface).map((n) => n.peer));
    for (const s of this.radv) {
      const ifaces = (s.block ?? [])
        .filter((b) => w(b, 0) === 'interface')
        .flatMap((b) => b.words.filter((t) => t.kind === 'string').map((t) => t.text));
      if (ifaces.length === 0 || !ifaces.every((i) => unnumbered.has(i))) this.keep(s);
    }
  }

  private finish(): void {
    this.radvDone();
    if (this.guard && this.hasBgp) {
      this.bgp.networks.push(...this.guard.networks);
      this.bgp.redistribute.push(...this.guard.redistribute);
    } else {
      if (this.directOn && this.hasBgp) this.bgp.redistribute.push({ source: 'connected' });
      // `network P` rather than `redistribute static`: the device's other static routes (exec
      // `ip route …`) are kernel routes BIRD never sees unless `protocol kernel` learns them.
      if (this.hasBgp) this.bgp.networks.push(...this.staticPrefixes);
      if (this.kernelLearn && this.hasBgp) this.bgp.redistribute.push({ source: 'kernel' });
    }
    if (this.routerId) this.bgp.routerId = this.routerId;
    for (const t of this.templates.keys()) this.ensurePeerGroup(t);
    if (this.hasBgp) {
      if (this.bgp.asn === 0) {
        this.problems.error('no `local as` in any BGP protocol: the device AS is unknown', {
          file: this.file,
        });
      } else this.frag.bgp = this.bgp;
    }
    if (!this.sawKernel && this.hasBgp) {
      this.problems.info('no `protocol kernel`: BIRD installs no routes into the kernel', {
        file: this.file,
      });
      this.frag.kernel = { exportFilter: this.denyAll() };
    }
  }
}

/** `ipv4 { preference 1; }; route 0.0.0.0/0 blackhole;`: the exporter's default-originate route. */
function isDefaultOriginateStatic(block: BirdStmt[]): boolean {
  const lines = block.map((b) =>
    b.block ? `${words(b)} { ${b.block.map(words).join('; ')} }` : words(b),
  );
  return (
    lines.length === 2 &&
    lines[0] === 'ipv4 { preference 1 }' &&
    lines[1] === 'route 0.0.0.0/0 blackhole'
  );
}

const words = (b: BirdStmt): string => b.words.map((t) => t.text).join(' ');

/**
 * `export where proto = "default_originate" [|| (COND)]`: the exporter's default-originate. Gives
 * the export statement without that part (`export where COND`, or `export none`), else undefined.
 */
function withoutDefaultOriginate(b: BirdStmt): { rest: BirdStmt } | undefined {
  const x = b.words;
  const head = x.slice(1, 5).map((t) => t.text);
  if (head.join(' ') !== `where proto = ${DEFAULT_ORIGINATE_PROTO}` || x[4]?.kind !== 'string')
    return undefined;
  if (x.length === 5) return { rest: { ...b, words: [x[0] as BirdTok, tok('none')] } };
  const inner = x.slice(6);
  if (x[5]?.text !== '||' || inner[0]?.text !== '(' || inner[inner.length - 1]?.text !== ')')
    return undefined;
  return { rest: { ...b, words: [x[0] as BirdTok, tok('where'), ...inner.slice(1, -1)] } };
}

function w(s: BirdStmt | undefined, i: number): string | undefined {
  return s?.words[i]?.text;
}

function tok(text: string): BirdTok {
  return { text, kind: 'word', line: 0, column: 0, offset: 0 };
}

function pos(i: { line: number; column: number }): { line: number; column: number } {
  return { line: i.line, column: i.column };
}

/** Reads BIRD config text into `frag`. */
export function readBird(
  text: string,
  file: string,
  frag: DeviceFragment,
  problems: Problems,
): void {
  new BirdReader(frag, problems, file, text).read();
}

/** Parses a whole bird.conf. */
export function importBird(text: string, fileName: string): FragmentImport {
  const problems = new Problems(fileName);
  const fragment = emptyFragment();
  readBird(text, fileName, fragment, problems);
  fitFragment(fragment, [{ file: fileName, text }], problems);
  summariseKept(
    fragment.unmodelled.map((u) => ({ file: fileName, line: u.line })),
    problems,
  );
  return { fragment, problems: problems.list };
}
