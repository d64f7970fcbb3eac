/**
 * The BGP table served a page at a time: rows beyond the first page are there, the filter and
 * the sort run over every row of the RIB, not the page shown, and Copy gets the whole table.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceBgpView, PathView } from '../engine/types';
import { pathView } from '../engine/testing/views';
import { eagerView } from '../engine/views';
import { BgpTables } from './bgpTable';

const PREFIXES = 1000;

function path(prefix: string, spine: number, best: boolean): PathView {
  return pathView({
    prefix,
    nextHop: `10.254.0.${spine * 2}`,
    asPath: [4200000100 + spine, 4200000500],
    best,
    multipath: !best,
  });
}

/** A leaf's table: PREFIXES /24s (10.0.0.0/24, 10.0.1.0/24, …), each over two spines. */
function leaf(): DeviceBgpView {
  const locRib = Array.from({ length: PREFIXES }, (_, i) => {
    const prefix = `10.${Math.floor(i / 256)}.${i % 256}.0/24`;
    return { prefix, paths: [path(prefix, 1, true), path(prefix, 2, false)] };
  });
  return {
    device: 'leaf1',
    asn: 4200000500,
    routerId: '10.255.0.1',
    sessions: [],
    locRib,
    adjRibIn: {
      '10.254.0.2': locRib.map((e) => ({ ...(e.paths[0] as PathView), best: false })),
      '10.254.0.4': locRib.map((e) => ({ ...(e.paths[1] as PathView), multipath: false })),
    },
    adjRibOut: {},
  };
}

const tables = () => new BgpTables((d) => (d === 'leaf1' ? eagerView(leaf()) : undefined));

describe('paged BGP table', () => {
  it('serves any page of the RIB with the totals', () => {
    const page = tables().page('leaf1', { rib: 'loc', filter: '' }, 1500, 1504);
    expect(page?.total).toBe(2 * PREFIXES);
    expect(page?.matched).toBe(2 * PREFIXES);
    expect(page?.start).toBe(1500);
    // Row 1500 is the first path of prefix 750 = 10.2.238.0/24.
    expect(page?.rows.map((r) => [r.path.prefix, r.path.nextHop, r.first, r.i])).toEqual([
      ['10.2.238.0/24', '10.254.0.2', true, 1500],
      ['10.2.238.0/24', '10.254.0.4', false, 1501],
      ['10.2.239.0/24', '10.254.0.2', true, 1502],
      ['10.2.239.0/24', '10.254.0.4', false, 1503],
    ]);
    expect(page?.rows.map((r) => r.expectable)).toEqual([true, false, true, false]);
    // A window past the end is clamped.
    expect(tables().page('leaf1', { rib: 'loc', filter: '' }, 1998, 2100)?.rows).toHaveLength(2);
  });

  it('filters over every row, not the page asked for', () => {
    const t = tables();
    const page = t.page('leaf1', { rib: 'loc', filter: ' 10.3.200.0/24 ' }, 0, 50);
    expect(page?.total).toBe(2 * PREFIXES);
    expect(page?.matched).toBe(2);
    expect(page?.rows.map((r) => r.i)).toEqual([2 * (3 * 256 + 200), 2 * (3 * 256 + 200) + 1]);
    // Any cell: the next hop of spine 2 is on every other row.
    expect(t.page('leaf1', { rib: 'loc', filter: '10.254.0.4' }, 0, 10)?.matched).toBe(PREFIXES);
    expect(t.page('leaf1', { rib: 'loc', filter: 'no such thing' }, 0, 10)?.matched).toBe(0);
  });

  it('sorts every row before cutting the page', () => {
    const desc = tables().page(
      'leaf1',
      { rib: 'loc', filter: '', sort: { key: 'net', dir: -1 } },
      0,
      3,
    );
    // The last prefix, 999 = 10.3.231.0/24, comes first; its two paths keep the RIB's order.
    expect(desc?.rows.map((r) => [r.path.prefix, r.i])).toEqual([
      ['10.3.231.0/24', 1998],
      ['10.3.231.0/24', 1999],
      ['10.3.230.0/24', 1996],
    ]);
  });

  it("reads an Adj-RIB-In by peer, the first peer's by default", () => {
    const t = tables();
    const first = t.page('leaf1', { rib: 'in', filter: '' }, 0, 1);
    expect(first?.peer).toBe('10.254.0.2');
    expect(first?.peers).toEqual(['10.254.0.2', '10.254.0.4']);
    const other = t.page('leaf1', { rib: 'in', peer: '10.254.0.4', filter: '' }, 999, 1000);
    expect(other?.rows[0]?.path.nextHop).toBe('10.254.0.4');
    expect(other?.total).toBe(PREFIXES);
  });

  it('copies the whole filtered table, not a page', () => {
    const t = tables();
    const all = t.text('leaf1', { rib: 'loc', filter: '' }) ?? '';
    expect(all).toContain(`Displayed  ${PREFIXES} routes and ${2 * PREFIXES} total paths`);
    expect(all).toMatch(/^\*> 10\.3\.231\.0\/24 +10\.254\.0\.2 /m);
    const some = t.text('leaf1', { rib: 'loc', filter: '10.1.' }) ?? '';
    expect(some).toContain('Displayed  256 routes and 512 total paths');
    expect(t.text('spine9', { rib: 'loc', filter: '' })).toBeUndefined();
  });
});
