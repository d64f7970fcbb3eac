/**
 * GIVEN a lab's expectations in the predictions, WHEN verify.sh runs with ROUTELAB_EXEC pointing
 * at a stub that answers with real daemon output, THEN it prints `routelab check`'s PASS/FAIL
 * words by name, compares next hops / best-path sources by device, checks the ordered `via`
 * devices of a trace, retries what failed until VERIFY_DEADLINE, walks `survives` failures only
 * with --survives (setting both ends down and up again), and quotes every name.
 * The same script runs against FRR/BIRD/GoBGP themselves in tests/real/verify.real.test.ts.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renameDevice } from '../model';
import { exportBundle } from './bundle';
import { spineLeafLab } from './fixtures';
import type { PredictedExpectation } from './predictions';
import { requireTool, run, tempFile } from './testing/tools';

// Shapes captured from FRR 8.4.4 + iproute2 6.1 in namespaces here (tests/real, cilium-rack lab:
// router0's unnumbered route `via {family inet6}` and tor's ECMP route `nexthops[]`), combined
// into leaf1's two unnumbered uplinks; link-local addresses are per run, so any value does.
const FIB_ECMP = JSON.stringify([
  {
    dst: '10.9.0.0/24',
    nhid: 17,
    protocol: 'bgp',
    metric: 20,
    flags: [],
    nexthops: [
      { via: { family: 'inet6', host: 'fe80::1' }, dev: 'swp51', weight: 1, flags: [] },
      { via: { family: 'inet6', host: 'fe80::2' }, dev: 'swp52', weight: 1, flags: [] },
    ],
  },
]);
const FIB_ONE = JSON.stringify([
  {
    dst: '10.9.0.0/24',
    nhid: 6,
    via: { family: 'inet6', host: 'fe80::2' },
    dev: 'swp52',
    protocol: 'bgp',
    metric: 20,
    flags: [],
  },
]);
// `show bgp ipv4 unicast P json` as FRR 8.4.4 printed it for an unnumbered eBGP path (router0
// in cilium-rack), two paths, the first best.
const bgpPath = (iface: string, best: boolean): object => ({
  aspath: { string: '65100 65002', segments: [{ type: 'as-sequence', list: [65100, 65002] }] },
  origin: 'IGP',
  valid: true,
  multipath: true,
  ...(best
    ? { bestpath: { bestpathFromAs: 65100, overall: true, selectionReason: 'Router ID' } }
    : {}),
  nexthops: [{ ip: 'fe80::9', hostname: 'x', afi: 'ipv6', scope: 'link-local', used: true }],
  peer: { peerId: 'fe80::9', routerId: '10.255.0.1', interface: iface, type: 'external' },
});
const BGP_JSON = JSON.stringify({
  prefix: '10.9.0.0/24',
  paths: [bgpPath('swp51', true), bgpPath('swp52', false)],
});
// `.peers[IFACE].state` as FRR 8.4.4 prints `show bgp ipv4 unicast summary json`.
const SUMMARY_JSON = JSON.stringify({ peers: { swp51: { state: 'Established' } } });
// traceroute 2.1 from leaf1 to leaf2's loopback: spine2's loopback answers (unnumbered), then
// leaf2 — as the real traces of tests/real show unnumbered routers answering from `lo`.
const TRACE =
  'traceroute to 10.255.0.12 (10.255.0.12), 16 hops max, 60 byte packets\n 1  10.255.0.2  0.1 ms\n 2  10.255.0.12  0.2 ms\n';

/**
 * exec-shim NODE CMD...: logs the call; the 10.9 route appears from call $APPEAR_AT on, and has
 * one next hop while any `ip link set … down` is in force (a failed link).
 */
const SHIM = `#!/usr/bin/env bash
node=$1
shift
printf '%s %s\\n' "$node" "$*" >>"$STUB_DIR/log"
n=$(cat "$STUB_DIR/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$STUB_DIR/calls"
case "$*" in
  'ip link set '*' down') touch "$STUB_DIR/down" ;;
  'ip link set '*' up') rm -f "$STUB_DIR/down" ;;
  'ip -4 route show dev '*) [ "$node" = srv1 ] && echo '0.0.0.0/0 via 10.1.0.1' ;;
  'ip -j -4 route show 10.9.0.0/24')
    if [ "$n" -lt "\${APPEAR_AT:-1}" ]; then echo '[]'
    elif [ -e "$STUB_DIR/down" ]; then cat "$STUB_DIR/fib-one.json"
    else cat "$STUB_DIR/fib.json"; fi ;;
  'ip -j -4 route show '*) echo '[]' ;;
  *summary*) cat "$STUB_DIR/summary.json" ;;
  *'show bgp ipv4 unicast 10.9.0.0/24 json'*) if [ "$n" -ge "\${APPEAR_AT:-1}" ]; then cat "$STUB_DIR/bgp.json"; else echo '{}'; fi ;;
  *'show bgp ipv4 unicast '*' json'*) echo '{}' ;;
  traceroute*) cat "$STUB_DIR/trace.txt" ;;
esac
`;

const WEIRD = `leaf1 / both spines 'quoted' $(touch pwned) "x"`;

