/**
 * Collects what the real lab shows — BGP tables, kernel FIBs, sessions, traceroutes — from inside
 * each device's namespace, normalised to devices (normal.ts), and waits for convergence.
 */
import type { Lab } from '../../src/model';
import { bgpSpeakers, linkOf, networkOf, nodePods, otherEnd } from '../../src/model';
import type { DaemonHandle } from './daemons';
import type { LabNet } from './netns';
import type { NDevice, NFibEntry, NHop, NPath, NTrace, Snapshot } from './normal';
import { canonPrefix } from './normal';
import { parseBirdRoutes, parseBirdProtocols } from './parse-bird';
import { run, sleep } from './sh';

/** Address → owning device, from every namespace's `ip -j addr` (link-locals included). */
export type AddrMap = Map<string, { device: string; ifname: string }>;

export async function addressMap(net: LabNet): Promise<AddrMap> {
  const map: AddrMap = new Map();
  await Promise.all(
    net.lab.devices.map(async (d) => {
      const r = await run(net.log, 'ip', ['-n', net.names.ns[d.name] as string, '-j', 'addr']);
      const links = JSON.parse(r.stdout || '[]') as {
        ifname: string;
        addr_info?: { local: string }[];
      }[];
      for (const l of links) {
        if (l.ifname === 'lo' && d.kind === 'bridge') continue;
        for (const a of l.addr_info ?? []) {
          if (a.local === '127.0.0.1' || a.local === '::1') continue;
          map.set(a.local, { device: d.name, ifname: l.ifname });
        }
      }
      // A pod answers as its node's pod (the engine names pod hops by their node too).
      if (d.kind === 'k8s-node') {
        for (const p of nodePods(net.lab, d))
          map.set(p.address, { device: d.name, ifname: p.name });
      }
    }),
  );
  return map;
}

/** Who is at the other end of a local interface (through a bridge: '' when ambiguous). */
function acrossInterface(
  lab: Lab,
  net: LabNet,
  device: string,
  ifname: string,
): string | undefined {
  const model = net.names.modelIf[device]?.[ifname] ?? ifname;
  const link = linkOf(lab, { device, interface: model });
  if (!link) return undefined;
  return otherEnd(link, { device, interface: model }).device;
}

function deviceOf(map: AddrMap, addr: string | undefined, self: string): string {
  if (addr === undefined || addr === '' || addr === '0.0.0.0' || addr === '::') return 'self';
  const hit = map.get(addr.split('%')[0] as string);
  if (!hit) return `?${addr}`;
  return hit.device === self ? 'self' : hit.device;
}

// ---------------------------------------------------------------- FRR

interface FrrPath {
  valid?: boolean;
  bestpath?: boolean;
  multipath?: boolean;
  selectionReason?: string;
  peerId?: string;
  path?: string;
  aspath?: { string?: string };
  nexthops?: { ip: string; hostname?: string }[];
}

async function vtysh(net: LabNet, h: DaemonHandle, cmd: string): Promise<unknown> {
  const r = await run(net.log, 'vtysh', ['--vty_socket', h.dir, '-c', cmd]);
  net.raw[`${h.device} ${cmd}`] = r.stdout;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return {};
  }
}

function asPathOf(text: string | undefined): number[] {
  return (text ?? '')
    .split(/\s+/)
    .filter((x) => /^\d+$/.test(x))
    .map(Number);
}

async function frrBgp(
  net: LabNet,
  h: DaemonHandle,
  map: AddrMap,
): Promise<Record<string, NPath[]>> {
  const j = (await vtysh(net, h, 'show bgp ipv4 unicast json')) as {
    routes?: Record<string, FrrPath[]>;
  };
  const out: Record<string, NPath[]> = {};
  for (const [prefix, paths] of Object.entries(j.routes ?? {})) {
    out[prefix] = paths.map((p) => {
      const local = p.peerId === '(unspec)' || p.peerId === undefined;
      return {
        from: local ? 'self' : deviceOf(map, p.peerId, h.device),
        nextHop: deviceOf(map, p.nexthops?.[0]?.ip, h.device),
        asPath: asPathOf(p.path ?? p.aspath?.string),
        valid: p.valid === true,
        best: p.bestpath === true,
        multipath: p.bestpath === true || p.multipath === true,
        ...(p.selectionReason ? { reason: p.selectionReason } : {}),
      };
    });
  }
  return out;
}

