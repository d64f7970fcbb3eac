/**
 * GIVEN a lab's expectations in the predictions, WHEN verify.sh runs against stub `docker` that
 * answers with real daemon output, THEN it prints `routelab check`'s PASS/FAIL words by name,
 * compares next hops by device, retries what failed until VERIFY_DEADLINE, and quotes every name.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportBundle } from './bundle';
import { spineLeafLab } from './fixtures';
import type { PredictedExpectation } from './predictions';
import { requireTool, run, tempFile } from './testing/tools';

// Captured here from FRR 8.4.4 zebra+staticd in a namespace: `show ip route 10.9.0.0/24 json`
// with two static next hops (interfaces renamed to leaf1's uplinks), and `{}` for an absent one.
const ROUTE_JSON = JSON.stringify({
  '10.9.0.0/24': [
    {
      prefix: '10.9.0.0/24',
      protocol: 'static',
      selected: true,
      installed: true,
      nexthops: [
        { flags: 3, fib: true, ip: '10.0.1.2', interfaceName: 'swp51', active: true },
        { flags: 3, fib: true, ip: '10.0.2.2', interfaceName: 'swp52', active: true },
      ],
    },
  ],
});
// `.peers[IFACE].state` as FRR 8.4.4 prints `show bgp ipv4 unicast summary json` (see scripts.ts).
const SUMMARY_JSON = JSON.stringify({ peers: { swp51: { state: 'Established' } } });

/** `docker exec C vtysh -c CMD`; the route appears only from the call number in $APPEAR_AT. */
const DOCKER_STUB = `#!/usr/bin/env bash
shift 2
n=$(cat "$STUB_DIR/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$STUB_DIR/calls"
case "$*" in
  *'show ip route 10.9.0.0/24 json'*) if [ "$n" -ge "\${APPEAR_AT:-1}" ]; then cat "$STUB_DIR/route.json"; else echo '{}'; fi ;;
  *'show ip route'*) echo '{}' ;;
  *summary*) cat "$STUB_DIR/summary.json" ;;
  traceroute*) printf 'traceroute to x\\n 1  10.0.1.2  0.1 ms\\n 2  10.9.0.1  0.2 ms\\n' ;;
esac
`;

const WEIRD = `leaf1 / both spines 'quoted' $(touch pwned) "x"`;

function runVerify(
  expectations: PredictedExpectation[],
  env: Record<string, string> = {},
): { status: number; out: string; pwned: boolean } {
  const files = exportBundle(spineLeafLab(), { predictions: { sessions: [], expectations } });
  const verify = files.find((f) => f.path.endsWith('verify.sh'));
  if (!verify) throw new Error('no verify.sh');
  const { dir, path } = tempFile('verify.sh', verify.content);
  const bin = join(dir, 'bin');
  run('mkdir', [bin]);
  writeFileSync(join(bin, 'docker'), DOCKER_STUB);
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'docker'), 0o755);
  chmodSync(join(bin, 'sleep'), 0o755);
  writeFileSync(join(dir, 'route.json'), ROUTE_JSON);
  writeFileSync(join(dir, 'summary.json'), SUMMARY_JSON);
  const vars = Object.entries({ STUB_DIR: dir, PATH: `${bin}:${process.env.PATH ?? ''}`, ...env });
  const r = run('env', [...vars.map(([k, v]) => `${k}=${v}`), 'bash', path], dir);
  return { ...r, pwned: existsSync(join(dir, 'pwned')) };
}

const ecmp: PredictedExpectation = {
  kind: 'route',
  name: WEIRD,
  device: 'leaf1',
  prefix: '10.9.0.0/24',
  nextHopCount: 2,
  nextHopDevices: ['spine1', 'spine2'],
};

describe('verify.sh expectations', () => {
  it('passes route (count, devices), absent, session and reach, by name', () => {
    if (!requireTool('jq')) return;
    const r = runVerify([
      ecmp,
      { kind: 'route', name: 'no 10.8', device: 'leaf1', prefix: '10.8.0.0/24', absent: true },
      {
        kind: 'session',
        name: 'leaf1-spine1',
        device: 'leaf1',
        peer: 'swp51',
        state: 'established',
      },
      { kind: 'reach', name: 'leaf1 -> rack', from: 'leaf1', to: '10.9.0.1' },
    ]);
    expect(r.out).toContain(`PASS  ${WEIRD}  10.9.0.0/24 present with 2 next hop(s)`);
    expect(r.out).toContain('PASS  no 10.8  10.8.0.0/24 absent');
    expect(r.out).toContain('PASS  leaf1-spine1  session swp51 is Established');
    expect(r.out).toContain('PASS  leaf1 -> rack  10.9.0.1 reached');
    expect(r.pwned).toBe(false);
    expect(r.status, r.out).toBe(0);
  });

  it('fails a wrong next-hop device set, count, session and reach with the reason', () => {
    if (!requireTool('jq')) return;
    const r = runVerify(
      [
        { ...ecmp, name: 'via leaf2', nextHopCount: undefined, nextHopDevices: ['leaf2'] },
        { ...ecmp, name: 'three', nextHopDevices: undefined, nextHopCount: 3 },
        { kind: 'session', name: 's2', device: 'leaf1', peer: 'swp52', state: 'established' },
        { kind: 'reach', name: 'not reach', from: 'leaf1', to: '10.9.0.1', not: true },
      ],
      { VERIFY_DEADLINE: '0' },
    );
    expect(r.out).toContain('FAIL  via leaf2  10.9.0.0/24 via spine1 spine2, expected via leaf2');
    expect(r.out).toContain('FAIL  three  10.9.0.0/24 has 2 next hop(s), expected 3');
    expect(r.out).toContain('FAIL  s2  session swp52 is missing');
    expect(r.out).toContain('FAIL  not reach  10.9.0.1 reached');
    expect(r.status).toBe(1);
  });

  it('retries only what failed until the route converges', () => {
    if (!requireTool('jq')) return;
    // Call 1 (first pass) sees no route; the retry (call 2) sees it.
    const r = runVerify([ecmp], { APPEAR_AT: '2' });
    expect(r.out).toContain(`PASS  ${WEIRD}`);
    expect(r.status, r.out).toBe(0);
    const failsForever = runVerify([ecmp], { APPEAR_AT: '99', VERIFY_DEADLINE: '0' });
    expect(failsForever.out).toContain(`FAIL  ${WEIRD}  10.9.0.0/24 not in the FIB`);
  });

  it('passes bash -n and shellcheck', () => {
    const files = exportBundle(spineLeafLab(), {
      predictions: { expectations: [ecmp, { ...ecmp, kind: 'route', name: 'x' }] },
    });
    const verify = files.find((f) => f.path.endsWith('verify.sh'));
    const { path } = tempFile('verify.sh', verify?.content ?? '');
    expect(run('bash', ['-n', path])).toEqual({ status: 0, out: '' });
    if (requireTool('shellcheck')) expect(run('shellcheck', ['-s', 'bash', path]).out).toBe('');
  });
});
