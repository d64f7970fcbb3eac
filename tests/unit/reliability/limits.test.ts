/**
 * Size and value limits (src/model/limits.ts, issue 10): GIVEN a lab or file past a limit, WHEN
 * loaded or validated, THEN a problem with a clear message names the element and the value, and
 * nothing hangs or throws. Valid ranges are the RFCs': AS numbers 1..4294967295 (RFC 6793, AS 0
 * reserved by RFC 7607), IPv4 prefix lengths 0..32 (RFC 4632), router-id and cluster-id are
 * 4-octet IPv4 values (RFC 6286, RFC 4456).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nestingDepth, parseLabFile, serializeLab, utf8Bytes } from '../../../src/model/labfile';
import { examples } from '../../../src/model/examples';
import { LIMITS } from '../../../src/model/limits';
import { cleanLab } from '../../../src/model/testing/fixtures';
import type { Device, Lab, Router } from '../../../src/model/types';
import { validateLab } from '../../../src/model/validate';
import { fuzzRuns } from '../../../src/testing/fuzz';
import { expectWellFormed } from './wellformed';

const router = (lab: Lab, name: string): Router => {
  const d = lab.devices.find((x) => x.name === name);
  if (d?.kind !== 'router' || !d.bgp) throw new Error(`fixture has no router ${name}`);
  return d;
};
const cluster = (lab: Lab) => {
  const c = lab.clusters[0];
  if (!c?.cilium) throw new Error('fixture has no Cilium cluster');
  return { c, cilium: c.cilium };
};

interface Case {
  what: string;
  edit: (lab: Lab) => void;
  /** The problem's path starts with this. */
  path: string;
  /** … and its message matches this (the offending value named). */
  message: RegExp;
}

const prefixCases: Case[] = ['33', '-1', '999999', ''].map((len) => ({
  what: `interface address 10.1.0.0/${len}`,
  edit: (lab) => {
    const eth1 = router(lab, 'router0').interfaces.find((i) => i.name === 'eth1');
    if (eth1) eth1.addresses = [`10.1.0.0/${len}`];
  },
  path: 'devices/router0/interfaces/eth1',
  message: new RegExp(`10\\.1\\.0\\.0/${len}.*(impossible prefix length|not an IPv4)`),
}));

