/**
 * The text tables follow FRR 8.4's layout. Expected rows are FRR's own output from the two-router
 * run recorded in src/engine/rib.test.ts (netns rl3e), with FRR's "(vm)" hostname suffix removed.
 */
import { describe, expect, it, vi } from 'vitest';
import { deviceView, simulate } from '../../engine';
import { labBuilder } from '../../engine/testing/build';
import { formatBgpTable, formatSessions, jsonOf, run } from './simulate';

function lab() {
  const b = labBuilder();
  b.router('a', {
    asn: 65001,
    lo: '10.0.255.1/32',
    bgp: { redistribute: [{ source: 'connected' }] },
  });
  b.router('b', {
    asn: 65002,
    lo: '10.1.255.1/32',
    bgp: { redistribute: [{ source: 'connected' }] },
  });
  b.peer('a', 'b', '10.9.0.0/31');
  return b.lab;
}

describe('simulate output', () => {
  const r = simulate(lab());
  const v = deviceView(r, 'b');
  if (!v) throw new Error('no view');

  it('prints the BGP table like show bgp ipv4 unicast', () => {
    const text = formatBgpTable(v);
    expect(text).toContain('   Network          Next Hop            Metric LocPrf Weight Path');
    expect(text).toContain('*> 10.0.255.1/32    10.9.0.0                 0             0 65001 ?');
    expect(text).toContain('*> 10.1.255.1/32    0.0.0.0                  0         32768 ?');
  });

  it('prints the session table with the accepted and sent counts', () => {
    expect(formatSessions(v)).toMatch(/10\.9\.0\.0\s+a\s+4\s+65001 2\s+/);
  });

  it('--json carries every device with installed routes', () => {
    const j = jsonOf(r, ['a', 'b']) as { devices: Record<string, { installed: unknown[] }> };
    expect(Object.keys(j.devices)).toEqual(['a', 'b']);
    expect(j.devices.b?.installed).toEqual([
      { prefix: '10.0.255.1/32', nextHops: [{ address: '10.9.0.0', device: 'a' }], distance: 20 },
    ]);
  });
});

describe('routelab simulate --fail', () => {
  it('re-converges after the failure and prints what was lost', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    try {
      const code = await run([
        '--example',
        'cilium-frr-tor/after-policies',
        '--device',
        'router0',
        '--fail',
        'router0--tor1',
      ]);
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = out.join('');
    // With router0–tor1 down router0 loses rack1's pod CIDRs, which only tor1 announced
    // (seed 003 has no other path), and rack0 can no longer reach rack1.
    expect(text).toContain('==== after failing router0--tor1 ====');
    expect(text).toMatch(/router0:\n(?:.*\n)*? {2}- 10\.1\.3\.0\/24 {2}lost/);
    expect(text).toMatch(/reachability lost: server0 → server3/);
    // The BGP table printed is the one after the failure.
    expect(text).not.toMatch(/\*> 10\.1\.3\.0\/24/);
  });
});
