/**
 * Every user string that reaches a file name, a YAML key, a shell word or a config line passes
 * through here first. Names are sanitised to what containerlab, Docker, kind and Linux accept;
 * free text loses its control characters so it can never start a new config line.
 */
import { familyOf, isCidr, isIp } from '../model';

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A containerlab / Docker node name: `[A-Za-z0-9][A-Za-z0-9_.-]*`, at most `max` characters. */
export function sanitizeName(raw: string, max = 40, fallback = 'node'): string {
  let s = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  s = s.slice(0, max).replace(/[-_.]+$/, '');
  return s === '' ? fallback : s;
}

/** A DNS-label style name (kind cluster, Kubernetes object, containerlab lab): `[a-z0-9-]`. */
export function sanitizeDnsName(raw: string, max = 40, fallback = 'lab'): string {
  const s = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s === '' ? fallback : s;
}

/** Picks `base`, else `base-2`, `base-3`… not in `taken` (and records the choice). */
export function uniqueName(base: string, taken: Set<string>, max = 40): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = `-${i}`;
    name = base.slice(0, max - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Linux interface names: at most 15 bytes, no `/`, whitespace or `:`; `.`/`..` are reserved. */
export function isSafeIfname(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/.test(name) && NODE_NAME.test(name);
}

/** One POSIX shell word: single-quoted, with embedded quotes closed and escaped. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A config token (route-map, prefix-list, peer-group name): no spaces, quotes or controls. */
export function configToken(raw: string, fallback = 'unnamed'): string {
  const s = raw.replace(/[^A-Za-z0-9_.:-]+/g, '_').slice(0, 63);
  return s === '' ? fallback : s;
}

/** A BIRD symbol: `[A-Za-z_][A-Za-z0-9_]*`, prefixed so it never collides with a keyword. */
export function birdSymbol(prefix: string, raw: string): string {
  return `${prefix}_${raw.replace(/[^A-Za-z0-9_]+/g, '_')}`.slice(0, 64);
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** True when `raw` is a single line (no control characters at all). */
export function isOneLine(raw: string): boolean {
  return !new RegExp(CONTROLS.source).test(raw);
}

/** Free text (descriptions) on one line: control characters become spaces. */
export function oneLine(raw: string, max = 80): string {
  return raw.replace(CONTROLS, ' ').trim().slice(0, max);
}

/** Text inside a double-quoted string (BIRD, TOML, VyOS): one line, `"` and `\` removed. */
export function quotedText(raw: string, max = 80): string {
  return oneLine(raw, max).replace(/["\\]/g, "'");
}

export const validCidr = (s: string): boolean => isCidr(s);
export const validIpv4Cidr = (s: string): boolean => isCidr(s) && familyOf(s) === 4;
export const validIp = (s: string): boolean => isIp(s);
export const validIpv4 = (s: string): boolean => isIp(s) && familyOf(s) === 4;
export const validAsn = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 4294967295;

/** A Kubernetes label key/value pair kept only when both are valid label syntax. */
export function validLabel(key: string, value: string): boolean {
  const name = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
  const [prefix, local, ...rest] = key.includes('/') ? key.split('/') : ['', key];
  if (rest.length > 0 || local === undefined || !name.test(local)) return false;
  if (prefix !== '' && !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(prefix ?? '')) return false;
  return value === '' || name.test(value);
}
