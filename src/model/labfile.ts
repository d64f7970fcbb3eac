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

/** Cheap pre-scan: bracket depth of flow collections, so the parsers never recurse too deep. */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"') quote = c;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
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
  if (text.length > LIMITS.fileBytes)
    return {
      problems: [
        at(
          error('/', `refused: the file is ${text.length} bytes; the limit is ${LIMITS.fileBytes}`),
        ),
      ],
    };
  if (bracketDepth(text) > LIMITS.depth)
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
