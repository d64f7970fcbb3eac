import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabFile, serializeLab } from './labfile';
import { LIMITS } from './limits';
import { MIGRATIONS, migrate } from './migrations';
import { arbLab } from './testing/arbitraries';
import { cleanLab } from './testing/fixtures';
import { SCHEMA_VERSION } from './types';
import { checkShape } from './validate';

const errors = (r: { problems: { severity: string }[] }) =>
  r.problems.filter((p) => p.severity === 'error');

describe('lab file round trip', () => {
  it('arbLab produces labs of the right shape (so the round trip below means something)', () => {
    fc.assert(
      fc.property(arbLab(), (lab) => {
        expect(checkShape(lab).filter((p) => p.severity === 'error')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  for (const format of ['json', 'yaml'] as const) {
    it(`saving then loading gives back an equal lab (${format})`, () => {
      fc.assert(
        fc.property(arbLab(), (lab) => {
          const text = serializeLab(lab, format);
          const back = parseLabFile(text, `lab.${format}`);
          expect(errors(back)).toEqual([]);
          expect(back.lab).toEqual(lab);
          // Deterministic: saving the loaded lab gives the same bytes.
          expect(serializeLab(back.lab ?? lab, format)).toBe(text);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('writes keys in a fixed order whatever order the object was built in', () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const lab = cleanLab();
    const reordered = reverse(lab) as typeof lab;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(lab));
    expect(serializeLab(reordered, 'json')).toBe(serializeLab(lab, 'json'));
    expect(serializeLab(reordered, 'yaml')).toBe(serializeLab(lab, 'yaml'));
    expect(serializeLab(lab, 'json')).toMatch(
      /^\{\n {2}"schemaVersion": 1,\n {2}"name": "clean",\n/,
    );
  });
});

describe('normalisation', () => {
  it('fills defaulted lists so a minimal hand-written file loads', () => {
    const text = [
      'schemaVersion: 1',
      'devices:',
      '  - name: r1',
      '    kind: router',
      '    daemon: frr',
      '    interfaces: [{ name: eth0 }]',
      '    bgp: { asn: 65000, routeMaps: [{ name: rm, entries: [{ seq: 10, action: permit }] }] }',
    ].join('\n');
    const r = parseLabFile(text, 'mini.yaml');
    expect(errors(r)).toEqual([]);
    const r1 = r.lab?.devices[0];
    expect(r.lab?.name).toBe('mini');
    expect(r.lab?.links).toEqual([]);
    expect(r.lab?.layout).toEqual({ positions: {}, groups: [] });
    expect(r1?.staticRoutes).toEqual([]);
    expect(r1?.labels).toEqual({});
    expect(r1?.interfaces[0]?.addresses).toEqual([]);
    expect(r1?.kind === 'router' && r1.bgp?.neighbors).toEqual([]);
    expect(r1?.kind === 'router' && r1.bgp?.routeMaps[0]?.entries[0]).toEqual({
      seq: 10,
      action: 'permit',
      match: {},
      set: {},
    });
  });

  it('points structural problems at their line and column', () => {
    const text = 'devices:\n  - name: r1\n    kind: router\n    daemon: quagga\n';
    const r = parseLabFile(text, 'pos.yaml');
    // `    daemon: quagga`: four spaces and `daemon: ` put the value at column 13.
    expect(r.problems).toContainEqual({
      severity: 'error',
      path: 'devices/r1/daemon',
      message: 'expected one of "frr", "bird", "vyos", "gobgp", got "quagga"',
      file: 'pos.yaml',
      line: 4,
      column: 13,
    });
  });

  it('does not paper over a wrong type: structure errors leave no lab', () => {
    const r = parseLabFile('{"schemaVersion":1,"name":"x","devices":{"r1":{}}}', 'x.json');
    expect(r.lab).toBeUndefined();
    expect(errors(r)[0]).toMatchObject({
      path: 'devices',
      message: 'expected a list, got an object',
    });
  });
});

describe('versions and migrations', () => {
  it('has one migration per version step up to the current version', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i),
    );
  });

  it('migrates a v0 draft (nodes, type, endpoints, top-level positions) to v1', () => {
    const v0 = {
      name: 'old',
      nodes: [
        {
          name: 'r1',
          type: 'router',
          daemon: 'frr',
          interfaces: [{ name: 'eth0', addresses: ['10.0.0.0/31'] }],
        },
        { name: 'h1', type: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/31'] }] },
      ],
      links: [
        {
          endpoints: [
            { device: 'r1', interface: 'eth0' },
            { device: 'h1', interface: 'eth0' },
          ],
        },
      ],
      positions: { r1: { x: 1, y: 2 } },
    };
    const r = parseLabFile(JSON.stringify(v0), 'old.json');
    expect(errors(r)).toEqual([]);
    expect(
      r.problems.some((p) => p.severity === 'info' && /migrated v0 → v1/.test(p.message)),
    ).toBe(true);
    expect(r.lab).toStrictEqual({
      schemaVersion: 1,
      name: 'old',
      devices: [
        {
          name: 'r1',
          kind: 'router',
          daemon: 'frr',
          interfaces: [{ name: 'eth0', addresses: ['10.0.0.0/31'] }],
          staticRoutes: [],
          labels: {},
        },
        {
          name: 'h1',
          kind: 'host',
          interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/31'] }],
          staticRoutes: [],
          labels: {},
        },
      ],
      links: [
        {
          id: 'r1:eth0--h1:eth0',
          a: { device: 'r1', interface: 'eth0' },
          b: { device: 'h1', interface: 'eth0' },
        },
      ],
      clusters: [],
      expectations: [],
      layout: { positions: { r1: { x: 1, y: 2 } }, groups: [] },
    });
  });

  it('the v0 step alone keeps fields it does not know and does not touch v1 shapes', () => {
    const { doc } = migrate({ nodes: [], links: [{ id: 'l', a: 1, b: 2 }], extra: true }, 0);
    expect(doc).toEqual({
      schemaVersion: 1,
      devices: [],
      links: [{ id: 'l', a: 1, b: 2 }],
      clusters: [],
      expectations: [],
      layout: { positions: {}, groups: [] },
      extra: true,
    });
  });

  it('refuses a file from a newer schemaVersion whole, with a message', () => {
    const lab = { ...cleanLab(), schemaVersion: SCHEMA_VERSION + 1 };
    const r = parseLabFile(JSON.stringify(lab), 'future.json');
    expect(r.lab).toBeUndefined();
    expect(r.problems).toEqual([
      {
        severity: 'error',
        path: '/schemaVersion',
        message: `this file is schemaVersion ${SCHEMA_VERSION + 1}, newer than this routelab reads (${SCHEMA_VERSION}); update routelab to open it`,
        file: 'future.json',
      },
    ]);
  });
});

describe('hostile and broken input', () => {
  it('gives the line and column of a JSON syntax error', () => {
    const r = parseLabFile('{\n  "name": "x",\n  "devices": [1,, 2]\n}\n', 'bad.json');
    // Line 3 is `  "devices": [1,, 2]`; counted by hand, the second comma is its 17th character.
    expect(r.problems).toEqual([
      {
        severity: 'error',
        path: '/',
        message: "JSON syntax error: expected a value, found ','",
        file: 'bad.json',
        line: 3,
        column: 17,
      },
    ]);
  });

  it('gives the line and column of a YAML syntax error', () => {
    // A repeated key: the second `name` starts line 3, column 5.
    const r = parseLabFile('devices:\n  - name: r1\n    name: r2\n', 'bad.yaml');
    expect(r.lab).toBeUndefined();
    expect(r.problems[0]).toMatchObject({
      severity: 'error',
      file: 'bad.yaml',
      line: 3,
      column: 5,
    });
    expect(r.problems[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const r = parseLabFile(lines.join('\n'), 'bomb.yaml');
    expect(r.lab).toBeUndefined();
    expect(r.problems[0]?.message).toMatch(/too many aliases/);
  });

  it('refuses deep nesting and huge input before parsing', () => {
    expect(parseLabFile(`{"name": ${'['.repeat(5000)}`, 'deep.json').problems[0]?.message).toBe(
      `refused: nesting deeper than ${LIMITS.depth} levels`,
    );
    expect(parseLabFile(`name: ${'[ '.repeat(5000)}`, 'deep.yaml').problems[0]?.message).toMatch(
      /nesting deeper/,
    );
    const huge = { length: LIMITS.fileBytes + 1 } as unknown as string;
    expect(parseLabFile(huge, 'huge.json').problems[0]?.message).toMatch(
      /^refused: the file is \d+ bytes/,
    );
  });

  it('refuses a document that is not an object', () => {
    expect(parseLabFile('[1, 2]', 'list.json').problems[0]?.message).toMatch(
      /must hold one object/,
    );
    expect(parseLabFile('just words', 'words.yaml').problems[0]?.message).toMatch(
      /must hold one object/,
    );
  });
});
