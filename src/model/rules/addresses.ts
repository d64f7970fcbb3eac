/** Rules about interface addresses across the lab: duplicates and overlapping subnets. */
import { overlaps, parsePrefix4 } from '../addressing';
import type { Problem } from '../problems';
import { error, warning } from '../problems';
import type { AddrOn, Context } from './context';
import { ifPath } from './context';

const where = (a: AddrOn): string => `${a.device}/${a.iface}`;

export function duplicateAddressRule(ctx: Context, out: Problem[]): void {
  for (const list of ctx.owners.values()) {
    const [first, ...rest] = list;
    if (!first) continue;
    for (const a of rest) {
      // The same /32 on two loopbacks is how anycast is built: worth a look, not an error.
      const anycast = a.loopback && first.loopback && a.device !== first.device;
      const p = ifPath(a.device, a.iface);
      const msg = `${a.cidr} is also on ${where(first)}`;
      out.push(anycast ? warning(p, `${msg} (anycast?)`) : error(p, msg));
    }
  }
}

/**
 * Two subnets that overlap but sit on different L2 segments make the FIB ambiguous. IPv4 is
 * swept in address order so large labs stay linear-ish; IPv6 is rare and compared pairwise.
 */
export function overlapRule(ctx: Context, out: Problem[]): void {
  const reported = new Set<string>();
  const report = (a: AddrOn, b: AddrOn): void => {
    if (a.segment === b.segment) return;
    if (a.host === b.host) return; // the duplicate rule already says it
    if (a.loopback && b.loopback && a.len === b.len && a.network === b.network) return;
    const key = [a.segment, b.segment, a.network, b.network].sort().join('|');
    if (reported.has(key)) return;
    reported.add(key);
    out.push(
      error(
        ifPath(b.device, b.iface),
        `${b.cidr} overlaps ${a.cidr} on ${where(a)}, which is on a different link`,
      ),
    );
  };
  const v4 = ctx.addrs
    .filter((a) => a.family === 4)
    .map((a) => {
      const p = parsePrefix4(a.cidr);
      return { a, start: p.addr, end: p.addr + 2 ** (32 - p.len) - 1 };
    })
    .sort((x, y) => x.start - y.start || y.end - x.end);
  let open: typeof v4 = [];
  for (const cur of v4) {
    open = open.filter((o) => o.end >= cur.start);
    for (const o of open) report(o.a, cur.a);
    open.push(cur);
  }
  const v6 = ctx.addrs.filter((a) => a.family === 6 && !a.host.startsWith('fe80:'));
  if (v6.length > 2000) return;
  for (let i = 0; i < v6.length; i++) {
    for (let j = i + 1; j < v6.length; j++) {
      const a = v6[i];
      const b = v6[j];
      if (a && b && a.segment !== b.segment && overlaps(a.network, b.network)) report(a, b);
    }
  }
}
