/**
 * The field write-ups' labs (fixtures/, transcribed from /work/shared/seeds) import with no error,
 * and the imported model says what the write-ups' configs say. Expected values are read off the
 * seed texts (quoted in the comments), not off this importer's output.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateLab } from '../model';
import type { Device, K8sNode, Lab, Router } from '../model';
import { importContainerlab } from './index';
import type { Problem } from './index';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function diskReader(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function load(rel: string): { lab: Lab; problems: Problem[] } {
  return importContainerlab(`${FIXTURES}${rel}`, diskReader);
}

function dev<T extends Device = Router>(lab: Lab, name: string): T {
  const d = lab.devices.find((x) => x.name === name);
  if (!d) throw new Error(`no device ${name}`);
  return d as T;
}

function errors(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}

function addrs(d: Device, iface: string): string[] {
  return d.interfaces.find((i) => i.name === iface)?.addresses ?? [];
}

describe('seed 003: FRR ToRs + Cilium (containerlab + kind, exec + vtysh)', () => {
  const { lab, problems } = load('frr-tor-cilium/topo.clab.yml');

  it('imports with no error', () => {
    expect(errors(problems)).toEqual([]);
    expect(lab.name).toBe('bgp-cplane-demo');
  });

  it('router0: AS 65000, unnumbered eBGP peer group with default-originate', () => {
    const r = dev(lab, 'router0');
    expect(r.kind).toBe('router');
    expect(r.daemon).toBe('frr');
    // -c 'router bgp 65000' -c ' bgp router-id 10.0.0.0' -c ' no bgp ebgp-requires-policy'
    expect(r.bgp?.asn).toBe(65000);
    expect(r.bgp?.routerId).toBe('10.0.0.0');
    expect(r.bgp?.ebgpRequiresPolicy).toBe(false);
    // neighbor ROUTERS peer-group / remote-as external / default-originate
    expect(r.bgp?.peerGroups).toEqual([
      { name: 'ROUTERS', remoteAs: 'external', defaultOriginate: true },
    ]);
    // neighbor net0|net1 interface peer-group ROUTERS
    expect(r.bgp?.neighbors).toEqual([
      { peer: 'net0', interface: true, peerGroup: 'ROUTERS' },
      { peer: 'net1', interface: true, peerGroup: 'ROUTERS' },
    ]);
    expect(r.bgp?.redistribute).toEqual([{ source: 'connected' }]);
    // ip addr add 10.0.0.0/32 dev lo; ip route add blackhole 10.0.0.0/8
    expect(addrs(r, 'lo')).toEqual(['10.0.0.0/32']);
    expect(r.staticRoutes).toEqual([{ prefix: '10.0.0.0/8', blackhole: true }]);
    expect(r.interfaces.find((i) => i.name === 'net0')?.unnumbered).toBe(true);
    // The iptables line is kept as "not simulated"; start-up boilerplate is not.
    expect(r.unmodelled?.map((u) => u.text)).toEqual([
      'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    ]);
  });

  it('tor0/tor1: datacenter profile, iBGP SERVERS group to the rack nodes', () => {
    const expected = [
      { name: 'tor0', asn: 65010, rid: '10.0.0.1', servers: ['10.0.1.2', '10.0.2.2'] },
      { name: 'tor1', asn: 65011, rid: '10.0.0.2', servers: ['10.0.3.2', '10.0.4.2'] },
    ];
    for (const e of expected) {
      const t = dev(lab, e.name);
      expect(t.bgp?.asn).toBe(e.asn);
      expect(t.bgp?.routerId).toBe(e.rid);
      expect(t.bgp?.profile).toBe('datacenter');
      expect(t.bgp?.peerGroups).toEqual([
        { name: 'ROUTERS', remoteAs: 'external' },
        { name: 'SERVERS', remoteAs: 'internal' },
      ]);
      expect(t.bgp?.neighbors.map((n) => [n.peer, n.peerGroup, !!n.interface])).toEqual([
        ['net0', 'ROUTERS', true],
        [e.servers[0], 'SERVERS', false],
        [e.servers[1], 'SERVERS', false],
      ]);
      expect(addrs(t, 'lo')).toEqual([`10.0.0.${e.rid.split('.')[3]}/32`]);
    }
    expect(addrs(dev(lab, 'tor0'), 'net1')).toEqual(['10.0.1.1/24']);
    expect(addrs(dev(lab, 'tor1'), 'net2')).toEqual(['10.0.4.1/24']);
  });

  it('servers become kind nodes of one cluster, with their address and default route', () => {
    const s0 = dev<K8sNode>(lab, 'server0');
    expect(s0.kind).toBe('k8s-node');
    expect(s0.k8sRole).toBe('control-plane'); // network-mode: container:control-plane
    expect(dev<K8sNode>(lab, 'server3').k8sRole).toBe('worker');
    expect(addrs(s0, 'net0')).toEqual(['10.0.1.2/24']);
    expect(s0.staticRoutes).toEqual([{ prefix: '0.0.0.0/0', via: '10.0.1.1' }]);
    expect(s0.labels).toEqual({ rack: 'rack0' });
    expect(lab.clusters.map((c) => c.name)).toEqual(['bgp-cplane-demo']);
    expect(
      new Set(lab.devices.filter((d) => d.kind === 'k8s-node').map((d) => (d as K8sNode).cluster)),
    ).toEqual(new Set(['bgp-cplane-demo']));
  });

  it('links: the six veths of the topology', () => {
    expect(lab.links.map((l) => l.id)).toEqual([
      'router0:net0--tor0:net0',
      'router0:net1--tor1:net0',
      'tor0:net1--server0:net0',
      'tor0:net2--server1:net0',
      'tor1:net1--server2:net0',
      'tor1:net2--server3:net0',
    ]);
  });
});

describe('seed 001: VyOS spine/leaf, leaves reflect for their rack', () => {
  const { lab, problems } = load('vyos-spine-leaf/cilium-bgp.clab.yaml');

  it('imports with no error (config.boot bound by the linux nodes with a VyOS image)', () => {
    expect(errors(problems)).toEqual([]);
    for (const n of ['spine01', 'spine02', 'leaf01', 'leaf02']) {
      expect(dev(lab, n).daemon).toBe('vyos');
    }
  });

  it('AS numbers, router ids and peers as in the set commands', () => {
    // set protocols bgp system-as '500' / parameters router-id '10.0.101.1'
    const s1 = dev(lab, 'spine01');
    expect([s1.bgp?.asn, s1.bgp?.routerId]).toEqual([500, '10.0.101.1']);
    expect(s1.bgp?.neighbors.map((n) => [n.peer, n.remoteAs])).toEqual([
      ['10.0.101.2', 65005],
      ['10.0.104.2', 65010],
    ]);
    const s2 = dev(lab, 'spine02');
    expect([s2.bgp?.asn, s2.bgp?.routerId]).toEqual([1000, '10.0.102.1']);
    // set protocols bgp address-family ipv4-unicast network 192.168.0.0/24
    expect(s2.bgp?.networks).toEqual(['192.168.0.0/24']);
    expect(addrs(s2, 'eth3')).toEqual(['192.168.0.1/24']);
    const l2 = dev(lab, 'leaf02');
    expect([l2.bgp?.asn, l2.bgp?.routerId, l2.bgp?.networks]).toEqual([
      65010,
      '10.0.10.1',
      ['10.0.10.0/24'],
    ]);
  });

  it('leaf01: the rack nodes are route-reflector clients, the spines are not', () => {
    const l1 = dev(lab, 'leaf01');
    expect(l1.bgp?.asn).toBe(65005);
    const rr = Object.fromEntries(
      (l1.bgp?.neighbors ?? []).map((n) => [n.peer, [n.remoteAs, !!n.routeReflectorClient]]),
    );
    expect(rr).toEqual({
      '10.0.5.11': [65005, true],
      '10.0.5.12': [65005, true],
      '10.0.101.1': [500, false],
      '10.0.103.1': [1000, false],
    });
    expect(addrs(l1, 'eth1')).toEqual(['10.0.5.1/24']);
    // VyOS renders `no bgp ebgp-requires-policy` unless told otherwise: the write-up's spines
    // learn 10.0.5.0/24 over eBGP with no policy configured.
    expect(l1.bgp?.ebgpRequiresPolicy).toBe(false);
    // The NAT rules are kept, not simulated.
    expect(l1.unmodelled?.some((u) => u.text.startsWith('set nat source rule 10'))).toBe(true);
    // eth0 is management (dhcp): not part of the lab.
    expect(l1.interfaces.map((i) => i.name)).not.toContain('eth0');
  });

  it('bridges join each rack; nodes and the client attach to them', () => {
    expect(dev(lab, 'leaf01-br').kind).toBe('bridge');
    expect(lab.links).toHaveLength(11);
    expect(lab.links.map((l) => l.id)).toContain('leaf01:eth1--leaf01-br:leaf01-br-eth3');
    expect(dev(lab, 'client').kind).toBe('host');
    expect(dev(lab, 'client').staticRoutes).toEqual([{ prefix: '0.0.0.0/0', via: '192.168.0.1' }]);
    const cp = dev<K8sNode>(lab, 'control-plane');
    expect([cp.kind, cp.cluster, cp.k8sRole]).toEqual(['k8s-node', 'cilium-bgp', 'control-plane']);
    expect(dev<K8sNode>(lab, 'worker3').cluster).toBe('cilium-bgp');
  });
});

describe('seed 000: FRR router + BIRD on the Cilium nodes', () => {
  const { lab, problems } = load('frr-bird-nodes/frr-bird.clab.yml');

  it('imports with no error; the inline # notes are warned about where FRR rejects them', () => {
    expect(errors(problems)).toEqual([]);
    // `vtysh -C -f router/frr.conf` (FRR 8.4.4 here) rejects exactly these lines:
    // "line 3/5/6/8: % Unknown command" — every line carrying a `# …` note.
    const warned = problems
      .filter((p) => p.severity === 'warning' && p.file === 'router/frr.conf')
      .map((p) => p.line);
    expect(warned).toEqual([3, 6, 7, 9, 10]);
  });

  it('router: AS 65100 with node1 (65010) and node2 (65020)', () => {
    const r = dev(lab, 'router');
    expect(r.bgp?.asn).toBe(65100);
    expect(r.bgp?.routerId).toBe('192.168.121.16');
    expect(r.bgp?.profile).toBe('traditional');
    expect(r.bgp?.ebgpRequiresPolicy).toBe(false);
    expect(r.bgp?.neighbors).toEqual([
      { peer: '10.0.1.10', remoteAs: 65010 },
      { peer: '10.0.2.10', remoteAs: 65020 },
    ]);
    expect(r.unmodelled?.map((u) => u.text)).toEqual(['log syslog informational']);
  });

  it('node1: BIRD announces its pod CIDR (static via cilium_host) to the router', () => {
    const n1 = dev<K8sNode>(lab, 'node1');
    expect([n1.kind, n1.daemon]).toEqual(['k8s-node', 'bird']);
    expect(n1.bgp?.asn).toBe(65010); // local 10.0.1.10 as 65010
    expect(n1.bgp?.routerId).toBe('10.0.1.10');
    const peer = n1.bgp?.neighbors[0];
    expect([peer?.peer, peer?.remoteAs, peer?.updateSource]).toEqual([
      '10.0.1.2',
      65100,
      '10.0.1.10',
    ]);
    // import filter {reject;}; export filter {accept;};
    const map = (name?: string) => n1.bgp?.routeMaps.find((m) => m.name === name)?.entries;
    expect(map(peer?.routeMapIn)).toEqual([{ seq: 10, action: 'deny', match: {}, set: {} }]);
    expect(map(peer?.routeMapOut)).toEqual([{ seq: 10, action: 'permit', match: {}, set: {} }]);
    expect(n1.staticRoutes).toContainEqual({ prefix: '172.31.254.0/26', interface: 'cilium_host' });
    // Only BIRD's static protocol enters BGP, not the exec default route; direct is disabled.
    expect(n1.bgp?.networks).toEqual(['172.31.254.0/26']);
    expect(n1.bgp?.redistribute).toEqual([]);
    // protocol kernel { ipv4 { export none; }; }: nothing reaches the kernel
    expect(map(n1.kernel?.exportFilter)).toEqual([{ seq: 10, action: 'deny', match: {}, set: {} }]);
  });

  it('defaults/kinds/groups inheritance, typed veth links, layout labels and annotations', () => {
    const n2 = dev<K8sNode>(lab, 'node2');
    expect(n2.labels).toEqual({ lab: 'seed-000', cni: 'cilium' }); // defaults + group labels
    expect(dev(lab, 'router').labels).toEqual({ lab: 'seed-000' }); // graph-* labels are layout
    expect(lab.links.map((l) => l.id)).toEqual([
      'router:eth1--node1:eth1',
      'router:eth2--node2:eth1',
    ]);
    expect(lab.layout.positions).toEqual({
      router: { x: 200, y: 50 },
      node1: { x: 100, y: 200 },
      node2: { x: 300, y: 200 }, // from frr-bird.clab.yml.annotations.json
    });
    expect(lab.layout.groups.map((g) => [g.name, g.members])).toEqual([
      ['k8s', ['node1', 'node2']],
      ['rack-b', ['node2']],
    ]);
  });
});

describe('seed 004: Calico nodes + a BIRD route reflector', () => {
  const { lab, problems } = load('calico-bird-rr/calico-rr.clab.yml');

  it('imports with no error; BIRD 1.x syntax is flagged where BIRD 2 stops', () => {
    expect(errors(problems)).toEqual([]);
    // `bird -p -c rr/bird.conf` (BIRD 2.0.12): "25:1 syntax error, unexpected IMPORT"
    expect(problems.some((p) => p.severity === 'warning' && p.line === 25 && p.column === 1)).toBe(
      true,
    );
  });

  it('the reflector: AS 63400, four rr clients from the template, export filter', () => {
    const rr = dev(lab, 'bird-rr');
    expect([rr.daemon, rr.bgp?.asn, rr.bgp?.routerId]).toEqual(['bird', 63400, '192.168.0.40']);
    expect(
      rr.bgp?.neighbors.map((n) => [n.peer, n.remoteAs, n.routeReflectorClient, n.peerGroup]),
    ).toEqual([
      ['192.168.0.25', 63400, true, 'bgp_template'],
      ['192.168.0.7', 63400, true, 'bgp_template'],
      ['192.168.2.14', 63400, true, 'bgp_template'],
      ['192.168.2.15', 63400, true, 'bgp_template'],
    ]);
    const tpl = rr.bgp?.peerGroups.find((g) => g.name === 'bgp_template');
    expect(tpl?.routeMapOut).toBe('calico_export_to_bgp_peers');
    expect(tpl?.updateSource).toBe('192.168.0.40');
    expect(rr.kernel).toEqual({ mergePaths: true, exportFilter: 'calico_kernel_programming' });
    // filter: if (net ~ 10.41.0.0/16) accept; if (net ~ 10.42.0.0/16) accept; reject;
    const map = rr.bgp?.routeMaps.find((m) => m.name === 'calico_export_to_bgp_peers');
    expect(map?.entries.map((e) => e.action)).toEqual(['permit', 'permit', 'deny']);
    const lists = map?.entries
      .slice(0, 2)
      .map((e) => rr.bgp?.prefixLists.find((l) => l.name === e.match.prefixList));
    // `net ~ P` with a plain prefix is "net is a subnet of P" (BIRD 2 user guide, Filters: `~`).
    expect(lists?.map((l) => l?.entries)).toEqual([
      [{ seq: 5, action: 'permit', prefix: '10.41.0.0/16', le: 32 }],
      [{ seq: 5, action: 'permit', prefix: '10.42.0.0/16', le: 32 }],
    ]);
  });

  it('nodes: Calico cluster (cni label via kinds), racks, two L2 segments', () => {
    expect(lab.clusters.map((c) => [c.name, c.cni])).toEqual([['calico-rr', 'calico']]);
    const n3 = dev<K8sNode>(lab, 'rke-node3');
    expect(n3.labels).toEqual({ cni: 'calico', rack: 'rack-2' });
    expect(n3.staticRoutes).toEqual([
      { prefix: '192.168.2.0/24', via: '192.168.0.40', interface: 'eth1' },
    ]);
    expect(dev(lab, 'subnet0').kind).toBe('bridge');
    expect(lab.links.filter((l) => l.b.device === 'subnet2').map((l) => l.a.device)).toEqual([
      'bird-rr',
      'rke-node6',
      'rke-node7',
    ]);
  });
});

describe('every imported seed lab passes model validation', () => {
  it.each([
    'frr-tor-cilium/topo.clab.yml',
    'vyos-spine-leaf/cilium-bgp.clab.yaml',
    'frr-bird-nodes/frr-bird.clab.yml',
    'calico-bird-rr/calico-rr.clab.yml',
  ])('%s', (topo) => {
    expect(errors(validateLab(load(topo).lab))).toEqual([]);
  });
});

describe('topology errors', () => {
  const files: Record<string, string> = {};
  const reader = (p: string): string | undefined => files[p];

  it('malformed YAML: a problem with line and column, the rest still imports', () => {
    files['/lab/bad.clab.yml'] = [
      'name: bad',
      'topology:',
      '  nodes:',
      '    r1: {kind: linux, image: frrouting/frr',
      '    r2:',
      '      kind: linux',
      '  links:',
      '    - endpoints: ["r2:eth1", "r9:eth1"]',
    ].join('\n');
    const { lab, problems } = importContainerlab('/lab/bad.clab.yml', reader);
    const yamlErr = problems.find((p) => p.message.startsWith('YAML'));
    expect(yamlErr).toMatchObject({ severity: 'error', file: 'bad.clab.yml' });
    expect(yamlErr?.line).toBeGreaterThanOrEqual(4);
    expect(lab.devices.map((d) => d.name)).toContain('r2');
    const unknown = problems.find((p) => p.message.includes('unknown node `r9`'));
    expect(unknown).toMatchObject({ line: 8, column: 30 });
  });

  it('missing bound file and unknown kind are warnings; a bad exec line is an error with its line', () => {
    files['/lab/t.clab.yml'] = [
      'name: t',
      'topology:',
      '  nodes:',
      '    r1:',
      '      kind: linux',
      '      image: frrouting/frr:v8.4.1',
      '      binds: [r1/frr.conf:/etc/frr/frr.conf]',
      '      exec:',
      '        - ip addr add 10.0.0.300/24 dev eth1',
      '    s1:',
      '      kind: srl',
    ].join('\n');
    const { lab, problems } = importContainerlab('/lab/t.clab.yml', reader);
    expect(problems.find((p) => p.message.includes('bound file'))?.severity).toBe('warning');
    expect(problems.find((p) => p.message.includes('`srl`'))?.severity).toBe('warning');
    expect(problems.find((p) => p.message.includes('10.0.0.300'))).toMatchObject({
      severity: 'error',
      line: 9,
    });
    expect(dev(lab, 's1').kind).toBe('host');
  });

  it('vtysh -c lines carry their own line number in the topology', () => {
    files['/lab/v.clab.yml'] = [
      'name: v',
      'topology:',
      '  nodes:',
      '    r1:',
      '      kind: linux',
      '      image: frrouting/frr',
      '      exec:',
      '        - >-',
      "          vtysh -c 'conf t'",
      "          -c 'router bgp 65001'",
      "          -c ' neighbor 10.0.0.2 remote-as banana'",
    ].join('\n');
    const { problems, lab } = importContainerlab('/lab/v.clab.yml', reader);
    expect(problems.find((p) => p.severity === 'error')).toMatchObject({ line: 11, column: 44 });
    expect(dev(lab, 'r1').bgp?.asn).toBe(65001);
  });

  it('containerlab features: vyos kind + startup-config, kinds exec, k8s-kind, link forms', () => {
    files['/l/f.clab.yaml'] = [
      'name: f',
      'topology:',
      '  kinds:',
      '    linux:',
      '      exec: ["ip link add dum0 type dummy", "ip -4 a add 10.9.9.9/32 dev dum0"]',
      '  nodes:',
      '    v1:',
      '      kind: vyosnetworks_vyos',
      '      image: vyos/vyos:1.4',
      '      startup-config: v1.cfg',
      '    h1:',
      '      kind: linux',
      '    h2:',
      '      kind: linux',
      '      exec:',
      "        - bash -c 'ip addr add 10.1.0.2/24 dev eth1 && ip route add 10.8.0.0/16 dev eth1'",
      '    kc:',
      '      kind: k8s-kind',
      '    kc-worker:',
      '      kind: ext-container',
      '  links:',
      '    - endpoints: ["v1:eth1", "h1:eth1"]',
      '      ipv4: ["10.0.0.1/30", "10.0.0.2/30"]',
      '    - type: veth',
      '      endpoints:',
      '        - { node: v1, interface: eth2, ipv4: 10.1.0.1/24 }',
      '        - { node: h2, interface: eth1 }',
      '    - type: host',
      '      endpoint: { node: h1, interface: eth9 }',
      '    - endpoints: ["kc-worker:eth1", "macvlan:enp0s3"]',
    ].join('\n');
    files['/l/v1.cfg'] =
      'set protocols bgp system-as 65000\nset protocols bgp neighbor 10.0.0.2 remote-as 65001\n';
    const { lab, problems } = importContainerlab('/l/f.clab.yaml', reader);
    expect(errors(problems)).toEqual([]);
    const v1 = dev(lab, 'v1');
    expect([v1.daemon, v1.bgp?.asn, v1.bgp?.neighbors[0]?.peer]).toEqual([
      'vyos',
      65000,
      '10.0.0.2',
    ]);
    expect(addrs(v1, 'eth1')).toEqual(['10.0.0.1/30']);
    expect(addrs(v1, 'eth2')).toEqual(['10.1.0.1/24']);
    // kind-level exec runs on every linux node, before the node's own (containerlab appends
    // defaults, kind, group and node exec lists: GetNodeExec in clab/topology.go)
    expect(dev(lab, 'h1').interfaces).toContainEqual({
      name: 'dum0',
      addresses: ['10.9.9.9/32'],
      loopback: true,
    });
    expect(addrs(dev(lab, 'h1'), 'eth1')).toEqual(['10.0.0.2/30']);
    const h2 = dev(lab, 'h2');
    expect(addrs(h2, 'eth1')).toEqual(['10.1.0.2/24']);
    expect(h2.staticRoutes).toEqual([{ prefix: '10.8.0.0/16', interface: 'eth1' }]);
    expect(addrs(h2, 'dum0')).toEqual(['10.9.9.9/32']);
    // k8s-kind is the cluster; ext-container kc-worker is its worker
    expect(lab.clusters.map((c) => c.name)).toEqual(['kc']);
    expect(dev<K8sNode>(lab, 'kc-worker')).toMatchObject({
      kind: 'k8s-node',
      cluster: 'kc',
      k8sRole: 'worker',
    });
    expect(lab.devices.map((d) => d.name)).not.toContain('kc');
    expect(lab.links).toHaveLength(2);
    expect(
      problems.filter((p) => p.message.includes('not simulated') && p.severity === 'info'),
    ).toHaveLength(2);
  });
});
