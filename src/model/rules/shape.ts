/**
 * Structural checks: does an unknown value have the shape of a `Lab`? A tiny declarative schema
 * walked once; wrong types become problems, never exceptions. Unknown fields are warnings (a
 * typo in a hand-written file should not pass silently, and a newer field should not be fatal).
 */
import { LIMITS } from '../limits';
import type { Problem } from '../problems';
import { error, warning } from '../problems';

export type Shape =
  | { t: 'string'; max?: number }
  | { t: 'number'; int?: boolean; min?: number; max?: number }
  | { t: 'boolean' }
  | { t: 'enum'; values: readonly (string | number | boolean)[] }
  | { t: 'array'; of: Shape; key?: string; max?: number }
  | { t: 'object'; fields: Record<string, Field> }
  | { t: 'record'; of: Shape }
  | { t: 'tagged'; tag: string; cases: Record<string, Shape & { t: 'object' }> }
  | { t: 'or'; options: Shape[]; describe: string };

interface Field {
  shape: Shape;
  required: boolean;
}

export const str = (max: number = LIMITS.stringLength): Shape => ({ t: 'string', max });
export const name = (): Shape => ({ t: 'string', max: LIMITS.nameLength });
export const int = (min?: number, max?: number): Shape => ({ t: 'number', int: true, min, max });
export const num = (): Shape => ({ t: 'number' });
export const bool = (): Shape => ({ t: 'boolean' });
export const lit = (...values: (string | number | boolean)[]): Shape => ({ t: 'enum', values });
export const arr = (of: Shape, key?: string, max: number = LIMITS.listItems): Shape => ({
  t: 'array',
  of,
  key,
  max,
});
export const rec = (of: Shape): Shape => ({ t: 'record', of });
export const or = (describe: string, ...options: Shape[]): Shape => ({
  t: 'or',
  options,
  describe,
});
export const tagged = (tag: string, cases: Record<string, Shape & { t: 'object' }>): Shape => ({
  t: 'tagged',
  tag,
  cases,
});

/** `obj({ a: str() }, { b: int() })`: required fields, then optional ones. */
export function obj(
  required: Record<string, Shape>,
  optional: Record<string, Shape> = {},
): Shape & { t: 'object' } {
  const fields: Record<string, Field> = {};
  for (const [k, shape] of Object.entries(required)) fields[k] = { shape, required: true };
  for (const [k, shape] of Object.entries(optional)) fields[k] = { shape, required: false };
  return { t: 'object', fields };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return String(v);
}

function expected(s: Shape): string {
  switch (s.t) {
    case 'string':
      return 'a string';
    case 'number':
      return s.int ? 'an integer' : 'a number';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${s.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
    case 'tagged':
      return 'an object';
    case 'or':
      return s.describe;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Cheap acceptance test used by `or` (no problems collected). */
function accepts(s: Shape, v: unknown): boolean {
  const out: Problem[] = [];
  check(s, v, '', out);
  return !out.some((p) => p.severity === 'error');
}

export function check(s: Shape, v: unknown, path: string, out: Problem[]): void {
  const at = (p: string): string => (path === '' ? p : `${path}/${p}`);
  switch (s.t) {
    case 'string':
      if (typeof v !== 'string') out.push(error(path, `expected a string, got ${describe(v)}`));
      else if (s.max !== undefined && v.length > s.max)
        out.push(error(path, `is ${v.length} characters long; the limit is ${s.max}`));
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        out.push(error(path, `expected ${expected(s)}, got ${describe(v)}`));
      } else if (s.int && !Number.isInteger(v)) {
        out.push(error(path, `expected an integer, got ${v}`));
      } else if ((s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) {
        out.push(error(path, `${v} is out of range ${s.min ?? '-∞'}..${s.max ?? '∞'}`));
      }
      return;
    case 'boolean':
      if (typeof v !== 'boolean')
        out.push(error(path, `expected true or false, got ${describe(v)}`));
      return;
    case 'enum':
      if (!s.values.includes(v as string))
        out.push(error(path, `expected ${expected(s)}, got ${describe(v)}`));
      return;
    case 'array': {
      if (!Array.isArray(v)) {
        out.push(error(path, `expected a list, got ${describe(v)}`));
        return;
      }
      if (s.max !== undefined && v.length > s.max) {
        out.push(error(path, `has ${v.length} entries; the limit is ${s.max}`));
        return;
      }
      v.forEach((item: unknown, i) => {
        const k = s.key && isObject(item) ? item[s.key] : undefined;
        const seg = typeof k === 'string' || typeof k === 'number' ? String(k) : String(i);
        check(s.of, item, at(seg), out);
      });
      return;
    }
    case 'record':
      if (!isObject(v)) {
        out.push(error(path, `expected an object, got ${describe(v)}`));
        return;
      }
      for (const [k, item] of Object.entries(v)) check(s.of, item, at(k), out);
      return;
    case 'object': {
      if (!isObject(v)) {
        out.push(error(path, `expected an object, got ${describe(v)}`));
        return;
      }
      for (const [k, f] of Object.entries(s.fields)) {
        if (v[k] === undefined) {
          if (f.required) out.push(error(path, `missing required field '${k}'`));
        } else check(f.shape, v[k], at(k), out);
      }
      for (const k of Object.keys(v)) {
        if (!(k in s.fields)) out.push(warning(path, `unknown field '${k}' is ignored`));
      }
      return;
    }
    case 'tagged': {
      if (!isObject(v)) {
        out.push(error(path, `expected an object, got ${describe(v)}`));
        return;
      }
      const tag = v[s.tag];
      const c = typeof tag === 'string' ? s.cases[tag] : undefined;
      if (!c || !Object.hasOwn(s.cases, tag as string)) {
        const names = Object.keys(s.cases).join(', ');
        out.push(error(path, `'${s.tag}' must be one of ${names}, got ${describe(tag)}`));
        return;
      }
      check(c, v, path, out);
      return;
    }
    case 'or':
      if (!s.options.some((o) => accepts(o, v)))
        out.push(error(path, `expected ${s.describe}, got ${describe(v)}`));
      return;
  }
}
