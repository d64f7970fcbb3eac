/**
 * Builds a routelab lab in network namespaces — one per device, veths created directly inside
 * the two namespaces, Linux bridges in the bridge device's own namespace — and tears it down.
 * Nothing is ever added to the root namespace. Teardown kills only PIDs this run recorded and
 * deletes only namespaces it created, also on error, SIGINT/SIGTERM and process exit.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Device, K8sNode, Lab } from '../../src/model';
import {
  clusterNodes,
  clusterOf,
  contains,
  familyOf,
  networkOf,
  nodeBgp,
  nodeIp,
  nodePodCidrs,
  nodePods,
  serviceAddresses,
} from '../../src/model';
import type { NameMap } from './names';
import { nameMap, runPrefix } from './names';
import type { RunLog } from './sh';
import { logLine, must, run } from './sh';

export interface LabNet {
  lab: Lab;
  names: NameMap;
  /** /run/rl/<prefix>: per-device runtime dirs live below it. */
  runDir: string;
  log: RunLog;
  /** Namespaces this run created, in creation order. */
  namespaces: string[];
  /** PIDs of daemons this run started. */
  pids: number[];
  /** `node/pod` → the pod's own namespace. */
  podNs: Record<string, string>;
  /** Last raw output of every query ("device command" → text), saved with the logs. */
  raw: Record<string, string>;
  torn: boolean;
}

// ---------------------------------------------------------------- teardown registry

