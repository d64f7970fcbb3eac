/**
 * Autosave to IndexedDB on every edit (debounced), restore on reload, share links.
 * Opening a lab never writes anywhere until the user edits it.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { get, set } from 'idb-keyval';
import { parseLabFile } from '../model/labfile';
import type { ParsedLab } from '../model/labfile';
import type { Lab } from '../model/types';
import { useLab } from './store/labStore';
import { useUi } from './store/uiStore';
import type { UiState } from './store/uiStore';

const KEY = 'routelab:autosave:v1';
/**
 * View settings are kept apart from the lab: a tab switch wrote the whole lab again (~70 ms of
 * IndexedDB `put` on a 2,000-device lab, bench/RESULTS-browser.md). Older autosaves carry the
 * view inside the lab's record; it is read from there when this key is missing.
 */
const VIEW_KEY = 'routelab:view:v1';

/** What is saved with the lab: which built-in lab (and step) it was opened from belongs to it. */
type View = Pick<UiState, 'theme' | 'tab' | 'panelOpen' | 'panelHeight' | 'example'>;
/** What a view change alone writes. */
type Settings = Pick<UiState, 'theme' | 'tab' | 'panelOpen' | 'panelHeight'>;

interface Saved {
  lab: Lab;
  view: View;
}

/**
 * The autosave may come from a newer routelab (another tab after an update) or be damaged: its
 * lab goes through the lab-file loader like any file, and is dropped whole when refused.
 */
export async function restore(): Promise<Saved | undefined> {
  try {
    const saved = await get<Saved>(KEY);
    if (typeof saved !== 'object' || saved === null) return undefined;
    const { lab, problems } = parseLabFile(JSON.stringify(saved.lab ?? null), 'autosave.json');
    if (!lab) {
      console.warn('routelab: the autosaved lab was not restored', problems);
      return undefined;
    }
    return { view: { ...saved.view, ...(await restoreSettings()) }, lab };
  } catch {
    return undefined;
  }
}

/** The view settings saved without a lab (a tab switched before any edit). */
export async function restoreSettings(): Promise<Partial<Settings>> {
  try {
    const settings = await get<Settings>(VIEW_KEY);
    return typeof settings === 'object' && settings !== null ? settings : {};
  } catch {
    return {};
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
/** Whether the lab changed since it was last written (a view change alone writes only the view). */
let labDirty = false;
function save(withLab: boolean): void {
  labDirty ||= withLab;
  if (labDirty) useUi.setState({ saved: false });
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    const { theme, tab, panelOpen, panelHeight, example } = useUi.getState();
    const settings: Settings = { theme, tab, panelOpen, panelHeight };
    const writes = [set(VIEW_KEY, settings)];
    const withLab = labDirty;
    if (withLab) {
      labDirty = false;
      const view: View = { ...settings, ...(example ? { example } : {}) };
      writes.push(set(KEY, { lab: useLab.getState().lab, view } satisfies Saved));
    }
    Promise.all(writes).then(
      () => useUi.setState({ saved: true }),
      () => {
        labDirty ||= withLab;
        useUi.setState({ saved: false });
      },
    );
  }, 200);
}

export function startAutosave(): void {
  useLab.subscribe((s, p) => {
    if (s.lab !== p.lab) save(true);
  });
  useUi.subscribe((s, p) => {
    if (
      s.theme !== p.theme ||
      s.tab !== p.tab ||
      s.panelOpen !== p.panelOpen ||
      s.panelHeight !== p.panelHeight
    )
      save(false);
    if (s.example !== p.example) save(true);
  });
}

/** Share links carry the lab deflated and base64url-encoded; refused past this many characters. */
export const SHARE_LIMIT = 8000;

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function shareLink(lab: Lab): string | undefined {
  const { layout, ...rest } = lab;
  const data = toBase64Url(deflateSync(strToU8(JSON.stringify({ ...rest, layout })), { level: 9 }));
  if (data.length > SHARE_LIMIT) return undefined;
  return `${location.origin}${location.pathname}#share=${data}`;
}

const SHARE_PREFIX = '#share=';

/**
 * Decodes a share link through the lab-file loader: a hash longer than any link `shareLink`
 * writes is refused before inflating (deflate expands up to ~1000:1), and the JSON is checked,
 * migrated or refused (newer schemaVersion) like an opened file. `undefined` problems: not a
 * share link at all.
 */
export function readShare(hash: string): ParsedLab | undefined {
  if (!hash.startsWith(SHARE_PREFIX)) return undefined;
  const refused = (message: string): ParsedLab => ({
    problems: [{ severity: 'error', path: '/', message, file: 'share link' }],
  });
  if (hash.length > SHARE_PREFIX.length + SHARE_LIMIT)
    return refused(
      `refused: the share link is ${hash.length - SHARE_PREFIX.length} characters; routelab writes at most ${SHARE_LIMIT}`,
    );
  const m = /^#share=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m?.[1]) return refused('the share link is damaged (not base64url)');
  let text: string;
  try {
    text = strFromU8(inflateSync(fromBase64Url(m[1])));
  } catch {
    return refused('the share link is damaged (it does not inflate)');
  }
  return parseLabFile(text, 'share link.json');
}

export function labFromShare(hash: string): Lab | undefined {
  try {
    return readShare(hash)?.lab;
  } catch {
    return undefined;
  }
}
