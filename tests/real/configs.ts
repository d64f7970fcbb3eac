/**
 * The configs each device runs: exactly the files routelab's exporter writes into the bundle a
 * user downloads (`exportBundle`), including the reference configs of CNI speakers (Cilium's
 * GoBGP, Calico's BIRD), which the runner runs as the CNI would.
 */
import type { Daemon, Lab } from '../../src/model';
import { bgpSpeakers } from '../../src/model';
import { exportBundle } from '../../src/export';
import { renderFrrConf } from '../../src/export/frr';
import { planExport } from '../../src/export/plan';

export type RunDaemon = 'frr' | 'bird' | 'gobgp';

export interface DeviceConfig {
  device: string;
  daemon: RunDaemon;
  /** frr.conf, bird.conf or gobgpd.toml text. */
  text: string;
  /** GoBGP: prefixes the runner announces with `gobgp global rib add … origin igp` (as Cilium). */
  announce: string[];
}

export interface ConfigOptions {
  /**
   * BIRD: add `connect delay time 1; connect retry time 5; error wait time 1, 10;` to every BGP
   * protocol. Only labs that ask for it get it (BIRD's defaults wait up to minutes after a failed
   * connect); a user's lab is never changed silently.
   */
  fastBirdTimers?: boolean;
}

const FILE: Record<RunDaemon, string> = {
  frr: 'frr.conf',
  bird: 'bird.conf',
  gobgp: 'gobgpd.toml',
};

function runDaemon(d: Daemon): RunDaemon {
  return d === 'vyos' ? 'frr' : d;
}

export function withFastBirdTimers(text: string): string {
  return text.replace(
    /^(protocol bgp [^\n{]*\{)$/gm,
    '$1\n  connect delay time 1;\n  connect retry time 5;\n  error wait time 1, 10;',
  );
}

export function labConfigs(lab: Lab, opts: ConfigOptions = {}): DeviceConfig[] {
  const plan = planExport(lab);
  const files = new Map(exportBundle(lab).map((f) => [f.path, f.content]));
  const out: DeviceConfig[] = [];
  for (const sp of bgpSpeakers(lab)) {
    const device = lab.devices.find((d) => d.name === sp.device);
    const dp = plan.devices.get(sp.device);
    if (!device || !dp || device.down) continue;
    const daemon = runDaemon(sp.daemon);
    const path = `${plan.labName}/configs/${dp.node}/${FILE[daemon]}`;
    // VyOS is FRR inside: its device runs the FRR rendering of the same model (the bundle's
    // config.boot itself is not what runs here).
    let text = sp.daemon === 'vyos' ? renderFrrConf(dp, sp.bgp) : files.get(path);
    if (text === undefined) throw new Error(`${sp.device}: the export has no ${path}`);
    if (daemon === 'bird' && opts.fastBirdTimers) text = withFastBirdTimers(text);
    out.push({
      device: sp.device,
      daemon,
      text,
      announce: daemon === 'gobgp' ? sp.bgp.networks : [],
    });
  }
  return out;
}
