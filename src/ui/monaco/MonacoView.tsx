import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useUi } from '../store/uiStore';

/** Guess a Monaco language from a file name. */
export function languageOf(path: string): string {
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (/\.(sh|bash)$/.test(path)) return 'shell';
  if (/\.(conf|cfg|ini|toml)$/.test(path) || /frr|bird|vyos|gobgp/.test(path)) return 'ini';
  return 'plaintext';
}

export function MonacoView(props: {
  value: string;
  language: string;
  readOnly?: boolean;
  onChange?: (v: string) => void;
  testid?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const theme = useUi((s) => s.theme);
  const [ready, setReady] = useState(false);
  /**
   * Texts the editor reported since the last outside change. A render can carry an older draft
   * than the editor holds (keystrokes arrive between render and effect): such echoes must not
   * reset the editor, or typed characters are lost and the cursor jumps to the top.
   */
  const emitted = useRef(new Set<string>());

  useEffect(() => {
    let disposed = false;
    void import('./setup').then(({ monaco }) => {
      if (disposed || !host.current) return;
      editor.current = monaco.editor.create(host.current, {
        value: props.value,
        language: props.language,
        readOnly: props.readOnly ?? false,
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 12,
        scrollBeyondLastLine: false,
        theme: useUi.getState().theme === 'dark' ? 'vs-dark' : 'vs',
        renderLineHighlight: 'none',
      });
      editor.current.onDidChangeModelContent(() => {
        const v = editor.current?.getValue() ?? '';
        emitted.current.add(v);
        onChange.current?.(v);
      });
      setReady(true);
    });
    return () => {
      disposed = true;
      editor.current?.dispose();
      editor.current = undefined;
    };
    // The editor is created once; value/language updates go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    // Only outside changes (Revert, Apply, another lab) replace the text.
    const e = editor.current;
    if (e && !emitted.current.has(props.value) && e.getValue() !== props.value) {
      emitted.current.clear();
      e.setValue(props.value);
    }
  }, [props.value, ready]);

  useEffect(() => {
    const e = editor.current;
    const model = e?.getModel();
    if (model)
      void import('./setup').then(({ monaco }) =>
        monaco.editor.setModelLanguage(model, props.language),
      );
  }, [props.language, ready]);

  useEffect(() => {
    void import('./setup').then(({ monaco }) =>
      monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'),
    );
  }, [theme]);

  // `nokey`: React Flow's document-wide keys skip it. Without it Space (React Flow's pan key)
  // never reached the editor: found by e2e/roundtrip.spec.ts typing `name: renamed-lab`.
  return (
    <div
      ref={host}
      className="editor-host nokey"
      data-testid={props.testid}
      data-ready={ready ? 'yes' : 'no'}
    />
  );
}
