/**
 * The import layer's public face: containerlab topologies with their FRR / BIRD / VyOS configs
 * into the lab model. Pure — file contents come in through a reader; nothing here touches disk.
 * Every entry point returns problems instead of throwing.
 */
import { emptyLab } from '../model';
import { importBird as birdImport } from './bird';
import type { ClabImport, ReadFile } from './containerlab';
import { importContainerlab as clabImport } from './containerlab';
import { emptyFragment } from './fragment';
import type { FragmentImport } from './frr';
import { importFrr as frrImport } from './frr';
import type { Problem } from './problem';
import { importVyos as vyosImport } from './vyos';

export type { ClabImport, ReadFile } from './containerlab';
export type { DeviceFragment } from './fragment';
export type { FragmentImport } from './frr';
export type { Problem } from './problem';
export { BIRD_DENY_ALL } from './bird';
export { configType } from './containerlab';

/** Last line of defence: a parser bug becomes an error problem, never an exception. */
function guard<T>(
  file: string,
  fallback: () => T,
  run: () => T,
  attach: (t: T, p: Problem) => void,
): T {
  try {
    return run();
  } catch (e) {
    const result = fallback();
    attach(result, {
      severity: 'error',
      path: file,
      file,
      message: `internal import error (please report): ${e instanceof Error ? e.message : String(e)}`,
    });
    return result;
  }
}

export function importContainerlab(topologyPath: string, readFile: ReadFile): ClabImport {
  return guard(
    topologyPath,
    () => ({ lab: emptyLab('imported'), problems: [] }),
    () => clabImport(topologyPath, readFile),
    (r, p) => r.problems.push(p),
  );
}

const fragmentGuard =
  (parse: (text: string, fileName: string) => FragmentImport) =>
  (text: string, fileName: string): FragmentImport =>
    guard(
      fileName,
      () => ({ fragment: emptyFragment(), problems: [] }),
      () => parse(text, fileName),
      (r, p) => r.problems.push(p),
    );

/** frr.conf text → device fragment (interfaces, static routes, BGP, unmodelled lines). */
export const importFrr = fragmentGuard(frrImport);
/** bird.conf text (BIRD 2) → device fragment. */
export const importBird = fragmentGuard(birdImport);
/** VyOS `set` commands or config.boot → device fragment. */
export const importVyos = fragmentGuard(vyosImport);
