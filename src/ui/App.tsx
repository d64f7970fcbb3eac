import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect } from 'react';
import { copy, deleteSelected, fit, pasteClipboard, registerFit, saveLabFile } from './actions';
import { Canvas } from './canvas/Canvas';
import { fitLab } from './canvas/fit';
import { BottomPanel } from './components/BottomPanel';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Help, Toast } from './components/Help';
import { Inspector } from './components/Inspector';
import { Palette } from './components/Palette';
import { TopBar } from './components/TopBar';
import { Wizard } from './components/Wizard';
import { redo, undo, useLab } from './store/labStore';
import { select, useUi } from './store/uiStore';
import './styles.css';

function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return (
    !!t &&
    (t.tagName === 'INPUT' ||
      t.tagName === 'TEXTAREA' ||
      t.tagName === 'SELECT' ||
      t.isContentEditable ||
      !!t.closest('.monaco-editor'))
  );
}

function useShortcuts(): void {
  const rf = useReactFlow();
  useEffect(() => registerFit(() => fitLab(rf, useLab.getState().lab, 200)), [rf]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void saveLabFile();
        return;
      }
      if (typing(e)) return;
      const k = e.key.toLowerCase();
      if (mod && k === 'z') {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && k === 'y') {
        e.preventDefault();
        redo();
      } else if (mod && k === 'c') copy();
      else if (mod && k === 'v') pasteClipboard();
      else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        deleteSelected();
      } else if (!mod && k === 'f') fit();
      else if (e.key === '?') useUi.setState({ help: true });
      else if (e.key === 'Escape') {
        useUi.setState({ help: false });
        select([], []);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Shell() {
  useShortcuts();
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <ErrorBoundary region="The top bar" area="top">
        <TopBar />
      </ErrorBoundary>
      <ErrorBoundary region="The palette" area="palette">
        <Palette />
      </ErrorBoundary>
      <ErrorBoundary region="The canvas" area="canvas">
        <Canvas />
      </ErrorBoundary>
      <ErrorBoundary region="The inspector" area="inspector">
        <Inspector />
      </ErrorBoundary>
      <ErrorBoundary region="The bottom panel" area="bottom">
        <BottomPanel />
      </ErrorBoundary>
      <Help />
      <Wizard />
      <Toast />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Shell />
    </ReactFlowProvider>
  );
}
