/**
 * A tiny lab builder for engine tests: routers, nodes, point-to-point links (numbered or
 * unnumbered), bridges, neighbours. Interfaces are named eth0, eth1, … per device in the order
 * links are added; the loopback is `lo`.
 */
import { emptyBgp, emptyLab, pointToPointHosts } from '../../model';
import type {
  BgpConfig,
  Daemon,
  Device,
  Interface,
  K8sNode,
  Lab,
  Neighbor,
  Router,
  StaticRoute,
} from '../../model';

export interface RouterOpts {
  asn?: number;
  daemon?: Daemon;
  lo?: string;
  routerId?: string;
  profile?: 'traditional' | 'datacenter';
  bgp?: Partial<BgpConfig>;
}

export class LabBuilder {
  lab: Lab;
  constructor(name = 'test') {
    this.lab = emptyLab(name);
  }

  device(name: string): Device {
    const d = this.lab.devices.find((x) => x.name === name);
    if (!d) throw new Error(`no device ${name}`);
    return d;
  }

  bgp(name: string): BgpConfig {
    const d = this.device(name);
    if ((d.kind !== 'router' && d.kind !== 'k8s-node') || !d.bgp)
      throw new Error(`${name} has no bgp`);
    return d.bgp;
  }

  router(name: string, o: RouterOpts = {}): this {
    const interfaces: Interface[] = o.lo ? [{ name: 'lo', addresses: [o.lo], loopback: true }] : [];
    const r: Router = {
      kind: 'router',
      name,
      daemon: o.daemon ?? 'frr',
      interfaces,
      staticRoutes: [],
      labels: {},
    };
    if (o.asn !== undefined) {
      r.bgp = {
        ...emptyBgp(o.asn),
        ...(o.routerId ? { routerId: o.routerId } : {}),
        profile: o.profile ?? 'datacenter',
        ...o.bgp,
      };
    }
    this.lab.devices.push(r);
    return this;
  }

  host(name: string): this {
    this.lab.devices.push({ kind: 'host', name, interfaces: [], staticRoutes: [], labels: {} });
    return this;
  }

  bridge(name: string): this {
    this.lab.devices.push({ kind: 'bridge', name, interfaces: [], staticRoutes: [], labels: {} });
    return this;
  }

  node(
    name: string,
    cluster: string,
    labels: Record<string, string> = {},
    extra: Partial<K8sNode> = {},
  ): this {
    this.lab.devices.push({
      kind: 'k8s-node',
      name,
      cluster,
      k8sRole: 'worker',
      interfaces: [],
      staticRoutes: [],
      labels,
      ...extra,
    });
    return this;
  }

  private nextIface(d: Device): string {
    let i = 0;
    while (d.interfaces.some((x) => x.name === `eth${i}`)) i++;
    return `eth${i}`;
  }

  /** A numbered point-to-point link: `a` gets the first host of `subnet`, `b` the second. */
  link(a: string, b: string, subnet?: string): [string, string] {
    const da = this.device(a);
    const db = this.device(b);
    const ia = this.nextIface(da);
    const ib = this.nextIface(db);
    const [ha, hb] = subnet ? pointToPointHosts(subnet) : [undefined, undefined];
    da.interfaces.push({ name: ia, addresses: ha && da.kind !== 'bridge' ? [ha] : [] });
    db.interfaces.push({ name: ib, addresses: hb && db.kind !== 'bridge' ? [hb] : [] });
    this.lab.links.push({
      id: `${a}:${ia}--${b}:${ib}`,
      a: { device: a, interface: ia },
      b: { device: b, interface: ib },
    });
    return [ia, ib];
  }

  /** Attaches `device` to a bridge with an address (CIDR) on the new interface. */
  attach(device: string, bridge: string, address?: string): string {
    const d = this.device(device);
    const br = this.device(bridge);
    const i = this.nextIface(d);
    const bi = `p${br.interfaces.length}`;
    d.interfaces.push({ name: i, addresses: address ? [address] : [] });
    br.interfaces.push({ name: bi, addresses: [] });
    this.lab.links.push({
      id: `${device}:${i}--${bridge}:${bi}`,
      a: { device, interface: i },
      b: { device: bridge, interface: bi },
    });
    return i;
  }

  /** An unnumbered link with mutual `neighbor IFACE interface` (remote-as external by default). */
  unnumbered(a: string, b: string, settings: Partial<Neighbor> = {}): [string, string] {
    const [ia, ib] = this.link(a, b);
    for (const [d, i] of [
      [a, ia],
      [b, ib],
    ] as const) {
      const iface = this.device(d).interfaces.find((x) => x.name === i);
      if (iface) iface.unnumbered = true;
      this.bgp(d).neighbors.push({ peer: i, interface: true, remoteAs: 'external', ...settings });
    }
    return [ia, ib];
  }

  neighbor(device: string, peer: string, settings: Partial<Neighbor> = {}): this {
    this.bgp(device).neighbors.push({ peer, ...settings });
    return this;
  }

  static(device: string, route: StaticRoute): this {
    this.device(device).staticRoutes.push(route);
    return this;
  }

  /** Numbered link plus a session both ways (remote-as from each side's ASN). */
  peer(
    a: string,
    b: string,
    subnet: string,
    sa: Partial<Neighbor> = {},
    sb: Partial<Neighbor> = {},
  ): this {
    this.link(a, b, subnet);
    const [ha, hb] = pointToPointHosts(subnet).map((x) => x.split('/')[0] as string);
    this.neighbor(a, hb as string, { remoteAs: this.bgp(b).asn, ...sa });
    this.neighbor(b, ha as string, { remoteAs: this.bgp(a).asn, ...sb });
    return this;
  }
}

export function labBuilder(name?: string): LabBuilder {
  return new LabBuilder(name);
}
