/**
 * Reading a parsed YAML document node by node, keeping source positions (the `yaml` package's
 * `parseDocument` + `LineCounter`), so every problem can point at a line and column.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Problems } from './problem';

export interface YamlSource {
  doc: Document.Parsed;
  file: string;
  text: string;
  lines: LineCounter;
}

export function parseYaml(text: string, file: string, problems: Problems): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const src = { doc, file, text, lines };
  for (const e of doc.errors) {
    const at = lines.linePos(e.pos[0]);
    problems.error(`YAML: ${e.message.split('\n')[0] ?? e.code}`, {
      file,
      line: at.line,
      column: at.col,
    });
  }
  for (const w of doc.warnings) {
    const at = lines.linePos(w.pos[0]);
    problems.warn(`YAML: ${w.message.split('\n')[0] ?? w.code}`, {
      file,
      line: at.line,
      column: at.col,
    });
  }
  return src;
}

export type YNode = Node | null | undefined;

function deref(src: YamlSource, n: unknown): YNode {
  if (isAlias(n)) {
    try {
      return n.resolve(src.doc) as YNode;
    } catch {
      return undefined;
    }
  }
  return n as YNode;
}

/** The value node under `key` of a mapping node. */
export function get(src: YamlSource, node: YNode, key: string): YNode {
  const n = deref(src, node);
  if (!isMap(n)) return undefined;
  for (const pair of n.items) {
    const k = deref(src, pair.key);
    if (isScalar(k) && String(k.value) === key) return deref(src, pair.value);
  }
  return undefined;
}

/** Key/value node pairs of a mapping node (non-scalar keys are skipped). */
export function entries(
  src: YamlSource,
  node: YNode,
): { key: string; keyNode: YNode; value: YNode }[] {
  const n = deref(src, node);
  if (!isMap(n)) return [];
  const out: { key: string; keyNode: YNode; value: YNode }[] = [];
  for (const pair of n.items) {
    const k = deref(src, pair.key);
    if (isScalar(k) && k.value !== null && k.value !== undefined) {
      out.push({ key: String(k.value), keyNode: k, value: deref(src, pair.value) });
    }
  }
  return out;
}

export function items(src: YamlSource, node: YNode): YNode[] {
  const n = deref(src, node);
  return isSeq(n) ? n.items.map((i) => deref(src, i)) : [];
}

export function isMapping(node: YNode): boolean {
  return isMap(node);
}

export function isSequence(node: YNode): boolean {
  return isSeq(node);
}

/** A scalar's value as a string (numbers and booleans too); undefined for anything else. */
export function str(node: YNode): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** A mapping of scalars as a string record (labels, env). */
export function stringMap(src: YamlSource, node: YNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries(src, node)) {
    const v = str(e.value);
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}

export function posOf(
  src: YamlSource,
  node: YNode,
): { file: string; line: number; column: number; offset: number } {
  const offset = node?.range?.[0] ?? 0;
  const p = src.lines.linePos(offset);
  return { file: src.file, line: p.line, column: p.col, offset };
}

/** 1-based line/column of a source offset. */
export function posAt(src: YamlSource, offset: number): { line: number; column: number } {
  const p = src.lines.linePos(offset);
  return { line: p.line, column: p.col };
}
