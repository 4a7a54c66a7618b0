import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunConfigFile, readSweepFile } from './configFile';

describe('training config files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cfgfile-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    return file;
  };

  it('reads one run from JSON or YAML, the same config either way, with dataset and name beside it', async () => {
    const json = await write('run.json', JSON.stringify({ dataset: 'acts', arch: 'topk', width: 256, archConfig: { k: 8 }, whitening: { kind: 'pca' } }));
    const yaml = await write('run.yaml', 'dataset: acts\narch: topk\nwidth: 256\narchConfig:\n  k: 8\nwhitening:\n  kind: pca\n');
    const a = await readRunConfigFile(json);
    expect(a).toEqual({ dataset: 'acts', name: undefined, configs: [{ arch: 'topk', width: 256, archConfig: { k: 8 }, whitening: { kind: 'pca' } }] });
    expect(await readRunConfigFile(yaml)).toEqual(a);
  });

  it('names the file and key of every refusal: schema fields, architecture fields, YAML syntax, sweep keys', async () => {
    const cases: [string, string, RegExp, (f: string) => Promise<unknown>][] = [
      ['width.yaml', 'arch: relu\nwidth: -4\n', /width.yaml: width$/, readRunConfigFile],
      ['typo.json', JSON.stringify({ arch: 'relu', width: 8, stepz: 3 }), /typo.json: stepz$/, readRunConfigFile],
      ['arch.json', JSON.stringify({ arch: 'topk', width: 8, archConfig: { k: 0 } }), /arch.json: archConfig.k$/, readRunConfigFile],
      ['syntax.yaml', 'arch: relu\nwidth: [8\n', /syntax.yaml: line \d+$/, readRunConfigFile],
      ['sweep-key.yaml', 'base: {arch: relu, width: 8}\ngrids: {}\n', /sweep-key.yaml: grids$/, readSweepFile],
      ['sweep-axis.yaml', 'base: {arch: relu, width: 8}\ngrid: {lr: [0.001, fast]}\n', /sweep-axis.yaml: grid.lr$/, readSweepFile],
      ['sweep-run.yaml', 'base: {arch: topk, width: 8, archConfig: {k: 2}}\nruns:\n  - {width: 16}\n  - {archConfig: {k: -1}}\n', /sweep-run.yaml: runs.1.archConfig.k$/, readSweepFile],
    ];
    for (const [name, text, where, read] of cases) {
      const err = await read(await write(name, text)).then(() => null, (e: { where?: string }) => e);
      expect(err, name).not.toBeNull();
      expect((err as { where: string }).where, name).toMatch(where);
    }
  });

  it('expands a grid as the form does (first axis slowest) and appends listed runs over the base', async () => {
    const file = await write('sweep.yaml', 'dataset: acts\nbase:\n  arch: topk\n  width: 64\n  archConfig: {k: 4}\ngrid:\n  width: [64, 128]\n  arch.k: [2, 4]\nruns:\n  - {lr: 0.001}\n');
    const { configs, dataset } = await readSweepFile(file);
    expect(dataset).toBe('acts');
    expect(configs.map((c) => [c.width, (c.archConfig as { k: number }).k, c.lr])).toEqual([
      [64, 2, undefined],
      [64, 4, undefined],
      [128, 2, undefined],
      [128, 4, undefined],
      [64, 4, 0.001],
    ]);
  });
});
