/** Shared by the commands that open one lab and may fail parts of it before running. */
import type { Lab } from '../model/types';
import { loadExample, loadLab } from './load';

/**
 * Opens `<lab>` or `--example id[/step]` through the shared loader; prints problems and returns
 * the exit code when it cannot (2 unreadable, 1 invalid).
 */
export async function openLab(
  file: string | undefined,
  example: string | undefined,
  cmd: string,
): Promise<Lab | number> {
  const loaded = example !== undefined ? await loadExample(example) : await loadLab(file ?? '');
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  for (const p of errors) {
    process.stderr.write(
      `routelab ${cmd}: ${p.file ?? file ?? example ?? ''}: ${p.path}: ${p.message}\n`,
    );
  }
  if (loaded.unreadable) return 2;
  if (!loaded.lab || errors.length > 0) return 1;
  return loaded.lab;
}

/**
 * Marks failed links/devices down. A link is named by its id, `devA:ifA` (the link on that
 * interface) or `devA--devB` (every link between the two); anything else must be a device.
 */
export function applyFailures(lab: Lab, fails: readonly string[]): Lab {
  const out = structuredClone(lab);
  for (const f of fails) {
    const byId = out.links.filter((l) => l.id === f);
    const [x = '', y] = f.split('--');
    const byPair =
      y !== undefined && !x.includes(':')
        ? out.links.filter(
            (l) => (l.a.device === x && l.b.device === y) || (l.a.device === y && l.b.device === x),
          )
        : [];
    const [dev, iface] = f.split(':');
    const byIface =
      iface !== undefined && !f.includes('--')
        ? out.links.filter((l) => [l.a, l.b].some((e) => e.device === dev && e.interface === iface))
        : [];
    const links = byId.length ? byId : byPair.length ? byPair : byIface;
    if (links.length) {
      for (const l of links) l.down = true;
      continue;
    }
    const d = out.devices.find((z) => z.name === f);
    if (!d) throw new Error(`--fail ${f}: no such link or device`);
    d.down = true;
  }
  return out;
}
