/**
 * Mutation-based fuzzing: take a real file and break it the way people and tools do — cut it
 * short, flip or insert characters, drop, repeat, swap or inject lines, swap numbers for absurd
 * ones. Mutants of real input reach far deeper into a parser than random strings do.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/** Values that sit just past some limit: AS numbers, prefix lengths, ports, floats. */
const ABSURD = [
  '0',
  '-1',
  '33',
  '129',
  '999999',
  '4294967295',
  '4294967296',
  '18446744073709551616',
  '1e309',
  'NaN',
  '0x10',
  '1.5',
  '',
];

/** Lines that mean something to one of the formats, spliced in anywhere. */
const HOSTILE_LINES = [
  ' neighbor 1.2.3.4 remote-as 1',
  'router bgp 4294967296',
  'ip prefix-list X seq 5 permit 10.0.0.0/33',
  '&a [*a, *a, *a]',
  '*undefined',
  '<<: *x',
  '- !!binary AAAA',
  '  - {',
  'protocol bgp { neighbor 10.0.0.1 as 0; }',
  'set protocols bgp neighbor ::1 remote-as 4294967296',
  '}}}}',
  '"unterminated',
  '\t\t\t',
  '\u0000',
  '\uFEFF',
  '\r',
];

export type Mutation =
  | { op: 'cut'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'flip'; at: number; char: string }
  | { op: 'dropLine'; line: number }
  | { op: 'dupLine'; line: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'injectLine'; line: number; text: string }
  | { op: 'absurdNumber'; nth: number; value: string };

/** Applies one mutation; positions wrap around the text, so any number is valid. */
export function applyMutation(text: string, m: Mutation): string {
  const n = Math.max(text.length, 1);
  const lines = text.split('\n');
  const ln = (i: number): number => i % Math.max(lines.length, 1);
  switch (m.op) {
    case 'cut':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'flip': {
      const at = m.at % n;
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
    case 'dropLine':
      lines.splice(ln(m.line), 1);
      return lines.join('\n');
    case 'dupLine':
      lines.splice(ln(m.line), 0, lines[ln(m.line)] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const a = ln(m.a);
      const b = ln(m.b);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'injectLine':
      lines.splice(ln(m.line), 0, m.text);
      return lines.join('\n');
    case 'absurdNumber': {
      let i = 0;
      const count = (text.match(/\d+/g) ?? []).length;
      if (count === 0) return text;
      const target = m.nth % count;
      return text.replace(/\d+/g, (d) => (i++ === target ? m.value : d));
    }
  }
}

const anyChar = fc.oneof(
  fc.constantFrom('\n', ' ', '\t', '{', '}', '[', ']', ':', '#', '!', '"', "'", '&', '*', '-', '/'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

export const arbMutation = (): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(...HOSTILE_LINES)),
    }),
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(), char: anyChar }),
    fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
    fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
    fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({
      op: fc.constant('injectLine' as const),
      line: fc.nat(),
      text: fc.constantFrom(...HOSTILE_LINES),
    }),
    fc.record({
      op: fc.constant('absurdNumber' as const),
      nth: fc.nat(),
      value: fc.constantFrom(...ABSURD),
    }),
  );

/** A real text with one to six mutations applied in order. */
export function mutated(text: string): fc.Arbitrary<string> {
  return fc
    .array(arbMutation(), { minLength: 1, maxLength: 6 })
    .map((ms) => ms.reduce(applyMutation, text));
}

/** Mutants of any one of several real texts. */
export function mutatedOneOf(texts: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(...texts.map(mutated));
}

export function readFixture(rel: string): string {
  return readFileSync(new URL(`../../../${rel}`, import.meta.url), 'utf8');
}