const cases: Case[] = [
  ...prefixCases,
  {
    what: 'static route to 10.9.0.0/33',
    edit: (lab) =>
      router(lab, 'router0').staticRoutes.push({ prefix: '10.9.0.0/33', via: '10.1.0.1' }),
    path: 'devices/router0/staticRoutes',
    message: /10\.9\.0\.0\/33 is not a prefix/,
  },
  {
    what: 'prefix-list entry 10.244.0.0/33',
    edit: (lab) => {
      const pl = router(lab, 'router0').bgp?.prefixLists[0];
      if (pl?.entries[0]) pl.entries[0].prefix = '10.244.0.0/33';
    },
    path: 'devices/router0/bgp/prefixLists/pods',
    message: /10\.244\.0\.0\/33/,
  },
  {
    what: 'prefix-list le 33',
    edit: (lab) => {
      const e = router(lab, 'router0').bgp?.prefixLists[0]?.entries[0];
      if (e) e.le = 33;
    },
    path: 'devices/router0/bgp/prefixLists/pods',
    message: /33/,
  },
  ...[0, 4294967296, -1, 65000.5].map((asn): Case => ({
    what: `router AS ${asn}`,
    edit: (lab) => {
      const b = router(lab, 'tor1').bgp;
      if (b) b.asn = asn;
    },
    path: 'devices/tor1/bgp',
    message: new RegExp(`${String(asn).replace('.', '\\.')}`),
  })),
  ...[0, 4294967296].map((asn): Case => ({
    what: `remote-as ${asn}`,
    edit: (lab) => {
      const n = router(lab, 'router0').bgp?.neighbors[0];
      if (n) n.remoteAs = asn;
    },
    path: 'devices/router0/bgp/neighbors/10.1.0.1',
    message: new RegExp(`remote-as ${asn} is out of range`),
  })),
  {
    what: 'as-path prepend 4294967296',
    edit: (lab) => {
      const e = router(lab, 'router0').bgp?.routeMaps[0]?.entries[0];
      if (e) e.set = { ...e.set, asPathPrepend: [65000, 4294967296] };
    },
    path: 'devices/router0/bgp/routeMaps/to-tors',
    message: /4294967296/,
  },
  {
    what: 'Cilium policy local AS 0',
    edit: (lab) => {
      const p = cluster(lab).cilium.policies[0];
      if (p) p.localAsn = 0;
    },
    path: 'clusters/c1',
    message: /local AS 0 is out of range/,
  },
  {
    what: 'Cilium peer AS 4294967296',
    edit: (lab) => {
      const n = cluster(lab).cilium.policies[0]?.neighbors[0];
      if (n) n.peerAsn = 4294967296;
    },
    path: 'clusters/c1',
    message: /peer AS 4294967296 is out of range/,
  },
  {
    what: 'IPv6 router-id',
    edit: (lab) => {
      const b = router(lab, 'tor0').bgp;
      if (b) b.routerId = '2001:db8::1';
    },
    path: 'devices/tor0/bgp',
    message: /router-id 2001:db8::1 is not a non-zero IPv4 address/,
  },
  {
    what: 'IPv6 cluster-id',
    edit: (lab) => {
      const b = router(lab, 'tor0').bgp;
      if (b) b.clusterId = '2001:db8::1';
    },
    path: 'devices/tor0/bgp',
    message: /cluster-id 2001:db8::1/,
  },
  {
    what: 'IPv6 next hop for an IPv4 static route',
    edit: (lab) =>
      router(lab, 'router0').staticRoutes.push({ prefix: '10.9.0.0/16', via: 'fd00::1' }),
    path: 'devices/router0/staticRoutes',
    message: /fd00::1 is not the same address family as 10\.9\.0\.0\/16/,
  },
  {
    what: 'IPv6 pod CIDR',
    edit: (lab) => {
      cluster(lab).c.podCidr = 'fd00:10::/56';
    },
    path: 'clusters/c1',
    message: /fd00:10::\/56 is IPv6/,
  },
  {
    what: 'IPv6 Cilium peer address',
    edit: (lab) => {
      const n = cluster(lab).cilium.policies[0]?.neighbors[0];
      if (n) n.peerAddress = 'fd00::1/128';
    },
    path: 'clusters/c1',
    message: /fd00::1\/128/,
  },
  {
    what: `a device name of ${LIMITS.nameLength + 1} characters`,
    edit: (lab) => {
      const d = lab.devices.find((x) => x.name === 'client0');
      if (d) d.name = 'c'.repeat(LIMITS.nameLength + 1);
    },
    path: 'devices/',
    message: new RegExp(`the limit is ${LIMITS.nameLength}`),
  },
  {
    what: `a description of ${LIMITS.stringLength + 1} characters`,
    edit: (lab) => {
      lab.description = 'd'.repeat(LIMITS.stringLength + 1);
    },
    path: 'description',
    message: new RegExp(`the limit is ${LIMITS.stringLength}`),
  },
];

describe('absurd values give a clear problem at the element', () => {
  it('the clean fixture has no error (so each error below comes from its edit)', () => {
    expect(validateLab(cleanLab()).filter((p) => p.severity === 'error')).toEqual([]);
  });
  for (const c of cases) {
    it(c.what, () => {
      const lab = cleanLab();
      c.edit(lab);
      const problems = validateLab(lab);
      expectWellFormed(problems);
      const hit = problems.find(
        (p) => p.severity === 'error' && p.path.startsWith(c.path) && c.message.test(p.message),
      );
      expect(hit, JSON.stringify(problems.filter((p) => p.severity === 'error'))).toBeDefined();
    });
  }
});

const host = (i: number): Device => ({
  kind: 'host',
  name: `h${i}`,
  interfaces: [],
  staticRoutes: [],
  labels: {},
});

