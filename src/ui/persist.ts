/**
 * Autosave to IndexedDB on every edit (debounced), restore on reload, share links.
 * Opening a lab never writes anywhere until the user edits it.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { get, set } from 'idb-keyval';
import type { Lab } from '../model/types';
import { useLab } from './store/labStore';
import { useUi } from './store/uiStore';
import type { UiState } from './store/uiStore';

const KEY = 'routelab:autosave:v1';

interface Saved {
  lab: Lab;
  view: Pick<UiState, 'theme' | 'tab' | 'panelOpen' | 'panelHeight'>;
}

export async function restore(): Promise<Saved | undefined> {
  try {
    return (await get<Saved>(KEY)) ?? undefined;
  } catch {
    return undefined;
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
function save(): void {
  useUi.setState({ saved: false });
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    const { theme, tab, panelOpen, panelHeight } = useUi.getState();
    const data: Saved = {
      lab: useLab.getState().lab,
      view: { theme, tab, panelOpen, panelHeight },
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
      s.panelHeight !== p.panelHeight
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

export function labFromShare(hash: string): Lab | undefined {
  const m = /^#share=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m?.[1]) return undefined;
  try {
    return JSON.parse(strFromU8(inflateSync(fromBase64Url(m[1])))) as Lab;
  } catch {
    return undefined;
  }
}
