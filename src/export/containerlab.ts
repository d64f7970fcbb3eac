/**
 * `<lab>.clab.yml` (containerlab topology) and its TopoViewer annotations file. Addresses that a
 * daemon does not configure itself are set by `exec` (only validated addresses and planned
 * interface names reach those commands).
 */
import { familyOf, networkOf } from '../model';
import type { Device, Role } from '../model';
import { configDir, deviceRole } from './devices';
import { validCidr, validIp, validLabel } from './names';
import type { DevicePlan, ExportPlan } from './plan';
import { devicePlans, ifnameOf } from './plan';

const ICONS: Record<Role, string> = {
  'super-spine': 'super-spine',
  spine: 'spine',
  leaf: 'leaf',
  router: 'pe',
  'route-reflector': 'pe',
  node: 'server',
  client: 'client',
  bridge: 'bridge',
};

function addressExec(dp: DevicePlan): string[] {
  const out: string[] = [];
  for (const i of dp.device.interfaces) {
    const name = ifnameOf(dp, i.name);
    if (!name) continue;
    for (const a of i.addresses.filter(validCidr)) {
      const v6 = familyOf(a) === 6 ? '-6 ' : '';
      out.push(`ip ${v6}addr add ${a} dev ${name}`);
    }
  }
  return out;
}

function routeExec(dp: DevicePlan): string[] {
  const out: string[] = [];
  for (const r of dp.device.staticRoutes) {
    if (!validCidr(r.prefix)) continue;
    const v6 = familyOf(r.prefix) === 6 ? '-6 ' : '';
    const p = networkOf(r.prefix);
    const dst = p === '0.0.0.0/0' || p === '::/0' ? 'default' : p;
    const dev = r.interface ? ifnameOf(dp, r.interface) : undefined;
    if (r.blackhole) out.push(`ip ${v6}route replace blackhole ${dst}`);
    else if (r.via && validIp(r.via))
      out.push(`ip ${v6}route replace ${dst} via ${r.via}${dev ? ` dev ${dev}` : ''}`);
    else if (dev) out.push(`ip ${v6}route replace ${dst} dev ${dev}`);
  }
  return out;
}

function layoutLabels(plan: ExportPlan, d: Device): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.labels)) if (validLabel(k, v)) out[k] = v;
  const pos = plan.lab.layout.positions[d.name];
  if (pos && Number.isFinite(pos.x) && Number.isFinite(pos.y)) {
    out['graph-posX'] = String(Math.round(pos.x));
    out['graph-posY'] = String(Math.round(pos.y));
  }
  out['graph-icon'] =
    ICONS[
      d.role ??
        (d.kind === 'k8s-node'
          ? 'node'
          : d.kind === 'host'
            ? 'client'
            : d.kind === 'bridge'
              ? 'bridge'
              : 'router')
    ];
  const group = plan.lab.layout.groups.find((g) => g.members.includes(d.name));
  if (group) out['graph-group'] = group.label.replace(/[\r\n]+/g, ' ');
  return out;
}

/** netshoot's default command is an interactive shell; keep the container up without a TTY. */
const KEEP_RUNNING = { cmd: 'sleep infinity' };

const ROUTER_SYSCTLS = {
  'net.ipv4.ip_forward': 1,
  // Docker turns IPv6 off in containers; unnumbered BGP needs link-local addresses.
  'net.ipv6.conf.all.disable_ipv6': 0,
  'net.ipv6.conf.all.forwarding': 1,
};

function nodeConfig(plan: ExportPlan, dp: DevicePlan): Record<string, unknown> {
  const d = dp.device;
  const o = plan.options;
  const dir = configDir(dp);
  const labels = layoutLabels(plan, d);
  if (d.kind === 'bridge') return { kind: 'bridge', labels };
  const role = deviceRole(plan, dp);
  const exec = [...addressExec(dp), ...routeExec(dp)];
  if (d.kind === 'router' && d.daemon === 'frr') {
    return {
      kind: 'linux',
      image: `quay.io/frrouting/frr:${o.frrVersion}`,
      labels,
      binds: [
        `${dir}/frr.conf:/etc/frr/frr.conf`,
        `${dir}/daemons:/etc/frr/daemons`,
        `${dir}/vtysh.conf:/etc/frr/vtysh.conf`,
      ],
      sysctls: ROUTER_SYSCTLS,
    };
  }
  if (d.kind === 'router' && d.daemon === 'vyos') {
    return {
      kind: 'vyosnetworks_vyos',
      image: o.vyosImage,
      labels,
      'startup-config': `${dir}/config.boot`,
    };
  }
  const birdBinds =
    role.daemon === 'bird' && role.mode === 'run' ? [`${dir}/bird.conf:/etc/bird/bird.conf`] : [];
  if (d.kind === 'router') {
    const binds = d.daemon === 'gobgp' ? [`${dir}/gobgpd.toml:/etc/gobgp/gobgpd.toml`] : birdBinds;
    return {
      kind: 'linux',
      image: d.daemon === 'bird' ? o.birdImage : o.netshootImage,
      labels,
      ...(d.daemon === 'bird' ? {} : KEEP_RUNNING),
      ...(binds.length > 0 ? { binds } : {}),
      sysctls: ROUTER_SYSCTLS,
      ...(exec.length > 0 ? { exec } : {}),
    };
  }
  if (d.kind === 'k8s-node') {
    return {
      kind: 'linux',
      image: birdBinds.length > 0 ? o.birdImage : o.netshootImage,
      labels,
      'network-mode': `container:${dp.kindContainer ?? dp.node}`,
      ...(birdBinds.length > 0 ? {} : KEEP_RUNNING),
      ...(birdBinds.length > 0 ? { binds: birdBinds } : {}),
      ...(exec.length > 0 ? { exec } : {}),
    };
  }
  return {
    kind: 'linux',
    image: o.netshootImage,
    labels,
    ...KEEP_RUNNING,
    ...(exec.length > 0 ? { exec } : {}),
  };
}

export function buildClabTopology(plan: ExportPlan): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  for (const dp of devicePlans(plan)) nodes[dp.node] = nodeConfig(plan, dp);
  const links: { endpoints: string[] }[] = [];
  for (const l of plan.lab.links) {
    const a = plan.devices.get(l.a.device);
    const b = plan.devices.get(l.b.device);
    const ia = a && ifnameOf(a, l.a.interface);
    const ib = b && ifnameOf(b, l.b.interface);
    if (!a || !b || !ia || !ib || ia === 'lo' || ib === 'lo') continue;
    links.push({ endpoints: [`${a.node}:${ia}`, `${b.node}:${ib}`] });
  }
  return { name: plan.labName, topology: { nodes, links } };
}

/** TopoViewer (vscode-containerlab) annotations: node positions as drawn on the canvas. */
export function buildClabAnnotations(plan: ExportPlan): Record<string, unknown> {
  const nodeAnnotations = devicePlans(plan).flatMap((dp) => {
    const pos = plan.lab.layout.positions[dp.device.name];
    if (!pos || !Number.isFinite(pos.x) || !Number.isFinite(pos.y)) return [];
    const icon = layoutLabels(plan, dp.device)['graph-icon'];
    return [{ id: dp.node, position: { x: Math.round(pos.x), y: Math.round(pos.y) }, icon }];
  });
  return {
    freeTextAnnotations: [],
    groupStyleAnnotations: [],
    cloudNodeAnnotations: [],
    nodeAnnotations,
  };
}
