/**
 * `gobgpd.toml`: the GoBGP configuration Cilium's BGP control plane would run for a node, from
 * `nodeBgp`. Cilium's speaker does not listen (port -1) and dials out; a listening variant is
 * an option for the real-daemon runner. GoBGP configs cannot originate routes, so the prefixes
 * the node announces are listed as the `gobgp global rib add` commands that would add them.
 */
import { networkOf } from '../model';
import type { BgpConfig, Device, Lab } from '../model';
import { validAsn, validIpv4, validIpv4Cidr } from './names';

/**
 * A node of a Cilium 1.11 legacy (MetalLB `bgp-config`) cluster: MetalLB's native speaker sets no
 * TTL on its sessions (OS default), so its eBGP peers may be several hops away.
 */
export function emulatesMetallbSpeaker(lab: Lab, device: Device): boolean {
  if (device.kind !== 'k8s-node') return false;
  return lab.clusters.find((c) => c.name === device.cluster)?.cilium?.bgpApi === 'legacy-metallb';
}

/**
 * `metallb`: GoBGP stands in for MetalLB's speaker, which ignores the routes it receives (global
 * import policy reject) and whose eBGP packets leave with the OS default
 * TTL; GoBGP sends eBGP with TTL 1 unless told otherwise, so every eBGP neighbour without its own
 * multihop gets `multihop-ttl = 255` (the real ex-cilium-legacy-bgp-main lab stayed Active
 * without it: the peers are gateway loopbacks one router away).
 */
export function renderGobgpToml(bgp: BgpConfig, listen: boolean, metallb = false): string {
  const out = ['[global.config]', `  as = ${bgp.asn}`];
  if (bgp.routerId && validIpv4(bgp.routerId)) out.push(`  router-id = "${bgp.routerId}"`);
  out.push(`  port = ${listen ? 179 : -1}`, '');
  // MetalLB only announces: it ignores received UPDATEs, so it neither learns nor re-advertises.
  // A plain reject would also drop the node's own `global rib add` routes: keep route-type local.
  if (metallb)
    out.push(
      '[global.apply-policy.config]',
      '  import-policy-list = ["metallb-announce-only"]',
      '  default-import-policy = "reject-route"',
      '',
    );
  for (const n of bgp.neighbors) {
    const as = n.remoteAs === 'internal' ? bgp.asn : n.remoteAs;
    if (!validIpv4(n.peer) || !validAsn(as)) continue;
    out.push('[[neighbors]]', '  [neighbors.config]');
    out.push(`    neighbor-address = "${n.peer}"`, `    peer-as = ${as}`);
    const ttl = n.ebgpMultihop ? Math.trunc(n.ebgpMultihop) : metallb && as !== bgp.asn ? 255 : 0;
    if (ttl > 0) {
      out.push('  [neighbors.ebgp-multihop.config]', '    enabled = true');
      out.push(`    multihop-ttl = ${ttl}`);
    }
    out.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]');
    out.push('      afi-safi-name = "ipv4-unicast"', '');
  }
  if (metallb)
    out.push(
      '[[policy-definitions]]',
      '  name = "metallb-announce-only"',
      '  [[policy-definitions.statements]]',
      '    name = "own-routes"',
      '    [policy-definitions.statements.conditions.bgp-conditions]',
      '      route-type = "local"',
      '    [policy-definitions.statements.actions]',
      '      route-disposition = "accept-route"',
      '',
    );
  const nets = bgp.networks.filter(validIpv4Cidr).map(networkOf);
  if (nets.length > 0) {
    out.push('# Announced by Cilium (ORIGIN IGP):');
    for (const p of nets) out.push(`#   gobgp global rib add -a ipv4 ${p} origin igp`);
  }
  return `${out.join('\n')}\n`;
}
