import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

/**
 * Three bundles into out/: the main process (ESM, dependencies such as onnxruntime-node stay
 * external and load from node_modules), the job worker it starts in utility processes (via
 * `?modulePath`), the sandboxed preload (CommonJS, with nothing external but electron: a
 * sandboxed preload cannot load ES modules or node_modules), and the Vue renderer.
 */
export default defineConfig({
  main: {
    // `input`, not `lib`: the worker's `?modulePath` sub-build reuses this config with its own input.
    build: { rollupOptions: { input: { index: resolve('src/main/index.ts') } } },
  },
  preload: {
    build: {
      externalizeDeps: false,
      lib: { entry: resolve('src/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [vue()],
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
});
