/** Rules about devices, interfaces, links and bridges: the wiring of the lab. */
import { familyOf, hostOf, isCidr, isIp, prefixLength } from '../addressing';
import type { Problem } from '../problems';
import { error, warning } from '../problems';
import type { Endpoint } from '../types';
import type { Context } from './context';
import { ifPath } from './context';

/** Names end up in hostnames, namespace names, file names and `device/pod` paths. */
const NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

export function deviceRules(ctx: Context, out: Problem[]): void {
  const seen = new Map<string, number>();
  for (const d of ctx.lab.devices) seen.set(d.name, (seen.get(d.name) ?? 0) + 1);
  for (const [n, count] of seen) {
    if (count > 1) out.push(error(`devices/${n}`, `device name ${n} is used by ${count} devices`));
  }
  for (const d of ctx.lab.devices) {
    const at = `devices/${d.name}`;
    if (!NAME.test(d.name)) {
      out.push(
        error(at, `device name "${d.name}" may hold only letters, digits, '-', '_' and '.'`),
      );
    }
    const ifNames = new Set<string>();
    for (const i of d.interfaces) {
      const ip = ifPath(d.name, i.name);
      if (ifNames.has(i.name)) out.push(error(ip, `${d.name} has two interfaces named ${i.name}`));
      ifNames.add(i.name);
      if (!/^[A-Za-z0-9_.:@-]+$/.test(i.name) || i.name === '.' || i.name === '..')
        out.push(error(ip, `interface name "${i.name}" is not a valid Linux interface name`));
      if (i.unnumbered && i.addresses.some((a) => familyOf(a) === 4))
        out.push(warning(ip, `${i.name} is unnumbered but has IPv4 addresses`));
      if (d.kind === 'bridge' && i.addresses.length > 0)
        out.push(warning(ip, `bridge port ${i.name} has addresses; a bridge forwards at L2 only`));
      for (const a of i.addresses) addressRule(a, ip, out);
    }
    d.staticRoutes.forEach((r, n) => {
      const rp = `${at}/staticRoutes/${n}`;
      if (!isCidr(r.prefix)) out.push(error(rp, `static route prefix ${r.prefix} is not a prefix`));
      if (r.via !== undefined) {
        if (!isIp(r.via)) out.push(error(rp, `next hop ${r.via} is not an IP address`));
        else if (isCidr(r.prefix) && familyOf(r.via) !== familyOf(r.prefix))
          out.push(error(rp, `next hop ${r.via} is not the same address family as ${r.prefix}`));
      }
      if (r.interface !== undefined && !ifNames.has(r.interface))
        out.push(error(rp, `static route uses interface ${r.interface}, which ${d.name} lacks`));
      if (!r.blackhole && r.via === undefined && r.interface === undefined)
        out.push(error(rp, `static route to ${r.prefix} has no next hop, interface or blackhole`));
      if (r.blackhole && (r.via !== undefined || r.interface !== undefined))
        out.push(warning(rp, `blackhole route to ${r.prefix} also names a next hop`));
    });
  }
}

function addressRule(a: string, path: string, out: Problem[]): void {
  if (!isCidr(a)) {
    const why = isIp(a)
      ? `${a} has no prefix length (write ${a}/${familyOf(a) === 6 ? 64 : 24} or similar)`
      : /\/\d+$/.test(a) && isIp(hostOf(a))
        ? `${a} has an impossible prefix length for ${familyOf(a) === 6 ? 'IPv6' : 'IPv4'}`
        : `${a} is not an IPv4 or IPv6 address with a prefix length`;
    out.push(error(path, why));
    return;
  }
  if (prefixLength(a) === 0) out.push(error(path, `${a}: /0 is not an interface prefix length`));
}

function epKey(e: Endpoint): string {
  return `${e.device}/${e.interface}`;
}

export function linkRules(ctx: Context, out: Problem[]): void {
  const ids = new Set<string>();
  const usedBy = new Map<string, string>();
  for (const l of ctx.lab.links) {
    const at = `links/${l.id}`;
    if (ids.has(l.id)) out.push(error(at, `link id ${l.id} is used by two links`));
    ids.add(l.id);
    if (epKey(l.a) === epKey(l.b)) {
      out.push(error(at, `link joins ${epKey(l.a)} to itself`));
      continue;
    }
    for (const ep of [l.a, l.b]) {
      const d = ctx.devices.get(ep.device);
      if (!d) {
        out.push(error(at, `endpoint ${epKey(ep)}: there is no device ${ep.device}`));
        continue;
      }
      const i = d.interfaces.find((x) => x.name === ep.interface);
      if (!i) {
        out.push(error(at, `endpoint ${epKey(ep)}: ${ep.device} has no interface ${ep.interface}`));
        continue;
      }
      if (i.loopback)
        out.push(error(at, `${epKey(ep)} is a loopback interface and cannot be on a link`));
      const other = usedBy.get(epKey(ep));
      if (other !== undefined) {
        out.push(
          error(
            ifPath(ep.device, ep.interface),
            `${epKey(ep)} is on two links: ${other} and ${l.id} (use a bridge for a shared segment)`,
          ),
        );
      } else usedBy.set(epKey(ep), l.id);
    }
  }
  for (const d of ctx.devices.values()) {
    if (d.kind !== 'bridge') continue;
    const members = d.interfaces.filter((i) => usedBy.has(`${d.name}/${i.name}`)).length;
    if (members < 2) {
      out.push(
        warning(`devices/${d.name}`, `bridge ${d.name} has ${members} member(s); it needs two`),
      );
    }
  }
}
