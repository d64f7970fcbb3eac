/**
 * The lab file: JSON or YAML text ↔ `Lab`. Loading refuses what could hurt (huge input, deep
 * nesting, YAML alias bombs) before or while parsing, migrates older `schemaVersion`s, refuses
 * newer ones whole, fills defaulted fields and checks the shape. Semantic checks are
 * `validateLab`'s job. Saving writes keys in one fixed order, so a saved lab diffs cleanly.
 */
import { LineCounter, parseDocument, stringify } from 'yaml';
import { findJsonError } from './jsonError';
import { LIMITS } from './limits';
import { locateProblems } from './locate';
import { MIGRATIONS, migrate } from './migrations';
import { normalizeLabDoc } from './normalize';
import type { Problem } from './problems';
import { error, hasErrors, info } from './problems';
import type { Lab } from './types';
import { SCHEMA_VERSION } from './types';
import { checkShape } from './validate';

export type LabFormat = 'json' | 'yaml';

export interface ParsedLab {
  lab?: Lab;
  problems: Problem[];
}

/** YAML aliases allowed while building the value (the `yaml` default; bombs need thousands). */
const MAX_ALIASES = 100;

export function formatOf(fileName: string, text: string): LabFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** 1-based line/column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Depth of nested containers, measured without recursion so deep input cannot overflow. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > LIMITS.depth) return max;
    for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push([c, d + 1]);
  }
  return max;
}

const isBlank = (c: string | undefined): boolean =>
  c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Cheap pre-scan: an upper bound on the nesting depth of a YAML (or JSON) text, in one pass and
 * without recursion, so the parsers never see input deep enough to exhaust their stack (a
 * 40 kB run of compact `? ? ? …` kills V8 inside `yaml`). Counts block nesting (the stack of
 * indentation columns, plus compact `- `/`? `/`: ` indicators that open a level on the same
 * line) and flow brackets; skips comments, quoted scalars and block scalar (`|`, `>`) contents,
 * whose brackets are text. Stops counting as soon as `limit` is passed.
 */
export function nestingDepth(text: string, limit: number): number {
  const cols: number[] = [];
  let flow = 0;
  let max = 0;
  let quote = ''; // open quoted scalar, may span lines
  let blockScalarAbove = -1; // inside a block scalar: lines indented deeper than this column
  const deeper = (d: number): void => {
    if (d > max) max = d;
  };
  let pos = 0;
  while (pos <= text.length && max <= limit) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let i = pos;
    while (text[i] === ' ') i++;
    const indent = i - pos;
    const blank = i >= end || text[i] === '\r' || text[i] === '#';
    if (blockScalarAbove >= 0 && (blank || indent > blockScalarAbove)) {
      pos = end + 1;
      continue;
    }
    blockScalarAbove = -1;
    if (blank && !quote) {
      pos = end + 1;
      continue;
    }
    if (!quote && flow === 0) {
      while (cols.length > 0 && (cols[cols.length - 1] ?? 0) > indent) cols.pop();
      if (cols.length === 0 || (cols[cols.length - 1] ?? 0) < indent) cols.push(indent);
      deeper(cols.length);
    }
    let atValue = !quote;
    for (; i < end && max <= limit; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else quote = '';
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === '#' && isBlank(text[i - 1])) break;
      if (atValue) {
        if ((c === '-' || c === '?' || c === ':') && isBlank(text[i + 1])) {
          if (flow === 0) {
            let j = i + 1;
            while (text[j] === ' ') j++;
            cols.push(j - pos);
            deeper(cols.length);
          }
          continue;
        }
        if (c === '&' || c === '!') {
          while (i + 1 < end && !isBlank(text[i + 1])) i++;
          continue;
        }
        if (c === '"' || c === "'") {
          quote = c;
          atValue = false;
          continue;
        }
        if (c === '[' || c === '{') {
          deeper(cols.length + ++flow);
          continue;
        }
        if (flow === 0 && (c === '|' || c === '>')) {
          blockScalarAbove = cols[cols.length - 1] ?? 0;
          break;
        }
        atValue = false;
      }
      if (c === ':' && (isBlank(text[i + 1]) || flow > 0)) atValue = true;
      else if (flow > 0 && c === ',') atValue = true;
      else if (flow > 0 && (c === ']' || c === '}')) flow--;
    }
    pos = end + 1;
  }
  return max;
}

/** UTF-8 length of a text, counted without allocating an encoded copy. */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function parseJson(text: string, file: string): { value?: unknown; problems: Problem[] } {
  try {
    return { value: JSON.parse(text) as unknown, problems: [] };
  } catch (e) {
    const found = findJsonError(text);
    const message = found?.message ?? (e instanceof Error ? e.message : String(e));
    const pos = found ? position(text, found.offset) : undefined;
    return { problems: [{ ...error('/', `JSON syntax error: ${message}`), file, ...pos }] };
  }
}

