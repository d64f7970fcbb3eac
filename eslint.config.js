// Layer rules: model/engine/export/import are pure (no React, DOM, zustand or Node built-ins);
// the UI reaches the engine only through the worker (type-only imports are fine).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'url',
  'util',
  'crypto',
  'stream',
  'process',
  'module',
  'worker_threads',
  'http',
  'https',
  'net',
  'zlib',
  'events',
  'buffer',
];
const uiLibs = [
  'react',
  'react-dom',
  'react-dom/*',
  '@xyflow/*',
  'zustand',
  'zustand/*',
  'zundo',
  'monaco-editor',
  'monaco-editor/*',
  'elkjs',
  'elkjs/*',
  'idb-keyval',
];
const domGlobals = [
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'navigator',
  'indexedDB',
  'HTMLElement',
  'process',
  'Buffer',
  'require',
  '__dirname',
];

const pure = (extraPatterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: [...uiLibs, ...nodeBuiltins],
          message: 'This layer is pure: no React, DOM, UI state or Node built-ins.',
        },
        ...extraPatterns,
      ],
    },
  ],
  'no-restricted-globals': ['error', ...domGlobals],
});
const layer = (names, message) => ({
  group: names.flatMap((n) => [`**/${n}`, `**/${n}/*`]),
  message,
});

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'e2e/screenshots',
      'tests/real/logs',
      // Scratch space (gitignored): experiments are not the product.
      'tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: pure([
      layer(
        ['engine', 'worker', 'export', 'import', 'ui', 'cli'],
        'The model depends on nothing else in routelab.',
      ),
    ]),
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: pure([
      layer(['worker', 'export', 'import', 'ui', 'cli'], 'The engine depends on the model only.'),
    ]),
  },
  {
    files: ['src/export/**/*.ts', 'src/import/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: pure([
      layer(['engine', 'worker', 'ui', 'cli'], 'Exporters and importers depend on the model only.'),
    ]),
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: pure([
      layer(['ui', 'cli'], 'The worker depends on engine, model, import and export only.'),
    ]),
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...layer(
                ['engine'],
                'The UI reaches the engine only through the worker (type-only imports are fine).',
              ),
              allowTypeImports: true,
            },
            layer(['cli'], 'The UI never imports the CLI.'),
          ],
        },
      ],
    },
  },
);
