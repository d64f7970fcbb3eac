/**
 * `routelab export <lab> -o DIR|FILE.zip [--cilium 1.17] [--frr 8.4.4] [--predictions P.json]`:
 * writes the runnable containerlab + kind bundle as a folder tree or a zip.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseCommand, usageError } from '../args';
import { bundleZip, exportBundle, isScript } from '../../export';
import type { ExportOptions, Predictions } from '../../export';
import { predict } from '../../worker/predictions';
import { loadExample, loadLab } from '../load';

const USAGE = `usage: routelab export <lab.json|lab.yaml|topo.clab.yml> -o DIR|FILE.zip [options]
       routelab export --example ID -o DIR|FILE.zip [options]

options:
  -o, --out PATH          output folder, or a .zip file
      --cilium VERSION    Cilium release for Helm and BGP resources (default: the lab's)
      --frr VERSION       FRR image tag quay.io/frrouting/frr:<VERSION> (default 8.4.4)
      --calico VERSION    Calico (tigera-operator) release (default 3.28.2)
      --kind-image IMAGE  kind node image (default: kind's own)
      --vyos-image IMAGE  VyOS container image (you build it; VyOS publishes none)
      --bird-image IMAGE  BIRD 2 container image (default routelab/bird:2.0.11, built by
                          deploy.sh from the bundle's images/bird/Dockerfile)
      --predictions FILE  routelab's predictions (JSON) for verify.sh
      --gobgp-listen      reference gobgpd.toml listens on 179 (Cilium's does not)
`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('export', USAGE, argv, {
    out: { type: 'string', short: 'o' },
    cilium: { type: 'string' },
    frr: { type: 'string' },
    calico: { type: 'string' },
    'kind-image': { type: 'string' },
    'vyos-image': { type: 'string' },
    'bird-image': { type: 'string' },
    predictions: { type: 'string' },
    'gobgp-listen': { type: 'boolean' },
    example: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [labPath] = positionals;
  if ((!labPath && !values.example) || !values.out || positionals.length > 1)
    return usageError(USAGE);
  const options: ExportOptions = {
    ciliumVersion: values.cilium,
    frrVersion: values.frr,
    calicoVersion: values.calico,
    kindNodeImage: values['kind-image'],
    vyosImage: values['vyos-image'],
    birdImage: values['bird-image'],
    gobgpListen: values['gobgp-listen'],
  };
  if (values.predictions)
    options.predictions = JSON.parse(await readFile(values.predictions, 'utf8')) as Predictions;
  const loaded = labPath ? await loadLab(labPath) : await loadExample(values.example ?? '');
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.lab || errors.length > 0) {
    for (const p of errors) process.stderr.write(`${p.file ?? ''}: ${p.message}\n`);
    return loaded.unreadable ? 2 : 1;
  }
  // verify.sh compares the real lab with what routelab predicts for it, unless given a file.
  options.predictions ??= predict(loaded.lab);
  const files = exportBundle(loaded.lab, options);
  const out = resolve(values.out);
  if (out.endsWith('.zip')) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, bundleZip(files));
  } else {
    for (const f of files) {
      const p = join(out, f.path);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, f.content);
      if (isScript(f.path)) await chmod(p, 0o755);
    }
  }
  const root = files[0]?.path.split('/')[0] ?? '';
  process.stdout.write(
    `wrote ${files.length} files to ${out.endsWith('.zip') ? out : join(out, root)}\n`,
  );
  return 0;
}
