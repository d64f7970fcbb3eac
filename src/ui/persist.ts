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

interface Saved {
  lab: Lab;
  view: Pick<UiState, 'theme' | 'tab' | 'panelOpen' | 'panelHeight' | 'example'>;
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
    return { ...saved, lab };
  } catch {
    return undefined;
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
function save(): void {
  useUi.setState({ saved: false });
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    const { theme, tab, panelOpen, panelHeight, example } = useUi.getState();
    const data: Saved = {
      lab: useLab.getState().lab,
      view: { theme, tab, panelOpen, panelHeight, ...(example ? { example } : {}) },
    };
    set(KEY, data).then(
      () => useUi.setState({ saved: true }),
      () => useUi.setState({ saved: false }),
    );
  }, 200);
}

export function startAutosave(): void {
  useLab.subscribe((s, p) => {
    if (s.lab !== p.lab) save();
  });
  useUi.subscribe((s, p) => {
    if (
      s.theme !== p.theme ||
      s.tab !== p.tab ||
      s.panelOpen !== p.panelOpen ||
      s.panelHeight !== p.panelHeight ||
      s.example !== p.example
    )
      save();
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
