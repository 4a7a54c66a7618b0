/*
 * Transparent huge pages for the processes that train. onnxruntime-node copies every output
 * of a session run into a fresh ArrayBuffer, and glibc serves blocks above its mmap threshold
 * (at most 32 MB) with a fresh mapping each time, so an SAE step at d = 768, m = 16,384 faults in
 * about 300 MB of new 4 KB pages per call (weights and Adam moments coming back). With glibc's
 * `hugetlb` tunable (glibc ≥ 2.35) malloc asks for transparent huge pages on those mappings: 512×
 * fewer faults. Measured on a 2-core AVX2 EPYC (THP "madvise"): that step 856 → 881–1,042
 * tokens/s, and the PyTorch reference of `npm run bench -- sae`, which allocates its temporaries
 * the same way, 698 → 834–929. glibc reads tunables when a process starts, so they are set on
 * the processes the studio starts (job workers, the benchmark), never changed in a running one.
 */

import { readFileSync } from 'node:fs';

const TUNABLE = 'glibc.malloc.hugetlb';

/** `env` with glibc's malloc set to use transparent huge pages, unless it already says otherwise. */
export function withHugePages(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform !== 'linux') return env;
  const current = env.GLIBC_TUNABLES;
  if (current?.split(':').some((t) => t.startsWith(`${TUNABLE}=`))) return env;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:${TUNABLE}=1` : `${TUNABLE}=1` };
}

/** Whether this process was started with huge pages asked for (see withHugePages). */
export function hugePagesRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GLIBC_TUNABLES?.split(':').includes(`${TUNABLE}=1`) ?? false;
}

/** The kernel's transparent-huge-page mode ("always", "madvise", "never"), or null where it has none. */
export function transparentHugePageMode(): string | null {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** What a benchmark reports about its memory setup. */
export const hugePagesInfo = () => ({ hugePagesRequested: hugePagesRequested(), transparentHugePages: transparentHugePageMode() });
