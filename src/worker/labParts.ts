/**
 * A big lab crosses to the worker in parts, each posted in a task of its own: one structured
 * clone of L's lab (2,184 devices, 2,624 links) was a 17 ms task of the main thread, posted
 * while the app was still starting (bench/RESULTS-browser.md). Pure: split here, joined there.
 */
import type { Lab } from '../model/types';

/** The lab's lists that are sent in slices; the rest (clusters, layout…) goes with the head. */
export type PartField = 'devices' | 'links';

export interface LabPart {
  field: PartField;
  items: unknown[];
}

/** Devices or links per part: ~2 ms of structured clone each on L. */
export const PART_SIZE = 400;

/** The lab without its big lists, and the lists in slices of `size`; no parts when it is small. */
export function splitLab(lab: Lab, size = PART_SIZE): { head: Lab; parts: LabPart[] } {
  if (lab.devices.length + lab.links.length <= size) return { head: lab, parts: [] };
  const parts: LabPart[] = [];
  for (const field of ['devices', 'links'] as const)
    for (let i = 0; i < lab[field].length; i += size)
      parts.push({ field, items: lab[field].slice(i, i + size) });
  return { head: { ...lab, devices: [], links: [] }, parts };
}

/** The lab `splitLab` split, from its head and its parts in the order they were made. */
export function joinLab(head: Lab, parts: readonly LabPart[]): Lab {
  const devices: unknown[] = [...head.devices];
  const links: unknown[] = [...head.links];
  for (const p of parts) (p.field === 'devices' ? devices : links).push(...p.items);
  return { ...head, devices: devices as Lab['devices'], links: links as Lab['links'] };
}