async function frrSessions(
  net: LabNet,
  h: DaemonHandle,
  map: AddrMap,
): Promise<Record<string, string>> {
  const j = (await vtysh(net, h, 'show bgp summary json')) as {
    ipv4Unicast?: { peers?: Record<string, { state: string }> };
  };
  const out: Record<string, string> = {};
  for (const [peer, v] of Object.entries(j.ipv4Unicast?.peers ?? {})) {
    const dev = map.has(peer)
      ? deviceOf(map, peer, h.device)
      : (acrossInterface(net.lab, net, h.device, peer) ?? peer);
    out[dev] = v.state;
  }
  return out;
}

// ---------------------------------------------------------------- BIRD

async function birdc(net: LabNet, h: DaemonHandle, cmd: string[]): Promise<string> {
  const text = (await run(net.log, 'birdc', ['-r', '-s', `${h.dir}/bird.ctl`, ...cmd])).stdout;
  net.raw[`${h.device} birdc ${cmd.join(' ')}`] = text;
  return text;
}

async function birdBgp(
  net: LabNet,
  h: DaemonHandle,
  map: AddrMap,
): Promise<Record<string, NPath[]>> {
  const routes = parseBirdRoutes(await birdc(net, h, ['show', 'route', 'all']));
  const protos = parseBirdProtocols(await birdc(net, h, ['show', 'protocols', 'all']));
  const neighbor = new Map(protos.map((p) => [p.name, p.neighbor]));
  // BIRD's table holds every route of the device; locally originated BGP paths are what the
  // exported export filter accepts: networks, aggregates and redistributed sources.
  const sp = bgpSpeakers(net.lab).find((x) => x.device === h.device);
  const originated = new Set([
    ...(sp?.bgp.networks ?? []).map(networkOf),
    ...(sp?.bgp.aggregates ?? []).map((a) => networkOf(a.prefix)),
  ]);
  const kindOf = { connected: 'device', static: 'static', kernel: 'inherit' } as const;
  const redistributed = new Set((sp?.bgp.redistribute ?? []).map((r) => kindOf[r.source]));
  const out: Record<string, NPath[]> = {};
  for (const r of routes) {
    const local = (r.static && originated.has(r.prefix)) || redistributed.has(r.kind as 'device');
    if (r.kind !== 'bgp' && !local) continue;
    (out[r.prefix] ??= []).push({
      from: r.kind === 'bgp' ? deviceOf(map, r.from ?? neighbor.get(r.protocol), h.device) : 'self',
      nextHop: r.kind === 'bgp' ? deviceOf(map, r.bgpNextHop, h.device) : 'self',
      asPath: r.asPath,
      valid: true,
      best: r.best,
      // BIRD has no BGP multipath set; ECMP happens in the kernel protocol (`merge paths`).
      multipath: r.best,
    });
  }
  return out;
}

async function birdSessions(
  net: LabNet,
  h: DaemonHandle,
  map: AddrMap,
): Promise<Record<string, string>> {
  const protos = parseBirdProtocols(await birdc(net, h, ['show', 'protocols', 'all']));
  const out: Record<string, string> = {};
  for (const p of protos) out[deviceOf(map, p.neighbor, h.device)] = p.state;
  return out;
}

// ---------------------------------------------------------------- GoBGP

async function gobgp(net: LabNet, h: DaemonHandle, args: string[]): Promise<unknown> {
  const r = await run(net.log, 'gobgp', ['--target', `unix://${h.dir}/gobgp.sock`, ...args, '-j']);
  net.raw[`${h.device} gobgp ${args.join(' ')}`] = r.stdout;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
}

interface GoPath {
  best?: boolean;
  'neighbor-ip'?: string;
  'source-id'?: string;
  attrs?: { type: number; nexthop?: string; as_paths?: { asns?: number[] }[] }[];
}

