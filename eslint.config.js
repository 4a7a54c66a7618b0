// Layering is enforced here, not by convention: see DESIGN.md "Dependencies point one way".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream', 'url', 'util', 'events', 'zlib', 'readline'];
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'src/renderer/**/*.vue', 'resources/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', performance: 'readonly', window: 'readonly', document: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', WebSocket: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([...nodeImports, '**/core/**', '**/main/**', '**/renderer/**', '**/server/**', '**/cli/**', 'electron', 'vue', 'onnxruntime-node'], 'shared imports no Node, DOM framework or other layer'),
  },
  {
    files: ['src/renderer/**/*.ts'],
    rules: restrict([...nodeImports, '**/core/**', '**/main/**', '**/server/**', '**/cli/**', '**/preload/**', 'electron', 'onnxruntime-node'], 'renderer imports only shared'),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(['electron', 'vue', 'vue-*', 'pinia', '**/main/**', '**/renderer/**', '**/server/**', '**/cli/**'], 'core never imports electron, vue or a front door'),
  },
  {
    files: ['src/core/engine/**/*.ts', 'src/core/data/**/*.ts', 'src/core/io/**/*.ts'],
    rules: restrict(['electron', 'vue', '**/core/sae/**', '**/core/games/**', '**/core/evals/**', '**/core/explain/**', '**/core/models/**', '**/core/project/**', '**/core/jobs/**', '**/core/reports/**', '**/core/studio*', '../sae/**', '../games/**', '../evals/**', '../project/**', '../jobs/**', '../reports/**', '../studio*'], 'engine, data and io import nothing else from core'),
  },
);
