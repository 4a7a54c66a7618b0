import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFeatureIds } from './commands/explain';
import { runCli } from './testing';

describe('feature-studio explain', () => {
  let tmp = '';
  beforeEach(async () => void (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'explain-cli-'))));
  afterEach(() => fs.rm(tmp, { recursive: true, force: true }));

  it('refuses --features with --top, naming the option', async () => {
    const r = await runCli(['explain', '--project', tmp, '--run', 'x', '--features', '1', '--top', '3'], { cwd: tmp, home: path.join(tmp, 'home') });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--features');
  }, 30_000);

  it('reads feature lists and names a bad entry', () => {
    expect(parseFeatureIds('1, 2,3')).toEqual([1, 2, 3]);
    expect(() => parseFeatureIds('1,x')).toThrow(/"x"/);
  });
});
