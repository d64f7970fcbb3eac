/**
 * Opens whatever the CLI is pointed at as a lab: a routelab lab file (JSON/YAML), a containerlab
 * topology (`*.clab.yml|yaml`, through the importer), or a built-in example (`--example <id>`).
 * Every outcome is data: `unreadable` says the file itself could not be read (exit code 2).
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parseLabFile } from '../model/labfile';
import { LIMITS } from '../model/limits';
import type { Problem } from '../model/problems';
import type { Lab } from '../model/types';

export interface LoadedLab {
  lab?: Lab;
  problems: Problem[];
  /** The file could not be read at all (missing, a directory, no permission). */
  unreadable?: boolean;
  /** The lab file's text, when the lab came from one (to locate later problems in it). */
  text?: string;
}

const CLAB = /\.clab\.ya?ml$/i;

function failure(path: string, message: string, unreadable = false): LoadedLab {
  return { problems: [{ severity: 'error', path: '/', message, file: path }], unreadable };
}

function tooBig(path: string, bytes: number): LoadedLab {
  return failure(path, `refused: ${path} is ${bytes} bytes; the limit is ${LIMITS.fileBytes}`);
}

async function readText(path: string): Promise<string | LoadedLab> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return failure(path, `cannot read ${path}: not a file`, true);
    if (s.size > LIMITS.fileBytes) return tooBig(path, s.size);
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(e);
    return failure(path, `cannot read ${path}: ${why}`, true);
  }
}

/** The importer reads configs next to the topology synchronously; same size limit applies. */
function readSibling(path: string): string | undefined {
  try {
    if (statSync(path).size > LIMITS.fileBytes) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function loadContainerlab(path: string): Promise<LoadedLab> {
  let mod: { importContainerlab?: (p: string, r: (p: string) => string | undefined) => LoadedLab };
  try {
    mod = (await import('../import/index')) as typeof mod;
  } catch (e) {
    return failure(path, `containerlab import is not available in this build (${String(e)})`);
  }
  if (typeof mod.importContainerlab !== 'function')
    return failure(path, 'containerlab import is not available in this build');
  const r = mod.importContainerlab(path, readSibling);
  return { lab: r.lab, problems: r.problems };
}

export async function loadLab(path: string): Promise<LoadedLab> {
  const text = await readText(path);
  if (typeof text !== 'string') return text;
  if (CLAB.test(path)) return loadContainerlab(path);
  return { ...parseLabFile(text, path), text };
}

/** `id` or `id/step`: an example's first step, or the named one. */
export async function loadExample(ref: string): Promise<LoadedLab> {
  let mod: {
    getExample?: (id: string) => { steps: { id: string; lab: Lab }[] } | undefined;
    examples?: { id: string; steps: { id: string }[] }[];
  };
  try {
    mod = (await import('../model/examples/index')) as typeof mod;
  } catch (e) {
    return failure(`example:${ref}`, `built-in examples are not available (${String(e)})`, true);
  }
  const [id = '', stepId] = ref.split('/');
  const ex = mod.getExample?.(id);
  const step = stepId === undefined ? ex?.steps[0] : ex?.steps.find((s) => s.id === stepId);
  if (!ex || !step) {
    const known = (mod.examples ?? []).flatMap((e) => [
      e.id,
      ...e.steps.map((s) => `${e.id}/${s.id}`),
    ]);
    return failure(`example:${ref}`, `no example ${ref}; known: ${known.join(', ')}`, true);
  }
  return { lab: step.lab, problems: [] };
}