function runVerify(
  expectations: PredictedExpectation[],
  env: Record<string, string> = {},
  args: string[] = [],
  lab = spineLeafLab(),
): { status: number; out: string; pwned: boolean; log: string } {
  const files = exportBundle(lab, { predictions: { sessions: [], expectations } });
  const verify = files.find((f) => f.path.endsWith('verify.sh'));
  if (!verify) throw new Error('no verify.sh');
  const { dir, path } = tempFile('verify.sh', verify.content);
  const bin = join(dir, 'bin');
  run('mkdir', [bin]);
  writeFileSync(join(dir, 'exec-shim'), SHIM);
  chmodSync(join(dir, 'exec-shim'), 0o755);
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'sleep'), 0o755);
  const data = { 'fib.json': FIB_ECMP, 'fib-one.json': FIB_ONE, 'bgp.json': BGP_JSON };
  for (const [f, text] of Object.entries(data)) writeFileSync(join(dir, f), text);
  writeFileSync(join(dir, 'summary.json'), SUMMARY_JSON);
  writeFileSync(join(dir, 'trace.txt'), TRACE);
  const vars = Object.entries({
    STUB_DIR: dir,
    ROUTELAB_EXEC: join(dir, 'exec-shim'),
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    ...env,
  });
  const r = run('env', [...vars.map(([k, v]) => `${k}=${v}`), 'bash', path, ...args], dir);
  const logFile = join(dir, 'log');
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  return { ...r, pwned: existsSync(join(dir, 'pwned')), log };
}

const ecmp: PredictedExpectation = {
  kind: 'route',
  name: WEIRD,
  device: 'leaf1',
  prefix: '10.9.0.0/24',
  nextHopCount: 2,
  nextHopDevices: ['spine1', 'spine2'],
};
const toLeaf2: PredictedExpectation = {
  kind: 'reach',
  name: 'leaf1 -> leaf2',
  from: 'leaf1',
  to: '10.255.0.12',
  label: 'leaf2',
  toDevice: 'leaf2',
  via: ['leaf1', 'spine2', 'leaf2'],
};

