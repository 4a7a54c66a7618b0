import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forkWorker } from './fork';

describe.skipIf(process.platform !== 'linux')('forkWorker', () => {
  it('starts the job process with transparent huge pages asked for (read from its /proc environ)', async () => {
    // Not inherited: this process may have been started with the tunable itself.
    const inherited = process.env.GLIBC_TUNABLES;
    delete process.env.GLIBC_TUNABLES;
    const channel = forkWorker();
    if (inherited !== undefined) process.env.GLIBC_TUNABLES = inherited;
    try {
      const environ = readFileSync(`/proc/${channel.pid}/environ`, 'utf8').split('\0');
      const tunables = environ.find((v) => v.startsWith('GLIBC_TUNABLES='));
      expect(tunables?.split('=').slice(1).join('=').split(':')).toContain('glibc.malloc.hugetlb=1');
    } finally {
      const exited = new Promise((resolve) => channel.onExit(resolve));
      channel.kill('SIGKILL');
      await exited;
    }
  });
});
