/**
 * BIRD 2 config syntax: tokens (words, strings, punctuation) and a tree of statements
 * (`words… ;` or `words… { block }`), each with its position. Comments (`#`, `/* *\/`) are
 * dropped here; meaning is assigned in bird.ts.
 */

export interface BirdTok {
  text: string;
  /** 'word' (identifiers, numbers, addresses, prefixes), 'string' ("…" without quotes), 'punct'. */
  kind: 'word' | 'string' | 'punct';
  line: number;
  column: number;
  offset: number;
}

export interface BirdStmt {
  words: BirdTok[];
  block?: BirdStmt[];
  /** `if … then { … } else { … }` */
  elseBlock?: BirdStmt[];
  line: number;
  column: number;
  /** Source offsets of the statement, for keeping its text. */
  start: number;
  end: number;
}

export interface SyntaxIssue {
  message: string;
  line: number;
  column: number;
}

const PUNCT2 = ['!~', '!=', '<=', '>=', '&&', '||', '..'];
const WORD = /[A-Za-z0-9_.:/]/;

export function birdTokens(src: string): { toks: BirdTok[]; issues: SyntaxIssue[] } {
  const toks: BirdTok[] = [];
  const issues: SyntaxIssue[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const pos = (o: number): { line: number; column: number; offset: number } => ({
    line,
    column: o - lineStart + 1,
    offset: o,
  });
  const newline = (o: number): void => {
    line++;
    lineStart = o + 1;
  };
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const at = pos(i);
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      if (end < 0) issues.push({ message: 'unterminated /* comment', ...at });
      for (let k = i; k < stop; k++) if (src[k] === '\n') newline(k);
      i = stop;
      continue;
    }
    if (c === '"') {
      const at = pos(i);
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== '"' && src[j] !== '\n') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j] ?? '';
        j++;
      }
      if (src[j] !== '"') issues.push({ message: 'unterminated string', ...at });
      toks.push({ text, kind: 'string', ...at });
      i = src[j] === '"' ? j + 1 : j;
      continue;
    }
    if (WORD.test(c)) {
      const at = pos(i);
      let j = i;
      while (j < src.length && WORD.test(src[j] ?? '')) j++;
      let text = src.slice(i, j);
      // Prefix-set modifiers glued to a prefix: 10.0.0.0/8+ and 10.0.0.0/8-
      if (text.includes('/') && (src[j] === '+' || src[j] === '-')) text += src[j++] ?? '';
      toks.push({ text, kind: 'word', ...at });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    const at = pos(i);
    if (PUNCT2.includes(two)) {
      toks.push({ text: two, kind: 'punct', ...at });
      i += 2;
      continue;
    }
    toks.push({ text: c, kind: 'punct', ...at });
    i++;
  }
  return { toks, issues };
}

/** Builds the statement tree; never throws, reports unbalanced braces as issues. */
/** Structure comes from punctuation only: `description "{";` holds a string, not a block. */
const isPunct = (t: BirdTok | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;

export function birdStatements(src: string): { stmts: BirdStmt[]; issues: SyntaxIssue[] } {
  const { toks, issues } = birdTokens(src);
  let i = 0;
  const block = (depth: number): BirdStmt[] => {
    const out: BirdStmt[] = [];
    let words: BirdTok[] = [];
    let nest = 0; // inside ( ) or [ ]
    const startOf = (): number => words[0]?.offset ?? toks[i]?.offset ?? src.length;
    const push = (s: Omit<BirdStmt, 'line' | 'column' | 'start'>, first: BirdTok): void => {
      out.push({ ...s, line: first.line, column: first.column, start: first.offset });
    };
    while (i < toks.length) {
      const t = toks[i] as BirdTok;
      if (nest > 0) {
        if (isPunct(t, '(') || isPunct(t, '[')) nest++;
        if (isPunct(t, ')') || isPunct(t, ']')) nest--;
        words.push(t);
        i++;
        continue;
      }
      if (isPunct(t, '(') || isPunct(t, '[')) {
        nest++;
        words.push(t);
        i++;
        continue;
      }
      if (isPunct(t, ';')) {
        const first = words[0];
        if (first) push({ words, end: t.offset + 1 }, first);
        words = [];
        i++;
        continue;
      }
      if (isPunct(t, '}')) {
        const first = words[0];
        if (first) push({ words, end: t.offset }, first);
        if (depth === 0) {
          issues.push({ message: 'unexpected }', line: t.line, column: t.column });
          i++;
          words = [];
          continue;
        }
        i++;
        return out;
      }
      if (isPunct(t, '{')) {
        const first = words[0] ?? t;
        const start = startOf();
        i++;
        const inner = block(depth + 1);
        const stmt: BirdStmt = {
          words,
          block: inner,
          line: first.line,
          column: first.column,
          start,
          end: toks[i - 1]?.offset ?? src.length,
        };
        if (toks[i]?.text === 'else') {
          i++;
          if (isPunct(toks[i], '{')) {
            i++;
            stmt.elseBlock = block(depth + 1);
          } else {
            const rest = block1();
            if (rest) stmt.elseBlock = [rest];
          }
        }
        if (isPunct(toks[i], ';')) i++;
        out.push(stmt);
        words = [];
        continue;
      }
      words.push(t);
      i++;
    }
    const first = words[0];
    if (first) {
      issues.push({
        message: 'statement not terminated by ;',
        line: first.line,
        column: first.column,
      });
      push({ words, end: src.length }, first);
    }
    if (depth > 0) {
      const last = toks[toks.length - 1];
      issues.push({
        message: 'missing } at end of file',
        line: last?.line ?? 1,
        column: last?.column ?? 1,
      });
    }
    return out;
  };
  /** One `words… ;` statement (for `else accept;`). */
  const block1 = (): BirdStmt | undefined => {
    const words: BirdTok[] = [];
    while (i < toks.length && !isPunct(toks[i], ';') && !isPunct(toks[i], '}')) {
      words.push(toks[i] as BirdTok);
      i++;
    }
    if (isPunct(toks[i], ';')) i++;
    const first = words[0];
    if (!first) return undefined;
    return { words, line: first.line, column: first.column, start: first.offset, end: i };
  };
  return { stmts: block(0), issues };
}
