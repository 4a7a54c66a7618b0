import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hugePagesRequested, transparentHugePageMode, withHugePages } from './huge-pages';

describe('withHugePages', () => {
  it('adds the hugetlb tunable on Linux and keeps the other tunables', () => {
    expect(withHugePages({ PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(withHugePages({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux').GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });

  it('leaves a hugetlb setting the user chose, and other platforms, alone', () => {
    const chosen = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' };
    expect(withHugePages(chosen, 'linux')).toBe(chosen);
    const env = { PATH: '/bin' };
    expect(withHugePages(env, 'darwin')).toBe(env);
    expect(withHugePages(env, 'win32')).toBe(env);
  });

  it('says whether a process was started with it', () => {
    expect(hugePagesRequested({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1' })).toBe(true);
    expect(hugePagesRequested({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).toBe(false);
    expect(hugePagesRequested({})).toBe(false);
  });
});

// A child allocates a 64 MB typed array (an mmap'd block, as the runtime's output copies are) and
// reports how much of its anonymous memory sits on huge pages.
const CHILD = `
const a = new Float32Array(16 * 1024 * 1024).fill(1);
const smaps = require('fs').readFileSync('/proc/self/smaps_rollup', 'utf8');
console.log(JSON.stringify({ hugeKb: Number(/AnonHugePages:\\s+(\\d+)/.exec(smaps)[1]), filled: a[7] }));
`;
const child = (env: NodeJS.ProcessEnv) => JSON.parse(execFileSync(process.execPath, ['-e', CHILD], { env, encoding: 'utf8' })) as { hugeKb: number };

const mode = transparentHugePageMode();
const glibc = process.platform === 'linux' ? (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime : undefined;
const glibcHasTunable = glibc !== undefined && Number(glibc.split('.')[0]) * 100 + Number(glibc.split('.')[1]) >= 235;
const why = !glibcHasTunable ? `glibc ${glibc ?? 'absent'} has no hugetlb tunable (2.35+)` : mode === 'never' || mode === null ? `transparent huge pages are ${mode ?? 'unavailable'} here` : '';

describe.skipIf(why !== '')(`a process started withHugePages ${why}`, () => {
  it('gets its large blocks on huge pages, and one started without does not', () => {
    const base = { ...process.env };
    delete base.GLIBC_TUNABLES;
    const plain = child(base);
    const huge = child(withHugePages(base));
    expect(huge.hugeKb).toBeGreaterThanOrEqual(32 * 1024);
    expect(plain.hugeKb).toBeLessThan(huge.hugeKb);
  });
});
