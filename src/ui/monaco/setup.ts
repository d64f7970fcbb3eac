/**
 * Monaco, bundled locally and loaded on demand: only the editor core, the editor worker and the
 * few grammars routelab shows (YAML, INI-like FRR/BIRD configs, shell). No CDN loader.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/ini/register';
import 'monaco-editor/languages/definitions/shell/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
