/**
 * Linux names for a lab: namespace per device and interface names within the kernel's 15-byte
 * limit. Routers and nodes take the exporter's names (configs refer to them); bridge
 * ports, which no config names, get a deterministic safe name. The map is kept for translation.
 */
import type { Lab } from '../../src/model';
import { planExport } from '../../src/export/plan';

const IFNAMSIZ = 15;

function hash4(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return (h & 0xffff).toString(16).padStart(4, '0');
}

function linuxSafe(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= IFNAMSIZ &&
    name !== '.' &&
    name !== '..' &&
    /^[A-Za-z0-9._-]+$/.test(name)
  );
}

/** The Linux name for a model interface name; same input, same output. */
export function linuxIfName(name: string): string {
  if (linuxSafe(name)) return name;
  const clean = name.replace(/[^A-Za-z0-9._-]/g, '-');
  if (linuxSafe(clean)) return clean;
  return `${clean.slice(0, IFNAMSIZ - 5)}-${hash4(name)}`;
}

export interface NameMap {
  prefix: string;
  /** device → namespace */
  ns: Record<string, string>;
  /** device → model interface → Linux interface (the exporter's plan: configs use these) */
  ifName: Record<string, Record<string, string>>;
  /** device → Linux interface → model interface (loopback-like ones all map from `lo`) */
  modelIf: Record<string, Record<string, string>>;
}

export function nameMap(lab: Lab, prefix: string): NameMap {
  // The exporter decides Linux interface names once (loopback-like → lo, unsafe → ethN); the
  // namespaces must use the same names or the exported configs would point at nothing.
  const plan = planExport(lab);
  const map: NameMap = { prefix, ns: {}, ifName: {}, modelIf: {} };
  for (const d of lab.devices) {
    map.ns[d.name] = `${prefix}.${d.name}`;
    const fwd: Record<string, string> = {};
    const back: Record<string, string> = {};
    const planned = plan.devices.get(d.name)?.ifnames;
    for (const i of d.interfaces) {
      const n =
        d.kind === 'bridge' ? linuxIfName(i.name) : (planned?.get(i.name) ?? linuxIfName(i.name));
      fwd[i.name] = n;
      back[n] ??= i.name;
    }
    map.ifName[d.name] = fwd;
    map.modelIf[d.name] = back;
  }
  return map;
}

/** A short prefix unique to this run: `rl` + 4 hex digits. */
export function runPrefix(): string {
  return `rl${Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0')}`;
}
