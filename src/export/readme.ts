/** The bundle's README: what the lab is, what it needs (with versions), the three commands. */
import { deviceRole } from './devices';
import { oneLine } from './names';
import type { ExportPlan } from './plan';
import { BIRD_BASE_IMAGE, BIRD_LOCAL_IMAGE } from './plan';
import { devicePlans } from './plan';
import { ciliumVersion } from './cilium';
import { clabFile } from './scripts';

export function renderReadme(plan: ExportPlan, warnings: string[]): string {
  const o = plan.options;
  const lab = plan.lab;
  const rows = devicePlans(plan).map((dp) => {
    const role = deviceRole(plan, dp);
    const what =
      dp.device.kind === 'k8s-node'
        ? `Kubernetes node in kind container \`${dp.kindContainer ?? '?'}\``
        : dp.device.kind === 'router'
          ? `router (${dp.device.daemon})`
          : dp.device.kind === 'bridge'
            ? 'Linux bridge (created by deploy.sh)'
            : 'client';
    const cfg =
      role.daemon && role.mode !== 'none'
        ? `\`configs/${dp.node}/\`${role.mode === 'reference' ? ' (reference: the CNI runs it)' : ''}`
        : '';
    return `| \`${dp.node}\` | ${what} | ${cfg} |`;
  });
  const clusters = plan.clusters.map((cp) => {
    const c = cp.cluster;
    const cni =
      c.cni === 'cilium'
        ? `Cilium ${ciliumVersion(plan, c)} (BGP API: ${c.cilium?.bgpApi ?? 'none'})`
        : `Calico ${o.calicoVersion}`;
    return `- kind cluster \`${cp.kindName}\`: ${cp.nodes.length} nodes, ${cni}; files in \`k8s/${cp.kindName}/\``;
  });
  const out = [
    `# ${oneLine(lab.name) || plan.labName}`,
    '',
    oneLine(lab.description ?? '', 500) || 'A lab designed in routelab.',
    '',
    'Exported by routelab. It runs unchanged with containerlab and kind on one Linux host.',
    '',
    '## Prerequisites',
    '',
    '- Linux with Docker 24+ and root (sudo)',
    '- containerlab 0.60+ (the topology validates against the v0.79 schema)',
    ...(plan.clusters.length > 0 ? ['- kind 0.24+, kubectl 1.30+, Helm 3.14+'] : []),
    '- jq (verify.sh), bash 4.4+',
    `- Images: \`quay.io/frrouting/frr:${o.frrVersion}\`, \`${o.netshootImage}\`` +
      (devicePlans(plan).some((dp) => deviceRole(plan, dp).daemon === 'bird')
        ? `, \`${o.birdImage}\``
        : ''),
    '',
    '## Run it',
    '',
    '```sh',
    'sudo ./deploy.sh    # bridges, kind, containerlab, CNI, BGP resources, test workloads',
    "sudo ./verify.sh    # sessions, prefixes, pings and traceroutes vs routelab's predictions",
    ...(plan.lab.expectations.some((e) => e.kind === 'survives')
      ? ['sudo ./verify.sh --survives   # also fail each link/device of a survives claim, re-check']
      : []),
    'sudo ./destroy.sh   # tear everything down',
    '```',
    '',
    '## What is in the lab',
    '',
    `Topology: \`${clabFile(plan)}\` (layout in \`graph-posX/graph-posY\` labels and \`${clabFile(plan)}.annotations.json\`).`,
    '',
    '| node | what | config |',
    '| --- | --- | --- |',
    ...rows,
    '',
    ...(clusters.length > 0
      ? [
          ...clusters,
          '',
          "Kubernetes nodes share their kind container's network namespace (`network-mode: container:…`);",
          "their fabric address and routes are set by containerlab `exec`. When a node's default route",
          'points into the fabric, image pulls go through it: give the fabric a way out (NAT on a',
          "router's management interface) or pre-load images with `kind load docker-image`.",
          '',
        ]
      : []),
    '`predictions.json` holds what routelab predicted; `verify.sh` checks the running lab against it',
    "and prints the lab's expectations as PASS/FAIL lines, like `routelab check` does in the simulator",
    '(`--expectations` checks only those). It retries until `VERIFY_DEADLINE` seconds (default 120).',
  ];
  const daemons = new Set(
    devicePlans(plan)
      .map((dp) => deviceRole(plan, dp))
      .filter((r) => r.mode === 'run')
      .map((r) => r.daemon),
  );
  if (daemons.has('vyos'))
    warnings.push(
      `VyOS publishes no public container image: build one from a VyOS 1.5 stream ISO as containerlab's vyosnetworks_vyos page describes and tag it \`${o.vyosImage}\` (or pass your tag as the VyOS image).`,
    );
  if (daemons.has('bird') && o.birdImage === BIRD_LOCAL_IMAGE)
    warnings.push(
      `BIRD nodes use \`${BIRD_LOCAL_IMAGE}\`: build it first with \`docker build -t ${BIRD_LOCAL_IMAGE} images/bird\` (${BIRD_BASE_IMAGE} plus iproute2 for the exec lines).`,
    );
  else if (daemons.has('bird'))
    warnings.push(
      `BIRD nodes use \`${o.birdImage}\` with bird.conf bound at /etc/bird/bird.conf and \`ip\` (iproute2) for the exec lines; change the image if yours lacks either.`,
    );
  if (warnings.length > 0)
    out.push('', '## Caveats', '', ...warnings.map((w) => `- ${oneLine(w, 300)}`));
  return `${out.join('\n')}\n`;
}
