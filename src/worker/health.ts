/**
 * Session health for the canvas, computed in the worker with the run: per link, whether the BGP
 * sessions over it are Established; per device, how many of its sessions are. On L (2,624 links,
 * 5,120 sessions) the main thread spent 25–35 ms of the result's task on this
 * (bench/RESULTS-browser.md); here it rides on the simulation and arrives as plain records.
 */
import type { SessionView } from '../engine/types';
import type { Lab } from '../model/types';

/** Maps, not records: a record of 2,624 keys took the main thread 60 ms to receive, a Map 2 ms. */
export interface SessionHealth {
  /** Links with BGP sessions over them: 'up' when every one is Established. */
  links: Map<string, 'up' | 'down'>;
  /** Devices with sessions: [Established, all]. */
  devices: Map<string, [number, number]>;
}

export const NO_HEALTH: SessionHealth = { links: new Map(), devices: new Map() };

/** Host addresses of the interface at one end of a link. */
export function endAddresses(
  devices: ReadonlyMap<string, Lab['devices'][number]>,
  device: string,
  iface: string,
): string[] {
  const d = devices.get(device);
  return (d?.interfaces.find((i) => i.name === iface)?.addresses ?? []).map(
    (a) => a.split('/')[0] ?? a,
  );
}

/**
 * The sessions over a link are those whose ends are the link's devices, or whose configured peer
 * is the far end's address on it or the near end's interface (a session that is down has no
 * peer device) — as flow.ts `sessionsOver` says per link; here looked up by (device, peer
 * device) and (device, peer) keys instead of scanning both ends' sessions per link.
 */
export function sessionHealth(lab: Lab, sessions: readonly SessionView[]): SessionHealth {
  const index = new Map<string, SessionView[]>();
  const add = (key: string, s: SessionView) => {
    const list = index.get(key);
    if (list) list.push(s);
    else index.set(key, [s]);
  };
  const devices: SessionHealth['devices'] = new Map();
  for (const s of sessions) {
    if (s.peerDevice) add(`${s.device}\0d\0${s.peerDevice}`, s);
    add(`${s.device}\0p\0${s.peer}`, s);
    let count = devices.get(s.device);
    if (!count) devices.set(s.device, (count = [0, 0]));
    if (s.state === 'Established') count[0]++;
    count[1]++;
  }
  const byName = new Map(lab.devices.map((d) => [d.name, d]));
  const links: SessionHealth['links'] = new Map();
  for (const link of lab.links) {
    const over = new Set<SessionView>();
    const from = (device: string, peerDevice: string, iface: string, far: readonly string[]) => {
      for (const s of index.get(`${device}\0d\0${peerDevice}`) ?? []) over.add(s);
      for (const p of [...far, iface])
        for (const s of index.get(`${device}\0p\0${p}`) ?? []) over.add(s);
    };
    from(
      link.a.device,
      link.b.device,
      link.a.interface,
      endAddresses(byName, link.b.device, link.b.interface),
    );
    from(
      link.b.device,
      link.a.device,
      link.b.interface,
      endAddresses(byName, link.a.device, link.a.interface),
    );
    if (over.size === 0) continue;
    let up = true;
    for (const s of over) if (s.state !== 'Established') up = false;
    links.set(link.id, up ? 'up' : 'down');
  }
  return { links, devices };
}
