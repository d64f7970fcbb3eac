/**
 * Where a JSON text first goes wrong. `JSON.parse` messages carry no position in current V8
 * ("Unexpected token '}', ... is not valid JSON"), so this small recursive-descent scanner finds
 * the offset. Only called after `JSON.parse` failed, on text whose bracket depth is bounded.
 */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function findJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const what = (): string => (i >= text.length ? 'end of file' : `'${text[i]}'`);
  const fail = (expected: string): never => {
    throw new Fail(i, `expected ${expected}, found ${what()}`);
  };
  const str = (): void => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('4 hex digits after \\u');
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i += 2;
        else {
          i++;
          fail('a valid escape');
        }
        continue;
      }
      if (c !== undefined && c.charCodeAt(0) < 0x20) fail('a closing quote before the line ends');
      i++;
    }
    fail('a closing quote');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        str();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(
      text.slice(i, i + 400),
    );
    if (!m) fail('a value');
    i += m?.[0].length ?? 0;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('end of file');
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, message: e.message };
    return { offset: i, message: String(e) };
  }
}