function parseYaml(text: string, file: string): { value?: unknown; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const message = first.message.split('\n')[0] ?? first.message;
    return {
      problems: [
        { ...error('/', `YAML syntax error: ${message}`), file, line: pos.line, column: pos.col },
      ],
    };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown, problems: [] };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const why = /alias/i.test(msg)
      ? `refused: the YAML expands too many aliases (a "billion laughs" bomb?): ${msg}`
      : `YAML could not be read: ${msg}`;
    return { problems: [{ ...error('/', why), file }] };
  }
}

function versionOf(doc: Record<string, unknown>): number | undefined {
  const v = doc.schemaVersion;
  if (v === undefined) return doc.nodes !== undefined ? 0 : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN;
}

/** Parses a lab file. `lab` is set only when the document has the shape of a Lab. */
export function parseLabFile(text: string, fileName: string): ParsedLab {
  const file = fileName;
  const at = (p: Problem): Problem => ({ ...p, file });
  // Every UTF-16 unit is at least one UTF-8 byte: a text this long is over the limit uncounted.
  const bytes = text.length > LIMITS.fileBytes ? text.length : utf8Bytes(text);
  if (bytes > LIMITS.fileBytes)
    return {
      problems: [
        at(error('/', `refused: the file is ${bytes} bytes; the limit is ${LIMITS.fileBytes}`)),
      ],
    };
  if (nestingDepth(text, LIMITS.depth) > LIMITS.depth)
    return { problems: [at(error('/', `refused: nesting deeper than ${LIMITS.depth} levels`))] };
  const format = formatOf(fileName, text);
  let parsed: { value?: unknown; problems: Problem[] };
  try {
    parsed = format === 'json' ? parseJson(text, file) : parseYaml(text, file);
  } catch (e) {
    // A RangeError from the parser itself (stack exhausted) still must not escape.
    return { problems: [at(error('/', `refused: the file could not be parsed (${String(e)})`))] };
  }
  if (parsed.value === undefined) return { problems: parsed.problems };
  const value = parsed.value;
  if (depthOf(value) > LIMITS.depth)
    return { problems: [at(error('/', `refused: nesting deeper than ${LIMITS.depth} levels`))] };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      problems: [at(error('/', 'a lab file must hold one object (with devices, links, …)'))],
    };
  const problems: Problem[] = [];
  let doc = value as Record<string, unknown>;
  const version = versionOf(doc);
  if (version === undefined) {
    problems.push(at(info('/', `no schemaVersion; read as version ${SCHEMA_VERSION}`)));
  } else if (Number.isNaN(version)) {
    return {
      problems: [
        at(
          error(
            '/schemaVersion',
            `schemaVersion must be a whole number, got ${JSON.stringify(doc.schemaVersion)}`,
          ),
        ),
      ],
    };
  } else if (version > SCHEMA_VERSION) {
    return {
      problems: [
        at(
          error(
            '/schemaVersion',
            `this file is schemaVersion ${version}, newer than this routelab reads (${SCHEMA_VERSION}); update routelab to open it`,
          ),
        ),
      ],
    };
  } else if (version < SCHEMA_VERSION) {
    const m = migrate(doc, version);
    doc = m.doc;
    for (const d of m.applied) problems.push(at(info('/schemaVersion', `migrated ${d}`)));
  }
  const base = fileName.split(/[\\/]/).pop() ?? 'lab';
  doc = normalizeLabDoc(
    { ...doc, schemaVersion: SCHEMA_VERSION },
    base.replace(/(\.clab)?\.(json|ya?ml)$/i, ''),
  );
  // Positions only when the text still has the shape the paths describe (not after a migration).
  const checked = checkShape(doc).map(at);
  const migrated = version !== undefined && version < SCHEMA_VERSION;
  const shape = migrated ? checked : locateProblems(text, file, checked);
  problems.push(...shape);
  return hasErrors(shape) ? { problems } : { lab: doc as unknown as Lab, problems };
}

// ---------------------------------------------------------------- saving

/** Keys that read best first; everything else follows in alphabetical order. */
const FIRST = [
  'schemaVersion',
  'name',
  'kind',
  'id',
  'description',
  'role',
  'daemon',
  'cluster',
  'k8sRole',
  'cni',
  'seq',
  'action',
  'peer',
  'prefix',
  'a',
  'b',
  'asn',
  'routerId',
];
const ORDER = new Map(FIRST.map((k, i) => [k, i]));

function byKey(x: string, y: string): number {
  const a = ORDER.get(x) ?? FIRST.length;
  const b = ORDER.get(y) ?? FIRST.length;
  return a - b || (x < y ? -1 : x > y ? 1 : 0);
}

/** A copy with keys in canonical order and `undefined` fields dropped. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort(byKey)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = canonical(v);
  }
  return out;
}

export function serializeLab(lab: Lab, format: LabFormat): string {
  const data = canonical(lab);
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  return stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** For tests and docs: the migrations known to this build. */
export const KNOWN_MIGRATIONS = MIGRATIONS;
