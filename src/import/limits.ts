/**
 * Keeps an imported fragment inside the model's limits (src/model/limits.ts), so an imported lab
 * passes the model's own shape check and, once saved, reopens. What breaks a limit is reported
 * at the first place its text appears in the source files:
 * - an interface name longer than IFNAMSIZ allows cannot exist on Linux: an error, and the
 *   interface (with the static routes and unnumbered neighbours on it) is skipped;
 * - a text longer than the model keeps (descriptions, verbatim lines): a warning, truncated.
 */
import { LIMITS } from '../model';
import type { DeviceFragment } from './fragment';
import type { Problems, SourcePos } from './problem';

export interface Source {
  file: string;
  text: string;
}

/** Where `needle` first appears in the sources, as a 1-based line and column. */
function find(sources: Source[], needle: string): Partial<SourcePos> | undefined {
  for (const { file, text } of sources) {
    const at = text.indexOf(needle);
    if (at < 0) continue;
    const before = text.lastIndexOf('\n', at);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
    return { file, line, column: at - before };
  }
  return sources[0] ? { file: sources[0].file } : undefined;
}

const tooLongIfname = (name: string | undefined): name is string =>
  name !== undefined && name.length > LIMITS.interfaceNameLength;

function fitInterfaces(frag: DeviceFragment, sources: Source[], problems: Problems): void {
  const refused = new Set<string>();
  for (const i of frag.interfaces) if (tooLongIfname(i.name)) refused.add(i.name);
  for (const r of frag.staticRoutes) if (tooLongIfname(r.interface)) refused.add(r.interface);
  // `neighbor IFACE interface` (FRR) or a VyOS neighbour named like an interface.
  for (const n of frag.bgp?.neighbors ?? [])
    if (n.interface && tooLongIfname(n.peer)) refused.add(n.peer);
  if (refused.size === 0) return;
  for (const name of refused) {
    problems.error(
      `interface name \`${name.slice(0, 40)}\` is ${name.length} characters; Linux allows at most ${LIMITS.interfaceNameLength} (IFNAMSIZ): its configuration is skipped`,
      find(sources, name),
    );
  }
  frag.interfaces = frag.interfaces.filter((i) => !refused.has(i.name));
  frag.staticRoutes = frag.staticRoutes.filter(
    (r) => r.interface === undefined || !refused.has(r.interface),
  );
  if (frag.bgp)
    frag.bgp.neighbors = frag.bgp.neighbors.filter((n) => !(n.interface && refused.has(n.peer)));
}

/** Truncates every over-long string in place (objects and arrays, iteratively). */
function fitTexts(frag: DeviceFragment, sources: Source[], problems: Problems): void {
  const stack: unknown[] = [frag];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (typeof x === 'string' && x.length > LIMITS.stringLength) {
        problems.warn(
          `${k} of ${x.length} characters is longer than routelab keeps (${LIMITS.stringLength}): truncated`,
          find(sources, x.slice(0, 200)),
        );
        o[k] = x.slice(0, LIMITS.stringLength);
      } else if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
}

export function fitFragment(frag: DeviceFragment, sources: Source[], problems: Problems): void {
  fitInterfaces(frag, sources, problems);
  fitTexts(frag, sources, problems);
}
