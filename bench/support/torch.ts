import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { withHugePages } from '../../src/core/engine';

/* The PyTorch references: Debian's python3-torch under /usr/bin/python3, at its best on this CPU. */

const PYTHON = '/usr/bin/python3';

/** OpenBLAS's best kernel for this CPU: its own detection can fall back to a generic one on new CPUs. */
export function blasCore(): string {
  const flags = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  if (/\bavx512f\b/.test(flags)) return 'SkylakeX';
  if (/\bavx2\b/.test(flags)) return 'Haswell';
  return 'Prescott';
}

export function torchAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `bench/reference/<script>` with `args` on `threads` threads, OpenBLAS on `core` and huge
 * pages (as the studio's jobs run), and returns its last output line parsed as JSON.
 */
export function runReference<T>(script: string, args: (string | number)[], threads: number, core: string): T {
  const out = execFileSync(PYTHON, [path.join(import.meta.dirname, '..', 'reference', script), ...args.map(String)], {
    env: withHugePages({ ...process.env, OPENBLAS_CORETYPE: core, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) }),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}