const live = new Set<LabNet>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const net of live) teardownSync(net);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const net of live) teardownSync(net);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Synchronous teardown, safe from an exit handler. */
export function teardownSync(net: LabNet): void {
  if (net.torn) return;
  net.torn = true;
  live.delete(net);
  for (const pid of net.pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const ns of [...net.namespaces].reverse()) {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  rmSync(net.runDir, { recursive: true, force: true });
}

/** Graceful teardown: SIGTERM the recorded daemons, then delete the namespaces. */
export async function teardown(net: LabNet): Promise<void> {
  if (net.torn) return;
  for (const pid of net.pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 20 && net.pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  logLine(net.log, `teardown ${net.names.prefix}`);
  teardownSync(net);
}

// ---------------------------------------------------------------- build

export interface BuildOptions {
  log?: RunLog;
  prefix?: string;
  /** Devices whose static routes the daemon installs itself (FRR staticd); skipped here. */
  staticsByDaemon?: Set<string>;
}

const ROUTING_KINDS = new Set(['router', 'k8s-node']);

/** Creates every namespace, link, address, sysctl and static route of the lab. */
export async function buildNet(lab: Lab, opts: BuildOptions = {}): Promise<LabNet> {
  installHandlers();
  const names = nameMap(lab, opts.prefix ?? runPrefix());
  const net: LabNet = {
    lab,
    names,
    runDir: `/run/rl/${names.prefix}`,
    log: opts.log ?? {},
    namespaces: [],
    pids: [],
    raw: {},
    podNs: {},
    torn: false,
  };
  live.add(net);
  try {
    await Promise.all(lab.devices.map((d) => addNamespace(net, d)));
    await addLinks(net);
    await Promise.all(lab.devices.map((d) => addAddresses(net, d)));
    await Promise.all(
      lab.devices.map((d) =>
        opts.staticsByDaemon?.has(d.name) ? Promise.resolve() : addStaticRoutes(net, d),
      ),
    );
    await Promise.all(
      lab.devices.filter((d): d is K8sNode => d.kind === 'k8s-node').map((d) => addCni(net, d)),
    );
    return net;
  } catch (e) {
    await teardown(net);
    throw e;
  }
}

async function ns(net: LabNet, nsName: string, args: string[]): Promise<string> {
  return must(net.log, 'ip', ['-n', nsName, ...args]);
}

async function addNamespace(net: LabNet, d: Device): Promise<void> {
  const name = net.names.ns[d.name] as string;
  await must(net.log, 'ip', ['netns', 'add', name]);
  net.namespaces.push(name);
  await ns(net, name, ['link', 'set', 'lo', 'up']);
  const forward = ROUTING_KINDS.has(d.kind) ? '1' : '0';
  // default.* first so the veths created next inherit it; ICMP rate limit off so traceroute
  // answers every probe.
  await must(net.log, 'ip', [
    'netns',
    'exec',
    name,
    'sysctl',
    '-q',
    '-w',
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.default.rp_filter=0',
    'net.ipv6.conf.all.accept_dad=0',
    'net.ipv6.conf.default.accept_dad=0',
    `net.ipv4.ip_forward=${forward}`,
    `net.ipv6.conf.all.forwarding=${forward}`,
    'net.ipv4.icmp_ratelimit=0',
    'net.ipv6.icmp.ratelimit=0',
  ]);
  if (d.kind === 'bridge') {
    await ns(net, name, ['link', 'add', 'br0', 'type', 'bridge']);
    await ns(net, name, ['link', 'set', 'br0', 'up']);
  }
}

async function addLinks(net: LabNet): Promise<void> {
  const { lab, names } = net;
  // Serial: parallel veth creation across the same namespaces races in the kernel rarely but
  // costs little to avoid.
  for (const l of lab.links) {
    const aDev = lab.devices.find((d) => d.name === l.a.device);
    const bDev = lab.devices.find((d) => d.name === l.b.device);
    if (!aDev || !bDev) throw new Error(`link ${l.id}: unknown device`);
    const aIf = names.ifName[aDev.name]?.[l.a.interface] ?? l.a.interface;
    const bIf = names.ifName[bDev.name]?.[l.b.interface] ?? l.b.interface;
    const aNs = names.ns[aDev.name] as string;
    const bNs = names.ns[bDev.name] as string;
    await must(net.log, 'ip', [
      'link',
      'add',
      aIf,
      'netns',
      aNs,
      'type',
      'veth',
      'peer',
      'name',
      bIf,
      'netns',
      bNs,
    ]);
    for (const [dev, nsName, ifn] of [
      [aDev, aNs, aIf],
      [bDev, bNs, bIf],
    ] as const) {
      if (dev.kind === 'bridge') await ns(net, nsName, ['link', 'set', ifn, 'master', 'br0']);
      if (!l.down && !dev.down) await ns(net, nsName, ['link', 'set', ifn, 'up']);
    }
  }
}

/** Addresses; loopback-like interfaces other than `lo` become `ifb` devices (no dummy here). */
async function addAddresses(net: LabNet, d: Device): Promise<void> {
  const nsName = net.names.ns[d.name] as string;
  const linked = new Set(
    net.lab.links
      .flatMap((l) => [l.a, l.b])
      .filter((e) => e.device === d.name)
      .map((e) => e.interface),
  );
  for (const i of d.interfaces) {
    const ifn = net.names.ifName[d.name]?.[i.name] ?? i.name;
    if (ifn !== 'lo' && !linked.has(i.name)) {
      await ns(net, nsName, ['link', 'add', ifn, 'type', 'ifb']);
      if (!d.down) await ns(net, nsName, ['link', 'set', ifn, 'up']);
    }
    for (const a of i.addresses) {
      const fam = familyOf(a);
      await ns(net, nsName, [
        ...(fam === 6 ? ['-6'] : []),
        'addr',
        'add',
        a,
        'dev',
        ifn,
        ...(fam === 6 ? ['nodad'] : []),
      ]);
    }
  }
}

export async function addStaticRoutes(net: LabNet, d: Device): Promise<void> {
  const nsName = net.names.ns[d.name] as string;
  for (const r of d.staticRoutes) {
    const args = ['route', 'add'];
    if (r.blackhole) args.push('blackhole', r.prefix);
    else {
      args.push(r.prefix);
      if (r.via) args.push('via', r.via);
      if (r.interface) args.push('dev', net.names.ifName[d.name]?.[r.interface] ?? r.interface);
    }
    if (r.distance !== undefined) args.push('metric', String(r.distance));
    // A static route whose gateway is not on-link is rejected by the kernel as by a real host.
    const res = await run(net.log, 'ip', ['-n', nsName, ...args]);
    if (res.code !== 0)
      logLine(net.log, `static route not installed on ${d.name}: ${args.join(' ')}`);
  }
}

/**
 * What the CNI puts on a node. Each pod gets its own namespace behind a veth (`eth0` in the pod,
 * `lxcN` on the node, as Cilium names them): a /32, a default route out of eth0, proxy ARP on the
 * node side, so the node is a routed hop as in a real cluster. LoadBalancer addresses the node
 * announces sit on an ifb (`pods0`); with Cilium the pod CIDR is routed to it (the route Cilium
 * puts via cilium_host), and `autoDirectNodeRoutes` adds the other nodes' pod CIDRs via their
 * node IPs on a shared subnet.
 */
async function addCni(net: LabNet, node: K8sNode): Promise<void> {
  const lab = net.lab;
  const nsName = net.names.ns[node.name] as string;
  const cluster = clusterOf(lab, node);
  const pods = nodePods(lab, node);
  const cidrs = nodePodCidrs(lab, node);
  const lbs: string[] = [];
  if (cluster) {
    const addrs = serviceAddresses(cluster);
    const nb = nodeBgp(lab, node);
    for (const s of cluster.services) {
      const ip = addrs.get(s.name);
      if (s.type === 'LoadBalancer' && ip && nb?.bgp.networks.includes(`${ip}/32`)) lbs.push(ip);
    }
  }
  for (const [i, pod] of pods.entries()) {
    const podNs = `${nsName}.p${i}`;
    await must(net.log, 'ip', ['netns', 'add', podNs]);
    net.namespaces.push(podNs);
    net.podNs[`${node.name}/${pod.name}`] = podNs;
    const lxc = `lxc${i}`;
    await must(net.log, 'ip', [
      'link',
      'add',
      'eth0',
      'netns',
      podNs,
      'type',
      'veth',
      'peer',
      'name',
      lxc,
      'netns',
      nsName,
    ]);
    await ns(net, podNs, ['link', 'set', 'lo', 'up']);
    await ns(net, podNs, ['addr', 'add', `${pod.address}/32`, 'dev', 'eth0']);
    await ns(net, podNs, ['link', 'set', 'eth0', 'up']);
    await ns(net, podNs, ['route', 'add', 'default', 'dev', 'eth0']);
    await ns(net, nsName, ['link', 'set', lxc, 'up']);
    // proxy_delay 0: the kernel otherwise delays proxy ARP answers by up to 0.8 s, which is
    // as long as traceroute waits for a hop.
    await must(net.log, 'ip', [
      'netns',
      'exec',
      nsName,
      'sysctl',
      '-q',
      '-w',
      `net.ipv4.conf.${lxc}.proxy_arp=1`,
      `net.ipv4.neigh.${lxc}.proxy_delay=0`,
    ]);
    await ns(net, nsName, ['route', 'add', `${pod.address}/32`, 'dev', lxc]);
  }
  if (lbs.length + cidrs.length === 0) return;
  await ns(net, nsName, ['link', 'add', 'pods0', 'type', 'ifb']);
  await ns(net, nsName, ['link', 'set', 'pods0', 'up']);
  for (const a of lbs) await ns(net, nsName, ['addr', 'add', `${a}/32`, 'dev', 'pods0']);
  if (cluster?.cni === 'cilium') {
    // A lab that models Cilium's own pod-CIDR route (static via cilium_host) keeps it.
    const modelled = new Set(node.staticRoutes.map((r) => r.prefix));
    for (const c of cidrs.filter((x) => !modelled.has(x)))
      await ns(net, nsName, ['route', 'add', c, 'dev', 'pods0']);
    if (cluster.cilium?.autoDirectNodeRoutes) {
      const mine = node.interfaces.flatMap((i) => (i.loopback ? [] : i.addresses));
      for (const other of clusterNodes(lab, cluster.name)) {
        const ip = nodeIp(other);
        if (other.name === node.name || !ip) continue;
        if (!mine.some((m) => familyOf(m) === 4 && contains(networkOf(m), ip))) continue;
        for (const c of nodePodCidrs(lab, other)) {
          await ns(net, nsName, ['route', 'add', c, 'via', ip]);
        }
      }
    }
  }
}
