/**
 * `--fail` naming (the forms issue 4 asks for: a link id, `devA:ifA`, `devA--devB`, a device)
 * and the text output on the seed 003 example (hops as in the write-up's traceroute).
 */
import { describe, expect, it } from 'vitest';
import { getExample } from '../../model/examples';
import type { Lab } from '../../model/types';
import { traceroute } from '../../engine/dataplane';
import { applyFailures } from '../open';
import { buildAll, formatTrace } from './trace';

function seed(): Lab {
  const l = getExample('cilium-frr-tor')?.steps.find((s) => s.id === 'after-policies')?.lab;
  if (!l) throw new Error('example missing');
  return l;
}

const downLinks = (l: Lab): string[] =>
  l.links.filter((x) => x.down).map((x) => `${x.a.device}-${x.b.device}`);

describe('--fail', () => {
  it('accepts a link id, devA:ifA, devA--devB, or a device', () => {
    const l = seed();
    const id = l.links.find((x) => x.a.device === 'router0' && x.b.device === 'tor1')?.id ?? '';
    expect(downLinks(applyFailures(l, [id]))).toEqual(['router0-tor1']);
    expect(downLinks(applyFailures(l, ['router0:net1']))).toEqual(['router0-tor1']);
    expect(downLinks(applyFailures(l, ['tor1--router0']))).toEqual(['router0-tor1']);
    expect(applyFailures(l, ['tor1']).devices.find((d) => d.name === 'tor1')?.down).toBe(true);
    expect(() => applyFailures(l, ['nope'])).toThrow(/no such link or device/);
    expect(l.links.some((x) => x.down)).toBe(false); // the input is not modified
  });
});

describe('text output', () => {
  it('prints traceroute -n style lines and the end', () => {
    const { dp } = buildAll(seed());
    const t = traceroute(dp, 'server0', '10.1.3.56');
    const text = formatTrace({ ...t, failed: [], paths: t.paths.map((p) => ({ ...p, why: [] })) });
    expect(text.split('\n').slice(2, 8)).toEqual([
      'path 1:',
      ' 1  10.0.1.1         tor0',
      ' 2  10.0.0.0         router0',
      ' 3  10.0.0.2         tor1',
      ' 4  10.0.4.2         server3',
      ' 5  10.1.3.56        server3/nettool-2',
    ]);
  });
});
