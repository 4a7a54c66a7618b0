// Layering is enforced here, not by convention: see DESIGN.md "Dependencies point one way".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream', 'url', 'util', 'events', 'zlib', 'readline'];
// Builtins are matched by exact name (`paths`), layers by path pattern, so a local file
// named `http.ts` or `events.ts` is not mistaken for a Node module.
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`)];

const restrict = (patterns, message, builtins = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: builtins.map((name) => ({ name, message })),
      patterns: [...patterns.map((group) => ({ group: [group], message })), ...(builtins.length ? [{ group: ['node:*'], message }] : [])],
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Single-file components: Vue's error-prevention rules, their <script lang="ts"> parsed as
  // TypeScript. Undefined names are vue-tsc's to find (it knows the DOM types; no-undef does not).
  ...pluginVue.configs['flat/essential'],
  { files: ['**/*.vue'], languageOptions: { parserOptions: { parser: tseslint.parser } }, rules: { 'no-undef': 'off' } },
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
    rules: restrict(['**/core/**', '**/main/**', '**/renderer/**', '**/server/**', '**/cli/**', 'electron', 'vue', 'onnxruntime-node'], 'shared imports no Node, DOM framework or other layer', nodeImports),
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    rules: restrict(['**/core/**', '**/main/**', '**/server/**', '**/cli/**', '**/preload/**', 'electron', 'onnxruntime-node'], 'renderer imports only shared', nodeImports),
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
