/**
 * The whole bundle: plan once, render each target, stringify YAML at the edge. Deterministic:
 * the same lab and options give byte-identical files (sorted paths, fixed zip timestamps).
 */
import { toYaml } from './yaml';
import { zipSync } from 'fflate';
import { linkOf, otherEnd } from '../model';
import type { BgpConfig, Lab } from '../model';
import { buildCalicoResources, buildCalicoValues, calicoNotes } from './calico';
import { buildCiliumBgp, buildCiliumLbPools, buildCiliumValues, ciliumNotes } from './cilium';
import type { Manifest } from './cilium';
import { buildClabAnnotations, buildClabTopology } from './containerlab';
import { configDir, deviceRole, runsLocalBirdImage } from './devices';
import { calicoBlocks, renderBirdConf } from './bird';
import { renderFrrConf, renderFrrDaemons, renderVtyshConf } from './frr';
import { emulatesMetallbSpeaker, renderGobgpToml } from './gobgp';
import { buildKindConfig } from './kind';
import type { ExportOptions, ExportPlan } from './plan';
import { BIRD_BASE_IMAGE, BIRD_IMAGE_DIR, BIRD_LOCAL_IMAGE, devicePlans, planExport } from './plan';
import { renderReadme } from './readme';
import { clabFile, clusterDir, renderDeploy, renderDestroy, renderVerify } from './scripts';
import { renderVyosCommands, renderVyosConfigBoot } from './vyos';
import { buildWorkloads } from './workloads';

export interface BundleFile {
  path: string;
  content: string;
}

const yaml = toYaml;
const yamlDocs = (docs: Manifest[]): string => docs.map(yaml).join('---\n');

function deviceFiles(plan: ExportPlan, warnings: string[]): BundleFile[] {
  const out: BundleFile[] = [];
  for (const dp of devicePlans(plan)) {
    const role = deviceRole(plan, dp);
    const dir = configDir(dp);
    if (dp.device.kind === 'router' && dp.device.daemon === 'frr') {
      out.push({ path: `${dir}/frr.conf`, content: renderFrrConf(dp, role.bgp) });
      out.push({ path: `${dir}/daemons`, content: renderFrrDaemons() });
      out.push({ path: `${dir}/vtysh.conf`, content: renderVtyshConf() });
    } else if (dp.device.kind === 'router' && dp.device.daemon === 'vyos') {
      out.push({ path: `${dir}/config.boot`, content: renderVyosConfigBoot(dp, role.bgp) });
      out.push({ path: `${dir}/commands.txt`, content: renderVyosCommands(dp, role.bgp) });
    } else if (role.daemon === 'bird' && role.bgp) {
      const w: string[] = [];
      out.push({
        path: `${dir}/bird.conf`,
        content: renderBirdConf(dp, role.bgp, role.routerId, w, calicoBlocks(plan.lab, dp.device)),
      });
      warnings.push(...w.map((x) => `${dp.node}: ${x}`));
      for (const peer of birdToBirdUnnumbered(plan, dp.device.name, role.bgp))
        warnings.push(
          `${dp.node}: unnumbered peer over ${peer} is BIRD too; BIRD only accepts unnumbered sessions (dynamic BGP), so neither side connects`,
        );
    } else if (role.daemon === 'gobgp' && role.bgp) {
      const listen = plan.options.gobgpListen;
      const metallb = emulatesMetallbSpeaker(plan.lab, dp.device);
      out.push({
        path: `${dir}/gobgpd.toml`,
        content: renderGobgpToml(role.bgp, listen, metallb),
      });
    } else if (role.daemon === 'frr' && role.bgp) {
      out.push({ path: `${dir}/frr.conf`, content: renderFrrConf(dp, role.bgp) });
    }
    if (dp.device.kind === 'router' && dp.device.daemon === 'gobgp')
      warnings.push(
        `${dp.node}: GoBGP routers run on the netshoot image; install gobgpd or change the image`,
      );
  }
  return out;
}