async function gobgpBgp(
  net: LabNet,
  h: DaemonHandle,
  map: AddrMap,
): Promise<Record<string, NPath[]>> {
  const j = (await gobgp(net, h, ['global', 'rib', '-a', 'ipv4'])) as
    Record<string, GoPath[]> | undefined;
  const out: Record<string, NPath[]> = {};
  for (const [prefix, paths] of Object.entries(j ?? {})) {
    out[prefix] = paths.map((p) => {
      const nh = p.attrs?.find((a) => a.type === 3)?.nexthop;
      const asPath = (p.attrs?.find((a) => a.type === 2)?.as_paths ?? []).flatMap(
        (s) => s.asns ?? [],
      );
      const nbr = p['neighbor-ip'];
      const local = nbr === undefined || nbr === '<nil>' || nbr === '0.0.0.0';
      return {
        from: local ? 'self' : deviceOf(map, nbr, h.device),
        nextHop: deviceOf(map, nh, h.device),
        asPath,
        valid: true,
        best: p.best === true,
        multipath: p.best === true,
      };
    });
  }
  return out;
}

async function gobgpSessions(
  net: LabNet,
  h: DaemonHandle,
  map: AddrMap,
): Promise<Record<string, string>> {
  const j = (await gobgp(net, h, ['neighbor'])) as
    | { conf?: { neighbor_address?: string }; state?: { session_state?: number | string } }[]
    | undefined;
  const out: Record<string, string> = {};
  for (const n of j ?? []) {
    const s = n.state?.session_state;
    // GoBGP's JSON gives the FSM state as a number (6 = established) or a name.
    const state =
      s === 6 || s === 'established' || s === 'ESTABLISHED' ? 'Established' : String(s ?? 'Idle');
    out[deviceOf(map, n.conf?.neighbor_address, h.device)] = state;
  }
  return out;
}

// ---------------------------------------------------------------- kernel FIB

interface IpRoute {
  dst: string;
  type?: string;
  protocol?: string;
  scope?: string;
  gateway?: string;
  via?: { host: string };
  dev?: string;
  metric?: number;
  nexthops?: { gateway?: string; via?: { host: string }; dev?: string }[];
}

async function kernelFib(
  net: LabNet,
  device: string,
  map: AddrMap,
): Promise<Record<string, NFibEntry>> {
  const r = await run(net.log, 'ip', ['-n', net.names.ns[device] as string, '-j', '-4', 'route']);
  net.raw[`${device} ip route`] = r.stdout;
  const all = JSON.parse(r.stdout || '[]') as IpRoute[];
  // Several routes for one prefix (BIRD re-exports with metric 32 beside the kernel's): the
  // kernel forwards with the lowest metric.
  const chosen = new Map<string, IpRoute>();
  for (const rt of all) {
    const prev = chosen.get(rt.dst);
    if (!prev || (rt.metric ?? 0) < (prev.metric ?? 0)) chosen.set(rt.dst, rt);
  }
  const out: Record<string, NFibEntry> = {};
  for (const rt of chosen.values()) {
    const hops = rt.nexthops ?? [rt];
    const nextHops = hops
      .map((h) => h.gateway ?? h.via?.host)
      .filter((g): g is string => g !== undefined)
      .map((g) => deviceOf(map, g, device));
    let protocol = rt.protocol ?? 'boot';
    if (rt.type === 'blackhole') protocol = 'blackhole';
    else if (rt.scope === 'link' && nextHops.length === 0) {
      // On-link without a gateway: the kernel's own, or a daemon re-exporting it (BIRD direct).
      protocol = rt.dev === 'pods0' || rt.dev?.startsWith('lxc') ? 'cni' : 'connected';
    } else if (protocol === 'boot') protocol = 'static';
    out[canonPrefix(rt.dst)] = { protocol, nextHops: [...new Set(nextHops)].sort() };
  }
  return out;
}

// ---------------------------------------------------------------- snapshot

