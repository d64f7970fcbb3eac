/** Just enough POSIX shell word splitting to read containerlab `exec:` lines. */

export interface Word {
  text: string;
  /** Offset of the word's first character (its opening quote, if quoted) in the input. */
  offset: number;
}

/**
 * Splits a command line into words, honouring single quotes, double quotes and backslashes.
 * An unterminated quote ends at the end of input; `error` says so.
 */
export function shellWords(line: string): { words: Word[]; error?: string } {
  const words: Word[] = [];
  let cur = '';
  let start = -1;
  let error: string | undefined;
  let i = 0;
  const flush = (): void => {
    if (start >= 0) words.push({ text: cur, offset: start });
    cur = '';
    start = -1;
  };
  while (i < line.length) {
    const c = line[i] ?? '';
    if (/\s/.test(c)) {
      flush();
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) {
        error = `unterminated ' quote at offset ${i}`;
        cur += line.slice(i + 1);
        i = line.length;
      } else {
        cur += line.slice(i + 1, end);
        i = end + 1;
      }
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i] ?? '';
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] ?? '')) {
          cur += line[i + 1] ?? '';
          i += 2;
          continue;
        }
        cur += d;
        i++;
      }
      if (!closed) error = 'unterminated " quote';
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      cur += line[i + 1] ?? '';
      i += 2;
      continue;
    }
    cur += c;
    i++;
  }
  flush();
  return error === undefined ? { words } : { words, error };
}

/** Splits a shell list on `;`, `&&` and `||` outside quotes (for `bash -c '…'` bodies). */
export function splitCommands(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote) {
      if (c === quote) quote = undefined;
      cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      cur += c;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (c === ';' || c === '\n' || two === '&&' || two === '||') {
      out.push(cur);
      cur = '';
      if (two === '&&' || two === '||') i++;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
