import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { exampleRefOf } from './actions';
import { readShare, restore, restoreSettings, startAutosave } from './persist';
import { sim, startSimulation } from './sim';
import { loadInitial } from './store/labStore';
import { toast, useUi } from './store/uiStore';
import { emptyLab } from '../model/lab';
import type { Lab } from '../model/types';

/**
 * Start-up order: a share link, then `?lab=<example-id>`, then the autosaved lab, then the
 * default built-in lab, then an empty one. Nothing is written until the user edits.
 */
/** Why a share link was refused, shown once the app is up (the current lab stays as it was). */
let refusedShare: string | undefined;

async function initialLab(): Promise<Lab> {
  // A link opens its lab once; the URL is then cleaned so a reload restores the user's edits.
  const clean = () => history.replaceState(null, '', location.pathname);
  const params = new URLSearchParams(location.search);
  // `?bench`: the benchmark (bench/browser.ts) injects a generated fabric before the app starts.
  const benchLab = (window as { routelabBenchLab?: Lab }).routelabBenchLab;
  if (params.has('bench') && benchLab) return benchLab;
  const shared = readShare(location.hash);
  if (shared) clean();
  if (shared?.lab) return shared.lab;
  if (shared) {
    const why = shared.problems.find((p) => p.severity === 'error')?.message ?? 'not a lab';
    refusedShare = `Could not open the share link: ${why}`;
  }
  const id = params.get('lab');
  if (id) {
    const lab = await sim()
      .call((api) => api.example(id))
      .catch(() => undefined);
    clean();
    if (lab) {
      useUi.setState({ example: await exampleRefOf(id).catch(() => undefined) });
      return lab;
    }
  }
  const saved = await restore();
  if (saved) {
    useUi.setState({ ...saved.view });
    return saved.lab;
  }
  useUi.setState(await restoreSettings());
  const { defaultId } = await sim()
    .call((api) => api.examples())
    .catch(() => ({ defaultId: undefined }));
  const lab = defaultId
    ? await sim()
        .call((api) => api.example(defaultId))
        .catch(() => undefined)
    : undefined;
  if (lab && defaultId)
    useUi.setState({ example: await exampleRefOf(defaultId).catch(() => undefined) });
  return lab ?? emptyLab('untitled');
}

async function boot(): Promise<void> {
  // The worker starts before the app renders: created from a component's effect, its start-up
  // landed in the same task as the canvas's first fit and re-render (bench/RESULTS-browser.md).
  sim();
  if (window.matchMedia('(prefers-color-scheme: dark)').matches) useUi.setState({ theme: 'dark' });
  loadInitial(await initialLab());
  if (refusedShare) toast(refusedShare, 'error');
  startAutosave();
  startSimulation();
  const root = document.getElementById('root');
  if (root)
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
}

void boot();