export async function collectDevices(
  net: LabNet,
  handles: DaemonHandle[],
  map: AddrMap,
): Promise<Record<string, NDevice>> {
  const byDevice = new Map(handles.map((h) => [h.device, h]));
  const out: Record<string, NDevice> = {};
  await Promise.all(
    net.lab.devices
      .filter((d) => d.kind !== 'bridge')
      .map(async (d) => {
        const h = byDevice.get(d.name);
        const nd: NDevice = {
          device: d.name,
          daemon: h?.daemon ?? 'none',
          bgp: {},
          fib: await kernelFib(net, d.name, map),
          sessions: {},
        };
        if (h?.daemon === 'frr') {
          nd.bgp = await frrBgp(net, h, map);
          nd.sessions = await frrSessions(net, h, map);
        } else if (h?.daemon === 'bird') {
          nd.bgp = await birdBgp(net, h, map);
          nd.sessions = await birdSessions(net, h, map);
        } else if (h?.daemon === 'gobgp') {
          nd.bgp = await gobgpBgp(net, h, map);
          nd.sessions = await gobgpSessions(net, h, map);
        }
        out[d.name] = nd;
      }),
  );
  return out;
}

/** JSON with sorted object keys: collection order must not look like a change. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  );
}

export interface ConvergeOptions {
  timeoutMs?: number;
  /** Quiet time required once every session is Established. */
  settleMs?: number;
  /** Quiet time required while some session is not Established (it may still come up). */
  settleDownMs?: number;
}

/**
 * Converged = nothing in any RIB, FIB or session table changed for the settle time (longer than
 * any MRAI: 0 here), with a longer quiet time while some session is still down — GoBGP waits
 * 5–10 s before its first connect. Bounded by the timeout; returns whether it converged.
 */
export async function waitConverged(
  net: LabNet,
  handles: DaemonHandle[],
  map: AddrMap,
  o: ConvergeOptions = {},
): Promise<{ converged: boolean; devices: Record<string, NDevice>; ms: number }> {
  const start = Date.now();
  const timeout = o.timeoutMs ?? 60_000;
  let last = '';
  let since = Date.now();
  for (;;) {
    // Link-local addresses appear as links come up: refresh the owner map on every poll.
    for (const [k, v] of await addressMap(net)) map.set(k, v);
    const devices = await collectDevices(net, handles, map);
    const key = canonicalJson(devices);
    if (key !== last) {
      last = key;
      since = Date.now();
    }
    const allUp = Object.values(devices).every((d) =>
      Object.values(d.sessions).every((s) => s === 'Established'),
    );
    const quiet = Date.now() - since;
    if (quiet >= (allUp ? (o.settleMs ?? 3000) : (o.settleDownMs ?? 14_000))) {
      return { converged: true, devices, ms: Date.now() - start };
    }
    if (Date.now() - start > timeout) return { converged: false, devices, ms: Date.now() - start };
    await sleep(700);
  }
}

// ---------------------------------------------------------------- traceroute

/** `traceroute -n` from inside the source namespace only; hops mapped to devices. */
export async function traceroute(
  net: LabNet,
  from: string,
  to: string,
  map: AddrMap,
): Promise<NTrace> {
  // `node/pod`: probes leave from the pod's own namespace.
  const nsName = net.podNs[from] ?? net.names.ns[from];
  if (nsName === undefined) throw new Error(`trace from unknown ${from}`);
  const r = await run(
    net.log,
    'ip',
    ['netns', 'exec', nsName, 'traceroute', '-n', '-q', '1', '-w', '2', '-m', '12', to],
    40_000,
  );
  const hops: NHop[] = [];
  for (const line of r.stdout.split('\n').slice(1)) {
    const m = /^\s*\d+\s+(\S+)/.exec(line);
    if (!m) continue;
    const addr = m[1] as string;
    if (addr === '*') hops.push({});
    else hops.push({ address: addr, device: map.get(addr)?.device ?? `?${addr}` });
  }
  // Trailing silent hops after the end are traceroute waiting out its max TTL.
  while (hops.length > 0 && hops[hops.length - 1]?.address === undefined) hops.pop();
  const last = hops[hops.length - 1];
  return { from, to, hops, reached: last?.address === to };
}

export async function collectSnapshot(
  net: LabNet,
  handles: DaemonHandle[],
  map: AddrMap,
  devices: Record<string, NDevice>,
  traces: { from: string; to: string }[],
): Promise<Snapshot> {
  const out: NTrace[] = [];
  // Serial: parallel traces would share the CPU with the daemons and time out spuriously.
  for (const t of traces) out.push(await traceroute(net, t.from, t.to, map));
  return { devices, traces: out };
}
