/**
 * BIRD rebuilding FRR features, checked on the real daemons (BIRD 2.0.12, FRR 8.4.4):
 * - as-path lists: each FRR regex routelab translates is compared, on sample paths, with what
 *   real BIRD says of the generated path mask (`birdc eval`). FRR's meaning of a regex comes from
 *   its documentation (docs.frrouting.org, "AS Path Regular Expression"): POSIX regex on the
 *   path written with spaces, `_` matching a space, `,`, `{`, `}`, `(`, `)`, the start or the end.
 * - the `bird-edge` fixture bundle run as a lab: FRR `core` peers unnumbered with BIRD `edge`,
 *   `edge` filters core's routes through an as-path list and default-originates to FRR `branch`.
 *   What FRR would do in edge's place is the expectation: the session comes up over link-local
 *   addresses and carries IPv4 both ways, core's own routes get local-pref 150 (path `65000`
 *   matches `_65000$`), branch gets 0.0.0.0/0 with AS path `65100`, core does not, and edge
 *   installs no default route (FRR's default-originate installs none either); edge installs core's
 *   loopback with an IPv6 link-local next hop and a ping from branch's loopback reaches it.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asPathMask } from './bird';
import { exportBundle } from './bundle';
import { birdEdgeLab } from './fixtures';
import { birdEval, isRoot, pollFor, requireTool, withDaemonLab } from './testing/tools';
import type { LabDaemon } from './testing/tools';

/** FRR's as-path regex semantics per its documentation (see above). */
function frrMatches(regex: string, path: number[]): boolean {
  return new RegExp(regex.replaceAll('_', '(^|[ ,{}()]|$)')).test(path.join(' '));
}

const birdPath = (path: number[]): string =>
  path.reduceRight((acc, asn) => `prepend(${acc}, ${asn})`, '+empty+');

const REGEXES = [
  '^$',
  '^65001_',
  '_65001$',
  '_65001_',
  '^65001$',
  '^65001_65002$',
  '^65001_65002_',
  '_65002_65003$',
  '_65002_65003_',
];
const PATHS = [
  [],
  [65001],
  [65001, 65002],
  [65002, 65001],
  [650011],
  [165001, 65002],
  [65000, 65001, 65002, 65003],
  [65002, 65003],
  [65001, 65002, 65003],
];

describe('as-path regexes as BIRD path masks', () => {
  it('leaves regexes without an exact mask untranslated', () => {
    for (const r of ['65001', '^6500[12]_', '_(65001|65002)_', '^65001', '65001$', '_65001'])
      expect(asPathMask(r), r).toBeUndefined();
    expect(asPathMask('.*')).toBe('true');
  });

  it('real BIRD agrees with FRR’s regex meaning on every sample path', () => {
    if (!requireTool('bird') || !requireTool('birdc') || !isRoot()) return;
    const cases = REGEXES.flatMap((regex) =>
      PATHS.map((path) => ({ regex, path, mask: asPathMask(regex) ?? 'untranslated' })),
    );
    const answers = birdEval(cases.map((c) => c.mask.replace('bgp_path', birdPath(c.path))));
    const got = cases.map((c, i) => `${c.regex} [${c.path.join(' ')}] ${answers[i]}`);
    const want = cases.map(
      (c) => `${c.regex} [${c.path.join(' ')}] ${frrMatches(c.regex, c.path) ? 'TRUE' : 'FALSE'}`,
    );
    expect(got).toEqual(want);
  });
});

interface ClabNode {
  exec?: string[];
}

function edgeLab(): { nodes: LabDaemon[]; links: { a: [string, string]; b: [string, string] }[] } {
  const files = exportBundle(birdEdgeLab());
  const file = (p: string): string => {
    const f = files.find((x) => x.path === `bird-edge/${p}`);
    if (!f) throw new Error(`no ${p}`);
    return f.content;
  };
  const clab = parse(file('bird-edge.clab.yml')) as {
    topology: { nodes: Record<string, ClabNode>; links: { endpoints: string[] }[] };
  };
  const exec = (n: string): string[] => clab.topology.nodes[n]?.exec ?? [];
  const nodes: LabDaemon[] = [
    { name: 'core', daemon: 'frr', conf: file('configs/core/frr.conf'), exec: exec('core') },
    { name: 'edge', daemon: 'bird', conf: file('configs/edge/bird.conf'), exec: exec('edge') },
    { name: 'branch', daemon: 'frr', conf: file('configs/branch/frr.conf'), exec: exec('branch') },
  ];
  const links = clab.topology.links.map((l) => {
    const [a, b] = l.endpoints.map((e) => e.split(':') as [string, string]);
    if (!a || !b) throw new Error('bad link');
    return { a, b };
  });
  return { nodes, links };
}

interface FrrPaths {
  paths?: { valid?: boolean; aspath?: { string: string } }[];
}

describe('bird-edge lab on real FRR and BIRD', () => {
  it('unnumbered session, as-path policy and default-originate behave as FRR would', () => {
    if (!requireTool('bird') || !requireTool('vtysh') || !isRoot()) return;
    const { nodes, links } = edgeLab();
    withDaemonLab(nodes, links, (lab) => {
      const route = (node: string, prefix: string): FrrPaths =>
        JSON.parse(lab.vtysh(node, `show bgp ipv4 unicast ${prefix} json`) || '{}') as FrrPaths;
      const valid = (node: string, prefix: string): string[] | undefined => {
        const p = (route(node, prefix).paths ?? []).filter((x) => x.valid);
        return p.length > 0 ? p.map((x) => x.aspath?.string ?? '') : undefined;
      };
      // Over the unnumbered session: edge's loopback reaches core, core's reaches edge.
      expect(pollFor(40, () => valid('core', '10.255.0.2/32'))).toEqual(['65100']);
      const edgeView = pollFor(20, () => {
        const out = lab.birdc('edge', 'show route for 10.255.0.1/32 all');
        return out.includes('BGP.local_pref') ? out : undefined;
      });
      expect(edgeView).toMatch(/BGP\.local_pref: 150/);
      // default-originate: branch only, with edge's AS alone; core gets none.
      expect(pollFor(40, () => valid('branch', '0.0.0.0/0'))).toEqual(['65100']);
      expect(pollFor(20, () => valid('branch', '10.255.0.1/32'))).toEqual(['65100 65000']);
      expect(valid('core', '0.0.0.0/0')).toBeUndefined();
      // The default edge originates is for BGP only: none in its kernel.
      expect(lab.exec('edge', ['ip', 'route', 'show', 'default'])).toBe('');
      // BIRD installs the IPv4 route learned over the link-local session with an IPv6 next hop,
      // and traffic crosses it: branch's loopback reaches core's (all inside the lab's namespaces).
      expect(lab.exec('edge', ['ip', 'route', 'show', '10.255.0.1/32'])).toMatch(
        /via inet6 fe80::\S+ dev eth1/,
      );
      const ping = pollFor(20, () => {
        const out = lab.exec('branch', [
          'ping',
          '-c',
          '1',
          '-W',
          '1',
          '-I',
          '10.255.0.3',
          '10.255.0.1',
        ]);
        return / 0% packet loss/.test(out) ? out : undefined;
      });
      expect(ping).toMatch(/1 received/);
    });
  }, 120_000);
});
