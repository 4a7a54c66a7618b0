import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** Execution providers the studio can run on. */
export type Provider = 'cpu' | 'cuda' | 'dml';

export interface ProviderChoice {
  provider: Provider;
  /** Why the provider differs from the one asked for, if it does. */
  note?: string;
}

export const CUDA_INSTALL_HINT = 'ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install';

/** onnxruntime-node ships CUDA as an opt-in download placed beside its binding; this finds it. */
export function cudaBinariesPresent(): boolean {
  if (process.platform !== 'linux' && process.platform !== 'win32') return false;
  const require = createRequire(import.meta.url);
  const root = path.dirname(path.dirname(require.resolve('onnxruntime-node')));
  const dir = path.join(root, 'bin', 'napi-v6', process.platform, process.arch);
  const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return fs.existsSync(path.join(dir, lib));
}

/**
 * Picks the provider: `auto` takes CUDA where its binaries are installed, DirectML on Windows,
 * else the CPU. Asking for one that is not available falls back to the CPU and says why.
 */
export function resolveProvider(requested: Provider | 'auto' = 'cpu'): ProviderChoice {
  const cuda = cudaBinariesPresent();
  const dml = process.platform === 'win32';
  if (requested === 'auto') return cuda ? { provider: 'cuda' } : dml ? { provider: 'dml' } : { provider: 'cpu' };
  if (requested === 'cuda' && !cuda) return { provider: 'cpu', note: `CUDA execution provider is not installed; running on the CPU. To enable it: ${CUDA_INSTALL_HINT}` };
  if (requested === 'dml' && !dml) return { provider: 'cpu', note: 'DirectML exists only on Windows; running on the CPU' };
  return { provider: requested };
}

/**
 * The providers this machine can run a session on. onnxruntime-node lists CUDA and TensorRT
 * among its backends even where their binaries were never downloaded (`bundled: false`), so
 * CUDA counts only once its library is beside the binding.
 */
export function availableProviders(): Provider[] {
  return ['cpu', ...(cudaBinariesPresent() ? (['cuda'] as const) : []), ...(process.platform === 'win32' ? (['dml'] as const) : [])];
}

/** Intra-op threads for the CPU provider: one per available core. */
export function defaultThreads(): number {
  return os.availableParallelism();
}