describe('size limits', () => {
  it(`a ${LIMITS.devices}-device lab validates (returns), one more is refused by count`, () => {
    const lab = cleanLab();
    for (let i = lab.devices.length; i < LIMITS.devices; i++) lab.devices.push(host(i));
    expect(lab.devices.length).toBe(LIMITS.devices);
    expect(validateLab(lab).filter((p) => p.severity === 'error')).toEqual([]);
    lab.devices.push(host(LIMITS.devices));
    expect(validateLab(lab)).toContainEqual({
      severity: 'error',
      path: 'devices',
      message: `has ${LIMITS.devices + 1} entries; the limit is ${LIMITS.devices}`,
    });
  });

  it('a file over the byte limit is refused by size, before parsing', () => {
    // A string whose length alone is over the limit: parsing it would throw on the fake text.
    const huge = { length: LIMITS.fileBytes + 1 } as unknown as string;
    expect(parseLabFile(huge, 'huge.yaml').problems).toEqual([
      {
        severity: 'error',
        path: '/',
        message: `refused: the file is ${LIMITS.fileBytes + 1} bytes; the limit is ${LIMITS.fileBytes}`,
        file: 'huge.yaml',
      },
    ]);
  });

  // BUG (src/model/limits.ts fileBytes = 64 MiB): issue 10 asks for a 50 MB file to be refused
  // with a size message, but 50 MB is under the limit and gets parsed. Measured here (2 cores,
  // shared): a 2 MB YAML lab of one-line hosts takes 4-15 s in parseLabFile, so a 50 MB YAML file
  // freezes the tab or CLI for minutes. Expected: a limit the parsers can meet (a few MB for YAML)
  // or a size refusal. Also: the check compares text.length (UTF-16 units) with a byte limit.
  it('a 50 MB file is refused with a size message, not parsed', () => {
    const fake = { length: 50 * 1000 * 1000 } as unknown as string;
    const r = parseLabFile(fake, 'big.yaml');
    expect(r.problems[0]?.message).toMatch(/^refused: the file is \d+ bytes/);
  });

  it('YAML alias bombs are refused: wide anchors and merge keys', () => {
    const wide = [`a0: &a0 [${Array(1000).fill('x').join(', ')}]`];
    for (let i = 1; i < 9; i++)
      wide.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const merge = ['b0: &b0 {k0: 1, k1: 2}'];
    for (let i = 1; i < 30; i++)
      merge.push(`b${i}: &b${i} {<<: *b${i - 1}, x${i}: {<<: *b${i - 1}}}`);
    for (const text of [wide.join('\n'), merge.join('\n')]) {
      const r = parseLabFile(text, 'bomb.yaml');
      expect(r.lab).toBeUndefined();
      expect(r.problems[0]?.message).toMatch(/^refused: the YAML expands too many aliases/);
    }
  });

  // BUG (src/model/labfile.ts + the yaml parser): bracketDepth only counts flow brackets, so
  // compact block nesting (`? ? ? … x`, `- - - … x`, or indentation) reaches the parser, which
  // overflows its stack. Mostly that is caught and shown as `YAML syntax error: Maximum call
  // stack size exceeded` at an arbitrary column; but parsing a 1,000-deep then a 20,000-deep
  // `? ` document (40 kB) in one process kills it: V8 "FATAL ERROR: RegExpCompiler Allocation
  // failed - process out of memory" (reproduced 3/3 with tsx here) — the CLI dies, and a tab or
  // worker would too. Expected: a pre-scan of block indicators and indentation that refuses with
  // `refused: nesting deeper than 64 levels` before the parser runs.
  it('deep compact-nested YAML is refused before parsing and cannot kill the process', () => {
    const child = fileURLToPath(new URL('./deepYaml.child.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const r = spawnSync(tsx, [child], { encoding: 'utf8', timeout: 120_000 });
    expect(
      r.status,
      r.stderr.split('\n').find((l) => /FATAL/.test(l)),
    ).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `refused: nesting deeper than ${LIMITS.depth} levels`,
      `refused: nesting deeper than ${LIMITS.depth} levels`,
    ]);
  });

  it('deep indentation-nested YAML at least gives an error, no exception', () => {
    let deep = '';
    for (let i = 0; i < 3000; i++) deep += `${' '.repeat(i)}- \n`;
    const r = parseLabFile(`devices:\n${deep}`, 'deep.yaml');
    expect(r.lab).toBeUndefined();
    expectWellFormed(r.problems);
  });

  // BUG (src/model/labfile.ts bracketDepth): brackets inside YAML comments, single-quoted
  // strings and block scalars are counted as nesting, so this valid lab is refused with
  // `refused: nesting deeper than 64 levels`. Expected: it loads.
  it('brackets in a YAML comment or quoted text are not nesting', () => {
    for (const text of [
      `schemaVersion: 1\nname: x\n# ${'['.repeat(100)}\n`,
      `schemaVersion: 1\nname: x\ndescription: '${'['.repeat(100)}'\n`,
      `schemaVersion: 1\nname: x\ndescription: |\n  ${'{'.repeat(100)}\n`,
    ]) {
      expect(parseLabFile(text, 'x.yaml').lab?.name).toBe('x');
    }
  });

  it('the nesting pre-scan counts block and flow levels, not text that looks like them', () => {
    const depth = (t: string): number => nestingDepth(t, 1000);
    // Levels by hand: root map, devices seq, device map, interfaces seq, interface map.
    const lab = 'devices:\n  - name: a\n    interfaces:\n      - name: eth1\n';
    expect(depth(lab)).toBeGreaterThanOrEqual(5);
    expect(depth(lab)).toBeLessThanOrEqual(7);
    expect(depth(`a: &x !!map\n  ${'- '.repeat(100)}x\n`)).toBeGreaterThan(100);
    expect(depth(`a: "multi\n  line [[[[\n  {{{{"\nb: ${'['.repeat(70)}`)).toBe(71);
    expect(depth(`a: >-\n  [[[[\n\n  ]]\nb:\n${' '.repeat(3)}${'? '.repeat(80)}x\n`)).toBe(82);
    expect(depth(`a: don't [stop # [[\nb: it's {x\n`)).toBe(1);
  });

  it('every built-in lab, saved by routelab, stays far below the nesting limit', () => {
    const labs = examples.flatMap((e) => e.steps.map((s) => s.lab));
    expect(labs.length).toBeGreaterThan(4);
    for (const lab of labs)
      for (const format of ['json', 'yaml'] as const) {
        const text = serializeLab(lab, format);
        expect(nestingDepth(text, LIMITS.depth), format).toBeLessThan(LIMITS.depth / 4);
      }
  });

  it('the size limit counts UTF-8 bytes, not UTF-16 units', () => {
    // RFC 3629: U+00E9 is 2 bytes, U+4E2D is 3, U+1F600 (a surrogate pair in JS) is 4.
    expect(utf8Bytes('a\u00e9\u4e2d\u{1f600}')).toBe(1 + 2 + 3 + 4);
    const wide = '\u4e2d'.repeat(Math.floor(LIMITS.fileBytes / 3) + 1);
    expect(wide.length).toBeLessThan(LIMITS.fileBytes);
    expect(parseLabFile(wide, 'wide.yaml').problems[0]?.message).toMatch(
      /^refused: the file is \d+ bytes/,
    );
  });

  // BUG (src/model/locate.ts): each problem's path is looked up by a linear scan of its list
  // (`child()` over every item, for every problem), so locating k problems in a list of n items
  // is O(k·n). A 1 MB JSON lab of 8,000 hosts, each with an unknown field, takes 52 s in
  // parseLabFile here (2,000: 3.8 s; 4,000: 15 s); 100,000 such devices would take hours — the CLI
  // hangs and the worker never answers. Expected: an index of each list by key, built once.
  // Only in long mode (FUZZ_RUNS set): the check spends its two-minute watchdog when it fails.
  it.runIf(fuzzRuns(0) > 0)(
    'a 20,000-device file with a warning per device loads within a two-minute watchdog',
    () => {
      const child = fileURLToPath(new URL('./manyWarnings.child.ts', import.meta.url));
      const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
      const r = spawnSync(tsx, [child, '20000'], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stdout.trim()).toBe('20000');
    },
    180_000,
  );
});
