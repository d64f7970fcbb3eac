/**
 * containerlab `exec:` lines: `ip addr|route|link …` become interfaces and static routes,
 * `vtysh -c '…' -c '…'` sequences are read as FRR config, start-up boilerplate is skipped and
 * anything else is kept (file `exec`) so the user sees it is not simulated.
 */
import { familyOf, isCidr, isIp, networkOf } from '../model';
import type { StaticRoute } from '../model';
import type { DeviceFragment } from './fragment';
import { addAddress, addStaticRoute, ensureInterface } from './fragment';
import type { FrrParser } from './frr';
import type { ConfigLine } from './lines';
import type { Problems, SourcePos } from './problem';
import { shellWords, splitCommands } from './shell';

export interface ExecItem {
  text: string;
  file: string;
  line: number;
  column: number;
  /** Where `needle` appears in the source at or after this item (for vtysh argument lines). */
  locate?: (needle: string) => { line: number; column: number } | undefined;
}

/** Commands that prepare a container but configure nothing routelab models. */
const BOILERPLATE =
  /^(touch|sed|chmod|chown|mkdir|cp|mv|ln|echo|sleep|true|service|systemctl|sysctl|cat|rm|bird|birdc|gobgpd|frr|vtysh\.conf|\/?usr\/lib\/frr\/\S*|\S*frrinit\.sh|\S*\/frr\/\S*)$/;

export class ExecReader {
  constructor(
    private readonly frag: DeviceFragment,
    private readonly problems: Problems,
    private readonly frr: () => FrrParser,
  ) {}

  read(item: ExecItem): void {
    for (const cmd of splitCommands(item.text)) this.command(cmd, item);
  }

  private command(cmd: string, item: ExecItem): void {
    const at: SourcePos = { file: item.file, line: item.line, column: item.column };
    const { words: ws, error } = shellWords(cmd);
    if (error) this.problems.warn(`exec: ${error}`, at);
    let w = ws.map((x) => x.text);
    if (w[0] === 'sudo') w = w.slice(1);
    const head = w[0];
    if (head === undefined) return;
    if (
      (head === 'bash' || head === 'sh' || head === '/bin/sh' || head === '/bin/bash') &&
      w[1] === '-c'
    ) {
      for (const c of splitCommands(w[2] ?? '')) this.command(c, item);
      return;
    }
    if (head === 'ip' || head === '/sbin/ip' || head === '/usr/sbin/ip') {
      if (this.ip(w.slice(1), at)) return;
    } else if (head === 'vtysh' || head.endsWith('/vtysh')) {
      if (this.vtysh(w.slice(1), item)) return;
    } else if (BOILERPLATE.test(head)) {
      return;
    }
    this.frag.unmodelled.push({ file: 'exec', line: item.line, text: cmd, context: 'exec' });
  }

  /** `vtysh -c A -c B …`: the -c arguments are FRR config lines, read in one vtysh session. */
  private vtysh(args: string[], item: ExecItem): boolean {
    const lines: ConfigLine[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-c' || a === '--command') {
        const text = args[++i] ?? '';
        const pos = item.locate?.(text) ?? { line: item.line, column: item.column };
        // One -c argument may hold several lines (`-c $'a\nb'`); FRR reads each.
        for (const part of text.split('\n')) lines.push({ text: part, file: item.file, ...pos });
      } else if (a?.startsWith('-')) {
        return false; // -f, -b … : not a config sequence we can read
      }
    }
    if (lines.length === 0) return false;
    this.frr().read(lines);
    return true;
  }

  private ip(args: string[], at: SourcePos): boolean {
    let i = 0;
    while (args[i]?.startsWith('-')) i += args[i] === '-n' || args[i] === '-netns' ? 2 : 1;
    const obj = args[i];
    const verb = args[i + 1];
    const rest = args.slice(i + 2);
    if (obj === undefined) return false;
    if ('address'.startsWith(obj) && obj.length >= 1) return this.ipAddr(verb, rest, at);
    if ('route'.startsWith(obj) && obj.length >= 1) return this.ipRoute(verb, rest, at);
    if ('link'.startsWith(obj) && obj.length >= 1) return this.ipLink(verb, rest);
    return false;
  }

  private ipAddr(verb: string | undefined, rest: string[], at: SourcePos): boolean {
    if (verb !== 'add' && verb !== 'replace') return verb === 'flush' || verb === 'show';
    const addr = rest[0];
    const dev = valueAfter(rest, 'dev');
    if (!addr || !dev) {
      this.problems.error(`exec: expected \`ip addr add ADDRESS dev IFACE\``, at);
      return true;
    }
    const cidr = addr.includes('/') ? addr : `${addr}/${familyOf(addr) === 6 ? 128 : 32}`;
    if (!isCidr(cidr)) {
      this.problems.error(`exec: \`${addr}\` is not an IP address`, at);
      return true;
    }
    addAddress(this.frag, dev, cidr);
    return true;
  }

  private ipRoute(verb: string | undefined, rest: string[], at: SourcePos): boolean {
    if (verb !== 'add' && verb !== 'replace' && verb !== 'append') return false;
    let blackhole = false;
    let j = 0;
    if (['blackhole', 'unreachable', 'prohibit'].includes(rest[0] ?? '')) {
      blackhole = true;
      j = 1;
    }
    const dest = rest[j];
    const prefix = dest === 'default' ? '0.0.0.0/0' : dest?.includes('/') ? dest : `${dest}/32`;
    if (!dest || !isCidr(prefix) || familyOf(prefix) !== 4) {
      this.problems.error(`exec: \`ip route ${verb}\` needs an IPv4 destination`, at);
      return true;
    }
    const route: StaticRoute = { prefix: networkOf(prefix) };
    const via = valueAfter(rest, 'via');
    const dev = valueAfter(rest, 'dev');
    if (blackhole) route.blackhole = true;
    if (via !== undefined) {
      if (!isIp(via)) {
        this.problems.error(`exec: next hop \`${via}\` is not an address`, at);
        return true;
      }
      route.via = via;
    }
    if (dev !== undefined) route.interface = dev;
    if (!blackhole && via === undefined && dev === undefined) {
      this.problems.error('exec: `ip route` needs `via`, `dev` or blackhole', at);
      return true;
    }
    const metric = valueAfter(rest, 'metric');
    if (metric !== undefined && /^\d+$/.test(metric)) route.distance = Number(metric);
    if (verb === 'replace') {
      this.frag.staticRoutes = this.frag.staticRoutes.filter((r) => r.prefix !== route.prefix);
    }
    addStaticRoute(this.frag, route);
    return true;
  }

  private ipLink(verb: string | undefined, rest: string[]): boolean {
    if (verb === 'set' || verb === 'del' || verb === 'delete' || verb === 'show') return true;
    if (verb !== 'add') return false;
    const name = rest[0] === 'name' ? rest[1] : rest[0];
    const type = valueAfter(rest, 'type');
    if (!name || (type !== 'dummy' && type !== 'ifb')) return false;
    ensureInterface(this.frag, name).loopback = true;
    return true;
  }
}

function valueAfter(words: string[], key: string): string | undefined {
  const i = words.indexOf(key);
  return i >= 0 ? words[i + 1] : undefined;
}
