import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { readDatasetTokens } from '../../data/tokens';
import { loadModelDir } from '../../games/lm/shipped';
import { Project } from '../../project/project';
import { readTextSample } from '../../text/lm/sample';
import type { JobContext, JobKind } from '../kind';
import { extractActivationsKind } from './extract-activations';
import { trainTextModelKind } from './train-text-model';

// Corpus rows: the shipped held-out English sample (resources/text/, licences in resources/README.md).
let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-textmodel-'));
});
afterEach(() => fs.rm(tmp, { recursive: true, force: true }));

async function runKind<R>(kind: JobKind, params: Record<string, unknown>, project: Project, jobId: string, cancelAt?: number) {
  const workDir = path.join(tmp, 'work', jobId);
  await fs.mkdir(workDir, { recursive: true });
  const progress: { step: number; metrics?: Record<string, number> }[] = [];
  const controller = new AbortController();
  const ctx: JobContext<unknown> = {
    jobId, params: kind.params.parse(params), projectDir: project.dir, workDir, signal: controller.signal, throwIfCancelled: () => undefined, log: () => undefined,
    progress: (step, _total, extra) => {
      progress.push({ step, metrics: extra?.metrics });
      if (step === cancelAt) controller.abort();
    },
  };
  const result = (await kind.run(ctx as never)) as R;
  const commit = controller.signal.aborted ? kind.commitPartial! : kind.commit;
  await commit({ jobId, project, workDir, scratchDir: path.join(workDir, 'scratch') }, result as never);
  return { result, progress };
}

describe('train-text-model and text extract-activations', () => {
  it('trains on a corpus with live loss, keeps a cancelled model, continues it, and extracts its activations with tokens', async () => {
    const project = await Project.create(path.join(tmp, 'proj'), 'p');
    try {
      const rows = (await readTextSample()).slice(0, 30).map((r, i) => ({ ...r, text: r.text.slice(0, 300), split: i % 5 === 0 ? 'test' : 'train' }));
      await fs.mkdir(path.join(project.dir, 'corpora', 'c1'), { recursive: true });
      await fs.writeFile(path.join(project.dir, 'corpora', 'c1', 'rows.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
      const params = { id: 'tm', corpusId: 'c1', d: 16, layers: 1, heads: 2, mlp: 32, context: 16, batch: 4, steps: 120, evalEvery: 50, threads: 1 };
      const first = await runKind<{ step: number; complete: boolean }>(trainTextModelKind, params, project, 'j1', 60);
      expect(first.result).toMatchObject({ step: 60, complete: false });
      expect(first.progress.every((p) => Number.isFinite(p.metrics?.bitsPerByte))).toBe(true);
      const again = await runKind<{ step: number; complete: boolean; heldOutBitsPerByte: number }>(trainTextModelKind, { continueModelId: 'tm', threads: 1, evalEvery: 50 }, project, 'j2');
      expect(again.progress[0].step).toBe(61);
      expect(again.result).toMatchObject({ step: 120, complete: true });
      expect(again.result.heldOutBitsPerByte).toBeLessThan(8);
      const { info } = await loadModelDir(path.join(project.dir, 'models', 'tm'));
      expect((info.metrics.anchors as { ngram: number }).ngram).toBeGreaterThan(0);
      expect(project.manifest.models.map((m) => m.id)).toEqual(['tm']);

      const ex = await runKind<DatasetMeta>(extractActivationsKind, { id: 'acts', modelId: 'tm', layer: 0, text: { corpusId: 'c1', splits: ['test'], documents: 3, maxBytes: 40 } }, project, 'j3');
      expect(ex.result.rows).toBe(rows.filter((r) => r.split === 'test').slice(0, 3).reduce((s, r) => s + Math.min(40, Buffer.byteLength(r.text)), 0));
      const tokens = await readDatasetTokens(path.join(project.dir, 'datasets', 'acts'), ex.result.rows);
      // 40 bytes of each document after its start token: windows of 16, 16 and 9 tokens
      expect(tokens!.sequences.map((q) => q.length)).toEqual([16, 16, 9, 16, 16, 9, 16, 16, 9]);
      await expect(runKind(extractActivationsKind, { id: 'bad', text: { corpusId: 'nope' } }, project, 'j4')).rejects.toThrow(/corpus "nope" has no rows.jsonl/);
    } finally {
      await project.close();
    }
  }, 120_000);
});
