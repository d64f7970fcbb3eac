/** User commands that are not single model operations: files, examples, layout, clipboard. */
import { unzipSync, strFromU8 } from 'fflate';
import { emptyLab } from '../model/lab';
import type { Lab } from '../model/types';
import type { ExampleInfo } from '../worker/views';
import { labSvg, svgToPng } from './diagram';
import { shareLink } from './persist';
import { sim } from './sim';
import { useLab } from './store/labStore';
import { copySelection, deleteSelection, moveDevices, paste } from './store/ops';
import type { Clipboard } from './store/ops';
import { select, toast, useUi } from './store/uiStore';
import type { ExampleRef } from './store/uiStore';

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const slug = (s: string): string =>
  s
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-|-$/g, '') || 'lab';

export function openLab(lab: Lab, example?: ExampleRef): void {
  useLab.getState().replace(lab);
  select([], []);
  useUi.setState({ trace: undefined, step: undefined, example });
  fitSoon();
}

export function newLab(): void {
  openLab(emptyLab('untitled'));
}

/** Which example and step an id (`example`, `example/step` or a bare step id) opens. */
export function resolveExample(list: ExampleInfo[], id: string): ExampleRef | undefined {
  const [ex, step] = id.split('/');
  const e = list.find((x) => x.id === ex);
  if (e) {
    const st = step ? e.steps?.find((s) => s.id === step) : e.steps?.[0];
    return st ? { id: e.id, step: st.id } : undefined;
  }
  for (const x of list) {
    const st = x.steps?.find((s) => s.id === id);
    if (st) return { id: x.id, step: st.id };
  }
  return undefined;
}

export async function exampleRefOf(id: string): Promise<ExampleRef | undefined> {
  const { list } = await sim().call((api) => api.examples());
  return resolveExample(list, id);
}

export async function openExample(id: string): Promise<void> {
  const lab = await sim().call((api) => api.example(id));
  if (!lab) toast(`no built-in lab ${id}`, 'error');
  else openLab(lab, await exampleRefOf(id).catch(() => undefined));
}

export async function saveLabFile(): Promise<void> {
  const lab = useLab.getState().lab;
  const text = await sim().call((api) => api.serializeLab(lab, 'yaml'));
  download(`${slug(lab.name)}.routelab.yaml`, text, 'application/yaml');
}

async function readFiles(files: FileList | File[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of Array.from(files)) {
    if (f.name.endsWith('.zip')) {
      const entries = unzipSync(new Uint8Array(await f.arrayBuffer()));
      for (const [p, bytes] of Object.entries(entries))
        if (!p.endsWith('/')) out[p] = strFromU8(bytes);
    } else
      out[(f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name] =
        await f.text();
  }
  return out;
}

export async function openLabFile(files: FileList | File[]): Promise<void> {
  const f = Array.from(files)[0];
  if (!f) return;
  const text = await f.text();
  const r = await sim().call((api) => api.parseLab(text, f.name));
  if (r.lab) openLab(r.lab);
  else toast(`Could not open ${f.name}: ${r.error ?? 'unknown error'}`, 'error');
}

/** The topology file among imported files: *.clab.yml, else the first YAML with `topology:`. */
export function pickTopology(files: Record<string, string>): string | undefined {
  const names = Object.keys(files);
  return (
    names.find((n) => /\.clab\.ya?ml$/.test(n)) ??
    names.find((n) => /\.ya?ml$/.test(n) && /^topology:/m.test(files[n] ?? ''))
  );
}

export async function importContainerlab(list: FileList | File[]): Promise<void> {
  const files = await readFiles(list);
  const topo = pickTopology(files);
  if (!topo) {
    toast('No containerlab topology (*.clab.yml) among the files', 'error');
    return;
  }
  const r = await sim().call((api) => api.importContainerlab(files, topo));
  if (r.lab) {
    openLab(r.lab);
    toast(`Imported ${topo}${r.warnings?.length ? ` with ${r.warnings.length} warning(s)` : ''}`);
  } else toast(`Import failed: ${r.error ?? 'unknown error'}`, 'error');
}

export async function exportZip(): Promise<string[] | undefined> {
  const lab = useLab.getState().lab;
  const r = await sim().call((api) => api.zip(lab));
  if (!r.zip) {
    toast(`Export failed: ${r.error ?? 'unknown error'}`, 'error');
    return undefined;
  }
  download(`${slug(lab.name)}.zip`, new Blob([r.zip.slice().buffer], { type: 'application/zip' }));
  return r.files;
}

export function exportSvg(): void {
  const lab = useLab.getState().lab;
  download(`${slug(lab.name)}.svg`, labSvg(lab), 'image/svg+xml');
}

export async function exportPng(): Promise<void> {
  const lab = useLab.getState().lab;
  download(`${slug(lab.name)}.png`, await svgToPng(labSvg(lab)));
}

export async function copyShareLink(): Promise<void> {
  const link = shareLink(useLab.getState().lab);
  if (!link) {
    toast('This lab is too big for a link: use File → Save instead', 'error');
    return;
  }
  history.replaceState(null, '', link);
  try {
    await navigator.clipboard.writeText(link);
    toast('Share link copied to the clipboard');
  } catch {
    toast('Share link is in the address bar');
  }
}

let clipboard: Clipboard | undefined;
let pasteCount = 0;

export function copy(): void {
  const { devices } = useUi.getState().selection;
  if (devices.length === 0) return;
  clipboard = copySelection(useLab.getState().lab, devices);
  pasteCount = 0;
  toast(`Copied ${devices.length} device(s)`);
}

export function pasteClipboard(): void {
  if (!clipboard) return;
  const clip = clipboard;
  pasteCount++;
  let names: string[] = [];
  const err = useLab.getState().apply((l) => {
    const r = paste(l, clip, { x: 40 * pasteCount, y: 40 * pasteCount });
    names = r.names;
    return r.lab;
  });
  if (err) toast(err, 'error');
  else select(names);
}

export function deleteSelected(): void {
  const { devices, links } = useUi.getState().selection;
  if (devices.length === 0 && links.length === 0) return;
  useLab.getState().apply((l) => deleteSelection(l, devices, links));
  select([], []);
}

let fitFn: (() => void) | undefined;
export function registerFit(fn: () => void): void {
  fitFn = fn;
}
export function fit(): void {
  fitFn?.();
}
export function fitSoon(): void {
  setTimeout(() => fitFn?.(), 60);
}

/** Layered auto-layout (elkjs, loaded on demand): spines on top, then leaves, then nodes. */
export async function autoLayout(): Promise<void> {
  const lab = useLab.getState().lab;
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const tier = (role: string | undefined): number =>
    role === 'super-spine'
      ? 0
      : role === 'spine' || role === 'route-reflector' || role === 'router'
        ? 1
        : role === 'leaf' || role === 'bridge'
          ? 2
          : 3;
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.partitioning.activate': 'true',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
    },
    children: lab.devices.map((d) => ({
      id: d.name,
      width: 150,
      height: 50,
      layoutOptions: { 'elk.partitioning.partition': String(tier(d.role)) },
    })),
    edges: lab.links.map((l) => ({ id: l.id, sources: [l.a.device], targets: [l.b.device] })),
  });
  const positions = Object.fromEntries(
    (graph.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]),
  );
  useLab.getState().apply((l) => moveDevices(l, positions));
  fitSoon();
}
