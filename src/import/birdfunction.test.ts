/**
 * The function form of BIRD policies (what src/export/bird.ts writes) read back as policy objects,
 * and the syntax fixes the round-trip properties found. The config below was accepted by
 * `bird -p -c` (BIRD 2.0.12 here): `description "{ a }";` is one string, `allow local as 2` a
 * protocol option.
 */
import { describe, expect, it } from 'vitest';
import { importBird } from './index';

const CONF = `router id 10.0.0.1;
function pl_A()
{
  if net ~ [ 10.0.0.0/8{16,24} ] then return false;
  if net ~ [ 10.0.0.0/8{8,32} ] then return true;
  return false;
}
function rm_X()
{
  if pl_A() then { bgp_local_pref = 200; bgp_path.prepend(65001); bgp_path.prepend(65002); return true; }
  if true then return false;
  return false;
}
function bgp_table()
{
  if net ~ [ 192.168.1.0/24 ] then return true;
  if source = RTS_DEVICE then return true;
  if source = RTS_BGP then return true;
  return false;
}
protocol device { }
protocol bgp p1 {
  description "{ a }";
  local as 65000;
  neighbor 10.0.0.2 as 65001;
  allow local as 2;
  ipv4 { import all; export where bgp_table() && rm_X(); };
}
`;

describe('BIRD functions as policy', () => {
  const { fragment, problems } = importBird(CONF, 'bird.conf');
  const bgp = fragment.bgp;

  it('reads without warnings', () => {
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('a `return true|false` function over `net ~` is a prefix list, in order', () => {
    expect(bgp?.prefixLists).toEqual([
      {
        name: 'pl_A',
        entries: [
          { seq: 10, action: 'deny', prefix: '10.0.0.0/8', ge: 16, le: 24 },
          { seq: 20, action: 'permit', prefix: '10.0.0.0/8', le: 32 },
        ],
      },
    ]);
  });

  it('a function calling it is a route-map; prepends read leftmost-last (BIRD manual)', () => {
    // BIRD 2 manual, "bgppath": P.prepend(A) puts A in front of P, so prepend(65001) then
    // prepend(65002) gives "65002 65001 …" — FRR's `set as-path prepend 65002 65001`.
    expect(bgp?.routeMaps.find((m) => m.name === 'rm_X')?.entries).toEqual([
      {
        seq: 10,
        action: 'permit',
        match: { prefixList: 'pl_A' },
        set: { localPref: 200, asPathPrepend: [65002, 65001] },
      },
      { seq: 20, action: 'deny', match: {}, set: {} },
    ]);
  });

  it('`export where bgp_table() && rm_X()` is route-map out rm_X; the guard gives networks', () => {
    expect(bgp?.neighbors[0]?.routeMapOut).toBe('rm_X');
    expect(bgp?.networks).toEqual(['192.168.1.0/24']);
    expect(bgp?.redistribute).toEqual([{ source: 'connected' }]);
  });

  it('a string holding braces is text, and `allow local as N` is allowas-in', () => {
    expect(bgp?.neighbors[0]?.description).toBe('{ a }');
    expect(bgp?.neighbors[0]?.allowasIn).toBe(2);
  });
});
