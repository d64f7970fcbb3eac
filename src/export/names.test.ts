/** GIVEN hostile strings, WHEN sanitised or quoted, THEN they stay data (checked with real bash). */
import { describe, expect, it } from 'vitest';
import { isSafeIfname, oneLine, sanitizeDnsName, sanitizeName, shq, uniqueName } from './names';
import { run, tempFile } from './testing/tools';

const EVIL = ['$(touch pwned)', "a'b;rm -rf ~", '`touch pwned`', 'x\ny', "'; touch pwned; '", '\\'];

describe('shq', () => {
  it.each(EVIL)('bash reads %j back as one unchanged word and runs nothing', (s) => {
    const { dir } = tempFile('.keep', '');
    const r = run('bash', ['-c', `cd '${dir}' && printf '%s' ${shq(s)}`]);
    expect(r).toEqual({ status: 0, out: s });
    expect(run('find', [dir, '-name', 'pwned*']).out).toBe('');
  });
});

describe('names', () => {
  it('containerlab names keep only [A-Za-z0-9_.-] and start alphanumeric', () => {
    expect(sanitizeName('$(touch pwned)')).toBe('touch-pwned');
    expect(sanitizeName("a'b;rm -rf ~")).toBe('a-b-rm-rf');
    expect(sanitizeName('---')).toBe('node');
  });
  it('DNS names are lowercase', () => expect(sanitizeDnsName('My Lab_1')).toBe('my-lab-1'));
  it('Linux interface names are at most 15 bytes (IFNAMSIZ 16 with NUL)', () => {
    expect(isSafeIfname('abcdefghijklmno')).toBe(true);
    expect(isSafeIfname('abcdefghijklmnop')).toBe(false);
    expect(isSafeIfname('eth1$(x)')).toBe(false);
  });
  it('uniqueName suffixes clashes case-insensitively', () => {
    const taken = new Set<string>();
    expect([uniqueName('a', taken), uniqueName('A', taken), uniqueName('a', taken)]).toEqual([
      'a',
      'A-2',
      'a-3',
    ]);
  });
  it('oneLine removes line breaks', () =>
    expect(oneLine('a\nneighbor x\r\nb')).toBe('a neighbor x b'));
});
