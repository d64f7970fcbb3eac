/**
 * GoBGP rendering for Cilium nodes. The MetalLB emulation was checked on the real daemons: the
 * corpus lab ex-cilium-legacy-bgp-main (GoBGP 3.10 dialling FRR 8.4.4 gateway loopbacks one router
 * away) stayed Active with the default eBGP TTL of 1 and came up with `multihop-ttl = 255`; with
 * a plain `default-import-policy = "reject-route"` the nodes lost their own `global rib add`
 * routes, with the route-type-local import policy the lab matched routelab (2026-11-23).
 */
import { describe, expect, it } from 'vitest';
import { emptyBgp } from '../model';
import { renderGobgpToml } from './gobgp';

function nodeBgp() {
  const bgp = emptyBgp(64513);
  bgp.neighbors.push(
    { peer: '10.4.36.239', remoteAs: 64524 },
    { peer: '10.4.36.250', remoteAs: 64513 },
    { peer: '10.4.36.251', remoteAs: 64524, ebgpMultihop: 2 },
  );
  return bgp;
}

describe('renderGobgpToml', () => {
  it('leaves eBGP single-hop (GoBGP default TTL 1) for a Cilium BGP control plane node', () => {
    expect(renderGobgpToml(nodeBgp(), false)).not.toContain('multihop-ttl = 255');
  });

  it('emulates MetalLB: every eBGP neighbour without its own multihop gets TTL 255', () => {
    const toml = renderGobgpToml(nodeBgp(), false, true);
    const blocks = toml.split('[[neighbors]]').slice(1);
    expect(blocks[0]).toContain('multihop-ttl = 255'); // eBGP
    expect(blocks[1]).not.toContain('multihop'); // iBGP: not TTL-limited
    expect(blocks[2]).toContain('multihop-ttl = 2'); // its own setting wins
  });

  it('emulates MetalLB: received routes are ignored, the node keeps its own (route-type local)', () => {
    const toml = renderGobgpToml(nodeBgp(), false, true);
    expect(toml).toContain('default-import-policy = "reject-route"');
    expect(toml).toContain('import-policy-list = ["metallb-announce-only"]');
    expect(toml).toMatch(
      /route-type = "local"\s+\[policy-definitions\.statements\.actions\]\s+route-disposition = "accept-route"/,
    );
    expect(renderGobgpToml(nodeBgp(), false)).not.toContain('apply-policy');
  });
});