describe('verify.sh expectations', () => {
  it('passes route (count, devices, AS_PATH, best from), absent, session and reach, by name', () => {
    if (!requireTool('jq')) return;
    const r = runVerify(
      [
        ecmp,
        { ...ecmp, name: 'as path', asPath: [65100, 65002], bestFrom: 'spine1' },
        { kind: 'route', name: 'no 10.8', device: 'leaf1', prefix: '10.8.0.0/24', absent: true },
        {
          kind: 'session',
          name: 'leaf1-spine1',
          device: 'leaf1',
          peer: 'swp51',
          state: 'established',
          a: 'leaf1',
          b: 'spine1',
        },
        toLeaf2,
      ],
      { VERIFY_DEADLINE: '0' },
    );
    expect(r.out).toContain(`PASS  ${WEIRD}  leaf1 has 10.9.0.0/24 via [spine1, spine2]`);
    expect(r.out).toContain('PASS  as path  leaf1 has 10.9.0.0/24 via [spine1, spine2]');
    expect(r.out).toContain('PASS  no 10.8  leaf1 has no route to 10.8.0.0/24');
    expect(r.out).toContain('PASS  leaf1-spine1  leaf1 ↔ spine1 is Established');
    expect(r.out).toContain('PASS  leaf1 -> leaf2  leaf1 reaches leaf2 via leaf1 → spine2 → leaf2');
    // Every command went through the seam, by containerlab node name.
    expect(r.log).toMatch(/^leaf1 ip -j -4 route show 10\.9\.0\.0\/24$/m);
    expect(r.pwned).toBe(false);
    expect(r.status, r.out).toBe(0);
  });

  it('fails wrong next-hop devices, count, AS_PATH, best source, session, via and not', () => {
    if (!requireTool('jq')) return;
    const r = runVerify(
      [
        { ...ecmp, name: 'via leaf2', nextHopCount: undefined, nextHopDevices: ['leaf2'] },
        { ...ecmp, name: 'three', nextHopDevices: undefined, nextHopCount: 3 },
        {
          ...ecmp,
          name: 'path',
          nextHopDevices: undefined,
          nextHopCount: undefined,
          asPath: [65100],
        },
        {
          ...ecmp,
          name: 'from2',
          nextHopDevices: undefined,
          nextHopCount: undefined,
          bestFrom: 'spine2',
        },
        { kind: 'session', name: 's2', device: 'leaf1', peer: 'swp52', state: 'established' },
        { ...toLeaf2, name: 'through spine1', via: ['spine1'] },
        { ...toLeaf2, name: 'not reach', via: undefined, not: true },
      ],
      { VERIFY_DEADLINE: '0' },
    );
    const want = [
      'FAIL  via leaf2  leaf1 10.9.0.0/24: next hops [spine1, spine2], expected [leaf2]',
      'FAIL  three  leaf1 10.9.0.0/24: 2 next hop(s), expected 3',
      'FAIL  path  leaf1 10.9.0.0/24: AS_PATH 65100 65002, expected 65100',
      'FAIL  from2  leaf1 10.9.0.0/24: best path from spine1, expected spine2',
      'FAIL  s2  leaf1 ↔ swp52 is missing',
      'FAIL  through spine1  path leaf1 → spine2 → leaf2 does not cross spine1',
      'FAIL  not reach  leaf1 reaches leaf2 via leaf1 → spine2 → leaf2',
    ];
    for (const w of want) expect(r.out).toContain(w);
    expect(r.status).toBe(1);
  });

  it('retries only what failed until the route converges', () => {
    if (!requireTool('jq')) return;
    // Calls 1-2 (first pass: FIB, BGP) see no route; the retry sees it.
    const r = runVerify([ecmp], { APPEAR_AT: '3' });
    expect(r.out).toContain(`PASS  ${WEIRD}`);
    expect(r.status, r.out).toBe(0);
    const failsForever = runVerify([ecmp], { APPEAR_AT: '99', VERIFY_DEADLINE: '0' });
    expect(failsForever.out).toContain(`FAIL  ${WEIRD}  leaf1 has no route to 10.9.0.0/24`);
  });

  const survives: PredictedExpectation = {
    kind: 'survives',
    name: 'one uplink down',
    // `ghost` is not a claim verify.sh could register: it is left out, not an error.
    expectations: [WEIRD, 'leaf1 -> leaf2', 'ghost'],
    failures: [
      {
        name: 'link spine1:swp1--leaf1:swp51 down',
        ends: [
          { device: 'spine1', interface: 'swp1' },
          { device: 'leaf1', interface: 'swp51' },
        ],
      },
      // A bridge end is not set down (its port lives on the host); the server's end is.
      {
        name: 'link srv1:eth1--rack1:p2 down',
        ends: [
          { device: 'srv1', interface: 'eth1' },
          { device: 'rack1', interface: 'p2' },
        ],
      },
    ],
  };

  it('walks survives failures only with --survives, downs and restores both ends', () => {
    if (!requireTool('jq')) return;
    const quiet = runVerify([ecmp, toLeaf2, survives], { VERIFY_DEADLINE: '0' });
    expect(quiet.out).toContain('SKIP  one uplink down');
    expect(quiet.log).not.toMatch(/ip link set/);
    const r = runVerify(
      [ecmp, toLeaf2, survives],
      { VERIFY_DEADLINE: '0', SURVIVES_DEADLINE: '0' },
      ['--expectations', '--survives'],
    );
    expect(r.out).toContain(
      `FAIL  one uplink down  2 of 2 single failures break something; first: link spine1:swp1--leaf1:swp51 down breaks ${WEIRD}`,
    );
    expect(r.out).toContain(
      `        link spine1:swp1--leaf1:swp51 down: ${WEIRD} (leaf1 10.9.0.0/24: next hops [spine2], expected [spine1, spine2]; 1 next hop(s), expected 2)`,
    );
    const ipLink = r.log.split('\n').filter((l) => l.includes('ip link set'));
    expect(ipLink).toEqual([
      'spine1 ip link set swp1 down',
      'leaf1 ip link set swp51 down',
      'spine1 ip link set swp1 up',
      'leaf1 ip link set swp51 up',
      'srv1 ip link set eth1 down',
      'srv1 ip link set eth1 up',
    ]);
    // The node OS's route on the downed interface comes back with it.
    expect(r.log).toContain('srv1 ip route replace 0.0.0.0/0 via 10.1.0.1 dev eth1');
    expect(r.pwned).toBe(false);
    expect(r.status).toBe(1);
  });

  it('names devices whose names are shell code as text, running none of it', () => {
    if (!requireTool('jq')) return;
    const evil = `$(touch pwned)'x`;
    const lab = renameDevice(spineLeafLab(), 'spine2', evil);
    const r = runVerify(
      [
        { ...ecmp, name: 'evil hop', nextHopDevices: ['spine1', evil] },
        { ...toLeaf2, via: ['leaf1', evil, 'leaf2'] },
      ],
      { VERIFY_DEADLINE: '0' },
      [],
      lab,
    );
    // The evil name sorts before `spine1` (`$` < `s`), as routelab check sorts it.
    expect(r.out).toContain(`PASS  evil hop  leaf1 has 10.9.0.0/24 via [${evil}, spine1]`);
    expect(r.out).toContain(
      `PASS  leaf1 -> leaf2  leaf1 reaches leaf2 via leaf1 → ${evil} → leaf2`,
    );
    expect(r.pwned).toBe(false);
  });

  it('passes bash -n and shellcheck', () => {
    const files = exportBundle(spineLeafLab(), {
      predictions: {
        expectations: [ecmp, { ...ecmp, kind: 'route', name: 'x' }, toLeaf2, survives],
      },
    });
    const verify = files.find((f) => f.path.endsWith('verify.sh'));
    const { path } = tempFile('verify.sh', verify?.content ?? '');
    expect(run('bash', ['-n', path])).toEqual({ status: 0, out: '' });
    if (requireTool('shellcheck')) expect(run('shellcheck', ['-s', 'bash', path]).out).toBe('');
  });
});
