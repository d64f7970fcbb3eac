/** POSIX path helpers for bound files (the pure layers may not use node:path). */

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** Joins `rel` onto `dir` (absolute `rel` wins) and folds `.`/`..` segments. */
export function resolvePath(dir: string, rel: string): string {
  const abs = rel.startsWith('/');
  const joined = abs ? rel : `${dir}/${rel}`;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!joined.startsWith('/')) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const body = out.join('/');
  if (joined.startsWith('/')) return `/${body}`;
  return body === '' ? '.' : body;
}
