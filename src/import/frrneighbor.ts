/**
 * `neighbor X <setting>` for a neighbour or a peer group (FRR semantics): remote-as,
 * description, update-source, ebgp-multihop (bare = 255, as FRR 8.4 shows it), next-hop-self
 * [force], route-reflector-client, default-originate, allowas-in (bare = 3), route-map /
 * prefix-list in|out, shutdown, passive, timers, activate.
 */
import type { NeighborSettings, RemoteAs } from '../model';
import type { Bad, Result } from './frrpolicy';
import { asnOf, intIn } from './lines';
import type { Tok } from './lines';

export interface SettingContext {
  bad: Bad;
  /** The whole source line (descriptions keep their spacing). */
  lineText: string;
  /** Called on `activate` (for `no bgp default ipv4-unicast`). */
  activated: () => void;
}

export function remoteAsOf(text: string | undefined): RemoteAs | undefined {
  if (text === 'internal' || text === 'external') return text;
  return asnOf(text);
}

/** Settings shared by neighbours and peer groups: the words after `neighbor X`. */
export function neighborSetting(
  s: NeighborSettings,
  t: Tok[],
  neg: boolean,
  ctx: SettingContext,
): Result {
  const w = t.map((x) => x.text);
  const flag = <K extends keyof NeighborSettings>(k: K, v: NeighborSettings[K]): Result => {
    if (w.length !== 1 && v !== undefined) return 'unknown';
    if (neg || v === undefined) delete s[k];
    else s[k] = v;
    return 'handled';
  };
  switch (w[0]) {
    case 'remote-as': {
      if (neg) return flag('remoteAs', undefined);
      const r = remoteAsOf(w[1]);
      if (r === undefined) return ctx.bad('`remote-as` needs an AS, internal or external', t[1]);
      s.remoteAs = r;
      return 'handled';
    }
    case 'description':
      if (neg) return flag('description', undefined);
      s.description = ctx.lineText.trim().replace(/^neighbor\s+\S+\s+description\s+/, '');
      return 'handled';
    case 'update-source':
      if (neg) return flag('updateSource', undefined);
      if (!w[1]) return ctx.bad('`update-source` needs an interface or address', t[0]);
      s.updateSource = w[1];
      return 'handled';
    case 'ebgp-multihop': {
      if (neg) return flag('ebgpMultihop', undefined);
      const hops = w[1] === undefined ? 255 : intIn(w[1], 1, 255);
      if (hops === undefined) return ctx.bad('`ebgp-multihop` takes a hop count 1-255', t[1]);
      s.ebgpMultihop = hops;
      return 'handled';
    }
    case 'disable-connected-check':
      return flag('disableConnectedCheck', true);
    case 'next-hop-self':
      if (w[1] === 'force' && w.length === 2) {
        if (neg) delete s.nextHopSelf;
        else s.nextHopSelf = 'force';
        return 'handled';
      }
      return flag('nextHopSelf', true);
    case 'route-reflector-client':
      return flag('routeReflectorClient', true);
    case 'default-originate':
      return flag('defaultOriginate', true);
    case 'shutdown':
      return flag('shutdown', true);
    case 'passive':
      return flag('passive', true);
    case 'activate':
      if (w.length !== 1) return 'unknown';
      if (!neg) ctx.activated();
      s.activate = !neg;
      return 'handled';
    case 'allowas-in': {
      if (neg) return flag('allowasIn', undefined);
      if (w[1] === 'origin') return 'unknown';
      const n = w[1] === undefined ? 3 : intIn(w[1], 1, 10);
      if (n === undefined) return ctx.bad('`allowas-in` takes a count 1-10', t[1]);
      s.allowasIn = n;
      return 'handled';
    }
    case 'route-map':
    case 'prefix-list': {
      const name = w[1];
      const dir = w[2];
      if (!name || (dir !== 'in' && dir !== 'out')) {
        return ctx.bad(`expected \`neighbor … ${w[0]} NAME in|out\``, t[1] ?? t[0]);
      }
      const key =
        w[0] === 'route-map'
          ? dir === 'in'
            ? 'routeMapIn'
            : 'routeMapOut'
          : dir === 'in'
            ? 'prefixListIn'
            : 'prefixListOut';
      if (neg) delete s[key];
      else s[key] = name;
      return 'handled';
    }
    case 'timers': {
      if (w[1] === 'connect' || w[1] === 'delayopen') return 'unknown';
      if (neg) return flag('timers', undefined);
      const keepalive = intIn(w[1], 0, 65535);
      const hold = intIn(w[2], 0, 65535);
      if (keepalive === undefined || hold === undefined) {
        return ctx.bad('expected `timers KEEPALIVE HOLD`', t[1]);
      }
      s.timers = { keepalive, hold };
      return 'handled';
    }
    default:
      return 'unknown';
  }
}
