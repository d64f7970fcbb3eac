/** The overview's scene from the lab, its run and the view state (pure). */
import type { Lab, Position } from '../../model/types';
import type { SessionHealth } from '../../worker/health';
import type { TraceView } from '../../worker/views';
import { linkStates, traceHopsOf } from './cache';
import type { GroupBox } from './flow';
import type { Health, OverviewScene } from './overview';

export interface SceneInput {
  lab: Lab;
  positions: Readonly<Record<string, Position>>;
  areas: GroupBox[];
  /** How the run's sessions stand (worker/health.ts). */
  health?: SessionHealth;
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

function healthOf(health: SessionHealth | undefined, device: string): Health {
  const [up, all] = health?.devices.get(device) ?? [0, 0];
  if (all === 0) return 'none';
  return up === all ? 'ok' : up === 0 ? 'bad' : 'warn';
}

export function overviewScene(i: SceneInput): OverviewScene {
  const states = linkStates(i.lab, i.health);
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
      return [{ name: d.name, at, health: healthOf(i.health, d.name), down: !!d.down, mark }];
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
