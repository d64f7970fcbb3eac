/** Source lines and whitespace tokens with their positions, shared by the config parsers. */

export interface ConfigLine {
  text: string;
  file: string;
  /** 1-based line of the text's first character. */
  line: number;
  /** 1-based column of the text's first character. */
  column: number;
}

export interface Tok {
  text: string;
  /** 1-based column in the file. */
  column: number;
}

/** Splits file text into lines (any newline convention), numbered from 1. */
export function linesOf(text: string, file: string): ConfigLine[] {
  return text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, file, line: i + 1, column: 1 }));
}

/** Whitespace-separated tokens of a line with their columns. */
export function tokens(line: ConfigLine): Tok[] {
  const out: Tok[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.text)) !== null) out.push({ text: m[0], column: line.column + m.index });
  return out;
}

/** A decimal integer in [min, max], or undefined. */
export function intIn(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/** An AS number (1..4294967295), plain or asdot ("1.10"). */
export function asnOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const dot = /^(\d{1,5})\.(\d{1,5})$/.exec(text);
  if (dot) {
    const hi = intIn(dot[1], 0, 65535);
    const lo = intIn(dot[2], 0, 65535);
    return hi === undefined || lo === undefined ? undefined : hi * 65536 + lo || undefined;
  }
  return intIn(text, 1, 4294967295);
}
