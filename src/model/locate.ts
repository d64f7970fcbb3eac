/**
 * Maps problem paths (`devices/tor0/interfaces/eth1`) back to a line and column in the lab file
 * they came from, so the CLI and the editor can point at the text. Best effort: when a segment
 * cannot be found, the closest ancestor's position is used. JSON is parsed as YAML 1.2 (a JSON
 * text is a YAML document), so one walker serves both formats.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Problem } from './problems';

/** Fields that name list items in element paths, in the order validation uses them. */
const KEYS = ['name', 'id', 'peer', 'seq', 'prefix', 'range', 'peerAddress'];

type YNode = unknown;

function scalarText(n: unknown): string | undefined {
  return isScalar(n) ? String(n.value) : undefined;
}

/**
 * Children of a map by key, and of a sequence by the first item naming it (in `KEYS` order per
 * item, like validation) or by index. Built once per node, so locating k problems in a list of
 * n items costs O(n + k), not O(n·k).
 */
const indexes = new WeakMap<object, Map<string, YNode>>();

function indexOf(node: YNode): Map<string, YNode> | undefined {
  if (!isMap(node) && !isSeq(node)) return undefined;
  let index = indexes.get(node);
  if (index) return index;
  index = new Map();
  if (isMap(node)) {
    for (const p of node.items) {
      const k = scalarText(p.key);
      if (k !== undefined && !index.has(k)) index.set(k, p.value ?? undefined);
    }
  } else {
    for (const it of node.items) {
      if (!isMap(it)) continue;
      for (const k of KEYS) {
        const v = scalarText(it.get(k, true));
        if (v !== undefined && !index.has(v)) index.set(v, it);
      }
    }
  }
  indexes.set(node, index);
  return index;
}

function child(node: YNode, seg: string): YNode | undefined {
  const named = indexOf(node)?.get(seg);
  if (named !== undefined && named !== null) return named;
  if (isSeq(node) && /^\d+$/.test(seg)) return node.items[Number(seg)];
  return undefined;
}

function rangeStart(n: YNode): number | undefined {
  const r = (n as { range?: [number, number, number] } | undefined)?.range;
  return r?.[0];
}

/** Adds `file`, `line` and `column` to problems whose path can be found in `text`. */
export function locateProblems(text: string, file: string, problems: Problem[]): Problem[] {
  if (!problems.some((p) => p.line === undefined && p.path !== '/')) return problems;
  const lineCounter = new LineCounter();
  let root: YNode;
  try {
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
    if (doc.errors.length > 0) return problems;
    root = doc.contents;
  } catch {
    return problems;
  }
  return problems.map((p) => {
    if (p.line !== undefined || p.path === '/') return p;
    const segs = p.path.split('/').filter((s) => s !== '');
    let node: YNode = root;
    let i = 0;
    // Names may contain '/' (CIDRs, label keys): try the longest join that exists first.
    while (i < segs.length) {
      let next: YNode | undefined;
      let used = 0;
      for (let j = segs.length; j > i && next === undefined; j--) {
        next = child(node, segs.slice(i, j).join('/'));
        used = j - i;
      }
      if (next === undefined) break;
      node = next;
      i += used;
    }
    const start = rangeStart(node);
    if (start === undefined) return p;
    const pos = lineCounter.linePos(start);
    return { ...p, file: p.file ?? file, line: pos.line, column: pos.col };
  });
}
