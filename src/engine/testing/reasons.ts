/**
 * What `show bgp` says about every path of every device, as one line per path (device, prefix,
 * best/multipath/valid flags, source, next hop, decision reason, not-multipath reason, invalid
 * reason), for the real-daemon corpus labs and the built-in examples: fresh, and after each link
 * fails and is restored (`apply`, where the older-path rule and decisions kept from the converged
 * state shape the reasons). A scenario after a failure keeps only a digest of the lines that
 * differ from the fresh run, to keep the capture small. reasons.test.ts pins them against a capture (fixtures/reasons.json).
 */
import { corpusLabs } from '../../../tests/real/corpus';
import type { Lab } from '../../model';
import { examples } from '../../model/examples';
import type { DeviceBgpView, SimEvent, SimOptions, SimResult } from '../types';

/** The engine entry points the scenarios use (any engine build with the same API). */
export interface EngineApi {
  simulate(lab: Lab, options?: SimOptions): SimResult;
  apply(result: SimResult, event: SimEvent): SimResult;
  deviceView(result: SimResult, device: string): DeviceBgpView | undefined;
}

/**
 * A fresh run: every line (a digest of them past FULL_LINES lines); after an event: a digest of
 * the lines added and removed against the fresh run.
 */
export type ReasonScenario = string[] | string;

const FULL_LINES = 40;

/** FNV-1a over the text (32-bit, hex): a compact fingerprint for the capture. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function reasonLines(eng: EngineApi, r: SimResult, lab: Lab): string[] {
  const out: string[] = [];
  for (const d of lab.devices) {
    const v = eng.deviceView(r, d.name);
    if (!v) continue;
    for (const e of v.locRib)
      for (const p of e.paths)
        out.push(
          [
            d.name,
            e.prefix,
            `${p.best ? '>' : ''}${p.multipath ? '=' : ''}${p.valid ? '' : '!'}`,
            p.fromDevice ?? 'local',
            p.nextHop,
            p.reason ?? '',
            p.notMultipathReason ?? '',
            p.invalidReason ?? '',
          ].join('|'),
        );
  }
  return out.sort();
}

/** Corpus labs by corpus id, example steps as `example/step`. */
export function reasonLabs(): { id: string; lab: Lab }[] {
  return [
    ...corpusLabs().map((c) => ({ id: c.id, lab: c.lab })),
    ...examples.flatMap((e) => e.steps.map((s) => ({ id: `${e.id}/${s.id}`, lab: s.lab }))),
  ];
}

/** The scenarios of one lab, keyed `id`, `id link down`, `id link up`. */
export function reasonScenarios(
  eng: EngineApi,
  { id, lab }: { id: string; lab: Lab },
): Record<string, ReasonScenario> {
  const base = eng.simulate(lab, { views: false });
  const fresh = reasonLines(eng, base, lab);
  const had = new Set(fresh);
  const out: Record<string, ReasonScenario> = {
    [id]: fresh.length <= FULL_LINES ? fresh : `${fresh.length} ${fnv1a(fresh.join('\n'))}`,
  };
  const delta = (r: SimResult): ReasonScenario => {
    const now = reasonLines(eng, r, lab);
    const has = new Set(now);
    const added = now.filter((l) => !had.has(l));
    const removed = fresh.filter((l) => !has.has(l));
    return `+${added.length} -${removed.length} ${fnv1a([...added, '', ...removed].join('\n'))}`;
  };
  for (const l of lab.links) {
    const down = eng.apply(base, { kind: 'link-down', link: l.id });
    out[`${id} ${l.id} down`] = delta(down);
    out[`${id} ${l.id} up`] = delta(eng.apply(down, { kind: 'link-up', link: l.id }));
  }
  return out;
}
