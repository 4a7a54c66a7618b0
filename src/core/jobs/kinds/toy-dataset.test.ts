import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { openNpy } from '../../data/npy';
import { ActivationStore } from '../../data/store';
import { generateToy, DEFAULT_TOY } from '../../evals/toy';
import type { JobContext } from '../kind';
import { TOY_FEATURES_FILE, toyDatasetKind } from './toy-dataset';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-toy-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Runs the kind in this process (the job host's child does exactly this). */
async function runToy(params: Record<string, unknown>, workDir: string, controller = new AbortController()) {
  const progress: number[] = [];
  const ctx: JobContext<unknown> = {
    jobId: 'job-test',
    params: toyDatasetKind.params.parse(params),
    projectDir: tmp,
    workDir,
    signal: controller.signal,
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new Error('cancelled');
    },
    progress: (step) => void progress.push(step),
    log: () => undefined,
  };
  const meta = (await toyDatasetKind.run(ctx as never)) as DatasetMeta;
  return { meta, progress };
}


describe('toy-dataset job kind', () => {
  it('streams the toy benchmark data: mean row matches p·E[c]·Σ g_j, ground truth saved', async () => {
    const rows = 20_000;
    const { meta, progress } = await runToy({ rows, seed: 5, id: 'toy' }, path.join(tmp, 'a'));
    expect(meta).toMatchObject({ rows, dims: DEFAULT_TOY.d, labels: [{ file: TOY_FEATURES_FILE }] });
    expect(progress.at(-1)).toBe(rows);
    expect(progress.length).toBe(Math.ceil(rows / 4096));

    const dir = path.join(tmp, 'a', 'toy');
    const truth = await openNpy(path.join(dir, TOY_FEATURES_FILE));
    const directions = await truth.readRows(0, truth.rows);
    await truth.close();
    // The directions are the generator's for this seed.
    expect(Array.from(directions)).toEqual(Array.from(generateToy({ ...DEFAULT_TOY, rows: 1, seed: 5 }).directions));

    // E[x] = p · E[magnitude] · Σ_j g_j, with E[uniform(0.5, 1.5)] = 1. Per-dimension variance
    // is at most p · E[c²] · Σ_j g_jk² (E[c²] = 13/12), so 5 standard errors bound the check.
    const x = await ActivationStore.readAll(dir);
    const { d, nFeatures: n, firingProb } = DEFAULT_TOY;
    const p = firingProb as number;
    for (let k = 0; k < d; k++) {
      let mean = 0;
      for (let r = 0; r < rows; r++) mean += x[r * d + k];
      mean /= rows;
      let expected = 0;
      let sumSq = 0;
      for (let j = 0; j < n; j++) {
        expected += p * directions[j * d + k];
        sumSq += directions[j * d + k] ** 2;
      }
      const se = Math.sqrt((p * (13 / 12) * sumSq) / rows);
      expect(Math.abs(mean - expected), `dim ${k}`).toBeLessThan(5 * se);
      expect(meta.stats!.mean[k]).toBeCloseTo(mean, 4);
    }
  });

  it('is reproducible from its seed, and differs across seeds', async () => {
    await runToy({ rows: 5000, seed: 9, id: 't' }, path.join(tmp, 'a'));
    await runToy({ rows: 5000, seed: 9, id: 't' }, path.join(tmp, 'b'));
    await runToy({ rows: 5000, seed: 10, id: 't' }, path.join(tmp, 'c'));
    const xa = await ActivationStore.readAll(path.join(tmp, 'a', 't'));
    expect(Array.from(await ActivationStore.readAll(path.join(tmp, 'b', 't')))).toEqual(Array.from(xa));
    expect(Array.from(await ActivationStore.readAll(path.join(tmp, 'c', 't')))).not.toEqual(Array.from(xa));
  });

  it('names bad or unknown parameters', () => {
    const issue = (params: unknown) => toyDatasetKind.params.safeParse(params).error?.issues[0];
    expect(issue({ firingProb: 2 })?.path).toEqual(['firingProb']);
    expect(issue({ features: 4, hierarchy: { parents: 3, childrenPerParent: 2, childProb: 0.5 } })?.path).toEqual(['hierarchy']);
    expect(issue({ d: 16 })?.code).toBe('unrecognized_keys');
    expect(issue({ rows: 0 })?.path).toEqual(['rows']);
  });

  it('stops at a cancel and leaves nothing behind', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runToy({ rows: 1_000_000, id: 'big' }, path.join(tmp, 'x'), controller)).rejects.toThrow('cancelled');
    expect(await fs.readdir(path.join(tmp, 'x'))).toEqual([]);
  });
});
