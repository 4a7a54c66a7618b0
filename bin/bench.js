#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

register();
const { withHugePages } = await import('../src/core/engine/runtime/huge-pages.ts');
const env = withHugePages(process.env);
if (env !== process.env) {
  // glibc reads its tunables when a process starts: benchmark in one started as job workers are.
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  process.exit(child.status ?? 1);
}
await import('../bench/index.ts');
