/**
 * `gobgpd.toml`: the GoBGP configuration Cilium's BGP control plane would run for a node, from
 * `nodeBgp`. Cilium's speaker does not listen (port -1) and dials out; a listening variant is
 * an option for the real-daemon runner. GoBGP configs cannot originate routes, so the prefixes
 * the node announces are listed as the `gobgp global rib add` commands that would add them.
 */
import { networkOf } from '../model';
import type { BgpConfig } from '../model';
import { validAsn, validIpv4, validIpv4Cidr } from './names';

export function renderGobgpToml(bgp: BgpConfig, listen: boolean): string {
  const out = ['[global.config]', `  as = ${bgp.asn}`];
  if (bgp.routerId && validIpv4(bgp.routerId)) out.push(`  router-id = "${bgp.routerId}"`);
  out.push(`  port = ${listen ? 179 : -1}`, '');
  for (const n of bgp.neighbors) {
    const as = n.remoteAs === 'internal' ? bgp.asn : n.remoteAs;
    if (!validIpv4(n.peer) || !validAsn(as)) continue;
    out.push('[[neighbors]]', '  [neighbors.config]');
    out.push(`    neighbor-address = "${n.peer}"`, `    peer-as = ${as}`);
    if (n.ebgpMultihop) {
      out.push('  [neighbors.ebgp-multihop.config]', '    enabled = true');
      out.push(`    multihop-ttl = ${Math.trunc(n.ebgpMultihop)}`);
    }
    out.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]');
    out.push('      afi-safi-name = "ipv4-unicast"', '');
  }
  const nets = bgp.networks.filter(validIpv4Cidr).map(networkOf);
  if (nets.length > 0) {
    out.push('# Announced by Cilium (ORIGIN IGP):');
    for (const p of nets) out.push(`#   gobgp global rib add -a ipv4 ${p} origin igp`);
  }
  return `${out.join('\n')}\n`;
}
