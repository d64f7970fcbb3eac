/** Parsers for BIRD 2's `show route all` and `show protocols all` text (birdc has no JSON). */

export interface BirdRoute {
  prefix: string;
  /** 'bgp' for routes from a BGP protocol, else the route's type word (static, device, …). */
  kind: string;
  static: boolean;
  best: boolean;
  /** The protocol that holds it (`[peer_10_0_1_1 …]`): maps to a neighbour via `show protocols`. */
  protocol: string;
  /** BGP: `from A.B.C.D` when BIRD prints it (next hop differs from the neighbour). */
  from?: string;
  bgpNextHop?: string;
  asPath: number[];
  gateways: string[];
}

const ROUTE_HEAD =
  /^(\S+\/\d+)?\s+(unicast|blackhole|unreachable|prohibited)\s+\[(\S+)[^\]]*\](\s+\*)?/;

export function parseBirdRoutes(text: string): BirdRoute[] {
  const out: BirdRoute[] = [];
  let prefix = '';
  let cur: BirdRoute | undefined;
  for (const line of text.split('\n')) {
    const head = ROUTE_HEAD.exec(line);
    if (head) {
      if (head[1]) prefix = head[1];
      cur = {
        prefix,
        kind: 'other',
        static: false,
        protocol: head[3] as string,
        best: head[4] !== undefined,
        asPath: [],
        gateways: [],
      };
      // `from A.B.C.D` follows the protocol name for routes learned from a BGP neighbour.
      const from = /\bfrom (\S+)\]/.exec(line);
      if (from) cur.from = from[1];
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^via (\S+)/.exec(t))) cur.gateways.push(m[1] as string);
    else if ((m = /^Type: (\S+)/.exec(t))) {
      cur.kind = m[1] === 'BGP' ? 'bgp' : (m[1] as string).toLowerCase();
      cur.static = m[1] === 'static';
    } else if ((m = /^BGP\.as_path:(.*)$/.exec(t)))
      cur.asPath = (m[1] as string)
        .split(/\s+/)
        .filter((x) => /^\d+$/.test(x))
        .map(Number);
    else if ((m = /^BGP\.next_hop: (\S+)/.exec(t))) cur.bgpNextHop = m[1];
  }
  return out;
}

export interface BirdProtocol {
  name: string;
  state: string;
  neighbor?: string;
}

export function parseBirdProtocols(text: string): BirdProtocol[] {
  const out: BirdProtocol[] = [];
  let cur: BirdProtocol | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\S+)\s+BGP\s+\S+\s+(\S+)/.exec(line);
    if (head) {
      cur = { name: head[1] as string, state: head[2] === 'up' ? 'Established' : 'Idle' };
      out.push(cur);
      continue;
    }
    if (/^\S/.test(line)) cur = undefined;
    if (!cur) continue;
    let m: RegExpExecArray | null;
    if ((m = /^\s+BGP state:\s+(\S+)/.exec(line))) cur.state = m[1] as string;
    else if ((m = /^\s+Neighbor address:\s+(\S+)/.exec(line))) cur.neighbor = m[1];
  }
  return out;
}
