/**
 * What validateLab accepts, FRR and BIRD must accept: found by loading exported configs of random valid
 * routers (tests/unit/reliability/arbitraries.ts) into real FRR 8.4.4 in a network namespace
 * (src/export/testing/tools.ts loadIntoFrr) and parsing them with `bird -p`; every other random
 * config loaded cleanly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/export';
import { hasTool, isRoot, loadIntoFrr, vtyshRefusals } from '../../../src/export/testing/tools';
import { emptyBgp, emptyLab } from '../../../src/model/lab';
import type { Router } from '../../../src/model/types';
import { validateLab } from '../../../src/model/validate';
import { FUZZ_TIMEOUT, fuzzRuns, fuzzSeed } from '../../../src/testing/fuzz';
import { arbConsistentBgp } from './arbitraries';

describe('validateLab flags what FRR refuses', () => {
  // BUG (src/model/rules/bgp.ts): `route-reflector-client` on an eBGP neighbour passes
  // validation, but FRR 8.4.4 refuses the exported line `neighbor 10.0.0.2
  // route-reflector-client` with "% Invalid command. Not an internal neighbor" (vtysh exits
  // non-zero, so deploy.sh stops); BIRD 2.0.12 `bird -p` refuses the exported protocol with
  // "Only internal neighbor can be RR client". RFC 4456 reflection is between iBGP peers only. Expected: an
  // error at devices/r1/bgp/neighbors/10.0.0.2.
  it('route-reflector-client on an eBGP neighbour is an error', () => {
    const lab = emptyLab('rrc');
    const bgp = { ...emptyBgp(64512), routerId: '10.255.0.1' };
    bgp.neighbors.push({ peer: '10.0.0.2', remoteAs: 1, routeReflectorClient: true });
    const r1: Router = {
      name: 'r1',
      kind: 'router',
      daemon: 'frr',
      interfaces: [{ name: 'eth1', addresses: ['10.0.0.1/24'] }],
      staticRoutes: [],
      labels: {},
      bgp,
    };
    const peer: Router = {
      name: 'r2',
      kind: 'router',
      daemon: 'frr',
      interfaces: [{ name: 'eth1', addresses: ['10.0.0.2/24'] }],
      staticRoutes: [],
      labels: {},
      bgp: {
        ...emptyBgp(1),
        routerId: '10.255.0.2',
        neighbors: [{ peer: '10.0.0.1', remoteAs: 64512 }],
      },
    };
    lab.devices.push(r1, peer);
    lab.links.push({
      id: 'l1',
      a: { device: 'r1', interface: 'eth1' },
      b: { device: 'r2', interface: 'eth1' },
    });
    const errors = validateLab(lab).filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.path)).toContain('devices/r1/bgp/neighbors/10.0.0.2');
  });

  // Checked with loadIntoFrr (FRR 8.4.4): `neighbor PG route-reflector-client` for a peer-group
  // with `remote-as external` gives "% Invalid command. Not an internal neighbor" as well, and a
  // member of an internal group may be a client.
  it('route-reflector-client on an external peer-group is an error; on an internal one not', () => {
    const bgp = { ...emptyBgp(64512), routerId: '10.255.0.1' };
    bgp.peerGroups.push(
      { name: 'PG', remoteAs: 'external', routeReflectorClient: true },
      { name: 'PGI', remoteAs: 'internal', routeReflectorClient: true },
    );
    const lab = emptyLab('rrc-groups');
    lab.devices.push({
      name: 'r1',
      kind: 'router',
      daemon: 'frr',
      interfaces: [],
      staticRoutes: [],
      labels: {},
      bgp,
    });
    const paths = validateLab(lab)
      .filter((p) => p.severity === 'error')
      .map((p) => p.path);
    expect(paths).toContain('devices/r1/bgp/peerGroups/PG');
    expect(paths).not.toContain('devices/r1/bgp/peerGroups/PGI');
  });
});

describe('well-known communities are written in words real FRR accepts', () => {
  // Expected words: FRR 8.4.4 bgpd via loadIntoFrr accepted exactly these spellings (it refused
  // `local-as` and `NO-EXPORT` with "% Malformed communities attribute").
  const WELL_KNOWN = [
    'internet',
    'no-export',
    'no-advertise',
    'local-AS',
    'no-peer',
    'graceful-shutdown',
    'accept-own',
    'blackhole',
    'no-llgr',
    'llgr-stale',
  ];
  it.skipIf(!isRoot() || !hasTool('vtysh'))('set community and community-lists load', () => {
    const bgp = { ...emptyBgp(64512), routerId: '10.255.0.1' };
    bgp.routeMaps.push({
      name: 'WK',
      entries: [
        {
          seq: 10,
          action: 'permit',
          match: {},
          // Lower case in the lab (the model accepts any case), FRR spelling in the file.
          set: { community: { values: [...WELL_KNOWN.map((w) => w.toLowerCase()), '65000:1'] } },
        },
      ],
    });
    bgp.communityLists.push({
      name: 'CL',
      entries: WELL_KNOWN.map((community) => ({ action: 'permit' as const, community })),
    });
    const lab = emptyLab('wk');
    lab.devices.push({
      name: 'r1',
      kind: 'router',
      daemon: 'frr',
      interfaces: [{ name: 'lo', addresses: ['10.255.0.1/32'], loopback: true }],
      staticRoutes: [],
      labels: {},
      bgp,
    });
    const conf = exportBundle(lab).find((f) => f.path.endsWith('/r1/frr.conf'))?.content ?? '';
    const r = loadIntoFrr(conf);
    expect(vtyshRefusals(r.out), r.out).toEqual([]);
    expect(r.status, r.out).toBe(0);
    const running = r.running.split('\n').map((l) => l.trim());
    const set = running.find((l) => l.startsWith('set community'))?.split(' ') ?? [];
    expect(new Set(set.slice(2))).toEqual(new Set([...WELL_KNOWN, '65000:1']));
    for (const w of WELL_KNOWN)
      expect(
        running.some(
          (l) => l.startsWith('bgp community-list standard CL') && l.endsWith(` permit ${w}`),
        ),
        w,
      ).toBe(true);
  });
});

const hasBird = spawnSync('sh', ['-c', 'command -v bird']).status === 0;

describe('property: valid random BIRD routers export to a bird.conf BIRD 2 parses', () => {
  it.skipIf(!hasBird)(
    'bird -p accepts every exported config',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'rl-rel10-bird-'));
      try {
        fc.assert(
          fc.property(arbConsistentBgp, (bgp) => {
            const lab = emptyLab('bird');
            lab.devices.push({
              name: 'r1',
              kind: 'router',
              daemon: 'bird',
              interfaces: [
                { name: 'lo', addresses: ['10.255.0.1/32'], loopback: true },
                { name: 'eth1', addresses: ['10.0.0.1/24'] },
              ],
              staticRoutes: [],
              labels: {},
              bgp,
            });
            const errors = validateLab(lab).filter(
              (p) => p.severity === 'error' && !/is not an address of any device/.test(p.message),
            );
            fc.pre(errors.length === 0);
            const conf = exportBundle(lab).find((f) => f.path.endsWith('/r1/bird.conf'));
            expect(conf).toBeDefined();
            const path = join(dir, 'bird.conf');
            writeFileSync(path, conf?.content ?? '');
            const r = spawnSync('bird', ['-p', '-c', path], { encoding: 'utf8' });
            expect(r.status, `${conf?.content ?? ''}\n${r.stderr}`).toBe(0);
          }),
          { seed: fuzzSeed(), numRuns: fuzzRuns(30) },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    FUZZ_TIMEOUT,
  );
});