function clusterFiles(plan: ExportPlan, warnings: string[]): BundleFile[] {
  const out: BundleFile[] = [];
  for (const cp of plan.clusters) {
    const dir = clusterDir(cp.kindName);
    const c = cp.cluster;
    out.push({ path: `${dir}/kind.yaml`, content: yaml(buildKindConfig(plan, cp)) });
    if (c.cni === 'cilium') {
      warnings.push(...ciliumNotes(plan, cp));
      out.push({ path: `${dir}/cilium-values.yaml`, content: yaml(buildCiliumValues(plan, cp)) });
      const docs = [...buildCiliumBgp(plan, cp), ...buildCiliumLbPools(plan, cp)];
      if (docs.length > 0) out.push({ path: `${dir}/bgp.yaml`, content: yamlDocs(docs) });
    } else {
      warnings.push(...calicoNotes(cp));
      out.push({ path: `${dir}/calico-values.yaml`, content: yaml(buildCalicoValues(cp)) });
      // The operator owns the IP pool (from the values); the IPPool is written for reference.
      const [pool, ...rest] = buildCalicoResources(cp).reverse();
      out.push({ path: `${dir}/bgp.yaml`, content: yamlDocs(rest.reverse()) });
      if (pool) out.push({ path: `${dir}/ippool.yaml`, content: yaml(pool) });
    }
    out.push({
      path: `${dir}/workloads.yaml`,
      content: yamlDocs(buildWorkloads(c, plan.options.netshootImage)),
    });
  }
  return out;
}

/** Every file of the bundle for `lab`, sorted by path. */
export function exportBundle(lab: Lab, options: ExportOptions = {}): BundleFile[] {
  const plan = planExport(lab, options);
  const warnings: string[] = [];
  const files: BundleFile[] = [
    { path: clabFile(plan), content: yaml(buildClabTopology(plan)) },
    {
      path: `${clabFile(plan)}.annotations.json`,
      content: `${JSON.stringify(buildClabAnnotations(plan), null, 2)}\n`,
    },
    ...deviceFiles(plan, warnings),
    ...clusterFiles(plan, warnings),
    { path: 'deploy.sh', content: renderDeploy(plan) },
    { path: 'verify.sh', content: renderVerify(plan) },
    { path: 'destroy.sh', content: renderDestroy(plan) },
    {
      path: 'predictions.json',
      content: `${JSON.stringify(options.predictions ?? {}, null, 2)}\n`,
    },
  ];
  if (runsLocalBirdImage(plan))
    files.push({ path: `${BIRD_IMAGE_DIR}/Dockerfile`, content: BIRD_DOCKERFILE });
  files.push({ path: 'README.md', content: renderReadme(plan, [...new Set(warnings)]) });
  const root = plan.labName;
  return files
    .map((f) => ({ path: `${root}/${f.path}`, content: f.content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The BIRD image the topology names by default: pierky/bird:2.0.11 (pierky/dockerfiles
 * bird/2.0.11: BIRD on debian:stable, `CMD bird -c /etc/bird/bird.conf -d`) has no `ip`, which
 * containerlab's `exec` lines run inside the container.
 */
const BIRD_DOCKERFILE = `# ${BIRD_LOCAL_IMAGE}: ${BIRD_BASE_IMAGE} plus iproute2 (containerlab runs the node's exec lines,
# \`ip addr add …\`, inside the container). deploy.sh builds it: docker build -t ${BIRD_LOCAL_IMAGE} ${BIRD_IMAGE_DIR}
FROM ${BIRD_BASE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends iproute2 && rm -rf /var/lib/apt/lists/*
CMD ["bird", "-c", "/etc/bird/bird.conf", "-d"]
`;

/** Unnumbered neighbours whose far end also runs BIRD (from the device's `bird.conf`). */
function birdToBirdUnnumbered(plan: ExportPlan, device: string, bgp: BgpConfig): string[] {
  return bgp.neighbors.flatMap((n) => {
    if (!n.interface) return [];
    const link = linkOf(plan.lab, { device, interface: n.peer });
    const far = link && otherEnd(link, { device, interface: n.peer });
    const fdp = far && plan.devices.get(far.device);
    return fdp && deviceRole(plan, fdp).daemon === 'bird' ? [n.peer] : [];
  });
}

/** Files that must be executable in the bundle. */
export const isScript = (path: string): boolean => path.endsWith('.sh');

// A fixed timestamp (DOS time starts in 1980) so the same files give the same zip bytes.
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export function bundleZip(files: BundleFile[]): Uint8Array {
  const enc = new TextEncoder();
  const entries: Record<string, [Uint8Array, { mtime: Date; os: number; attrs: number }]> = {};
  for (const f of files) {
    const mode = isScript(f.path) ? 0o100755 : 0o100644;
    entries[f.path] = [enc.encode(f.content), { mtime: ZIP_MTIME, os: 3, attrs: mode * 65536 }];
  }
  return zipSync(entries, { level: 6 });
}
