/** The overview's scene from the lab, its run and the view state (pure). */
import type { SessionView } from '../../engine/types';
import type { Lab, Position } from '../../model/types';
import type { TraceView } from '../../worker/views';
import { linkStates, sessionsOf, traceHopsOf } from './cache';
import type { GroupBox } from './flow';
import type { Health, OverviewScene } from './overview';

const NO_SESSIONS: SessionView[] = [];

export interface SceneInput {
  lab: Lab;
  positions: Readonly<Record<string, Position>>;
  areas: GroupBox[];
  sessions?: readonly SessionView[];
  trace?: TraceView;
  selectedDevices: ReadonlySet<string>;
  selectedLinks: ReadonlySet<string>;
  /**
   * Zoomed in, React Flow draws the devices and areas it holds (`mounted` node ids) and the
   * links between them: the layer then draws only the rest (links running off the window,
   * devices not mounted yet).
   */
  flow?: { mounted: ReadonlySet<string> };
}

function health(sessions: readonly SessionView[] | undefined, device: string): Health {
  const mine = sessionsOf(sessions, device);
  if (mine.length === 0) return 'none';
  const up = mine.filter((s) => s.state === 'Established').length;
  return up === mine.length ? 'ok' : up === 0 ? 'bad' : 'warn';
}

export function overviewScene(i: SceneInput): OverviewScene {
  const states = linkStates(i.lab, i.sessions ?? NO_SESSIONS);
  const hops = traceHopsOf(i.trace);
  const onTrace = new Set<string>();
  for (const p of i.trace?.paths ?? []) for (const h of p.hops) onTrace.add(h.device);
  const flow = i.flow?.mounted;
  return {
    areas: flow ? i.areas.filter((g) => !flow.has(g.id)) : i.areas,
    devices: i.lab.devices.flatMap((d) => {
      const at = i.positions[d.name];
      if (!at || flow?.has(d.name)) return [];
      const mark = i.selectedDevices.has(d.name)
        ? ('selected' as const)
        : onTrace.has(d.name)
          ? ('trace' as const)
          : undefined;
      return [{ name: d.name, at, health: health(i.sessions, d.name), down: !!d.down, mark }];
    }),
    links: i.lab.links.flatMap((l) => {
      const a = i.positions[l.a.device];
      const b = i.positions[l.b.device];
      if (!a || !b || (flow?.has(l.a.device) && flow.has(l.b.device))) return [];
      const mark = i.selectedLinks.has(l.id)
        ? ('selected' as const)
        : hops.has(`${l.a.device}|${l.b.device}`)
          ? ('trace' as const)
          : undefined;
      return [{ a, b, state: states.get(l.id) ?? 'plain', mark }];
    }),
  };
}
